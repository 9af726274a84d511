"""Typical Step 2 CK, the applicant's distance from it, and the Reach/Target/Safety tier
(DOMAIN 6)."""

from __future__ import annotations

from typing import Any

import polars as pl

from scoring.facts import Facts
from scoring import codes
from scoring.fit import ir_level
from scoring.gates import PASS, visa_outcome
from scoring.lookup import by_index
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
    index = pl.col(codes.SPECIALTY) * len(types) + pl.col(codes.PROGRAM_TYPE)
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
    index = ((pl.col(codes.PROGRAM_TYPE) * len(levels) + pl.col(codes.IR_LEVEL)) * len(visas)
             + pl.col(codes.VISA))
    return {"ir_tier": by_index(index, tiers, pl.Int64())}


def _delta(f: Facts) -> pl.Expr:
    return pl.lit(None, pl.Int64) if f.step2 is None else f.step2 - pl.col("typical_step2_used")


def _rules(f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    delta, img = _delta(f), pl.col("img_score")
    return {
        "reach_score": delta < -s["tier.reach_margin"],
        "reach_academic": (pl.col("program_type") == "university")
        & (img <= s["tier.reach_img_max"]),
        "safety": (img >= s["tier.safety_img_min"]) & (delta >= s["tier.safety_margin"]),
    }


def columns_tier(f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """Needs typical_step2_used, img_score and eligibility from an earlier stage."""
    r = _rules(f, s)
    index = (pl.when(pl.col("eligibility") == "ineligible").then(None)
             .when(pl.col("typical_step2_used").is_null()).then(None)
             .when(r["reach_score"] | r["reach_academic"]).then(TIERS.index("Reach"))
             .when(r["safety"]).then(TIERS.index("Safety"))
             .otherwise(TIERS.index("Target")))
    return {
        "tier": by_index(index, TIERS, pl.String()),
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
    r = _rules(f, s)
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
        .when(r["reach_score"]).then(pl.format(
            "Reach: {}, more than {} below.", against, pl.lit(s["tier.reach_margin"])))
        .when(r["reach_academic"]).then(pl.format(
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
