"""Suggested rank order of interviewed programs (DOMAIN 9) and how stable it is when the
rank weights move.

Keys, most important first (guide 001, ranking strategy): a program whose visa sponsorship is
uncertain or impossible never sits above one without that warning; then the user's order of
specialties (default: radiology above the backup); inside the radiology block an IR applicant's
integrated IR/DR, then strong, then moderate IR pathways; then the rank score. Ineligible
programs are not suggested at all: `not_suggested` lists them with the reason."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable

import polars as pl

from scoring.fit import ir_level
from scoring.gates import visa_covered
from scoring.rank import WEIGHT_KEYS, latest_interviews, rank_score, setting_weights
from scoring.run import collect

if TYPE_CHECKING:  # engine imports this module's callers; a runtime import would be circular
    from scoring.engine import ScoredFrames

# IR applicants: integrated IR/DR first, then strong, then moderate IR pathways, then the rest.
IR_CLASSES = ("integrated", "strong", "moderate")
RADIOLOGY = ("DR", "IR/DR", "IR")
RADIOLOGY_WORDS = ("DR", "radiology")  # either names the whole radiology block in the setting


def specialty_order(s: dict[str, Any], backup: str | None) -> list[str]:
    """The order of specialties from the setting (comma-separated); unlisted ones follow in
    the default order: radiology, the backup specialty, the rest."""
    named = [w.strip() for w in str(s.get("rank.specialty_order") or "").split(",") if w.strip()]
    blocks = ["DR" if w in RADIOLOGY_WORDS else w for w in named]
    for default in ("DR", backup):
        if default and default not in blocks:
            blocks.append(default)
    return blocks


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


def _block(specialty: pl.Expr, order: list[str]) -> pl.Expr:
    block = pl.when(specialty.is_in(RADIOLOGY)).then(pl.lit("DR")).otherwise(specialty)
    return block.replace_strict({b: i for i, b in enumerate(order)}, default=len(order),
                                return_dtype=pl.Int16)


def _interviewed(scored: ScoredFrames, frames: dict[str, pl.DataFrame],
                 s: dict[str, Any]) -> pl.DataFrame:
    """Interviewed, not ineligible programs with their latest ratings and the fixed parts of
    the sort key."""
    f = scored.facts
    programs = scored.programs.filter(
        pl.col("interviewed") & (pl.col("eligibility") != "ineligible")).select(
        "id", "eligibility", "eligibility_reasons", "fit", "specialty", "ir_pathway", "visa",
        "do_not_rank_warning")
    ir_class = (pl.when(pl.col("specialty").is_in(RADIOLOGY)).then(ir_level().replace_strict(
        {c: i for i, c in enumerate(IR_CLASSES)}, default=len(IR_CLASSES), return_dtype=pl.Int8))
                if f.target_ir else pl.lit(0, pl.Int8))
    visa_warning = pl.col("do_not_rank_warning").is_not_null() | visa_covered(f).is_null()
    return collect(
        programs.lazy()
        .join(latest_interviews(frames["interviews"]), left_on="id", right_on="program_id")
        .with_columns(_visa=visa_warning.cast(pl.Int8), _ir=ir_level(), _ir_class=ir_class,
                      _block=_block(pl.col("specialty"), specialty_order(s, f.backup_specialty))))


def _sort(frame: pl.DataFrame, by_draw: bool) -> pl.DataFrame:
    keys = ["_visa", "_block", "_ir_class", "_score", "fit", "id"]
    desc = [False, False, False, True, True, False]
    if by_draw:
        keys, desc = ["_draw", *keys], [False, *desc]
    return frame.sort(keys, descending=desc, nulls_last=True)


def _ordered(programs: pl.DataFrame, s: dict[str, Any]) -> pl.DataFrame:
    return _sort(programs.with_columns(_score=rank_score(setting_weights(s))), by_draw=False)


def suggested_order(scored: ScoredFrames, frames: dict[str, pl.DataFrame],
                    s: dict[str, Any]) -> list[SuggestedEntry]:
    ordered = _ordered(_interviewed(scored, frames, s), s)
    order = specialty_order(s, scored.facts.backup_specialty)
    entries = []
    for row in ordered.iter_rows(named=True):
        block = order[row["_block"]] if row["_block"] < len(order) else "other specialties"
        parts = [f"specialty block {row['_block'] + 1}: "
                 f"{'radiology' if block == 'DR' else block}"]
        if row["_visa"]:
            why = row["do_not_rank_warning"] or f"visa sponsorship uncertain ({row['eligibility_reasons']})"
            parts.append(f"{why}: kept below every program without a visa warning")
        if scored.facts.target_ir and row["specialty"] in RADIOLOGY:
            parts.append(f"IR pathway {row['_ir'] or 'unknown'}")
        parts.append("not rated yet" if row["_score"] is None else f"rank score {row['_score']:g}")
        entries.append(SuggestedEntry(row["id"], row["_score"], "; ".join(parts)))
    return entries


def not_suggested(scored: ScoredFrames, also: Iterable[int] = ()) -> list[SuggestedEntry]:
    """Programs the gates mark ineligible among the interviewed ones (and `also`, e.g. the
    programs on a rank list): shown apart, with the reason."""
    rows = scored.programs.filter((pl.col("interviewed") | pl.col("id").is_in(list(also)))
                                  & (pl.col("eligibility") == "ineligible"))
    return [SuggestedEntry(r["id"], None, f"not suggested: ineligible ({r['eligibility_reasons']})")
            for r in rows.select("id", "eligibility_reasons").iter_rows(named=True)]


def sensitivity(scored: ScoredFrames, frames: dict[str, pl.DataFrame], s: dict[str, Any],
                draws: int | None = None, seed: int | None = None) -> list[Stability]:
    """Vary every rank weight (and the red-flag penalty) at random by +-spread and re-sort
    through the same rank formula; count how often each program keeps its position."""
    draws = s["sensitivity.draws"] if draws is None else draws
    rng = random.Random(s["odds.seed"] if seed is None else seed)
    spread = s["sensitivity.spread"]
    programs = _interviewed(scored, frames, s)
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
