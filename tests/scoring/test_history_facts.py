"""Derived Match-history facts, checked by hand against the NRMP Florida file's numbers."""

from __future__ import annotations

import polars as pl
import pytest

from scoring.history import NO_HISTORY, history_facts, with_history

YEARS = (2020, 2021, 2022, 2023, 2024, 2025, 2026)
# program id -> (code, quota and matched 2020..2026), copied from the file
RECORD = {
    1: ("2317420A0 DR", [(0, 0)] * 5 + [(5, 5), (5, 5)]),
    2: ("1481420A0 DR", [(4, 3), (4, 4), (4, 4), (5, 5), (5, 4), (5, 3), (4, 2)]),
    3: ("1892140C0 IM", [(16, 16), (16, 16), (16, 12), (16, 16), (18, 18), (18, 18), (18, 18)]),
    4: ("1102120C0 FM", [(12, 12), (12, 12), (12, 12), (12, 12), (12, 8), (12, 12), (12, 12)]),
    5: ("2300999P0 TY", [(0, 0)] * 5 + [(15, 15), (15, 4)]),
    6: ("1383140P0 prelim IM", [(2, 2), (2, 2), (2, 2), (2, 2), (2, 2), (4, 4), (4, 2)]),
    7: ("1752420A0 DR, closed", [(5, 2)] + [(0, 0)] * 6),
}


@pytest.fixture(scope="module")
def facts() -> dict[int, dict]:
    history = pl.DataFrame(
        [{"program_id": pid, "year": year, "quota": q, "matched": m, "source": "nrmp.csv"}
         for pid, (_, numbers) in RECORD.items() for year, (q, m) in zip(YEARS, numbers)])
    return {row["program_id"]: row for row in history_facts(history, new_within_years=3).to_dicts()}


def test_a_program_with_no_positions_before_2025_is_new(facts) -> None:
    dr = facts[1]
    assert (dr["history_new"], dr["history_first_year"], dr["history_unfilled"]) == (True, 2025, 0)
    assert dr["history_why"].startswith("new program: first positions 2025; filled in all 2 years")


def test_unfilled_years_are_listed_exactly(facts) -> None:
    dr = facts[2]
    assert (dr["history_new"], dr["history_unfilled"], dr["history_years"]) == (False, 4, 7)
    assert ("unfilled in 4 of 7 years: 2020 (3 of 4), 2024 (4 of 5), 2025 (3 of 5), 2026 (2 of 4)"
            in dr["history_why"])
    assert dr["history_why"].startswith("positions since at least 2020")
    assert dr["history_trend"] == "stable" and dr["history_fill"] == 0.5
    assert facts[3]["history_unfilled"] == 1 and "2022 (12 of 16)" in facts[3]["history_why"]
    assert facts[4]["history_unfilled"] == 1 and "2024 (8 of 12)" in facts[4]["history_why"]
    assert facts[5]["history_new"] and "unfilled in 1 of 2 years: 2026 (4 of 15)" in facts[5]["history_why"]


def test_trend_and_latest_fill(facts) -> None:
    assert facts[3]["history_trend"] == "growing" and facts[3]["history_fill"] == 1.0
    assert "quota growing from 16 to 18 (2026)" in facts[3]["history_why"]
    assert facts[6]["history_trend"] == "growing" and facts[6]["history_fill"] == 0.5
    assert facts[4]["history_trend"] == "stable"
    closed = facts[7]  # positions in 2020 only: not new, its latest year is 2020
    assert closed["history_new"] is False and "2 matched of 5 in 2020" in closed["history_why"]


def test_the_why_names_the_file_and_the_years(facts) -> None:
    assert facts[2]["history_why"].endswith("(NRMP 2020-2026, nrmp.csv)")


def test_programs_without_a_record_say_so_never_a_guess(facts) -> None:
    programs = pl.DataFrame({"id": [2, 99], "name": ["a", "b"]})
    joined = with_history(programs, history_facts(pl.DataFrame(
        {"program_id": [2], "year": [2026], "quota": [4], "matched": [2], "source": ["f"]}), 3))
    rows = {r["id"]: r for r in joined.to_dicts()}
    assert rows[99]["history_why"] == NO_HISTORY and rows[99]["history_new"] is None
    assert rows[2]["history_unfilled"] == 1
    empty = history_facts(pl.DataFrame(schema={"program_id": pl.Int64, "year": pl.Int64,
                                               "quota": pl.Int64, "matched": pl.Int64,
                                               "source": pl.String}), 3)
    assert empty.is_empty()
