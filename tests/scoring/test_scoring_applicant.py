"""DOMAIN 1: self-assessment, risk category with the rule that fired, Step 2 CK band and
strategy, from the profile and USCE rows."""

from __future__ import annotations

import pytest

from scoring import score_all
from test_scoring_support import TODAY, frames, settings

RAD = {"type": "observership", "specialty": "Radiology", "months": 2.0, "radiology": True}
IM = {"type": "elective", "specialty": "Internal medicine", "months": 2.0}
RAD_RESEARCH = {"type": "research", "specialty": "Radiology", "months": 6.0}
# higher-likelihood on every rule: 250 first attempt, 2 years, radiology USCE and research, J-1
HIGH = {"visa_need": "J-1", "step1_result": "pass", "step1_attempts": 1, "step2_score": 250,
        "step2_attempts": 1, "failed_attempt": False, "graduation_year": 2024,
        "radiology_publications": 1, "english_test": "TOEFL 110"}


def assess(profile, usce=(RAD, IM), s=None):
    return score_all(frames([], profile=profile, usce=list(usce)), s or settings(),
                     today=TODAY).applicant


def rating(profile, category, usce=(RAD, IM)):
    found = {r.category: (r.rating, r.reason) for r in assess(profile, usce).self_assessment}
    return found[category]


SELF = [
    ("Step 2 CK and attempts", {"step2_score": 250}, (),
     ("Strong", "Step 2 CK 250 (at least 245), no failed attempt")),
    ("Step 2 CK and attempts", {"step2_score": 240}, (), ("Average", "Step 2 CK 240")),
    ("Step 2 CK and attempts", {"step2_score": 234}, (), ("Weak", "Step 2 CK 234, below 235")),
    ("Step 2 CK and attempts", {"step2_score": 255, "step2_attempts": 2}, (),
     ("Weak", "Step 2 CK 255 with a failed attempt on record")),
    ("Step 2 CK and attempts", {"step2_score": 250, "failed_attempt": None, "step1_attempts": None},
     (), ("Average", "Step 2 CK 250; attempt history not in the profile")),
    ("Step 2 CK and attempts", {"step2_score": None}, (),
     ("Unknown", "Step 2 CK not in the profile")),
    ("Time since graduation", {"graduation_year": 2023}, (), ("Strong", "3 years (at most 3)")),
    ("Time since graduation", {"graduation_year": 2020}, (), ("Average", "6 years (at most 6)")),
    ("Time since graduation", {"graduation_year": 2019}, (), ("Weak", "7 years (over 6)")),
    ("Time since graduation", {"graduation_year": None}, (),
     ("Unknown", "graduation year not in the profile")),
    ("Radiology USCE", {}, (RAD,), ("Strong", "1 US radiology clinical experience(s)")),
    ("Radiology USCE", {"radiology_publications": 0}, (RAD_RESEARCH,),
     ("Average", "radiology exposure through research only")),
    ("Radiology USCE", {"radiology_publications": 0}, (IM,),
     ("Weak", "no US radiology experience recorded")),
    ("Overall USCE", {}, (RAD, IM),
     ("Strong", "4 months in 2 clinical experience(s) (at least 3)")),
    ("Overall USCE", {}, (IM,), ("Average", "2 months in 1 clinical experience(s) (under 3)")),
    ("Overall USCE", {}, (RAD_RESEARCH,), ("Weak", "no US clinical experience")),
    ("Research", {"radiology_publications": 2, "posters": 1}, (),
     ("Strong", "2 radiology publication(s), 1 other output(s) (at least 2 in radiology)")),
    ("Research", {"radiology_publications": 0, "qi_projects": 1}, (),
     ("Average", "0 radiology publication(s), 1 other output(s)")),
    ("Research", {"radiology_publications": None}, (), ("Unknown", "research not entered")),
    ("Research", {"radiology_publications": 0}, (), ("Weak", "no research recorded")),
    ("Visa flexibility", {"visa_need": "none"}, (), ("Strong", "no visa needed")),
    ("Visa flexibility", {"visa_need": "J-1 or H-1B"}, (), ("Strong", "J-1 or H-1B acceptable")),
    ("Visa flexibility", {"visa_need": "J-1"}, (), ("Average", "J-1 only")),
    ("Visa flexibility", {"visa_need": "H-1B"}, (),
     ("Weak", "H-1B only: fewer programs sponsor it and Step 3 comes first")),
    ("Visa flexibility", {"visa_need": None}, (), ("Unknown", "visa need not in the profile")),
    ("English and communication", {"english_test": "IELTS 8"}, (),
     ("Strong", "English test on file: IELTS 8")),
    ("English and communication", {"english_test": None, "communication_notes": "fluent"}, (),
     ("Average", "communication notes but no English test on file")),
    ("English and communication", {"english_test": None}, (),
     ("Unknown", "no English test or communication notes")),
]


@pytest.mark.parametrize("category,changes,usce,expected", SELF,
                         ids=[f"{c[0]}-{c[3][0]}-{i}" for i, c in enumerate(SELF)])
def test_self_assessment(category, changes, usce, expected):
    assert rating({**HIGH, **changes}, category, usce or (RAD, IM)) == expected


def test_self_assessment_lists_seven_categories_in_order():
    assert [r.category for r in assess(HIGH).self_assessment] == [
        "Step 2 CK and attempts", "Time since graduation", "Radiology USCE", "Overall USCE",
        "Research", "Visa flexibility", "English and communication"]


RISK = [
    ("higher-likelihood", "higher-likelihood", {}, (RAD, IM),
     "higher-likelihood: all of Step 2 CK 250 first attempt (at least 245); "
     "2 years since graduation (at most 3); US radiology observership/elective; "
     "radiology research; J-1 acceptable"),
    ("moderate: score", "moderate-risk", {"step2_score": 240}, (RAD, IM),
     "moderate-risk: no high-risk rule fired, but Step 2 CK 240 below 245"),
    ("moderate: years", "moderate-risk", {"graduation_year": 2021}, (RAD, IM),
     "moderate-risk: no high-risk rule fired, but 5 years since graduation (over 3)"),
    ("moderate: no radiology USCE", "moderate-risk", {}, (IM, RAD_RESEARCH),
     "moderate-risk: no high-risk rule fired, but no US radiology observership/elective"),
    ("moderate: no radiology research", "moderate-risk", {"radiology_publications": 0}, (RAD,),
     "moderate-risk: no high-risk rule fired, but no radiology research"),
    ("high: score", "high-risk", {"step2_score": 234}, (RAD, IM),
     "high-risk: Step 2 CK 234 below 235"),
    ("high: fail", "high-risk", {"step1_result": "fail", "failed_attempt": None}, (RAD, IM),
     "high-risk: a failed exam attempt"),
    ("high: years", "high-risk", {"graduation_year": 2019}, (RAD, IM),
     "high-risk: 7 years since graduation (over 6)"),
    ("high: no USCE", "high-risk", {}, (RAD_RESEARCH,), "high-risk: no US clinical experience"),
    ("no radiology exposure: moderate (guide 002 example 2)", "moderate-risk",
     {"radiology_publications": 0}, (IM,),
     "moderate-risk: no high-risk rule fired, but no US radiology observership/elective; "
     "no radiology research"),
    ("high: H-1B only", "high-risk", {"visa_need": "H-1B"}, (RAD, IM),
     "high-risk: needs H-1B only"),
    ("high: several", "high-risk", {"step2_score": 230, "visa_need": "H-1B"}, (RAD, IM),
     "high-risk: Step 2 CK 230 below 235; needs H-1B only"),
    ("unclear: missing data", "unclear", {"step2_score": None, "visa_need": None}, (RAD, IM),
     "cannot rule out high-risk: Step 2 CK not entered; visa need not entered"),
    ("unclear: USCE not entered", "unclear", {"radiology_publications": 0}, (),
     "cannot rule out high-risk: USCE not entered"),
    ("high: no USCE stated", "high-risk", {"usce_none": True}, (),
     "high-risk: no US clinical experience"),
    ("unclear: research not entered", "unclear", {"radiology_publications": None}, (RAD, IM),
     "higher-likelihood on every other rule, but research not entered: add your publications, "
     "posters or research USCE"),
]


@pytest.mark.parametrize("case,category,changes,usce,rule", RISK, ids=[c[0] for c in RISK])
def test_risk_category(case, category, changes, usce, rule):
    a = assess({**HIGH, **changes}, usce)
    assert (a.risk_category, a.risk_rule) == (category, rule)


def test_risk_rule_reads_settings():
    a = assess({**HIGH, "step2_score": 240}, s=settings(risk__higher_step2=240))
    assert a.risk_category == "higher-likelihood"


def test_empty_profile_is_unclear_not_a_crash():
    a = assess(None, usce=())
    assert (a.risk_category, a.step2_band) == ("unclear", "unknown")
    assert a.facts.years is None


BANDS = [
    ({"step2_score": 250}, "very strong"), ({"step2_score": 249}, "competitive"),
    ({"step2_score": 240}, "competitive"), ({"step2_score": 239}, "borderline"),
    ({"step2_score": 230}, "borderline"), ({"step2_score": 229}, "low"),
    ({"step2_score": 255, "step2_attempts": 2}, "low"), ({"step2_score": None}, "unknown"),
]


@pytest.mark.parametrize("changes,band", BANDS)
def test_step2_band(changes, band):
    assert assess({**HIGH, **changes}).step2_band == band


def test_step1_fail_raises_the_step2_target():
    a = assess({**HIGH, "step1_result": "fail", "step2_score": 245})
    assert a.step2_band_reason.endswith("with a Step 1 fail aim for 250+")


STRATEGY = [
    ({}, (RAD, IM), "radiology-only"),  # Strong in 6: all but visa flexibility (J-1 only)
    ({"english_test": None, "radiology_publications": 1, "graduation_year": 2023}, (RAD,),
     "dual apply"),  # Strong in 3
    ({"step1_attempts": 2, "step2_attempts": 2, "failed_attempt": None}, (RAD, IM),
     "dual apply, backup broad"),  # high-risk (two failures, Step 2 CK 250)
    ({"graduation_year": 2018}, (RAD, IM), "dual apply, backup broad"),  # 8 years
    ({}, (RAD_RESEARCH,), "dual apply, backup broad"),  # zero clinical USCE: high-risk
]


@pytest.mark.parametrize("changes,usce,kind", STRATEGY)
def test_strategy_kind(changes, usce, kind):
    a = assess({**HIGH, "radiology_publications": 2, **changes}, usce)
    assert a.strategy.kind == kind
    assert ("radiology-only can be defended" in a.strategy.sentence) is (kind == "radiology-only")


def test_an_unchosen_backup_points_to_the_backups_on_the_users_list():
    moderate = {**HIGH, "step2_score": 238}
    backup = {c.track: c for c in assess(moderate).recommended}["backup"]
    assert backup.reason == ("dual applying (backup specialty not chosen yet; your list has IM, FM, "
                             "Neurology, Pathology)")
    own = settings(**{"specialties__mine": "DR, TY, Psychiatry"})
    backup = {c.track: c for c in assess(moderate, s=own).recommended}["backup"]
    assert backup.reason == "dual applying (backup specialty not chosen yet; your list has Psychiatry)"
    chosen = {c.track: c for c in assess({**moderate, "backup_specialty": "Psychiatry"}, s=own).recommended}
    assert chosen["backup"].reason == "dual applying (Psychiatry)"
