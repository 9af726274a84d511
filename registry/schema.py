"""The one mapping from registry kinds to Polars dtypes, and frames built from it.

The store, the scoring engine and the tests all build frames here, with the schema passed
explicitly, so a column never changes dtype because of the values it happens to hold.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from registry.computed import COMPUTED
from registry.fields import TABLES

_DTYPES: dict[str, pl.DataType] = {
    "int": pl.Int64(),
    "rating": pl.Int64(),
    "float": pl.Float64(),
    "bool": pl.Boolean(),
    "text": pl.String(),
    "enum": pl.String(),
    "date": pl.String(),  # ISO 'YYYY-MM-DD', as the store keeps it
}


def polars_schema(table: str) -> dict[str, pl.DataType]:
    """`id` plus every registry column of `table`, in registry order."""
    return {"id": pl.Int64(), **{f.name: _DTYPES[f.kind] for f in TABLES[table]}}


def frame_from_rows(table: str, rows: list[dict[str, Any]]) -> pl.DataFrame:
    """A frame of `table` from dicts; absent keys are null, a row without `id` gets its 1-based
    position. Unknown keys raise, so a typo never silently becomes an unknown value."""
    schema = polars_schema(table)
    for row in rows:
        extra = set(row) - set(schema)
        if extra:
            raise KeyError(f"{table} has no column {sorted(extra)[0]!r}")
    columns = {
        name: [row.get(name, i + 1 if name == "id" else None) for i, row in enumerate(rows)]
        for name in schema
    }
    return pl.DataFrame(columns, schema=schema)


def empty_frames() -> dict[str, pl.DataFrame]:
    """One empty, correctly typed frame per registry table."""
    return {table: frame_from_rows(table, []) for table in TABLES}


def computed_schema() -> dict[str, pl.DataType]:
    """The dtypes scoring gives its computed columns, in computed order."""
    return {c.name: _DTYPES[c.kind] for c in COMPUTED}
