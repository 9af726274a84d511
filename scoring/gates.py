"""Eligibility gates (DOMAIN 5): visa, fail policy, Step 2 CK minimum, graduation limit.

Each gate gives a status (pass / unclear / fail) and a reason. Unknown on either side makes
the gate unclear, never passed or failed. A blank published minimum or graduation limit is
"not researched yet" (unclear, on the research/outreach to-do); only the program's recorded
"publishes none" passes with nothing to check.

Each gate reads one column, so its outcome for every possible value is decided here in
plain Python (the functions the tests check) and applied to the frame as a lookup.
"""

from __future__ import annotations

from typing import Callable

import polars as pl

from scoring.facts import Facts
from scoring import codes
from scoring.codes import number_maximum
from scoring.lookup import by_code, by_index, lookup
from registry.choices import FAIL_POLICIES, PUBLISHES_NONE_FLAGS, VISAS

PASS, UNCLEAR, FAIL = 0, 1, 2
ELIGIBILITY = {PASS: "eligible", UNCLEAR: "unclear", FAIL: "ineligible"}
ASK = ": ask by email"

_GIVES_J1 = ("J-1", "J-1+H-1B")
_GIVES_H1B = ("H-1B", "J-1+H-1B")
_SPONSORS = {"none": "no visa", "J-1": "J-1 only", "H-1B": "H-1B only",
             "J-1+H-1B": "J-1 and H-1B"}
_STEP3 = {"passed": (PASS, None), "planned": (PASS, None),
          "not planned": (FAIL, "H-1B needs Step 3 passed before the start date; "
                                "yours is not planned"),
          None: (UNCLEAR, "Step 3 status not in your profile; H-1B needs Step 3")}

Outcome = tuple[int, str | None]


def visa_outcome(f: Facts, visa: str | None) -> Outcome:
    need = f.visa_need
    if need == "none":
        return PASS, None
    if visa is None:
        return UNCLEAR, "visa policy unknown" + ASK
    if need is None:
        return UNCLEAR, "your visa need is not in your profile"
    if need in ("J-1", "J-1 or H-1B") and visa in _GIVES_J1:
        return PASS, None
    if need in ("H-1B", "J-1 or H-1B") and visa in _GIVES_H1B:
        return _STEP3.get(f.step3, _STEP3[None])
    return FAIL, f"sponsors {_SPONSORS[visa]}; you need {need}"


def fail_outcome(f: Facts, policy: str | None) -> Outcome:
    if f.has_fail is False or policy == "case by case":
        return PASS, None
    if f.has_fail is None:
        return UNCLEAR, "your exam attempt history is not in your profile"
    if policy == "no failed attempts":
        return FAIL, "no failed attempts accepted; you have a failed attempt"
    return UNCLEAR, "fail policy not stated" + ASK


RESEARCH = ": look it up or ask by email"


def step2_outcome(f: Facts, minimum: int | None) -> Outcome:
    if minimum is None:
        return UNCLEAR, "Step 2 CK minimum not researched yet" + RESEARCH
    if f.step2 is None:
        return UNCLEAR, f"Step 2 CK not in your profile; published minimum {minimum}"
    if f.step2 < minimum:
        return FAIL, f"Step 2 CK {f.step2} below published minimum {minimum}"
    return PASS, None


def grad_outcome(f: Facts, limit: int | None) -> Outcome:
    if limit is None:
        return UNCLEAR, "graduation limit not researched yet" + RESEARCH
    if f.years is None:
        return UNCLEAR, f"graduation year not in your profile; program limit {limit} years"
    if f.years > limit:
        return FAIL, f"graduated {f.years} years ago; program limit {limit} years"
    return PASS, None


def requirement_outcomes(f: Facts, row: dict) -> list[Outcome]:
    """Fail policy, Step 2 CK minimum and graduation limit of one program row, as the frame
    gates decide them (a recorded "publishes none" with a blank number passes)."""
    def number(column: str, outcome: Callable[[int | None], Outcome]) -> Outcome:
        if row.get(column) is None and row.get(PUBLISHES_NONE_FLAGS[column]):
            return PASS, None
        return outcome(row.get(column))
    return [fail_outcome(f, row.get("fail_policy")),
            number("step2_min", lambda v: step2_outcome(f, v)),
            number("grad_limit_years", lambda v: grad_outcome(f, v))]


def _outcomes(column: str, f: Facts) -> list[Outcome]:
    """The gate's outcome per position of the column's code (scoring.codes)."""
    if column == "visa":
        return [visa_outcome(f, v) for v in (*VISAS, None)]
    if column == "fail_policy":
        return [fail_outcome(f, v) for v in (*FAIL_POLICIES, None)]
    outcome = step2_outcome if column == "step2_min" else grad_outcome
    # 0..maximum, unknown, then a blank number with "publishes none" recorded: it passes
    return [*(outcome(f, v) for v in range(number_maximum(column) + 1)), outcome(f, None), (PASS, None)]


_CODES = {"visa": codes.VISA, "fail_policy": codes.FAIL_POLICY, **codes.NUMBER_CODES}


def _covered(f: Facts) -> list[bool | None]:
    return [{PASS: True, FAIL: False}.get(visa_outcome(f, v)[0]) for v in (*VISAS, None)]


def visa_covered(f: Facts) -> pl.Expr:
    """True when the program sponsors the visa the applicant needs, null when unclear."""
    return lookup("visa", VISAS, dict(zip((*VISAS, None), _covered(f))), pl.Boolean())


def visa_covered_by_code(f: Facts) -> pl.Expr:
    """visa_covered, read from the visa's code (scoring.codes), in a stage after it."""
    return by_code(_CODES["visa"], _covered(f), pl.Boolean())


def columns(f: Facts) -> dict[str, pl.Expr]:
    """Each gate's outcome is decided in Python for every possible value and looked up by
    the value's code; the worst status names the eligibility, the reasons join in gate
    order. The visa and fail policy gates share one lookup of both reasons joined."""
    outcomes = {column: _outcomes(column, f) for column in _CODES}
    statuses = [by_code(_CODES[c], [s for s, _ in o], pl.Int8()) for c, o in outcomes.items()]
    fails = len(FAIL_POLICIES) + 1
    visa_and_fail = [("; ".join(r for r in (visa[1], fail[1]) if r) or None)
                     for visa in outcomes["visa"] for fail in outcomes["fail_policy"]]
    pair = pl.col(codes.VISA) * fails + pl.col(codes.FAIL_POLICY)
    reasons = [by_index(pair, visa_and_fail, pl.String()),
               *(by_code(_CODES[c], [r for _, r in outcomes[c]], pl.String())
                 for c in codes.NUMBER_CODES)]
    return {
        "eligibility": by_index(pl.max_horizontal(statuses),
                                [ELIGIBILITY[i] for i in range(len(ELIGIBILITY))], pl.String()),
        "eligibility_reasons": pl.concat_str(reasons, separator="; ", ignore_nulls=True),
    }


def why() -> dict[str, pl.Expr]:
    elig, reasons = pl.col("eligibility"), pl.col("eligibility_reasons")
    checked = "visa, fail policy, Step 2 CK minimum, graduation limit"
    return {
        "eligibility": pl.when(elig == "eligible")
        .then(pl.lit(f"Eligible: passes every gate ({checked})."))
        .otherwise(pl.format("{}: {}.", elig.str.to_titlecase(), reasons)),
        "eligibility_reasons": pl.when(reasons == "")
        .then(pl.lit(f"No gate reasons: {checked} all pass."))
        .otherwise(pl.format("Gates checked in order ({}); these did not pass: {}.",
                             pl.lit(checked), reasons)),
    }
