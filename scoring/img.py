"""IMG friendliness score, 0-10 (DOMAIN 4): the sum of five rubric items.

An item left empty counts 0 and is listed, so an unrated program is not mistaken for a
friendly one. Item bounds come from the field registry.
"""

from __future__ import annotations

import polars as pl

from scoring.lookup import by_index
from registry.fields import get_field

ITEMS = ("img_current_website", "img_alumni", "img_welcome", "img_visa_support",
         "img_word_of_mouth")
MAX_SCORE = sum(int(get_field("programs", n).maximum or 0) for n in ITEMS)


def _label(name: str) -> str:
    return get_field("programs", name).label.removeprefix("IMG: ")


# bit i set = item i not rated; the text per bit pattern is prepared once
_MISSING = {mask: ", ".join(_label(n) for i, n in enumerate(ITEMS) if mask >> i & 1)
            for mask in range(1 << len(ITEMS))}


def columns() -> dict[str, pl.Expr]:
    mask = pl.sum_horizontal([pl.col(n).is_null() * (1 << i) for i, n in enumerate(ITEMS)])
    return {
        "img_score": pl.sum_horizontal(ITEMS).clip(0, MAX_SCORE),
        "img_missing": by_index(mask, [_MISSING[m] for m in range(len(_MISSING))], pl.String()),
    }


def why() -> dict[str, pl.Expr]:
    parts = [pl.format("{} {}/{}", pl.lit(_label(n)), pl.col(n).fill_null(0),
                       pl.lit(int(get_field("programs", n).maximum or 0))) for n in ITEMS]
    total = pl.format("IMG score {}/{}: {}", pl.col("img_score"), pl.lit(MAX_SCORE),
                      pl.concat_str(parts, separator=", "))
    missing = pl.col("img_missing")
    return {
        "img_score": pl.when(missing == "").then(pl.format("{}.", total))
        .otherwise(pl.format("{}; not rated, counted 0: {}.", total, missing)),
        "img_missing": pl.when(missing == "").then(pl.lit("All five IMG rubric items are rated."))
        .otherwise(pl.format("Rubric items not rated yet (each counts 0): {}.", missing)),
    }
