"""The one-row path on frames edited in place (as the workspace keeps them): a name edit keeps
the scores already computed, a Step 2 minimum edit computes them again."""

from __future__ import annotations

import polars as pl
from polars.testing import assert_frame_equal

from scoring import rescore_rows, score_all
from test_scoring_support import TODAY, frames, settings

SETTINGS = settings()
PROGRAMS = [{"step2_min": 230, "visa": "J-1", "state": "OH"}, {"step2_min": 220, "state": "FL"}]


def edit_in_place(field: str, value) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(one-row path, full recompute) for program 1 after `field` = `value`."""
    shared = frames(PROGRAMS)
    scored = score_all(shared, SETTINGS, today=TODAY)
    shared["programs"] = frames([{**PROGRAMS[0], field: value}, PROGRAMS[1]])["programs"]
    full = score_all(shared, SETTINGS, today=TODAY).programs.filter(pl.col("id") == 1)
    return rescore_rows(scored, shared, SETTINGS, [1]), full


def test_a_name_edit_keeps_the_scores_and_shows_the_new_name() -> None:
    rows, full = edit_in_place("name", "Renamed")
    assert rows["name"].to_list() == ["Renamed"]
    assert_frame_equal(rows, full)


def test_a_step2_minimum_edit_scores_the_row_again() -> None:
    rows, full = edit_in_place("step2_min", 270)
    assert rows["eligibility"].to_list() == ["ineligible"]
    assert_frame_equal(rows, full)
