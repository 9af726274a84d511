"""Value-to-value lookups on enum-like columns.

Casting to a Polars Enum and gathering from a literal Series costs about half of
`replace_strict` per row, and most per-program rules are exactly such lookups. A value
outside `choices` (or null) gets the result for None.
"""

from __future__ import annotations

from typing import Any, Mapping, Sequence

import polars as pl


_TYPED: dict[tuple[Any, pl.DataType], pl.Expr] = {}


def typed(value: Any, dtype: pl.DataType) -> pl.Expr:
    """A literal of `dtype`, made once per value: a dynamic literal costs a one-row query
    more to plan, and a typed one costs more to make (a Series) than most rules' expressions.
    For the fixed values of the rules (choice counts, registry bounds), not settings."""
    literal = _TYPED.get((value, dtype))
    if literal is None:
        literal = _TYPED[value, dtype] = pl.lit(value, dtype)
    return literal


def code(column: str | pl.Expr, choices: Sequence[str]) -> pl.Expr:
    """Position of the value in `choices` (UInt), null when absent or unknown."""
    expr = pl.col(column) if isinstance(column, str) else column
    return expr.cast(pl.Enum(list(choices)), strict=False).to_physical()


def lookup(column: str | pl.Expr, choices: Sequence[str], table: Mapping[Any, Any],
           dtype: pl.DataType) -> pl.Expr:
    """`table[value]` per row; `table[None]` (default None) for unknown or unlisted values."""
    unknown = table.get(None)
    values = pl.Series([table.get(c, unknown) for c in choices] + [unknown], dtype=dtype)
    if values.n_unique() == 1:  # same answer for every value: no need to read the column
        return pl.lit(values[0], dtype)
    return pl.lit(values).gather(code(column, choices).fill_null(len(choices)))


def by_index(index: pl.Expr, values: Sequence[Any], dtype: pl.DataType) -> pl.Expr:
    """`values[index]` per row; null index gives null."""
    if not index.meta.root_names():
        # reads no column (every input was a constant): a gather would give one row, not a
        # value that fills the frame, so answer with the constant itself
        position = pl.select(index).item()
        return pl.lit(None if position is None else values[position], dtype)
    return pl.lit(pl.Series(list(values), dtype=dtype)).gather(index)


def by_code(code_column: str, values: Sequence[Any], dtype: pl.DataType) -> pl.Expr:
    """`values[position]` per row, for a column of positions (scoring.codes)."""
    series = pl.Series(list(values), dtype=dtype)
    if series.n_unique() == 1:  # same answer for every position: no need to read the column
        return pl.lit(series[0], dtype)
    return pl.lit(series).gather(pl.col(code_column))


def one_of(column: str, values: Sequence[str]) -> pl.Expr:
    """`column` is one of `values` (null when unknown), as is_in answers it: for a few values,
    equality tests cost less than is_in's hash set."""
    tests = [pl.col(column) == v for v in values]
    found = tests[0]
    for test in tests[1:]:
        found = found | test
    return found
