"""Fit score 0-100 (DOMAIN 6): a weighted mean of priorities met, personal fit, IMG score,
research strength and, for an applicant targeting IR, the IR pathway.

Weights come from the settings and are normalised over the parts that apply, so the score
stays within 0-100 whatever the user sets. An unknown value counts 0 and the why says so.
Each part is 0-1; the weighted mean is written as one flat sum with the weights folded into
the coefficients, which keeps the expression shallow (and fast) in Polars.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from scoring import codes
from scoring.facts import Facts
from scoring.img import MAX_SCORE
from scoring.lookup import by_code
from scoring.priorities import Priority
from registry.choices import IR_PATHWAYS, STRENGTHS
from registry.specialties import INTEGRATED_IR


def _ordinal(choices: tuple[str, ...], scale: float) -> dict[str | None, float]:
    """Registry order as a 0-1 scale (times `scale`): the first choice 0, the last 1, an
    unknown value 0."""
    return {None: 0.0, **{c: scale * i / (len(choices) - 1) for i, c in enumerate(choices)}}


def ir_level() -> pl.Expr:
    """An integrated IR/DR program is by definition the strongest IR pathway."""
    return pl.when(pl.col("specialty") == INTEGRATED_IR).then(pl.lit(IR_PATHWAYS[-1])) \
        .otherwise(pl.col("ir_pathway"))


def _weights(f: Facts, s: dict[str, Any], priorities: tuple[Priority, ...]) -> dict[str, float]:
    """Weight per part that applies to this applicant."""
    parts = {"priorities": s["fit.w_priorities"], "personal fit": s["fit.w_personal"],
             "IMG score": s["fit.w_img"], "research": s["fit.w_research"],
             "IR pathway": s["fit.w_ir"]}
    if not sum(p.weight for p in priorities):
        del parts["priorities"]
    if not f.target_ir:
        del parts["IR pathway"]
    return {k: float(v) for k, v in parts.items()}


def columns(f: Facts, s: dict[str, Any], priorities: tuple[Priority, ...]) -> dict[str, pl.Expr]:
    weights = _weights(f, s, priorities)
    total = sum(weights.values())
    if total == 0:
        return {"fit": pl.lit(None, pl.Float64)}
    k = {name: 100.0 * w / total for name, w in weights.items()}  # points per part at full marks
    research = _ordinal(STRENGTHS, k["research"])
    terms = [
        pl.col("personal_fit").fill_null(1) * (k["personal fit"] / 4),  # 1-5 -> 0-1 below
        pl.col("img_score") * (k["IMG score"] / MAX_SCORE),
        by_code(codes.RESEARCH, [research[c] for c in (*STRENGTHS, None)], pl.Float64()),
    ]
    if "priorities" in weights:
        terms.append(pl.col("priority_points")
                     * (k["priorities"] / sum(p.weight for p in priorities)))
    if "IR pathway" in weights:
        scale = _ordinal(IR_PATHWAYS, k["IR pathway"])
        terms.append(by_code(codes.IR_LEVEL, [scale[c] for c in (*IR_PATHWAYS, None)],
                             pl.Float64()))
    score = pl.sum_horizontal(terms) - k["personal fit"] / 4
    return {"fit": score.clip(0.0, 100.0).round(1)}


def why(f: Facts, s: dict[str, Any], priorities: tuple[Priority, ...]) -> dict[str, pl.Expr]:
    weights = _weights(f, s, priorities)
    total = sum(weights.values())
    if total == 0:
        return {"fit": pl.lit("No fit score: every fit weight is 0 in the settings.")}
    values = {
        "priorities": pl.format("priorities {}/{} points", pl.col("priority_points"),
                                pl.lit(sum(p.weight for p in priorities))),
        "personal fit": pl.when(pl.col("personal_fit").is_null())
        .then(pl.lit("personal fit not rated (0)"))
        .otherwise(pl.format("personal fit {}/5", pl.col("personal_fit"))),
        "IMG score": pl.format("IMG score {}/{}", pl.col("img_score"), pl.lit(MAX_SCORE)),
        "research": pl.format("research {}", pl.col("research").fill_null("unknown (0)")),
        "IR pathway": pl.format("IR pathway {}", ir_level().fill_null("unknown (0)")),
    }
    listed = [pl.format("{} x{}", values[name], pl.lit(f"{w / total:.0%}"))
              for name, w in weights.items()]
    return {"fit": pl.format("Fit {}: weighted mean of {}.", pl.col("fit"),
                             pl.concat_str(listed, separator=", "))}
