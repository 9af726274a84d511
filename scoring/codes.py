"""Positions of the enum-like program values that several rules look up, computed once.

Turning a text value into its position (a cast to a Polars Enum) is the dearest step of a
lookup, and the visa, fail policy, program type and IR pathway each feed several rules; the
specialty and research feed rules that also read the settings. The first stage, which reads
program columns alone, stores each position once, as a hidden column the later stages gather
by; the scored frame never shows them. Positions are 16-bit: the largest is a Step 2 CK score
plus two, and every index built from them stays far below 32,767 (at 50,000 programs a 64-bit
column would hold 0.35 MB more, per code). Their literals are typed (scoring.lookup.typed).
"""

from __future__ import annotations

import polars as pl

from scoring.lookup import code, typed
from registry.choices import FAIL_POLICIES, IR_PATHWAYS, PROGRAM_TYPES, PUBLISHES_NONE_FLAGS, STRENGTHS, VISAS
from registry.fields import get_field
from registry.specialties import INTEGRATED_IR, SPECIALTIES

# hidden column -> its choices; the position of an unknown or unlisted value is len(choices)
VISA = "_visa_code"
FAIL_POLICY = "_fail_policy_code"
PROGRAM_TYPE = "_program_type_code"
IR_LEVEL = "_ir_level_code"
SPECIALTY = "_specialty_code"
RESEARCH = "_research_code"
# a published number: its value 0..maximum, maximum + 1 unknown, maximum + 2 "publishes none"
STEP2_MIN = "_step2_min_code"
GRAD_LIMIT = "_grad_limit_years_code"
NUMBER_CODES = {"step2_min": STEP2_MIN, "grad_limit_years": GRAD_LIMIT}


def _position(column: str, choices: tuple[str, ...]) -> pl.Expr:
    return code(column, choices).cast(pl.Int16).fill_null(typed(len(choices), pl.Int16()))


def ir_level_index() -> pl.Expr:
    """The IR pathway as its position in IR_PATHWAYS (unknown: len(IR_PATHWAYS)); an
    integrated IR/DR program is by definition the strongest pathway."""
    return pl.when(pl.col("specialty") == INTEGRATED_IR).then(typed(len(IR_PATHWAYS) - 1, pl.Int16())) \
        .otherwise(_position("ir_pathway", IR_PATHWAYS))


def number_maximum(column: str) -> int:
    return int(get_field("programs", column).maximum or 0)


def _number(column: str) -> pl.Expr:
    """A blank number with "publishes none" recorded is its own position; a number entered
    wins over the flag; a number beyond the registry bound counts as the bound."""
    maximum = number_maximum(column)
    bound = pl.col(column).clip(typed(0, pl.Int64()), typed(maximum, pl.Int64()))
    publishes_none = pl.when(pl.col(PUBLISHES_NONE_FLAGS[column])).then(typed(maximum + 2, pl.Int64()))
    return pl.coalesce(bound, publishes_none, typed(maximum + 1, pl.Int64()))


def columns() -> dict[str, pl.Expr]:
    return {VISA: _position("visa", VISAS), FAIL_POLICY: _position("fail_policy", FAIL_POLICIES),
            PROGRAM_TYPE: _position("program_type", PROGRAM_TYPES),
            IR_LEVEL: ir_level_index(),
            SPECIALTY: _position("specialty", SPECIALTIES), RESEARCH: _position("research", STRENGTHS),
            **{name: _number(column).cast(pl.Int16) for column, name in NUMBER_CODES.items()}}
