"""Tests for desk.view: view state, sorting, saved-view JSON and the default columns."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest

try:
    from desk.view import (
        COMPUTED_COLUMNS, DEFAULT_COLUMNS, ViewError, ViewState, all_columns, apply_view, next_sort,
    )
except ImportError:  # pragma: no cover - run without project path config
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from desk.view import (
        COMPUTED_COLUMNS, DEFAULT_COLUMNS, ViewError, ViewState, all_columns, apply_view, next_sort,
    )

from registry.fields import TABLES
from desk.query import QueryError

pytestmark = pytest.mark.filterwarnings("error::DeprecationWarning")

SCHEMA = {
    "id": pl.Int64, "name": pl.String, "city": pl.String, "state": pl.String,
    "fit": pl.Float64, "step2_min": pl.Int64, "eras": pl.Boolean, "tier": pl.String,
    "priority": pl.String, "visa": pl.String, "notes": pl.String,
}
ROWS = [
    (1, "Beta", "Boston", "MA", 70.0, 230, True, "Target", "Low", "J-1", None),
    (2, "alpha", "Albany", "NY", None, None, None, None, None, None, None),
    (3, "Gamma", None, "NY", 70.0, 220, False, "Reach", "High", "H-1B", "visa ok"),
    (4, "Alpha", "Austin", "TX", float("nan"), 250, True, "Safety", "Medium", "none", None),
    (5, "Delta", "Denver", None, 55.0, 240, False, "Target", "High", "J-1+H-1B", None),
    (6, "Beta", "Buffalo", "NY", 70.0, 230, None, "Reach", "Low", "J-1", None),
]


@pytest.fixture(scope="module")
def frame() -> pl.DataFrame:
    return pl.DataFrame(ROWS, schema=SCHEMA, orient="row")


def order(frame: pl.DataFrame, sort: str | None, descending: bool = False, query: str = "") -> list[int]:
    state = ViewState(query=query, sort=sort, descending=descending)
    return apply_view(frame, state, frame.schema)["id"].to_list()


SORTS = [
    # column, descending, expected ids.  Ties: name (case-insensitive), then id.
    (None, False, [2, 4, 1, 6, 5, 3]),
    ("fit", False, [5, 1, 6, 3, 2, 4]),  # NaN sorts with unknown, last
    ("fit", True, [1, 6, 3, 5, 2, 4]),  # nulls last when descending too; ties stay by name
    ("step2_min", False, [3, 1, 6, 5, 4, 2]),
    ("step2_min", True, [4, 5, 1, 6, 3, 2]),
    ("eras", False, [5, 3, 4, 1, 2, 6]),
    ("eras", True, [4, 1, 5, 3, 2, 6]),
    ("name", False, [2, 4, 1, 6, 5, 3]),  # case-insensitive, then id
    ("name", True, [3, 5, 1, 6, 2, 4]),
    ("city", False, [2, 4, 1, 6, 5, 3]),
    ("state", True, [4, 2, 6, 3, 1, 5]),
    ("tier", False, [6, 3, 1, 5, 4, 2]),  # Reach, Target, Safety: the natural order
    ("tier", True, [4, 1, 5, 6, 3, 2]),
    ("priority", False, [5, 3, 4, 1, 6, 2]),  # High, Medium, Low (registry order)
    ("visa", False, [1, 6, 3, 5, 4, 2]),  # J-1, H-1B, J-1+H-1B, none
    ("id", True, [6, 5, 4, 3, 2, 1]),
    ("no_such_column", False, [2, 4, 1, 6, 5, 3]),  # unknown sort column: ignored
]


@pytest.mark.parametrize(("column", "descending", "expected"), SORTS)
def test_sort(frame: pl.DataFrame, column: str | None, descending: bool, expected: list[int]) -> None:
    assert order(frame, column, descending) == expected


@pytest.mark.parametrize(("column", "descending", "expected"), SORTS)
def test_sort_of_rows_out_of_id_order(frame: pl.DataFrame, column: str | None, descending: bool,
                                      expected: list[int]) -> None:
    """Ties fall to id however the rows come, not to their position."""
    shuffled = frame[[5, 2, 0, 4, 1, 3]]
    assert order(shuffled, column, descending) == expected


def test_filter_and_sort(frame: pl.DataFrame) -> None:
    assert order(frame, "fit", True, "state:ny") == [6, 3, 2]
    assert order(frame, "name", False, "visa:j1,h1b -fit>60") == [5]  # J-1+H-1B holds both
    assert order(frame, "name", False, "visa:j1,h1b") == [1, 6, 5, 3]
    assert order(frame, None, False, "visa ok") == [3]
    with pytest.raises(QueryError, match="did you mean"):
        order(frame, "fit", False, "fitt>3")


def test_sort_is_stable_and_does_not_depend_on_input_order(frame: pl.DataFrame) -> None:
    for seed in range(5):
        shuffled = frame.sample(fraction=1.0, shuffle=True, seed=seed)
        for column, descending, expected in SORTS:
            assert order(shuffled, column, descending) == expected


def test_sort_without_name_or_id_and_with_all_nulls() -> None:
    df = pl.DataFrame({"x": [None, 2, None, 1], "y": [None, None, None, None]},
                      schema={"x": pl.Int64, "y": pl.String})
    assert apply_view(df, ViewState(sort="x"))["x"].to_list() == [1, 2, None, None]
    assert apply_view(df, ViewState(sort="x", descending=True))["x"].to_list() == [2, 1, None, None]
    assert apply_view(df, ViewState(sort="y")).height == 4
    empty = df.clear()
    assert apply_view(empty, ViewState(sort="x", query="x>1")).height == 0


def test_next_sort_toggles() -> None:
    state = ViewState(query="tier:reach", columns=["name", "fit"])
    first = next_sort(state, "fit")
    assert (first.sort, first.descending) == ("fit", False)
    second = next_sort(first, "fit")
    assert (second.sort, second.descending) == ("fit", True)
    third = next_sort(second, "fit")
    assert (third.sort, third.descending) == ("fit", False)
    other = next_sort(second, "name")
    assert (other.sort, other.descending) == ("name", False)
    assert other.query == "tier:reach" and other.columns == ["name", "fit"]
    assert state.sort is None  # a new state each time
    other.columns.append("tier")
    assert state.columns == ["name", "fit"]


def test_unknown_choice_values_sort_after_known_before_nulls(frame: pl.DataFrame) -> None:
    odd = frame.with_columns(
        pl.when(pl.col("id") == 2).then(pl.lit("Other")).otherwise(pl.col("tier")).alias("tier")
    ).with_columns(pl.when(pl.col("id") == 5).then(None).otherwise(pl.col("tier")).alias("tier"))
    assert order(odd, "tier", False) == [6, 3, 1, 4, 2, 5]
    assert order(odd, "tier", True) == [2, 4, 1, 6, 3, 5]


def test_columns_argument_narrows_filterable_fields(frame: pl.DataFrame) -> None:
    state = ViewState(query="fit>60")
    with pytest.raises(QueryError, match="unknown field 'fit'"):
        apply_view(frame, state, {"id": pl.Int64, "name": pl.String, "missing": pl.Int64})
    assert apply_view(frame, state, {"fit": pl.String})["id"].to_list() == [1, 6, 3]


def test_json_round_trip() -> None:
    states = [
        ViewState(),
        ViewState(query='city:"New York" visa:j1,? -tier:reach ünïcode', sort="fit",
                  descending=True, columns=["name", "fit", "tier"]),
    ]
    for state in states:
        assert ViewState.from_json(state.to_json()) == state


def test_from_json_is_forgiving_but_not_silent() -> None:
    assert ViewState.from_json("") == ViewState()
    assert ViewState.from_json(None) == ViewState()
    assert ViewState.from_json('{"query": "fit>60"}') == ViewState(query="fit>60")
    odd = ViewState.from_json('{"query": 3, "sort": 5, "descending": 1, "columns": ["name", 7]}')
    assert odd == ViewState(query="", sort=None, descending=True, columns=["name"])
    for bad in ("{not json", "[1, 2]", '"text"'):
        with pytest.raises(ViewError):
            ViewState.from_json(bad)


def test_visible_columns(frame: pl.DataFrame) -> None:
    state = ViewState(columns=["name", "missing", "fit"])
    assert state.visible(frame) == ["name", "fit"]
    assert state.visible(["fit"]) == ["fit"]


def test_default_and_all_columns() -> None:
    program_fields = [f.name for f in TABLES["programs"]]
    assert DEFAULT_COLUMNS[0] == "name"
    assert DEFAULT_COLUMNS[1:6] == ["eligibility", "tier", "fit", "img_score", "rank_score"]
    assert len(set(DEFAULT_COLUMNS)) == len(DEFAULT_COLUMNS)
    assert set(DEFAULT_COLUMNS) <= set(program_fields) | set(COMPUTED_COLUMNS)
    everything = all_columns()
    assert everything[: len(DEFAULT_COLUMNS)] == DEFAULT_COLUMNS
    assert len(set(everything)) == len(everything)
    assert set(everything) == set(program_fields) | set(COMPUTED_COLUMNS)
    assert {"eligibility_reasons", "region"} <= set(everything)
