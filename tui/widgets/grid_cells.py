"""The grid's columns and cells as text: column declarations, value formatting, fitting text
to a width, and measuring each column's width from its data.

Plain functions with no widget state, so the table (tui/widgets/grid.py) and its rendering
share one description of how a value looks in a cell.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Callable, Sequence

import polars as pl
from rich.cells import cell_len, set_cell_size
from rich.style import Style

MAX_WIDTH = 40
"""Cap for measured (auto) column widths."""

CellStyler = Callable[[str, Any], "str | Style | None"]

# Map ASCII control characters (newline, tab, ...) to spaces so user text can
# never break a line or move the terminal cursor.
_CONTROL_TABLE = {code: " " for code in (*range(32), 127)}


SORT_ARROWS = {"asc": "▲", "desc": "▼"}


@dataclass(frozen=True)
class GridColumn:
    name: str  # column name in the frame
    label: str  # header text
    computed: bool = False  # rendered with "frametable--computed"; not editable
    align: str = "left"  # "left" | "right" | "center"
    width: int | None = None  # fixed width; None = measured from data
    sorted: str | None = None  # "asc" or "desc" when the rows are sorted by this column

    @property
    def header(self) -> str:
        """The label, with an arrow on the sorted column."""
        return f"{self.label} {SORT_ARROWS[self.sorted]}" if self.sorted else self.label



def sanitize(text: str) -> str:
    if text.isprintable():
        return text
    return text.translate(_CONTROL_TABLE)


def format_other(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    return sanitize(str(value))


def format_str(value: Any) -> str:
    if value is None:
        return ""
    return sanitize(value) if isinstance(value, str) else sanitize(str(value))


def format_int(value: Any) -> str:
    return "" if value is None else str(value)


def format_bool(value: Any) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


def float_formatter(decimals: int) -> Callable[[Any], str]:
    spec = f".{decimals}f"

    def format_float(value: Any) -> str:
        if value is None:
            return ""
        return format(value, spec)

    return format_float


def fit(text: str, width: int, align: str) -> str:
    """Truncate (with an ellipsis) or pad `text` to exactly `width` cells."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    pad = width - length
    if not pad:
        return text
    if align == "right":
        return " " * pad + text
    if align == "center":
        left = pad // 2
        return " " * left + text + " " * (pad - left)
    return text + " " * pad


def measure_columns(
    frame: pl.DataFrame, columns: Sequence[GridColumn]
) -> tuple[list[Callable[[Any], str]], list[int]]:
    """A formatter and a width for every column (Polars does the heavy lifting)."""
    schema = frame.schema
    exprs: list[pl.Expr] = []
    plans: list[tuple[str, int]] = []  # (kind, first expression index)
    formatters: list[Callable[[Any], str]] = []
    for index, column in enumerate(columns):
        dtype = schema[column.name]
        col = pl.col(column.name)
        alias = f"__m{index}_"
        if dtype == pl.String:
            kind = "str"
            formatters.append(format_str)
            exprs.append(col.str.len_chars().max().alias(alias + "0"))
        elif dtype == pl.Boolean:
            kind = "bool"
            formatters.append(format_bool)
        elif dtype.is_float():
            kind = "float"
            formatters.append(format_str)  # replaced below once decimals known
            exprs.append(col.min().alias(alias + "0"))
            exprs.append(col.max().alias(alias + "1"))
            exprs.append(col.abs().max().alias(alias + "2"))
        elif dtype.is_integer():
            kind = "int"
            formatters.append(format_int)
            exprs.append(col.min().alias(alias + "0"))
            exprs.append(col.max().alias(alias + "1"))
        elif dtype == pl.Null:
            kind = "null"
            formatters.append(format_other)
        else:
            kind = "other"  # measured separately below: the cast may fail
            formatters.append(format_other)
        plans.append((kind, len(exprs)))
    stats = frame.select(exprs).row(0) if exprs and frame.height else None
    widths: list[int] = []
    for index, (column, (kind, end)) in enumerate(zip(columns, plans)):
        measured = 0
        if kind == "float":
            low, high, abs_max = stats[end - 3 : end] if stats else (None, None, None)
            decimals = 2 if abs_max is not None and abs_max < 1 else 1
            formatters[index] = float_formatter(decimals)
            fmt = formatters[index]
            measured = max(len(fmt(low)), len(fmt(high)))
        elif kind == "int":
            low, high = stats[end - 2 : end] if stats else (None, None)
            measured = max(len(format_int(low)), len(format_int(high)))
        elif kind == "bool":
            measured = 3 if frame.height else 0
        elif kind == "str":
            measured = (stats[end - 1] or 0) if stats else 0
        elif kind == "other" and frame.height:
            dtype = schema[column.name]
            try:
                if dtype.is_temporal() or dtype.is_nested() or dtype == pl.Object:
                    # str() of these differs from Polars' cast; (near-)fixed width anyway
                    raise TypeError
                measured = (
                    frame.select(
                        pl.col(column.name).cast(pl.String).str.len_chars().max()
                    ).item()
                    or 0
                )
            except Exception:  # not castable (lists, structs, objects): sample it
                sample = frame.get_column(column.name).head(1000).to_list()
                measured = max((cell_len(format_other(v)) for v in sample), default=0)
        if column.width is not None:
            width = column.width
        else:
            width = max(cell_len(column.header), min(measured, MAX_WIDTH), 1)
        widths.append(width)
    return formatters, widths


def column_offsets(widths: Sequence[int]) -> tuple[list[int], int]:
    """(virtual x of each column, total width): each column takes its width plus a separator."""
    offsets: list[int] = []
    x = 0
    for width in widths:
        offsets.append(x)
        x += width + 1
    return offsets, x
