"""Conformance: program facts + applicant -> gate outcome and reason (DOMAIN 5 as corrected;
guides 001, 002 and 004 on visas, published minimums, fail policies and graduation recency).
Unknown is never a pass: a blank value is "not researched yet" (unclear, on the to-do);
"publishes none" recorded for the program passes."""

from __future__ import annotations

from pathlib import Path

import pytest

from conformance_support import HIGHER, IM_ELECTIVE, RAD_OBS, scored_store
from seeds import seed_check

KNOWN = {"fail_policy": "case by case", "step2_min_none": True, "grad_limit_none": True}
FAIL = {"step1_result": "fail", "step1_attempts": 2, "failed_attempt": True}

# (case, (seed, section), applicant changes, program, eligibility, reason or "")
CASES = [
    ("J-1 need, program sponsors none", ("004", "2. Visa and Citizenship"), {},
     {"visa": "none"}, "ineligible", "sponsors no visa; you need J-1"),
    ("J-1 need, visa policy blank", ("001", "1. Visa Strategy"), {}, {},
     "unclear", "visa policy unknown: ask by email"),
    ("J-1 need, sponsors J-1", ("001", "1. Visa Strategy"), {}, {"visa": "J-1"}, "eligible", ""),
    ("no visa need, sponsors none", ("004", "2. Visa and Citizenship"),
     {"visa_need": None, "citizenship": "US citizen"}, {"visa": "none"}, "eligible", ""),
    ("H-1B only, Step 3 not planned", ("002", "4.1 J"),
     {"visa_need": "H-1B", "step3_status": "not planned"}, {"visa": "H-1B"}, "ineligible",
     "H-1B needs Step 3 passed before the start date; yours is not planned"),
    ("H-1B only, Step 3 status blank", ("001", "1. Visa Strategy"),
     {"visa_need": "H-1B", "step3_status": None}, {"visa": "J-1+H-1B"}, "unclear",
     "Step 3 status not in your profile; H-1B needs Step 3"),
    ("H-1B only, Step 3 passed", ("001", "Step 3 (Optional but Strategic)"),
     {"visa_need": "H-1B", "step3_status": "passed"}, {"visa": "H-1B"}, "eligible", ""),
    ("H-1B only, program J-1 only", ("002", "4.1 J"), {"visa_need": "H-1B"}, {"visa": "J-1"},
     "ineligible", "sponsors J-1 only; you need H-1B"),
    ("Step 2 CK minimum blank", ("004", "How Program Directors Use Step Scores"), {},
     {"visa": "J-1", "step2_min_none": None}, "unclear",
     "Step 2 CK minimum not researched yet: look it up or ask by email"),
    ("Step 2 CK minimum: publishes none", ("004", "How Program Directors Use Step Scores"), {},
     {"visa": "J-1"}, "eligible", ""),
    ("Step 2 CK 239 below minimum 240", ("004", "How Program Directors Use Step Scores"),
     {"step2_score": 239}, {"visa": "J-1", "step2_min": 240}, "ineligible",
     "Step 2 CK 239 below published minimum 240"),
    ("Step 2 CK 240 at minimum 240", ("004", "How Program Directors Use Step Scores"),
     {"step2_score": 240}, {"visa": "J-1", "step2_min": 240}, "eligible", ""),
    ("graduation limit blank", ("002", "Recency of graduation"), {},
     {"visa": "J-1", "grad_limit_none": None}, "unclear",
     "graduation limit not researched yet: look it up or ask by email"),
    ("5 years, limit 5", ("002", "Recency of graduation"), {"graduation_year": 2021},
     {"visa": "J-1", "grad_limit_years": 5}, "eligible", ""),
    ("6 years, limit 5", ("002", "Recency of graduation"), {"graduation_year": 2020},
     {"visa": "J-1", "grad_limit_years": 5}, "ineligible", "graduated 6 years ago; program limit 5 years"),
    ("a failure, no failed attempts accepted", ("004", "Step 1: Now Pass/Fail"), FAIL,
     {"visa": "J-1", "fail_policy": "no failed attempts"}, "ineligible",
     "no failed attempts accepted; you have a failed attempt"),
    ("a failure, fail policy blank", ("004", "Step 1: Now Pass/Fail"), FAIL,
     {"visa": "J-1", "fail_policy": None}, "unclear", "fail policy not stated: ask by email"),
    ("no failure, fail policy blank", ("004", "Step 1: Now Pass/Fail"), {},
     {"visa": "J-1", "fail_policy": None}, "eligible", ""),
]


@pytest.mark.parametrize("case,seed,changes,program,eligibility,reason", CASES,
                         ids=[c[0] for c in CASES])
def test_gate(tmp_path: Path, case, seed, changes, program, eligibility, reason):
    seed_check(*seed)
    scored, summary, _ = scored_store(tmp_path / "m.db", {**HIGHER, **changes},
                                      (RAD_OBS, IM_ELECTIVE), ({**KNOWN, **program},))
    row = scored.programs.row(0, named=True)
    assert (row["eligibility"], row["eligibility_reasons"]) == (eligibility, reason)
    label = {"ineligible": "ineligible", "unclear": "unclear (ask by email)"}.get(eligibility)
    if label:  # the summary lists it under the same reason
        assert f"  {label}: Program 1 (?, DR): {reason}" in summary
