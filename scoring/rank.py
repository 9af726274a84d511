"""After interviews (DOMAIN 9): rank score from the five impression ratings, lowered by red
flags noticed, and the do-not-rank warning.

Only a program's latest interview counts. The rank score reads nothing else, so it is
computed on the (small) interviews frame and joined to the programs afterwards.
"""

from __future__ import annotations

from typing import Any

import polars as pl

from scoring import codes
from scoring.facts import Facts
from scoring.gates import FAIL, visa_outcome
from scoring.lookup import by_index
from registry.choices import VISAS

# rating column -> weight setting, in the order the why lists them
RATINGS = {"culture": "rank.w_culture", "education": "rank.w_education",
           "img_support": "rank.w_img_support", "happiness": "rank.w_happiness",
           "location": "rank.w_location"}
PENALTY = "rank.red_flag_penalty"
WEIGHT_KEYS = (*RATINGS.values(), PENALTY)
_LABELS = {"culture": "culture", "education": "education", "img_support": "IMG support/visa",
           "happiness": "happiness", "location": "location"}
Weight = float | pl.Expr


_LATEST = (  # built once: making expressions costs more than running them on a few rows
    "program_id", pl.col("id").alias("_iv_id"),
    *(pl.col(r).alias(f"_iv_{r}") for r in RATINGS),
    # the stored count is the one count (a written note raises it to 1 when it is saved)
    pl.col("red_flag_count").fill_null(0).alias("_iv_flags"),
)
INTERVIEW_COLUMNS = tuple(e.meta.output_name() for e in _LATEST[1:])  # what each program is joined


def latest_interviews(interviews: pl.DataFrame) -> pl.LazyFrame:
    """One row per program: its latest interview (highest id), as `_iv_*` columns."""
    return interviews.lazy().sort("id").unique(subset="program_id", keep="last").select(_LATEST)


def rank_score(weights: dict[str, Weight]) -> pl.Expr:
    """Rank score 0-100, null when nothing is rated: the weighted mean of the ratings scaled
    1-5 -> 0-100 (an unrated item counts as 1), minus the red-flag penalty.

    Weights are floats, or expressions when the sensitivity analysis varies them per draw
    through this same formula."""
    total = sum(weights[k] for k in RATINGS.values())
    rated = pl.max_horizontal([pl.col(f"_iv_{r}") for r in RATINGS]).is_not_null()
    if isinstance(total, (int, float)) and total == 0:
        return pl.when(rated).then(pl.lit(0.0))  # nothing carries weight
    # (r - 1) / 4 * 100 weighted by w / total == sum(r * 25 w / total) - 25
    base = pl.sum_horizontal([pl.col(f"_iv_{r}").fill_null(1) * (weights[k] * 25.0 / total)
                              for r, k in RATINGS.items()]) - 25.0
    score = (base - pl.col("_iv_flags") * weights[PENALTY]).clip(0.0, 100.0).round(1)
    if isinstance(total, pl.Expr):
        score = pl.when(total > 0).then(score).otherwise(0.0)
    return pl.when(rated).then(score)


def setting_weights(s: dict[str, Any]) -> dict[str, float]:
    return {k: float(s[k]) for k in WEIGHT_KEYS}


def interview_columns(s: dict[str, Any]) -> dict[str, pl.Expr]:
    return {"rank_score": rank_score(setting_weights(s))}


def columns(f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    return {"interviewed": pl.col("_iv_id").is_not_null(), "do_not_rank_warning": _warning(f, s)}


def _warning(f: Facts, s: dict[str, Any]) -> pl.Expr:
    """Do not rank: the visa gate fails, or visa confidence at interview is low. Both depend on
    one small value each (visa, rating 1-5), so every combination is written out once and
    looked up by code = visa position * 6 + rating (0 when not rated)."""
    at = s["rank.visa_warning_at"]
    texts = []
    for visa in (*VISAS, None):
        status, reason = visa_outcome(f, visa)
        for rating in range(6):
            parts = [f"cannot sponsor your visa ({reason})" if status == FAIL else None,
                     f"visa confidence {rating}/5 at interview (warning at {at} or below)"
                     if 0 < rating <= at else None]
            texts.append("; ".join(p for p in parts if p) or None)
    index = pl.col(codes.VISA) * 6 + pl.col("_iv_img_support").fill_null(0).clip(0, 5)
    return by_index(index, texts, pl.String())


def why(s: dict[str, Any]) -> dict[str, pl.Expr]:
    total = sum(float(s[k]) for k in RATINGS.values())
    parts = [pl.format("{} {} x{}", pl.lit(_LABELS[r]),
                       pl.col(f"_iv_{r}").cast(pl.String).fill_null("not rated (1)"),
                       pl.lit(f"{float(s[k]) / total:.0%}" if total else "0%"))
             for r, k in RATINGS.items()]
    warning = pl.col("do_not_rank_warning")
    penalty = f"{float(s[PENALTY]):g}"
    return {
        "interviewed": pl.when(pl.col("interviewed"))
        .then(pl.format("Interview record #{} is used.", pl.col("_iv_id")))
        .otherwise(pl.lit("No interview recorded.")),
        "rank_score": pl.when(pl.col("rank_score").is_null())
        .then(pl.lit("No rank score: no interview impressions rated yet."))
        .otherwise(pl.format(
            "Rank score {}: ratings 1-5 scaled to 0-100 and weighted ({}), minus " + penalty
            + " per red flag noticed ({}).",
            pl.col("rank_score"), pl.concat_str(parts, separator=", "), pl.col("_iv_flags"))),
        "do_not_rank_warning": pl.when(warning.is_null())
        .then(pl.lit("No do-not-rank warning: the visa is covered and visa confidence is not low."))
        .otherwise(pl.format("Do not rank: {}.", warning)),
    }
