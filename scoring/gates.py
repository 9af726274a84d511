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
from scoring.lookup import by_index, by_value, lookup
from registry.choices import FAIL_POLICIES, PUBLISHES_NONE_FLAGS, VISAS
from registry.fields import get_field

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


_DTYPES = (pl.Int8(), pl.String())  # status, reason


def _enum_gate(column: str, choices: tuple[str, ...],
               outcome: Callable[[str | None], Outcome]) -> tuple[pl.Expr, ...]:
    table = {v: outcome(v) for v in (*choices, None)}
    return tuple(lookup(column, choices, {k: v[i] for k, v in table.items()}, dtype)
                 for i, dtype in enumerate(_DTYPES))


def _number_gate(column: str, outcome: Callable[[int | None], Outcome]) -> tuple[pl.Expr, ...]:
    """A blank number with "publishes none" recorded passes; a number entered wins."""
    maximum = int(get_field("programs", column).maximum or 0)
    publishes_none = pl.col(PUBLISHES_NONE_FLAGS[column]).fill_null(False) & pl.col(column).is_null()
    status, reason = (by_value(column, maximum, lambda v, i=i: outcome(v)[i], dtype)
                      for i, dtype in enumerate(_DTYPES))
    return (pl.when(publishes_none).then(pl.lit(PASS, pl.Int8)).otherwise(status),
            pl.when(publishes_none).then(pl.lit(None, pl.String)).otherwise(reason))


def visa_covered(f: Facts) -> pl.Expr:
    """True when the program sponsors the visa the applicant needs, null when unclear."""
    table = {v: {PASS: True, FAIL: False}.get(visa_outcome(f, v)[0]) for v in (*VISAS, None)}
    return lookup("visa", VISAS, table, pl.Boolean())


def columns(f: Facts) -> dict[str, pl.Expr]:
    """Each gate's outcome is decided in Python for every possible value and applied as a
    lookup; the worst status names the eligibility, the reasons join in gate order."""
    gates = (
        _enum_gate("visa", VISAS, lambda v: visa_outcome(f, v)),
        _enum_gate("fail_policy", FAIL_POLICIES, lambda v: fail_outcome(f, v)),
        _number_gate("step2_min", lambda v: step2_outcome(f, v)),
        _number_gate("grad_limit_years", lambda v: grad_outcome(f, v)),
    )
    return {
        "eligibility": by_index(pl.max_horizontal([status for status, _ in gates]),
                                [ELIGIBILITY[i] for i in range(len(ELIGIBILITY))], pl.String()),
        "eligibility_reasons": pl.concat_str([reason for _, reason in gates], separator="; ",
                                             ignore_nulls=True),
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
