"""Conformance: applicant profiles -> risk category, Step 2 CK band, strategy kind and counts,
each case naming the guide (seed file) and section it checks. Every case also reads the text the
user reads (`matchdesk summary` and the profile screen, F2) and checks it agrees."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance_support import HIGHER, IM_ELECTIVE, IM_SUBI, RAD_OBS, scored_store
from scoring.strategy import HEADLINES, deal_breakers
from seeds import seed_check

BASE_USCE = (RAD_OBS, IM_ELECTIVE)
IM_OBS = {"type": "observership", "specialty": "Internal medicine", "months": 2.0}
FAIL_STEP1 = {"step1_result": "fail", "step1_attempts": 2, "failed_attempt": True}
NONE_, NARROW, BROAD_DR, MID_DR, MOST_DR = (0, 0), (0, 15), (60, 120), (60, 100), (40, 80)
DUAL_BACKUP, HIGH_BACKUP, MAIN_BACKUP = (80, 150), (120, 150), (150, 200)
HL, MR, HR, UN = "higher-likelihood", "moderate-risk", "high-risk", "unclear"
RO, DUAL, BROAD, MAIN = "radiology-only", "dual apply", "dual apply, backup broad", "backup as main plan"

# (case, (seed, section), profile changes, USCE rows, category, band, kind, DR, IR, backup)
CASES = [
    ("higher-likelihood, Strong in 6: radiology-only", ("002", "1.2 Honest Self"), {},
     BASE_USCE, HL, "very strong", RO, MOST_DR, NONE_, NONE_),
    ("example 1: strong applicant, cautious dual applying", ("002", "Example 1: Strong Applicant"),
     {"radiology_publications": 1, "other_publications": 1, "dual_apply": True,
      "backup_specialty": "IM"}, (RAD_OBS, IM_SUBI), HL, "very strong", RO, BROAD_DR, NONE_,
     (40, 80)),
    ("example 2: moderate-risk, heavy backup", ("002", "Example 2: Moderate-Risk Applicant"),
     {"step2_score": 237, "graduation_year": 2021, "radiology_publications": 0,
      "backup_specialty": "IM"}, (IM_OBS,), MR, "borderline", DUAL, MID_DR, NONE_, DUAL_BACKUP),
    ("example 3: high-risk, backup as plan A", ("002", "Example 3: High-Risk Applicant"),
     {"step2_score": 225, **FAIL_STEP1, "graduation_year": 2018, "usce_none": True,
      "radiology_publications": 0, "visa_need": "H-1B", "step3_status": None,
      "backup_specialty": "FM"}, (), HR, "low", MAIN, NARROW, NONE_, MAIN_BACKUP),
    # Step 2 CK edges: extremely difficult below 230, high-risk below 235, 60-100 from 235 to
    # 245 inclusive, higher-likelihood from 245, bands at 230 / 240 / 250
    ("229: extremely difficult", ("004", "1. Honest Risk Assessment"), {"step2_score": 229},
     BASE_USCE, HR, "low", MAIN, NARROW, NONE_, MAIN_BACKUP),
    ("230: high-risk, not extremely difficult", ("004", "1. Honest Risk Assessment"),
     {"step2_score": 230}, BASE_USCE, HR, "borderline", BROAD, BROAD_DR, NONE_, HIGH_BACKUP),
    ("234: high-risk", ("002", "1.3 Risk Categories"), {"step2_score": 234}, BASE_USCE, HR,
     "borderline", BROAD, BROAD_DR, NONE_, HIGH_BACKUP),
    ("235: moderate-risk, 60-100 DR", ("004", "4. How many radiology programs"),
     {"step2_score": 235}, BASE_USCE, MR, "borderline", DUAL, MID_DR, NONE_, DUAL_BACKUP),
    ("239: borderline band", ("004", "Rough score categories"), {"step2_score": 239},
     BASE_USCE, MR, "borderline", DUAL, MID_DR, NONE_, DUAL_BACKUP),
    ("240: competitive band, backup strongly considered", ("004", "1. Is a 240 Step 2 CK"),
     {"step2_score": 240}, BASE_USCE, MR, "competitive", DUAL, MID_DR, NONE_, DUAL_BACKUP),
    ("244: moderate-risk", ("002", "1.3 Risk Categories"), {"step2_score": 244}, BASE_USCE,
     MR, "competitive", DUAL, MID_DR, NONE_, DUAL_BACKUP),
    ("245: higher-likelihood, still 60-100 DR", ("004", "4. How many radiology programs"),
     {"step2_score": 245}, BASE_USCE, HL, "competitive", RO, MID_DR, NONE_, NONE_),
    ("246: past the 235-245 range", ("004", "4. How many radiology programs"),
     {"step2_score": 246}, BASE_USCE, HL, "competitive", RO, MOST_DR, NONE_, NONE_),
    ("249: competitive band", ("004", "Rough score categories"), {"step2_score": 249},
     BASE_USCE, HL, "competitive", RO, MOST_DR, NONE_, NONE_),
    ("250: very strong band", ("004", "Rough score categories"), {"step2_score": 250},
     BASE_USCE, HL, "very strong", RO, MOST_DR, NONE_, NONE_),
    # failures: a failure with Step 2 CK below 240 is extremely difficult
    ("Step 1 fail + 239: extremely difficult", ("004", "1. Honest Risk Assessment"),
     {"step2_score": 239, **FAIL_STEP1}, BASE_USCE, HR, "borderline", MAIN, NARROW, NONE_,
     MAIN_BACKUP),
    ("Step 1 fail + 240: high-risk only", ("004", "1. Honest Risk Assessment"),
     {"step2_score": 240, **FAIL_STEP1}, BASE_USCE, HR, "competitive", BROAD, MID_DR, NONE_,
     HIGH_BACKUP),
    ("Step 1 fail + 252: high-risk, backup", ("004", "2. Can a very strong Step 2 CK"),
     {"step2_score": 252, **FAIL_STEP1}, BASE_USCE, HR, "very strong", BROAD, BROAD_DR, NONE_,
     HIGH_BACKUP),
    ("Step 2 CK 1 attempt", ("004", "Rough score categories"), {"step2_attempts": 1},
     BASE_USCE, HL, "very strong", RO, MOST_DR, NONE_, NONE_),
    ("Step 2 CK 2 attempts: low band, high-risk", ("004", "Rough score categories"),
     {"step2_attempts": 2}, BASE_USCE, HR, "low", BROAD, BROAD_DR, NONE_, HIGH_BACKUP),
    # years since graduation: higher-likelihood at most 3, moderate 3-6, high over 6
    ("3 years: higher-likelihood", ("002", "1.3 Risk Categories"), {"graduation_year": 2023},
     BASE_USCE, HL, "very strong", RO, MOST_DR, NONE_, NONE_),
    ("4 years: moderate-risk", ("002", "1.3 Risk Categories"), {"graduation_year": 2022},
     BASE_USCE, MR, "very strong", DUAL, BROAD_DR, NONE_, DUAL_BACKUP),
    ("6 years: moderate-risk", ("002", "1.3 Risk Categories"), {"graduation_year": 2020},
     BASE_USCE, MR, "very strong", DUAL, BROAD_DR, NONE_, DUAL_BACKUP),
    ("7 years: high-risk", ("002", "1.3 Risk Categories"), {"graduation_year": 2019},
     BASE_USCE, HR, "very strong", BROAD, BROAD_DR, NONE_, HIGH_BACKUP),
    ("232 + J-1 + 5 years: not extremely difficult", ("004", "1. Honest Risk Assessment"),
     {"step2_score": 232, "graduation_year": 2021}, BASE_USCE, HR, "borderline", BROAD,
     BROAD_DR, NONE_, HIGH_BACKUP),
    ("232 + J-1 + 6 years: extremely difficult", ("004", "1. Honest Risk Assessment"),
     {"step2_score": 232, "graduation_year": 2020}, BASE_USCE, HR, "borderline", MAIN, NARROW,
     NONE_, MAIN_BACKUP),
    ("232 + no visa need + 8 years: not extremely difficult", ("004", "1. Honest Risk Assessment"),
     {"step2_score": 232, "graduation_year": 2018, "visa_need": None,
      "citizenship": "US citizen"}, BASE_USCE, HR, "borderline", BROAD, BROAD_DR, NONE_,
     HIGH_BACKUP),
    # visa
    ("H-1B only, Step 3 not planned: high-risk", ("002", "4.1 J"),
     {"visa_need": "H-1B", "step3_status": "not planned"}, BASE_USCE, HR, "very strong",
     BROAD, BROAD_DR, NONE_, HIGH_BACKUP),
    ("US-citizen IMG with a failure, 245", ("004", "3. Setting a Realistic Step 2 CK Target"),
     {"citizenship": "US citizen", "visa_need": None, "step2_score": 245, **FAIL_STEP1},
     BASE_USCE, HR, "competitive", BROAD, MID_DR, NONE_, HIGH_BACKUP),
    ("US-citizen IMG with a failure, 238", ("004", "1. Honest Risk Assessment"),
     {"citizenship": "US citizen", "visa_need": None, "step2_score": 238, **FAIL_STEP1},
     BASE_USCE, HR, "borderline", MAIN, NARROW, NONE_, MAIN_BACKUP),
    # IR applicants
    ("high-scoring IR applicant", ("001", "2. Targeting IR vs DR Programs"),
     {"step2_score": 258, "target_ir": True}, BASE_USCE, HL, "very strong", RO, MOST_DR,
     (40, 60), NONE_),
    ("IR applicant at 228: radiology a narrow add-on", ("004", "3. If my Step 2 CK score is below 230"),
     {"step2_score": 228, "target_ir": True}, BASE_USCE, HR, "low", MAIN, NARROW, NONE_,
     MAIN_BACKUP),
    # missing data: say what is missing, plan as moderate-risk
    ("empty profile", ("002", "1.2 Honest Self"), None, (), UN, "unknown", DUAL, MID_DR, NONE_,
     DUAL_BACKUP),
    ("USCE not entered", ("002", "1.2 Honest Self"), {}, (), UN, "very strong", DUAL, BROAD_DR,
     NONE_, DUAL_BACKUP),
    ("no USCE stated: high-risk", ("002", "1.3 Risk Categories"), {"usce_none": True}, (), HR,
     "very strong", BROAD, BROAD_DR, NONE_, HIGH_BACKUP),
    ("Step 2 CK not entered", ("002", "1.2 Honest Self"), {"step2_score": None}, BASE_USCE,
     UN, "unknown", DUAL, MID_DR, NONE_, DUAL_BACKUP),
    ("research not entered", ("002", "1.2 Honest Self"), {"radiology_publications": None},
     BASE_USCE, UN, "very strong", DUAL, BROAD_DR, NONE_, DUAL_BACKUP),
    # higher-likelihood without enough Strong categories, and no radiology research
    ("higher-likelihood, Strong in 3: dual", ("002", "1.2 Honest Self"),
     {"radiology_publications": 1, "english_test": None}, (RAD_OBS,), HL, "very strong", DUAL,
     BROAD_DR, NONE_, DUAL_BACKUP),
    ("no radiology research: moderate-risk", ("002", "1.3 Risk Categories"),
     {"radiology_publications": 0}, BASE_USCE, MR, "very strong", DUAL, BROAD_DR, NONE_,
     DUAL_BACKUP),
]


@pytest.mark.parametrize("case,seed,changes,usce,category,band,kind,dr,ir,backup", CASES,
                         ids=[c[0] for c in CASES])
def test_profile(tmp_path: Path, case, seed, changes, usce, category, band, kind, dr, ir, backup):
    seed_check(*seed)
    profile = None if changes is None else {**HIGHER, **changes}
    scored, summary, f2 = scored_store(tmp_path / "m.db", profile, usce)
    a = scored.applicant
    counts = {c.track: (c.low, c.high) for c in a.recommended}
    assert (a.risk_category, a.step2_band, a.strategy.kind) == (category, band, kind)
    assert counts == {"DR": dr, "IR": ir, "backup": backup}
    # the same strategy in the summary and on F2, never contradicting category or counts
    assert f"Strategy: {HEADLINES[kind]}. {a.strategy.sentence}" in summary
    assert HEADLINES[kind] in f2 and a.strategy.sentence in f2
    assert ("radiology-only can be defended" in summary) is (kind == RO)
    assert ("radiology-only can be defended" in f2) is (kind == RO)
    assert (f"  apply backup: {backup[0]}-{backup[1]} programs" in summary) is (backup[1] > 0)
    if category == UN:
        assert "not entered" in a.strategy.sentence
    if kind == MAIN:
        assert "Extremely difficult" in summary and "later cycle" in summary


GUIDE_EXAMPLES = [
    # (case, seed, the guide's own numbers per track: (low, high or None for "+"))
    ("example 1: strong applicant, cautious dual applying", {"DR": (100, 100), "backup": (60, 60)}),
    ("example 2: moderate-risk, heavy backup", {"DR": (50, 70), "backup": (120, None)}),
    ("example 3: high-risk, backup as plan A", {"backup": (150, None)}),
]


@pytest.mark.parametrize("case,numbers", GUIDE_EXAMPLES, ids=[c[0] for c in GUIDE_EXAMPLES])
def test_counts_overlap_the_guide_examples(tmp_path: Path, case, numbers):
    _, seed, changes, usce, *_ = next(c for c in CASES if c[0] == case)
    seed_check(*seed)
    scored, _, _ = scored_store(tmp_path / "m.db", {**HIGHER, **changes}, usce)
    counts = {c.track: (c.low, c.high) for c in scored.applicant.recommended}
    for track, (low, high) in numbers.items():
        ours_low, ours_high = counts[track]
        assert ours_low <= (high if high is not None else ours_high) and low <= ours_high


@pytest.mark.parametrize("years,breaker", [(7, []), (8, ["over 7 years since graduation"])])
def test_deal_breaker_years_7_and_8(tmp_path: Path, years, breaker):
    seed_check("002", "1.2 Honest Self")
    scored, _, _ = scored_store(tmp_path / "m.db", {**HIGHER, "graduation_year": 2026 - years},
                                BASE_USCE)
    assert deal_breakers(scored.facts, scored.settings) == breaker


@pytest.mark.parametrize("changes,breaker", [
    ({"step2_attempts": 2}, []), ({"step2_attempts": 2, **FAIL_STEP1}, ["multiple failed attempts"]),
])
def test_deal_breaker_one_and_two_failures(tmp_path: Path, changes, breaker):
    seed_check("002", "1.2 Honest Self")
    scored, _, _ = scored_store(tmp_path / "m.db", {**HIGHER, **changes}, BASE_USCE)
    assert deal_breakers(scored.facts, scored.settings) == breaker
