"""Property: over random profiles the strategy sentence, the risk category and the counts
never contradict each other (guide 002 sections 1.2-1.3 and 3.1; guide 004 honest risk
assessment and FAQ 4)."""

from __future__ import annotations

from hypothesis import given, settings as hyp_settings, strategies as st

from conformance_support import TODAY
from registry.schema import empty_frames, frame_from_rows
from registry.settings import default_settings
from scoring import score_all
from scoring.strategy import (BACKUP_BROAD, BACKUP_MAIN, DUAL, RADIOLOGY_ONLY, deal_breakers,
                              extremely_difficult)

S = default_settings()
USCE_ROW = st.fixed_dictionaries({
    "type": st.sampled_from(["observership", "elective", "sub-internship", "research"]),
    "specialty": st.sampled_from(["Radiology", "Internal medicine"]),
    "months": st.sampled_from([0.5, 1.0, 2.0, 4.0]),
})
PROFILE = st.fixed_dictionaries({
    "step2_score": st.one_of(st.none(), st.integers(200, 275)),
    "step2_attempts": st.one_of(st.none(), st.integers(1, 3)),
    "step1_result": st.sampled_from([None, "pass", "fail"]),
    "step1_attempts": st.one_of(st.none(), st.integers(1, 3)),
    "failed_attempt": st.sampled_from([None, True, False]),
    "graduation_year": st.one_of(st.none(), st.integers(2012, 2026)),
    "visa_need": st.sampled_from([None, "none", "J-1", "H-1B", "J-1 or H-1B"]),
    "citizenship": st.sampled_from([None, "US citizen", "non-US citizen"]),
    "step3_status": st.sampled_from([None, "passed", "planned", "not planned"]),
    "radiology_publications": st.one_of(st.none(), st.integers(0, 3)),
    "posters": st.one_of(st.none(), st.integers(0, 2)),
    "english_test": st.sampled_from([None, "TOEFL 110"]),
    "usce_none": st.sampled_from([None, True, False]),
    "dual_apply": st.sampled_from([None, True, False]),
    "target_ir": st.sampled_from([None, True, False]),
})


@hyp_settings(max_examples=150, deadline=None)
@given(PROFILE, st.lists(USCE_ROW, max_size=3))
def test_strategy_category_and_counts_never_contradict(profile, usce):
    frames = empty_frames()
    frames["profile"] = frame_from_rows("profile", [profile])
    frames["usce"] = frame_from_rows("usce", usce)
    a = score_all(frames, S, today=TODAY).applicant
    f, plan = a.facts, a.strategy
    counts = {c.track: (c.low, c.high) for c in a.recommended}
    text = f"{plan.headline}. {plan.sentence}"
    defended = "radiology-only can be defended" in text
    assert defended is (plan.kind == RADIOLOGY_ONLY)
    assert all(low <= high for low, high in counts.values())
    if plan.kind == RADIOLOGY_ONLY:
        assert a.risk_category == "higher-likelihood" and not deal_breakers(f, S)
        assert counts["backup"][1] == 0 or f.dual_apply
    else:
        assert counts["backup"][0] > 0
    if a.risk_category in ("moderate-risk", "unclear"):
        assert plan.kind == DUAL
    if a.risk_category == "unclear":
        assert "not entered" in plan.sentence or "unclear" in plan.sentence
    if a.risk_category == "high-risk":
        assert plan.kind in (BACKUP_BROAD, BACKUP_MAIN)
    assert (plan.kind == BACKUP_MAIN) is bool(extremely_difficult(f, S))
    if plan.kind == BACKUP_MAIN:
        assert counts["DR"] == (S["apps.narrow_dr_min"], S["apps.narrow_dr_max"])
        assert counts["IR"] == (0, 0) and "Extremely difficult" in plan.sentence
    elif f.step2 is None or 235 <= f.step2 <= 245:
        assert counts["DR"] == (60, 100)
    if f.step2 is not None and f.step2 < 230:
        assert plan.kind == BACKUP_MAIN
