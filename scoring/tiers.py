"""Typical Step 2 CK, the applicant's distance from it, and the Reach/Target/Safety tier
(DOMAIN 6)."""

from __future__ import annotations

import math
from typing import Any

import polars as pl

from scoring.facts import Facts
from scoring import codes
from scoring.fit import ir_level
from scoring.img import MAX_SCORE
from scoring.gates import PASS, visa_outcome
from scoring.lookup import by_index, typed
from registry.choices import IR_PATHWAYS, PROGRAM_TYPES, VISAS
from registry.specialties import RADIOLOGY, SPECIALTIES

# Radiology estimates go by program type; every other specialty has one estimate of its own
# (setting typical.<specialty>, 0 = none), so a backup program is tiered against its own field.
TIERS = ("Reach", "Target", "Safety")
ESTIMATE_NOTE = "estimate, no published source: set your own in Settings (F10)"


def specialty_estimates(s: dict[str, Any]) -> dict[str, int]:
    return {sp: int(s.get(f"typical.{sp}") or 0) or None
            for sp in SPECIALTIES if sp not in RADIOLOGY}


def columns_typical(s: dict[str, Any]) -> dict[str, pl.Expr]:
    """One lookup by (specialty, program type) position: radiology goes by program type,
    every other specialty by its own estimate."""
    estimates, types = specialty_estimates(s), (*PROGRAM_TYPES, None)
    table = [s[f"typical.{t}"] if sp in RADIOLOGY and t else None if sp in RADIOLOGY
             else estimates.get(sp) for sp in (*SPECIALTIES, None) for t in types]
    index = pl.col(codes.SPECIALTY) * typed(len(types), pl.Int16()) + pl.col(codes.PROGRAM_TYPE)
    return {"typical_step2_used": pl.coalesce(pl.col("typical_step2"),
                                              by_index(index, table, pl.Int64()))}


def ir_tier_of(program_type: str | None, level: str | None) -> int | None:
    """IR program tier for an IR applicant (DOMAIN 6): 1 highly competitive academic, 2
    university program with an active IR division, 3 community DR with IR exposure; None
    without IR exposure or when the type is unknown."""
    if level in (None, "none") or program_type is None:
        return None
    if program_type == "university" and level in ("strong", "integrated"):
        return 1
    return 3 if program_type == "community" else 2


def columns_ir_tier(f: Facts) -> dict[str, pl.Expr]:
    """Tier 1 counts only when the program sponsors the applicant's visa (the guide: the
    visa-friendly subset only). One lookup by (program type, IR level, visa) position."""
    if not f.target_ir:
        return {"ir_tier": pl.lit(None, pl.Int64)}
    types, levels, visas = (*PROGRAM_TYPES, None), (*IR_PATHWAYS, None), (*VISAS, None)
    tiers = []
    for t in types:
        for lv in levels:
            for v in visas:
                tier = ir_tier_of(t, lv)
                tiers.append(None if tier == 1 and visa_outcome(f, v)[0] != PASS else tier)
    index = ((pl.col(codes.PROGRAM_TYPE) * typed(len(levels), pl.Int16()) + pl.col(codes.IR_LEVEL))
             * typed(len(visas), pl.Int16()) + pl.col(codes.VISA))
    return {"ir_tier": by_index(index, tiers, pl.Int64())}


def _delta(f: Facts) -> pl.Expr:
    return pl.lit(None, pl.Int64) if f.step2 is None else f.step2 - pl.col("typical_step2_used")


# The tier rules, decided here in plain Python for every value they read and applied to the
# frame as lookups (one gather in place of a chain of tests: the one-row path plans fewer nodes).
def reach_by_score(f: Facts, s: dict[str, Any], typical: int) -> bool:
    return f.step2 is not None and f.step2 - typical < -s["tier.reach_margin"]


def safety_by_score(f: Facts, s: dict[str, Any], typical: int) -> bool:
    return f.step2 is not None and f.step2 - typical >= s["tier.safety_margin"]


def reach_academic(s: dict[str, Any], program_type: str | None, img: int) -> bool:
    return program_type == "university" and img <= s["tier.reach_img_max"]


def tier_of(f: Facts, s: dict[str, Any], program_type: str | None, img: int, typical: int) -> str:
    """The tier of an eligible program with a typical Step 2 CK (the others have none)."""
    if reach_by_score(f, s, typical) or reach_academic(s, program_type, img):
        return "Reach"
    if img >= s["tier.safety_img_min"] and safety_by_score(f, s, typical):
        return "Safety"
    return "Target"


TIER_CODE = "_tier_code"
_TYPES = (*PROGRAM_TYPES, None)


def columns_tier_code() -> dict[str, pl.Expr]:
    """What the tier reads besides the typical Step 2 CK, as one position: ineligible, program
    type, IMG score. Needs eligibility (never null) and img_score (0..MAX_SCORE, never null)."""
    ineligible = pl.col("eligibility").eq_missing("ineligible").cast(pl.Int16)
    return {TIER_CODE: (ineligible * typed(len(_TYPES), pl.Int16()) + pl.col(codes.PROGRAM_TYPE))
            * typed(MAX_SCORE + 1, pl.Int16()) + pl.col("img_score")}


def _typical_range(f: Facts, s: dict[str, Any]) -> range:
    """The typical Step 2 CK values the score rules tell apart: each one beyond answers as the
    nearest end, so the typical is clipped to them."""
    if f.step2 is None:
        return range(0, 1)
    bounds = (f.step2 - s["tier.safety_margin"], f.step2 + s["tier.reach_margin"])
    return range(math.floor(min(bounds)), math.floor(max(bounds)) + 2)


def _typical_position(typicals: range) -> pl.Expr:
    return pl.col("typical_step2_used").clip(typicals.start, typicals.stop - 1) - typicals.start


def columns_tier(f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """Needs typical_step2_used from an earlier stage and TIER_CODE. The tier of every
    (TIER_CODE, typical) pair, looked up by position."""
    typicals = _typical_range(f, s)
    patterns: dict[tuple[bool, bool], list[str | None]] = {}  # tiers per typical, by IMG rules
    eligible: list[str | None] = []
    for t in _TYPES:
        for img in range(MAX_SCORE + 1):
            key = (reach_academic(s, t, img), img >= s["tier.safety_img_min"])
            if key not in patterns:  # a few patterns, each built once
                patterns[key] = [tier_of(f, s, t, img, v) for v in typicals]
            eligible += patterns[key]
    table = eligible + [None] * len(eligible)  # then every ineligible position: no tier
    # 16-bit, as TIER_CODE: under 9,000 while the margins keep their registry bounds (0..50)
    index = pl.col(TIER_CODE) * len(typicals) + _typical_position(typicals)
    return {
        "tier": by_index(index, table, pl.String()),
        "step2_delta": _delta(f),
        "typical_estimated": pl.col("typical_step2").is_null()
        & pl.col("typical_step2_used").is_not_null(),
    }


def _why_ir_tier(f: Facts) -> pl.Expr:
    if not f.target_ir:
        return pl.lit("No IR tier: you are not targeting IR.")
    tier, level, ptype = pl.col("ir_tier"), ir_level(), pl.col("program_type")
    kinds = pl.when(tier == 1).then(pl.lit("highly competitive academic; sponsors your visa")) \
        .when(tier == 2).then(pl.lit("university program with an active IR division")) \
        .otherwise(pl.lit("community DR with IR exposure"))
    return (pl.when(tier.is_not_null())
            .then(pl.format("IR tier {}: {} program, IR pathway {} ({}).",
                            tier, ptype, level, kinds))
            .when(level.is_null() | (level == "none"))
            .then(pl.format("No IR tier: IR pathway {}.", level.fill_null("unknown")))
            .when(ptype.is_null()).then(pl.lit("No IR tier: program type unknown."))
            .otherwise(pl.lit("No IR tier: a highly competitive academic IR program counts only "
                              "when it sponsors your visa.")))


WHY_ESTIMATED_FOR, WHY_NO_TYPICAL, WHY_AGAINST = "_why_estimated_for", "_why_no_typical", "_why_against"


def why_parts(f: Facts) -> tuple[dict[str, pl.Expr], ...]:
    """Phrases several sentences share, as stages of hidden columns: written into each
    sentence, they made expressions so deep that planning them cost milliseconds."""
    typical, delta = pl.col("typical_step2_used"), pl.col("step2_delta")
    radiology = pl.col("specialty").is_in(RADIOLOGY)
    est = pl.when(pl.col("typical_estimated")).then(
        pl.format(" (estimated for {}: {})", pl.col(WHY_ESTIMATED_FOR), pl.lit(ESTIMATE_NOTE))
    ).otherwise(pl.lit(""))
    return (
        {WHY_ESTIMATED_FOR: pl.when(radiology).then(pl.format("a {} program", pl.col("program_type")))
         .otherwise(pl.format("{} programs", pl.col("specialty"))),
         WHY_NO_TYPICAL: pl.when(radiology).then(
             pl.lit("typical Step 2 CK unknown and program type unknown, so no estimate")).otherwise(
             pl.format("typical Step 2 CK unknown and no estimate for {}", pl.col("specialty")))},
        {WHY_AGAINST: pl.when(typical.is_null()).then(pl.col(WHY_NO_TYPICAL)).when(delta.is_null()).then(
            pl.format("your Step 2 CK is unknown; typical {}{}", typical, est)).otherwise(
            pl.format("your Step 2 CK {} is {} the typical {}{}", pl.lit(f.step2),
                      pl.when(delta >= 0).then(pl.format("{} above", delta))
                      .otherwise(pl.format("{} below", -delta)), typical, est))},
    )


def why(f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """Reads the columns of why_parts."""
    typicals = _typical_range(f, s)
    reach_score = by_index(_typical_position(typicals), [reach_by_score(f, s, v) for v in typicals],
                           pl.Boolean())
    academic = by_index(pl.col(codes.PROGRAM_TYPE) * (MAX_SCORE + 1) + pl.col("img_score"),
                        [reach_academic(s, t, img) for t in _TYPES for img in range(MAX_SCORE + 1)],
                        pl.Boolean())
    typical, delta, img = pl.col("typical_step2_used"), pl.col("step2_delta"), pl.col("img_score")
    estimated_for, no_typical, against = (pl.col(n) for n in (WHY_ESTIMATED_FOR, WHY_NO_TYPICAL, WHY_AGAINST))
    tier = pl.col("tier")
    return {
        "ir_tier": _why_ir_tier(f),
        "tier": pl.when(tier.is_null() & (pl.col("eligibility") == "ineligible"))
        .then(pl.lit("No tier: the program is ineligible."))
        .when(tier.is_null()).then(pl.format(
            "Tier unknown: {}. Add the typical Step 2 CK of matched residents (or an estimate "
            "for {} in Settings).", no_typical, pl.col("specialty")))
        .when(reach_score).then(pl.format(
            "Reach: {}, more than {} below.", against, pl.lit(s["tier.reach_margin"])))
        .when(academic).then(pl.format(
            "Reach: university program with IMG score {} (at most {}); {}.", img,
            pl.lit(s["tier.reach_img_max"]), against))
        .when(tier == "Safety").then(pl.format(
            "Safety: IMG score {} (at least {}) and {} (needs {} above).", img,
            pl.lit(s["tier.safety_img_min"]), against, pl.lit(s["tier.safety_margin"])))
        .otherwise(pl.format("Target: no Reach or Safety rule applies; {}, IMG score {}.",
                             against, img)),
        "typical_step2_used": pl.when(typical.is_null()).then(pl.format("{}.", no_typical))
        .when(pl.col("typical_estimated")).then(pl.format(
            "Typical Step 2 CK {} estimated for {} ({}).", typical, estimated_for,
            pl.lit(ESTIMATE_NOTE)))
        .otherwise(pl.format("Typical Step 2 CK {} as entered for this program.", typical)),
        "typical_estimated": pl.when(pl.col("typical_estimated"))
        .then(pl.lit("The program's typical Step 2 CK is not entered, so it is estimated."))
        .otherwise(pl.lit("No estimate used.")),
        "step2_delta": pl.when(delta.is_null()).then(pl.format("No difference: {}.", against))
        .otherwise(pl.format("Difference {}: {}.", delta, against)),
    }
