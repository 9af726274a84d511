"""Polars frames of the store's tables, typed by the registry: the database read in, for the
workspace, exports and the summary alike.

The store hands over plain columns with any value that does not fit its field already read as
unknown; the cells it left out come back beside the frames, for the workspace or a command to
show.
"""

from __future__ import annotations

from collections.abc import Generator
from typing import TypeVar

import polars as pl

from registry.fields import TABLES
from registry.schema import polars_schema
from store import Store
from store.cells import BadCell, clean_columns, rows_to_columns


T = TypeVar("T")
CHUNK_ROWS = 1_000  # rows fetched at a time: their Python values are garbage once typed, and
# smaller chunks leave less Python memory held behind (4 MB less than 5,000 at 50,000 programs)


def read_frame(store: Store, table: str, ids: list[int] | None = None) -> tuple[pl.DataFrame, list[BadCell]]:
    """One table (or its rows `ids`), in id order, and the cells read as unknown."""
    if ids is not None:
        columns, bad = store.read_columns(table, ids)
        return _typed(table, columns), bad
    return _finish(_read_table(store, table))


def _read_table(store: Store, table: str) -> Generator[None, None, tuple[pl.DataFrame, list[BadCell]]]:
    """Read a chunk of rows at a time, each into typed columns, and join each column's chunks
    once at the end; pauses (yields) after each chunk. A chunk's Python values are freed column
    by column as they become Series, and columns are joined one at a time rather than as whole
    frames, so neither the table's tuples nor a second copy of its frame is ever held."""
    names = ["id", *(f.name for f in TABLES[table])]
    quoted = ", ".join(f'"{name}"' for name in names)
    cursor = store.conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY id')
    schema = polars_schema(table)
    parts: dict[str, list[pl.Series]] = {name: [] for name in names}
    bad: list[BadCell] = []
    while rows := cursor.fetchmany(CHUNK_ROWS):
        columns = rows_to_columns(names, rows)
        del rows
        bad += clean_columns(table, columns)
        for name in names:
            parts[name].append(_typed_column(name, schema[name], columns.pop(name)))
        yield
    if not parts["id"]:
        return _typed(table, rows_to_columns(names, [])), bad
    return pl.DataFrame([pl.concat(parts.pop(name), rechunk=True) for name in names]), bad


def _typed(table: str, columns: dict[str, list]) -> pl.DataFrame:
    return pl.DataFrame([_typed_column(name, dtype, columns[name]) for name, dtype in polars_schema(table).items()])


def _typed_column(name: str, dtype: pl.DataType, values: list) -> pl.Series:
    if dtype == pl.Boolean:  # SQLite keeps booleans as 0/1: read them as integers, then cast
        return pl.Series(name, values, dtype=pl.Int64).cast(pl.Boolean)
    return pl.Series(name, values, dtype=dtype)


def read_frames(store: Store) -> tuple[dict[str, pl.DataFrame], list[BadCell]]:
    """Every registry table, and every cell read as unknown across them."""
    return _finish(read_frames_in_steps(store))


def read_frames_in_steps(store: Store) -> Generator[None, None, tuple[dict[str, pl.DataFrame], list[BadCell]]]:
    """read_frames, pausing (yielding) after each chunk of rows, so the app can handle keys
    between chunks; the generator's return value is read_frames' result."""
    frames: dict[str, pl.DataFrame] = {}
    bad: list[BadCell] = []
    for table in TABLES:
        frames[table], table_bad = yield from _read_table(store, table)
        bad += table_bad
    return frames, bad


def _finish(steps: Generator[None, None, T]) -> T:
    """Run a stepwise read to its end."""
    while True:
        try:
            next(steps)
        except StopIteration as done:
            return done.value


def bad_cell_lines(bad: list[BadCell], limit: int = 20) -> list[str]:
    """One line per unreadable cell, for a plain-text report (summary, export)."""
    if not bad:
        return []
    lines = [f"{len(bad)} value(s) in the file do not fit their column and are read as unknown:"]
    lines += [f"  {cell.table} row {cell.row_id}, {cell.field}: {cell.message}" for cell in bad[:limit]]
    if len(bad) > limit:
        lines.append(f"  ... and {len(bad) - limit} more")
    return lines
