"""Polars frames of the store's tables, typed by the registry: the database read in, for the
workspace, exports and the summary alike.

The store hands over plain columns with any value that does not fit its field already read as
unknown; the cells it left out come back beside the frames, for the workspace or a command to
show.
"""

from __future__ import annotations

import polars as pl

from registry.fields import TABLES
from registry.schema import polars_schema
from store import Store
from store.cells import BadCell


def read_frame(store: Store, table: str, ids: list[int] | None = None) -> tuple[pl.DataFrame, list[BadCell]]:
    """One table (or its rows `ids`), in id order, and the cells read as unknown."""
    columns, bad = store.read_columns(table, ids)
    schema = polars_schema(table)
    # SQLite keeps booleans as 0/1: read them as integers, then cast.
    raw_schema = {n: (pl.Int64() if t == pl.Boolean else t) for n, t in schema.items()}
    frame = pl.DataFrame(columns, schema=raw_schema)
    return frame.cast({n: pl.Boolean for n, t in schema.items() if t == pl.Boolean}), bad


def first_programs(store: Store, count: int) -> pl.DataFrame:
    """The first `count` programs in name order, read before the rest so the spreadsheet can
    paint its first screenful while everything else is read and scored."""
    found = store.conn.execute("SELECT id FROM programs ORDER BY lower(name), id LIMIT ?", (count,))
    return read_frame(store, "programs", [row[0] for row in found])[0]


def read_frames(store: Store) -> tuple[dict[str, pl.DataFrame], list[BadCell]]:
    """Every registry table, and every cell read as unknown across them."""
    frames: dict[str, pl.DataFrame] = {}
    bad: list[BadCell] = []
    for table in TABLES:
        frames[table], table_bad = read_frame(store, table)
        bad += table_bad
    return frames, bad


def bad_cell_lines(bad: list[BadCell], limit: int = 20) -> list[str]:
    """One line per unreadable cell, for a plain-text report (summary, export)."""
    if not bad:
        return []
    lines = [f"{len(bad)} value(s) in the file do not fit their column and are read as unknown:"]
    lines += [f"  {cell.table} row {cell.row_id}, {cell.field}: {cell.message}" for cell in bad[:limit]]
    if len(bad) > limit:
        lines.append(f"  ... and {len(bad) - limit} more")
    return lines
