"""Properties of the scoring engine over random, registry-valid data (hypothesis)."""

from __future__ import annotations

import polars as pl
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from polars.testing import assert_frame_equal

from scoring import rescore_rows, score_all, why_frame
from scoring.history import HISTORY_COLUMNS, NO_HISTORY
from registry.choices import IMPORTANCE, PRIORITY_FEATURES, US_STATES
from registry.fields import TABLES, get_field
from test_scoring_support import TODAY, frames, settings

SETTINGS = settings()
PROPERTY = hyp_settings(max_examples=30, deadline=None,
                        suppress_health_check=[HealthCheck.too_slow])
STATUSES = get_field("programs", "status").choices
SKIP = {"name", "institution", "city", "program_code", "website", "contact", "why_program",
        "notes", "fellowship_pipeline", "call_schedule", "location_notes", "culture_notes"}


def _value(field) -> st.SearchStrategy:
    if field.choices:
        base = st.sampled_from(field.choices)
    elif field.kind in ("int", "rating"):
        lo = 1 if field.kind == "rating" else int(field.minimum or 0)
        hi = 5 if field.kind == "rating" else int(field.maximum)
        if field.name in ("step2_min", "typical_step2"):
            lo, hi = 200, 270  # where the rules bite
        base = st.integers(lo, hi)
    elif field.kind == "float":
        base = st.floats(field.minimum or 0, field.maximum or 100, allow_nan=False)
    elif field.kind == "bool":
        base = st.booleans()
    else:
        base = st.sampled_from(["IR, neuro", "MSK", "breast"])
    return st.none() | base


PROGRAM = st.fixed_dictionaries({}, optional={
    f.name: _value(f) for f in TABLES["programs"] if f.name not in SKIP and f.name != "state"
} | {"state": st.sampled_from(US_STATES)})
PROGRAMS = st.lists(PROGRAM, min_size=1, max_size=8)
UNSCORED = st.fixed_dictionaries({}, optional={  # fields no score reads: the scores are kept
    "name": st.sampled_from(["Lakeside Radiology", "Hill County DR"]),
    "city": st.none() | st.sampled_from(["Tampa", "Ames"]),
    "notes": st.none() | st.sampled_from(["quiet", "busy call"]),
    "status": st.sampled_from(STATUSES),
})
PROFILE = st.fixed_dictionaries({
    "visa_need": st.none() | st.sampled_from(["none", "J-1", "H-1B", "J-1 or H-1B"]),
    "step1_result": st.none() | st.sampled_from(["pass", "fail"]),
    "step1_attempts": st.none() | st.integers(1, 3),
    "step2_score": st.none() | st.integers(200, 280),
    "step2_attempts": st.none() | st.integers(1, 3),
    "failed_attempt": st.none() | st.booleans(),
    "graduation_year": st.none() | st.integers(2005, 2026),
    "step3_status": st.none() | st.sampled_from(["passed", "planned", "not planned"]),
    "target_ir": st.none() | st.booleans(),
    "radiology_publications": st.none() | st.integers(0, 4),
})
PRIORITIES = st.lists(st.fixed_dictionaries({
    "feature": st.sampled_from(PRIORITY_FEATURES),
    "importance": st.sampled_from(IMPORTANCE),
    "preference": st.none() | st.sampled_from(["Midwest,South", "urban", "IR,neuro", "low"]),
}), max_size=8)
INTERVIEW = st.fixed_dictionaries({
    r: st.none() | st.integers(1, 5)
    for r in ("culture", "happiness", "education", "img_support", "location")
} | {"red_flag_count": st.integers(0, 4)})

YEAR_RECORD = st.fixed_dictionaries({"year": st.integers(2018, 2026), "quota": st.integers(0, 6),
                                     "shortfall": st.integers(0, 2)})

TIER_ORDER = {"Reach": 0, "Target": 1, "Safety": 2}


def _history(records: list[dict], programs: int) -> list[dict]:
    """One row per (program, year): the first drawn for a pair wins, as the table's key says."""
    rows = {}
    for i, r in enumerate(records):
        key = (i % programs + 1, r["year"])
        rows.setdefault(key, {"program_id": key[0], "year": key[1], "quota": r["quota"],
                              "matched": max(r["quota"] - r["shortfall"], 0), "source": "test.csv"})
    return list(rows.values())


def _score(programs, profile, **kw):
    return score_all(frames(programs, profile=profile, **kw), SETTINGS, today=TODAY).programs


@PROPERTY
@given(PROGRAMS, PROFILE, st.integers(200, 279), st.integers(1, 40))
def test_raising_step2_never_makes_a_program_harder(programs, profile, low, raise_by):
    before = _score(programs, {**profile, "step2_score": low})
    after = _score(programs, {**profile, "step2_score": min(low + raise_by, 300)})
    for b, a in zip(before.iter_rows(named=True), after.iter_rows(named=True)):
        if b["tier"] and a["tier"]:
            assert TIER_ORDER[a["tier"]] >= TIER_ORDER[b["tier"]]
        if b["eligibility"] != "ineligible":
            assert a["eligibility"] != "ineligible"


def _covers(need: str | None, visa: str | None) -> bool:
    gives = {"J-1": {"J-1"}, "H-1B": {"H-1B"}, "J-1+H-1B": {"J-1", "H-1B"}}.get(visa, set())
    wanted = {"J-1": {"J-1"}, "H-1B": {"H-1B"}, "J-1 or H-1B": {"J-1", "H-1B"}}.get(need, set())
    return bool(gives & wanted)


@PROPERTY
@given(PROGRAMS, PROFILE)
def test_a_program_that_cannot_sponsor_the_needed_visa_is_never_eligible(programs, profile):
    for row in _score(programs, profile).iter_rows(named=True):
        if profile["visa_need"] not in (None, "none") and not _covers(profile["visa_need"],
                                                                      row["visa"]):
            assert row["eligibility"] != "eligible"


@PROPERTY
@given(PROGRAMS, PROFILE, PRIORITIES, st.lists(INTERVIEW, max_size=8))
def test_scores_stay_in_bounds(programs, profile, priorities, interviews):
    ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(interviews)]
    out = _score(programs, profile, priorities=priorities, interviews=ivs)
    assert out.height == len(programs)
    assert out["img_score"].is_between(0, 10).all()
    assert out["fit"].drop_nulls().is_between(0.0, 100.0).all()
    assert out["rank_score"].drop_nulls().is_between(0.0, 100.0).all()
    assert out["eligibility"].is_in(["eligible", "unclear", "ineligible"]).all()
    assert out["tier"].drop_nulls().is_in(list(TIER_ORDER)).all()
    # no tier exactly when ineligible or when there is no typical Step 2 CK to compare with
    assert (out["tier"].is_null() == ((out["eligibility"] == "ineligible")
                                      | out["typical_step2_used"].is_null())).all()


@PROPERTY
@given(PROGRAMS, PROFILE, PRIORITIES, st.lists(INTERVIEW, max_size=6),
       st.lists(YEAR_RECORD, max_size=24), st.data())
def test_incremental_equals_full(programs, profile, priorities, interviews, records, data):
    ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(interviews)]
    history = _history(records, len(programs))
    before = frames(programs, profile=profile, priorities=priorities, interviews=ivs,
                    match_history=history)
    scored = score_all(before, SETTINGS, today=TODAY)
    # edit one program (any fields, or only ones no score reads) and maybe add an interview
    pid = data.draw(st.integers(1, len(programs)))
    edited = list(programs)
    edited[pid - 1] = {**programs[pid - 1], **data.draw(st.one_of(UNSCORED, PROGRAM))}
    if data.draw(st.booleans()):  # edited in place, as the workspace keeps its frames
        after = before
        after["programs"] = frames(edited)["programs"]
    else:
        if data.draw(st.booleans()):
            ivs = [*ivs, {"program_id": pid, **data.draw(INTERVIEW)}]
        after = frames(edited, profile=profile, priorities=priorities, interviews=ivs,
                       match_history=history)
    rows = rescore_rows(scored, after, SETTINGS, [pid])
    rescored = score_all(after, SETTINGS, today=TODAY)
    full = rescored.programs.filter(pl.col("id") == pid)
    assert_frame_equal(rows, full)
    # the why of one row is the why of that row among all, and speaks of the same record
    one = why_frame(rescored, [pid])
    every = why_frame(rescored, range(1, len(programs) + 1)).filter(pl.col("id") == pid)
    assert_frame_equal(one, every)
    row, sentence = full.row(0, named=True), one["history_new"][0].lower()
    if row["history_years"] is None:
        assert all(row[c] is None for c in HISTORY_COLUMNS) and NO_HISTORY.lower() in sentence
    else:
        assert (f"first positions {row['history_first_year']}" in sentence
                or f"since at least {row['history_first_year']}" in sentence)
        assert sentence.startswith("new program") == row["history_new"]


def test_incremental_keeps_frame_order_for_several_rows():
    programs = [{"visa": v} for v in ("J-1", "none", None, "H-1B")]
    fr = frames(programs)
    scored = score_all(fr, SETTINGS, today=TODAY)
    rows = rescore_rows(scored, fr, SETTINGS, [4, 2])
    assert rows["id"].to_list() == [2, 4]
    assert_frame_equal(rows, scored.programs.filter(pl.col("id").is_in([2, 4])))
