"""DOMAIN 5 eligibility gates, table-driven with every reason text."""

from __future__ import annotations

import pytest

from test_scoring_support import PROFILE, one

ELIGIBLE = ("eligible", "")

CASES = [
    # (case, profile changes, program, (eligibility, reasons))
    # visa
    ("no visa needed, none sponsored", {"visa_need": "none"}, {"visa": "none"}, ELIGIBLE),
    ("no visa needed, policy unknown", {"visa_need": "none"}, {}, ELIGIBLE),
    ("citizen implies no visa", {"visa_need": None, "citizenship": "US citizen"},
     {"visa": "none"}, ELIGIBLE),
    ("green card implies no visa", {"visa_need": None, "citizenship": "green card"},
     {"visa": "none"}, ELIGIBLE),
    ("J-1 need, sponsors none", {}, {"visa": "none"},
     ("ineligible", "sponsors no visa; you need J-1")),
    ("J-1 need, J-1", {}, {"visa": "J-1"}, ELIGIBLE),
    ("J-1 need, H-1B only", {}, {"visa": "H-1B"},
     ("ineligible", "sponsors H-1B only; you need J-1")),
    ("J-1 need, both", {}, {"visa": "J-1+H-1B"}, ELIGIBLE),
    ("H-1B need, J-1 only", {"visa_need": "H-1B"}, {"visa": "J-1"},
     ("ineligible", "sponsors J-1 only; you need H-1B")),
    ("H-1B need, Step 3 passed", {"visa_need": "H-1B", "step3_status": "passed"},
     {"visa": "H-1B"}, ELIGIBLE),
    ("H-1B need, Step 3 planned", {"visa_need": "H-1B", "step3_status": "planned"},
     {"visa": "J-1+H-1B"}, ELIGIBLE),
    ("H-1B need, Step 3 not planned", {"visa_need": "H-1B", "step3_status": "not planned"},
     {"visa": "H-1B"},
     ("ineligible", "H-1B needs Step 3 passed before the start date; yours is not planned")),
    ("H-1B need, Step 3 unknown", {"visa_need": "H-1B", "step3_status": None},
     {"visa": "H-1B"}, ("unclear", "Step 3 status not in your profile; H-1B needs Step 3")),
    ("either visa, J-1 only", {"visa_need": "J-1 or H-1B", "step3_status": "not planned"},
     {"visa": "J-1"}, ELIGIBLE),
    ("either visa, H-1B only without Step 3",
     {"visa_need": "J-1 or H-1B", "step3_status": "not planned"}, {"visa": "H-1B"},
     ("ineligible", "H-1B needs Step 3 passed before the start date; yours is not planned")),
    ("either visa, none", {"visa_need": "J-1 or H-1B"}, {"visa": "none"},
     ("ineligible", "sponsors no visa; you need J-1 or H-1B")),
    ("visa policy unknown", {}, {}, ("unclear", "visa policy unknown: ask by email")),
    ("visa need unknown", {"visa_need": None}, {"visa": "J-1"},
     ("unclear", "your visa need is not in your profile")),
    # fail policy
    ("failed attempt, no failed attempts", {"failed_attempt": True},
     {"visa": "J-1", "fail_policy": "no failed attempts"},
     ("ineligible", "no failed attempts accepted; you have a failed attempt")),
    ("Step 1 fail counts", {"failed_attempt": None, "step1_result": "fail"},
     {"visa": "J-1", "fail_policy": "no failed attempts"},
     ("ineligible", "no failed attempts accepted; you have a failed attempt")),
    ("second Step 2 attempt counts", {"failed_attempt": None, "step2_attempts": 2},
     {"visa": "J-1", "fail_policy": "no failed attempts"},
     ("ineligible", "no failed attempts accepted; you have a failed attempt")),
    ("failed attempt, case by case", {"failed_attempt": True},
     {"visa": "J-1", "fail_policy": "case by case"}, ELIGIBLE),
    ("failed attempt, not stated", {"failed_attempt": True},
     {"visa": "J-1", "fail_policy": "not stated"},
     ("unclear", "fail policy not stated: ask by email")),
    ("failed attempt, policy unknown", {"failed_attempt": True}, {"visa": "J-1"},
     ("unclear", "fail policy not stated: ask by email")),
    ("no failed attempt, strict policy", {}, {"visa": "J-1", "fail_policy": "no failed attempts"},
     ELIGIBLE),
    ("attempt history unknown, strict policy",
     {"failed_attempt": None, "step1_attempts": None, "step2_attempts": None},
     {"visa": "J-1", "fail_policy": "no failed attempts"},
     ("unclear", "your exam attempt history is not in your profile")),
    ("attempt history unknown, case by case",
     {"failed_attempt": None, "step1_attempts": None, "step2_attempts": None},
     {"visa": "J-1", "fail_policy": "case by case"}, ELIGIBLE),
    ("one attempt each means no fail", {"failed_attempt": None},
     {"visa": "J-1", "fail_policy": "no failed attempts"}, ELIGIBLE),
    # Step 2 CK minimum
    ("below published minimum", {"step2_score": 236}, {"visa": "J-1", "step2_min": 240},
     ("ineligible", "Step 2 CK 236 below published minimum 240")),
    ("at published minimum", {"step2_score": 240}, {"visa": "J-1", "step2_min": 240}, ELIGIBLE),
    ("no published minimum", {"step2_score": 200}, {"visa": "J-1"}, ELIGIBLE),
    ("Step 2 CK unknown", {"step2_score": None}, {"visa": "J-1", "step2_min": 240},
     ("unclear", "Step 2 CK not in your profile; published minimum 240")),
    # graduation limit (today 2026-06-01)
    ("over graduation limit", {"graduation_year": 2018}, {"visa": "J-1", "grad_limit_years": 5},
     ("ineligible", "graduated 8 years ago; program limit 5 years")),
    ("at graduation limit", {"graduation_year": 2018}, {"visa": "J-1", "grad_limit_years": 8},
     ELIGIBLE),
    ("no graduation limit", {"graduation_year": 1990}, {"visa": "J-1"}, ELIGIBLE),
    ("graduation year unknown", {"graduation_year": None},
     {"visa": "J-1", "grad_limit_years": 5},
     ("unclear", "graduation year not in your profile; program limit 5 years")),
    # several gates: every reason, in gate order; the worst status wins
    ("two failures", {"step2_score": 236}, {"visa": "H-1B", "step2_min": 240},
     ("ineligible", "sponsors H-1B only; you need J-1; Step 2 CK 236 below published minimum 240")),
    ("unclear and failed", {"graduation_year": 2018}, {"grad_limit_years": 3},
     ("ineligible",
      "visa policy unknown: ask by email; graduated 8 years ago; program limit 3 years")),
]


@pytest.mark.parametrize("case,profile,program,expected", CASES, ids=[c[0] for c in CASES])
def test_gate(case, profile, program, expected):
    row = one(program, profile={**PROFILE, **profile})
    assert (row["eligibility"], row["eligibility_reasons"]) == expected


def test_empty_profile_makes_every_gate_with_a_rule_unclear():
    row = one({"visa": "J-1", "step2_min": 240, "grad_limit_years": 5,
               "fail_policy": "no failed attempts"}, profile=None)
    assert row["eligibility"] == "unclear"
    assert row["eligibility_reasons"] == (
        "your visa need is not in your profile; "
        "your exam attempt history is not in your profile; "
        "Step 2 CK not in your profile; published minimum 240; "
        "graduation year not in your profile; program limit 5 years")


def test_unknown_value_outside_the_registry_is_unclear():
    """A value the registry does not know (bad import) is unknown, not a crash."""
    row = one({"visa": "O-1"})
    assert (row["eligibility"], row["eligibility_reasons"]) == (
        "unclear", "visa policy unknown: ask by email")
