"""The budget, signal counting and timeline due dates (pure functions, no database)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from scoring.costs import (APPLIED_STATUSES, applied_counts, estimate_costs, fee_line, fee_lines,
                           latest_cycle)
from scoring.signals import pool_of, pool_specialties, signal_usage
from scoring.timeline import months_before, timeline_items
from registry.settings import FEE_SCHEDULE, SIGNAL_RULES


def programs(*rows: dict) -> pl.DataFrame:
    base = {"id": 0, "name": "", "institution": None, "specialty": "DR", "status": "applied",
            "signal": "none"}
    return pl.DataFrame([{**base, "id": i + 1, "name": f"P{i + 1}", **row} for i, row in enumerate(rows)],
                        schema={"id": pl.Int64, "name": pl.String, "institution": pl.String,
                                "specialty": pl.String, "status": pl.String, "signal": pl.String})


# --- fees ------------------------------------------------------------------------------------


def test_domain_example_43_im_and_7_dr_costs_797():
    lines = fee_lines({"IM": 43, "DR": 7}, FEE_SCHEDULE)
    assert [line.total for line in lines] == [30 * 11 + 13 * 30, 7 * 11]
    assert sum(line.total for line in lines) == 797
    assert lines[0].explain() == "IM 43: 30x$11 + 13x$30 = $720"


def test_the_count_restarts_with_each_specialty():
    one_specialty = fee_lines({"IM": 50}, FEE_SCHEDULE)
    split = fee_lines({"IM": 25, "DR": 25}, FEE_SCHEDULE)
    assert sum(line.total for line in one_specialty) == 30 * 11 + 20 * 30
    assert sum(line.total for line in split) == 50 * 11


def test_only_applied_statuses_count_and_the_estimate_adds_travel():
    frame = programs(*({"specialty": "IM", "status": s} for s in APPLIED_STATUSES),
                     {"specialty": "IM", "status": "researching"}, {"specialty": "IM", "status": "withdrawn"},
                     {"specialty": "DR", "status": "ranked"})
    assert applied_counts(frame) == {"IM": 4, "DR": 1}
    interviews = pl.DataFrame({"format": ["in person", "virtual", "in person", None]})
    estimate = estimate_costs(frame, interviews, FEE_SCHEDULE, 250.0)
    assert estimate.fee_total == 5 * 11
    assert (estimate.in_person_interviews, estimate.travel_total) == (2, 500.0)
    assert estimate.total == 555.0


def test_a_gap_in_the_schedule_is_reported_not_priced():
    schedule = [{"from_count": 1, "to_count": 10, "fee": 5.0}, {"from_count": 13, "to_count": 20, "fee": 7.0}]
    line = fee_line("DR", 25, schedule)
    assert line.parts == ((10, 5.0), (8, 7.0))
    assert line.uncovered == 7
    assert "7 past the fee schedule" in line.explain()


def test_the_newest_cycle_replaces_the_old_one():
    rows = [*FEE_SCHEDULE, {"cycle": "2027", "from_count": 1, "to_count": None, "fee": 20.0}]
    cycle, current = latest_cycle(rows)
    assert cycle == "2027" and len(current) == 1
    assert estimate_costs(programs({}), pl.DataFrame({"format": []}, schema={"format": pl.String}),
                          rows, 0).fee_total == 20.0


# --- signals ---------------------------------------------------------------------------------


def test_pools_count_gold_and_silver_and_what_is_left():
    frame = programs({"specialty": "DR", "signal": "gold", "institution": "A"},
                     {"specialty": "DR", "signal": "silver", "institution": "B"},
                     {"specialty": "IM", "signal": "gold", "institution": "A"},
                     {"specialty": "FM", "signal": "gold", "institution": "C"},
                     {"specialty": "DR", "signal": "none", "institution": "D"})
    dr, im, ty = signal_usage(frame, SIGNAL_RULES)
    assert dr.specialties == ("DR", "IR/DR")
    assert (dr.used, dr.remaining("gold"), dr.remaining("silver")) == ({"gold": 1, "silver": 1}, 5, 5)
    assert (im.used["gold"], im.remaining("gold"), im.remaining("silver")) == (1, 2, 12)
    assert ty.used == {"gold": 0, "silver": 0}
    assert pool_of("FM", [dr, im, ty]) is None
    assert pool_of("IR/DR", [dr, im, ty]) is dr


def test_dr_and_ir_at_one_institution_share_one_signal():
    frame = programs({"specialty": "DR", "signal": "gold", "institution": "Cedar Hollow"},
                     {"specialty": "IR/DR", "signal": "gold", "institution": " cedar hollow"},
                     {"specialty": "IR/DR", "signal": "silver", "institution": "Ironwood"},
                     {"specialty": "DR", "signal": "gold", "institution": "Ironwood"})
    dr = signal_usage(frame, SIGNAL_RULES)[0]
    assert dr.used == {"gold": 2, "silver": 0}  # Ironwood's mixed pair counts once, as gold
    assert len(dr.shared) == 2
    assert "counted as gold" in dr.shared[1]


def test_programs_without_an_institution_each_use_a_signal_and_overuse_shows():
    frame = programs(*({"specialty": "IM", "signal": "gold"} for _ in range(4)))
    im = signal_usage(frame, SIGNAL_RULES)[1]
    assert im.used["gold"] == 4 and im.remaining("gold") == -1
    assert im.explain("gold") == "IM gold: 4 of 3 used, 1 over the limit"


def test_pool_text_is_split_on_commas():
    assert pool_specialties(" DR, IR/DR ,") == ("DR", "IR/DR")


# --- timeline --------------------------------------------------------------------------------


def test_due_dates_count_back_from_match_day():
    match_day = dt.date(2027, 3, 19)
    assert months_before(match_day, 4) == dt.date(2026, 11, 19)
    assert months_before(match_day, 6.5) == dt.date(2026, 9, 4)
    assert months_before(dt.date(2027, 3, 31), 1) == dt.date(2027, 2, 28)
    rows = [{"id": 1, "task": "late", "months_before_match": 4.0, "done": False},
            {"id": 2, "task": "soon", "months_before_match": 3.0, "done": False},
            {"id": 3, "task": "done", "months_before_match": 18.0, "done": True},
            {"id": 4, "task": "undated", "months_before_match": None, "done": False},
            {"id": 5, "task": "later", "months_before_match": 1.0, "done": False}]
    items = timeline_items(rows, match_day, dt.date(2026, 11, 26))
    assert [(i.task, i.state) for i in items] == [
        ("done", "done"), ("late", "overdue"), ("soon", "due soon"), ("later", "upcoming"),
        ("undated", "no date")]


INTERVIEWS, CERTIFY = "Interviews", "Certify the rank order list"
STEP3 = "Pass Step 3 before the rank list is certified (H-1B applicants)"
ERAS = "Submit ERAS early (September)"
WINDOWS = [
    # (task, Match Day, today, state): windows come from the Match year, not today's year
    (INTERVIEWS, dt.date(2027, 3, 19), dt.date(2026, 8, 31), "upcoming"),
    (INTERVIEWS, dt.date(2027, 3, 19), dt.date(2026, 9, 1), "open"),
    (INTERVIEWS, dt.date(2027, 3, 19), dt.date(2026, 11, 26), "open"),
    (INTERVIEWS, dt.date(2027, 3, 19), dt.date(2027, 1, 31), "open"),
    (INTERVIEWS, dt.date(2027, 3, 19), dt.date(2027, 2, 1), "overdue"),
    (INTERVIEWS, dt.date(2028, 3, 17), dt.date(2026, 11, 26), "upcoming"),
    (CERTIFY, dt.date(2027, 3, 19), dt.date(2027, 1, 31), "upcoming"),  # ends Match Day
    (CERTIFY, dt.date(2027, 3, 19), dt.date(2027, 2, 1), "open"),
    (CERTIFY, dt.date(2027, 3, 19), dt.date(2027, 3, 19), "open"),
    (CERTIFY, dt.date(2027, 3, 19), dt.date(2027, 3, 20), "overdue"),
    (STEP3, dt.date(2027, 3, 19), dt.date(2027, 2, 28), "due soon"),
    (STEP3, dt.date(2027, 3, 19), dt.date(2027, 3, 1), "overdue"),
    (ERAS, dt.date(2027, 3, 19), dt.date(2026, 9, 30), "open"),
    (ERAS, dt.date(2027, 3, 19), dt.date(2026, 10, 1), "overdue"),
]


@pytest.mark.parametrize("task,match_day,today,state", WINDOWS)
def test_a_task_with_a_window_is_overdue_only_after_it_ends(task, match_day, today, state):
    rows = [{"id": 1, "task": task, "months_before_match": 4.0, "done": False}]
    assert timeline_items(rows, match_day, today)[0].state == state
