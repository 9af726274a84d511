"""Suggested rank order of interviewed programs (DOMAIN 9) and how stable it is when the
rank weights move."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

import polars as pl

from scoring.fit import ir_level
from scoring.gates import ELIGIBILITY
from scoring.rank import WEIGHT_KEYS, latest_interviews, rank_score, setting_weights
from scoring.run import collect

if TYPE_CHECKING:  # engine imports this module's callers; a runtime import would be circular
    from scoring.engine import ScoredFrames

# IR applicants: integrated IR/DR first, then strong, then moderate IR pathways, then the rest.
IR_CLASSES = ("integrated", "strong", "moderate")
_GROUP = {label: status for status, label in ELIGIBILITY.items()}


@dataclass(frozen=True)
class SuggestedEntry:
    program_id: int
    rank_score: float | None
    reason: str


@dataclass(frozen=True)
class Stability:
    program_id: int
    position: int  # 1-based, in the suggested order
    kept_share: float  # share of draws in which the program keeps this position
    fragile: bool


def _interviewed(scored: ScoredFrames, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Interviewed programs with their latest ratings and the fixed parts of the sort key."""
    programs = scored.programs.filter(pl.col("interviewed")).select(
        "id", "eligibility", "eligibility_reasons", "fit", "specialty", "ir_pathway")
    ir_class = (ir_level().replace_strict({c: i for i, c in enumerate(IR_CLASSES)},
                                          default=len(IR_CLASSES), return_dtype=pl.Int8)
                if scored.facts.target_ir else pl.lit(0, pl.Int8))
    return collect(
        programs.lazy()
        .join(latest_interviews(frames["interviews"]), left_on="id", right_on="program_id")
        .with_columns(_group=pl.col("eligibility").replace_strict(_GROUP, return_dtype=pl.Int8),
                      _ir=ir_level(), _ir_class=ir_class))


def _sort(frame: pl.DataFrame, by_draw: bool) -> pl.DataFrame:
    """Gated programs (unclear, then ineligible) never sit above eligible ones."""
    keys = ["_group", "_ir_class", "_score", "fit", "id"]
    desc = [False, False, True, True, False]
    if by_draw:
        keys, desc = ["_draw", *keys], [False, *desc]
    return frame.sort(keys, descending=desc, nulls_last=True)


def _ordered(programs: pl.DataFrame, s: dict[str, Any]) -> pl.DataFrame:
    return _sort(programs.with_columns(_score=rank_score(setting_weights(s))), by_draw=False)


def suggested_order(scored: ScoredFrames, frames: dict[str, pl.DataFrame],
                    s: dict[str, Any]) -> list[SuggestedEntry]:
    ordered = _ordered(_interviewed(scored, frames), s)
    entries = []
    for row in ordered.iter_rows(named=True):
        parts = [row["eligibility"] if row["_group"] == 0 else
                 f"{row['eligibility']} ({row['eligibility_reasons']}): "
                 "kept below eligible programs"]
        if scored.facts.target_ir:
            parts.append(f"IR pathway {row['_ir'] or 'unknown'}")
        parts.append("not rated yet" if row["_score"] is None else f"rank score {row['_score']:g}")
        entries.append(SuggestedEntry(row["id"], row["_score"], "; ".join(parts)))
    return entries


def sensitivity(scored: ScoredFrames, frames: dict[str, pl.DataFrame], s: dict[str, Any],
                draws: int | None = None, seed: int | None = None) -> list[Stability]:
    """Vary every rank weight (and the red-flag penalty) at random by +-spread and re-sort
    through the same rank formula; count how often each program keeps its position."""
    draws = s["sensitivity.draws"] if draws is None else draws
    rng = random.Random(s["odds.seed"] if seed is None else seed)
    spread = s["sensitivity.spread"]
    programs = _interviewed(scored, frames)
    base_pos = _ordered(programs, s).select("id", _base=pl.int_range(1, pl.len() + 1))
    weights = pl.DataFrame(
        {"_draw": range(draws),
         **{k: [s[k] * rng.uniform(1 - spread, 1 + spread) for _ in range(draws)]
            for k in WEIGHT_KEYS}},
        schema={"_draw": pl.Int64, **{k: pl.Float64 for k in WEIGHT_KEYS}})
    varied = _sort(weights.join(programs, how="cross").with_columns(
        _score=rank_score({k: pl.col(k) for k in WEIGHT_KEYS})), by_draw=True)
    kept = (varied.with_columns(_pos=pl.int_range(1, pl.len() + 1).over("_draw"))
            .join(base_pos, on="id").group_by("id")
            .agg(kept=(pl.col("_pos") == pl.col("_base")).mean()))
    share = dict(kept.iter_rows())
    fragile_below = s["sensitivity.fragile_below"]
    return [Stability(pid, pos, share.get(pid, 1.0), share.get(pid, 1.0) < fragile_below)
            for pid, pos in base_pos.iter_rows()]
