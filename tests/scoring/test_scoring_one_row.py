"""The one-row path computes again only the columns an edit reaches: whatever is edited, its
rows must equal the same rows of a full recompute."""

from __future__ import annotations

from dataclasses import replace

import polars as pl
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from polars.testing import assert_frame_equal

from scoring import engine, plan, rescore_rows, score_all
from scoring.history import FACT_SCHEMA
from scoring.rank import INTERVIEW_COLUMNS
from registry.choices import IMPORTANCE, PRIORITY_FEATURES
from registry.schema import polars_schema
from test_scoring_properties import INTERVIEW, PRIORITIES, PROFILE, PROGRAM, PROGRAMS, YEAR_RECORD, _history
from test_scoring_support import TODAY, frames, settings

SETTINGS = settings()
PROPERTY = hyp_settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@PROPERTY
@given(PROGRAMS, PROFILE, PRIORITIES, st.lists(INTERVIEW, max_size=6),
       st.lists(YEAR_RECORD, max_size=16), st.data())
def test_edits_in_place_rescore_to_the_full_recompute(programs, profile, priorities, interviews,
                                                      records, data):
    ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(interviews)]
    shared = frames(programs, profile=profile, priorities=priorities, interviews=ivs,
                    match_history=_history(records, len(programs)))
    scored = score_all(shared, SETTINGS, today=TODAY)
    ids = data.draw(st.lists(st.integers(1, len(programs)), min_size=1, max_size=3, unique=True))
    edited = list(programs)
    for pid in ids:  # any fields, scored or not, several at once
        edited[pid - 1] = {**programs[pid - 1], **data.draw(PROGRAM)}
    shared["programs"] = frames(edited)["programs"]  # as the workspace keeps its frames
    assert engine._edited_rows(scored, shared, SETTINGS, ids, TODAY) is not None  # the short path
    rows = rescore_rows(scored, shared, SETTINGS, ids)
    full = score_all(shared, SETTINGS, today=TODAY).programs.filter(pl.col("id").is_in(ids))
    assert_frame_equal(rows, full)


def test_an_edit_after_an_edit_still_equals_the_full_recompute():
    """The scored frame the workspace keeps is patched with one-row results: the next edit
    starts from those."""
    shared = frames([{"step2_min": 230, "visa": "J-1"}, {"visa": "H-1B", "specialty": "IR/DR"}],
                    interviews=[{"program_id": 2, "img_support": 2, "culture": 5}])
    scored = score_all(shared, SETTINGS, today=TODAY)
    for field, value in (("step2_min", 260), ("visa", "none"), ("specialty", "IM"), ("name", "Renamed")):
        programs = shared["programs"]
        shared["programs"] = programs.with_columns(
            pl.when(pl.col("id") == 1).then(pl.lit(value)).otherwise(pl.col(field))
            .cast(programs.schema[field]).alias(field))
        rows = rescore_rows(scored, shared, SETTINGS, [1])
        programs = scored.programs
        scored = replace(scored, programs=pl.concat([rows, programs.slice(1)]))
        assert_frame_equal(scored.programs, score_all(shared, SETTINGS, today=TODAY).programs)


def test_every_column_a_rule_reads_is_known_to_the_one_row_path():
    """A rule reading a column the plan cannot name (a pattern, a wildcard) would leave the
    one-row path blind to edits of it."""
    every = [{"feature": f, "importance": i, "preference": "Midwest,IR,urban,low"}
             for f in PRIORITY_FEATURES for i in IMPORTANCE[:1]]
    fr = frames([{}], priorities=every)
    f, pri = engine._inputs(fr, SETTINGS, TODAY)
    p = plan.build(f, pri, tuple(sorted(SETTINGS.items())))
    inputs = {*polars_schema("programs"), *INTERVIEW_COLUMNS, *FACT_SCHEMA}
    for stage_index, stage in enumerate(p.stages):
        earlier = {n for s in p.stages[:stage_index] for n in s}
        for name, expr in stage.items():
            assert set(expr.meta.root_names()) <= inputs | earlier, name
    # (this applicant has no failed attempt, so the fail policy cannot change the eligibility)
    assert p.reads["eligibility"] >= {"visa", "step2_min", "grad_limit_years", "step2_min_none"}
    assert "tier" in p.outputs_reading(["step2_min"]) and "fit" not in p.outputs_reading(["step2_min"])


def test_a_deleted_or_unknown_id_gives_no_row():
    shared = frames([{"visa": "J-1"}, {"visa": "H-1B"}])
    scored = score_all(shared, SETTINGS, today=TODAY)
    assert rescore_rows(scored, shared, SETTINGS, [99]).height == 0
    assert rescore_rows(scored, shared, SETTINGS, [99, 2])["id"].to_list() == [2]


@PROPERTY
@given(PROGRAMS, PROFILE, st.lists(INTERVIEW, max_size=4), st.data())
def test_edits_after_patched_edits_rescore_to_the_full_recompute(programs, profile, interviews, data):
    """The scored frame is patched with each one-row result, as the workspace does, while the
    hidden columns kept beside it stay as the full score left them: a later edit of the same
    row must not keep a hidden column an earlier edit made stale."""
    ivs = [{"program_id": i % len(programs) + 1, **iv} for i, iv in enumerate(interviews)]
    shared = frames(programs, profile=profile, interviews=ivs)
    scored = score_all(shared, SETTINGS, today=TODAY)
    edited = list(programs)
    for _ in range(3):
        ids = data.draw(st.lists(st.integers(1, len(programs)), min_size=1, max_size=2, unique=True))
        for pid in ids:
            edited[pid - 1] = {**edited[pid - 1], **data.draw(PROGRAM)}
        shared["programs"] = frames(edited)["programs"]
        assert engine._edited_rows(scored, shared, SETTINGS, ids, TODAY) is not None  # the short path
        rows = rescore_rows(scored, shared, SETTINGS, ids)
        patched = scored.programs.filter(~pl.col("id").is_in(ids))
        scored = replace(scored, programs=pl.concat([patched, rows]).sort("id"))
        assert_frame_equal(scored.programs, score_all(shared, SETTINGS, today=TODAY).programs)


def test_a_hidden_code_an_earlier_edit_made_stale_is_computed_again():
    """The visa's code is kept beside the scores; after the visa is edited and the scored row
    patched, an edit of the Step 2 CK minimum (whose gate reads the visa's code) must read the
    new visa."""
    shared = frames([{"step2_min": 230, "visa": "J-1"}, {"visa": "H-1B"}])
    scored = score_all(shared, SETTINGS, today=TODAY)
    for field, value in (("visa", "none"), ("step2_min", 220)):
        programs = shared["programs"]
        shared["programs"] = programs.with_columns(
            pl.when(pl.col("id") == 1).then(pl.lit(value)).otherwise(pl.col(field))
            .cast(programs.schema[field]).alias(field))
        rows = rescore_rows(scored, shared, SETTINGS, [1])
        scored = replace(scored, programs=pl.concat([rows, scored.programs.slice(1)]))
    assert_frame_equal(scored.programs, score_all(shared, SETTINGS, today=TODAY).programs)
