"""The first steps of an import, shared by the CLI and the app: open a file, propose a mapping."""

from __future__ import annotations

from pathlib import Path

from importers.mapping import ColumnMapping, load_mapping, propose_mapping
from importers.nrmp import fold_year_columns
from importers.read import TableData, read_table


def open_table(path: str | Path, sheet: str | int | None = None) -> TableData:
    """Read a file and reshape known layouts (NRMP per-year quota columns)."""
    return fold_year_columns(read_table(path, sheet))


def suggest_mapping(store, table: TableData, *, table_name: str = "programs") -> list[ColumnMapping]:
    """The remembered mapping for these headers when there is one, else a fresh proposal."""
    remembered = load_mapping(store, table.headers) if store is not None else None
    return propose_mapping(table.headers, table.samples(), table=table_name,
                           remembered=remembered, exclude=sorted(table.consumed))
