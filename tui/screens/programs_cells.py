"""How the research spreadsheet shows its columns: which ones, their labels, alignment, sort
arrow and per-cell colours."""

from __future__ import annotations

from typing import Any

import polars as pl

from desk.view import ViewState
from registry.computed import computed, is_computed
from registry.fields import get_field
from tui.widgets.grid import GridColumn

NUMERIC = (pl.Int64, pl.Int32, pl.Float64, pl.Float32, pl.UInt32)
ELIGIBILITY_STYLES = {"eligible": "green", "ineligible": "bold red", "unclear": "yellow"}
TIER_STYLES = {"Reach": "magenta", "Target": "cyan", "Safety": "green"}


def column_label(name: str) -> str:
    if is_computed(name):
        return computed(name).short
    return get_field("programs", name).label


def style_cell(column: str, value: Any) -> str | None:
    if column == "eligibility":
        return ELIGIBILITY_STYLES.get(value)
    if column == "tier":
        return TIER_STYLES.get(value)
    return None


def grid_columns(frame: pl.DataFrame, state: ViewState) -> list[GridColumn]:
    """The view's columns that `frame` has, in the view's order."""
    columns = []
    for name in state.columns:
        if name not in frame.columns:
            continue
        numeric = frame.schema[name] in NUMERIC
        columns.append(GridColumn(name, column_label(name), computed=is_computed(name),
                                  align="right" if numeric else "left", sorted=sort_direction(state, name)))
    return columns


def sort_direction(state: ViewState, column: str) -> str | None:
    if column != state.sort:
        return None
    return "desc" if state.descending else "asc"
