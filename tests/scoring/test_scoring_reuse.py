"""What a full rescore reuses from the one before (the latest interviews, the Match history
facts, both lined up with the programs, the columns computed from program columns alone) is
reused only while its inputs are equal: a rescore after any change equals one that computes
everything."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from polars.testing import assert_frame_equal

from scoring import engine, score_all
from scoring.reuse import Reused, same
from test_scoring_properties import INTERVIEW, PROGRAMS, YEAR_RECORD, _history
from test_scoring_support import TODAY, frames, settings

PROPERTY = hyp_settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
REUSED = (engine._INTERVIEW_ROWS, engine._HISTORY_FACTS, engine._ALIGNED, *engine._STAGES,
          engine._FACTS, engine._PRIORITIES, engine._ASSESSMENT, engine._PROGRAMS)


def _computed_afresh(fr: dict[str, pl.DataFrame], s: dict, today: dt.date = TODAY) -> pl.DataFrame:
    for reused in REUSED:
        reused.cache_clear()
    return score_all(fr, s, today=today).programs


INPUTS = st.fixed_dictionaries({
    "programs": PROGRAMS,
    "interviews": st.lists(INTERVIEW, max_size=5),
    "records": st.lists(YEAR_RECORD, max_size=12),
    "rank_weight": st.sampled_from([0.25, 0.6]),
    "new_within": st.sampled_from([1, 3]),
    "fresh": st.booleans(),  # every table read again (equal frames), or only the changed one
})


@PROPERTY
@given(st.lists(INPUTS, min_size=2, max_size=4))
def test_each_rescore_equals_one_computed_afresh(steps):
    fr = None
    for step in steps:
        programs = step["programs"]
        ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(step["interviews"])]
        new = frames(programs, interviews=ivs, match_history=_history(step["records"], len(programs)))
        if fr is not None and not step["fresh"]:  # unchanged tables stay the same frames
            new = {t: fr[t] if same(fr[t], frame) else frame for t, frame in new.items()}
        fr = new
        s = settings(rank__w_culture=step["rank_weight"], history__new_within_years=step["new_within"])
        assert_frame_equal(score_all(fr, s, today=TODAY).programs, _computed_afresh(fr, s))


def test_a_changed_interview_is_scored_although_the_table_has_as_many_rows():
    s = settings()
    fr = frames([{}, {}], interviews=[{"program_id": 1, "culture": 5, "education": 5}])
    before = score_all(fr, s, today=TODAY)
    fr["interviews"] = frames(interviews=[{"program_id": 1, "culture": 1, "education": 1}])["interviews"]
    after = score_all(fr, s, today=TODAY)
    assert after.programs["rank_score"][0] < before.programs["rank_score"][0]
    assert_frame_equal(after.programs, _computed_afresh(fr, s))


def test_a_program_value_changed_in_one_row_is_scored_again():
    s = settings()
    fr = frames([{"state": "TX", "visa": "J-1", "img_alumni": 1}, {"state": "OH", "visa": "J-1"}])
    score_all(fr, s, today=TODAY)
    for column, value in (("state", "CA"), ("visa", "H-1B"), ("img_alumni", None)):
        programs = fr["programs"]
        fr["programs"] = programs.with_columns(
            pl.when(pl.col("id") == 1).then(pl.lit(value)).otherwise(pl.col(column))
            .cast(programs.schema[column]).alias(column))
        assert_frame_equal(score_all(fr, s, today=TODAY).programs, _computed_afresh(fr, s))


def test_a_changed_profile_usce_priority_weight_or_date_is_read_again():
    fr = frames([{"visa": "J-1", "img_alumni": 2, "state": "OH"}],
                priorities=[{"feature": "region", "importance": "must", "preference": "Midwest"}])
    changes = [
        ("profile", frames(profile={"visa_need": "H-1B", "graduation_year": 2010})["profile"]),
        ("usce", frames(usce=[{"type": "observership", "specialty": "Radiology", "months": 2.0}])["usce"]),
        ("priorities", frames(priorities=[{"feature": "region", "importance": "must", "preference": "South"},
                                          {"feature": "history with IMGs", "importance": "nice"}])["priorities"]),
        ("today", TODAY.replace(year=TODAY.year + 3)),
        ("settings", settings(weight__nice=2.0)),
    ]
    today, s = TODAY, settings()
    seen = [score_all(fr, s, today=today)]
    for name, value in changes:  # one at a time
        if name == "today":
            today = value
        elif name == "settings":
            s = value
        else:
            fr[name] = value
        seen.append(score_all(fr, s, today=today))
        afresh = _computed_afresh(fr, s, today)
        assert_frame_equal(seen[-1].programs, afresh)
    assert [x.programs["eligibility"][0] for x in seen[:2]] == ["eligible", "ineligible"]
    assert [x.facts.usce_entries for x in seen[1:3]] == [0, 1]
    assert [x.programs["missed_must_haves"][0] for x in seen[2:4]] == ["", "region"]
    assert [x.programs["years_since_graduation"][0] for x in seen[3:5]] == [TODAY.year - 2010, TODAY.year - 2007]
    assert [x.programs["priority_points"][0] for x in seen[4:6]] == [1.0, 2.0]


def test_rank_weights_and_the_new_program_window_are_read_again_when_they_change():
    fr = frames([{}, {}], interviews=[{"program_id": 2, "culture": 5, "location": 1}],
                match_history=[{"program_id": 1, "year": y, "quota": 2, "matched": 2, "source": "t.csv"}
                               for y in (2020, 2024, 2025)][1:]
                + [{"program_id": 2, "year": 2020, "quota": 1, "matched": 1, "source": "t.csv"}])
    first = score_all(fr, settings(), today=TODAY).programs
    heavier = score_all(fr, settings(rank__w_location=1.0), today=TODAY).programs
    assert heavier["rank_score"][1] < first["rank_score"][1]
    # program 1's first positions (2024) are new within 3 years of 2025, not within 1
    assert first["history_new"][0] and not score_all(
        fr, settings(history__new_within_years=1), today=TODAY).programs["history_new"][0]


def test_equal_tables_read_again_reuse_the_last_result():
    s = settings()
    ivs = [{"program_id": 1, "culture": 4}]
    scored = score_all(frames([{}], interviews=ivs), s, today=TODAY)
    again = score_all(frames([{}], interviews=ivs), s, today=TODAY)
    assert again.interview_rows is scored.interview_rows


def test_same_compares_names_types_and_values():
    a = pl.DataFrame({"x": [1, None]})
    assert same(a, a.clone()) and same(a["x"], a.clone()["x"])
    assert not same(a, a.cast(pl.Float64))  # equal values, another type
    assert not same(a, a.rename({"x": "y"}))
    assert not same(a, pl.DataFrame({"x": [1, 2]}))
    assert not same(a["x"], a["x"].cast(pl.Float64))


def test_reused_computes_again_when_the_key_or_an_input_changes():
    calls = []
    reused: Reused[int] = Reused()

    def compute(value: int) -> int:
        calls.append(value)
        return value

    a, b = pl.DataFrame({"x": [1]}), pl.DataFrame({"x": [2]})
    assert [reused.get("k", (a,), lambda: compute(1)), reused.get("k", (a.clone(),), lambda: compute(2)),
            reused.get("k", (b,), lambda: compute(3)), reused.get("other", (b,), lambda: compute(4))] == [1, 1, 3, 4]
    assert calls == [1, 3, 4]


SETTING_CHANGES = {  # each read by one rule of the later stages
    "tier.reach_margin": 30, "tier.safety_margin": 0, "fit.w_img": 3.0, "fit.good_rating": 2,
    "weight.nice": 3.0, "typical.university": 200, "rank.visa_warning_at": 4,
    "fit.img_percent_min": 1.0,
}


@PROPERTY
@given(PROGRAMS, st.lists(INTERVIEW, max_size=3), st.lists(st.sampled_from(sorted(SETTING_CHANGES)), min_size=1,
                                                          max_size=4))
def test_a_settings_change_keeps_no_rule_that_reads_it(programs, interviews, changed):
    """The later stages' columns are kept across plans while each rule's expression is the
    same: a rule that reads a changed setting is computed again."""
    ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(interviews)]
    fr = frames(programs, interviews=ivs, priorities=[
        {"feature": "collegial culture", "importance": "nice"},
        {"feature": "IMG representation", "importance": "must"}])
    s = settings()
    score_all(fr, s, today=TODAY)
    for key in changed:
        s = {**s, key: SETTING_CHANGES[key]}
        assert_frame_equal(score_all(fr, s, today=TODAY).programs, _computed_afresh(fr, s))


def test_a_rule_the_changed_setting_leaves_is_kept_and_one_it_reads_is_computed_again():
    fr = frames([{"program_type": "community", "typical_step2": 255, "img_alumni": 3}])
    fit_stage = engine._STAGES[-1]
    before = score_all(fr, settings(), today=TODAY).programs
    kept = fit_stage._last[2]["fit"]
    after = score_all(fr, settings(tier__reach_margin=10), today=TODAY).programs
    assert (before["tier"][0], after["tier"][0]) == ("Reach", "Target")
    assert fit_stage._last[2]["fit"] is kept  # fit reads no tier setting: not computed again


def test_the_assessment_is_made_again_when_a_setting_or_a_column_it_counts_changes():
    fr = frames([{"typical_step2": 240, "status": "applied"}, {"typical_step2": 200}])
    s = settings()
    first = score_all(fr, s, today=TODAY)
    steps = [(fr, settings(balance__reach_min=50)), (fr, settings(risk__moderate_step2=260, balance__reach_min=50)),
             ({**fr, "programs": fr["programs"].with_columns(status=pl.lit("withdrawn"))}, s)]
    seen = [first.applicant]
    for step_frames, step_settings in steps:
        seen.append(score_all(step_frames, step_settings, today=TODAY).applicant)
        assert seen[-1] == engine.assess(seen[-1].facts, step_settings,
                                         score_all(step_frames, step_settings, today=TODAY).programs)
        assert seen[-1] != seen[-2]
