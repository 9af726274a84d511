"""Tier balance of the radiology application list against the recommended shares (DOMAIN 6)."""

from __future__ import annotations

import math
from dataclasses import dataclass
from typing import Any

import polars as pl

from registry.specialties import RADIOLOGY
from scoring.lookup import one_of
from scoring.run import collect
from scoring.tiers import TIERS


@dataclass(frozen=True)
class BalanceLine:
    tier: str
    count: int
    percent: float
    low: float
    high: float
    advice: str | None  # one line when the share is outside low-high


RADIOLOGY_LIST = one_of("specialty", RADIOLOGY) & pl.col("status").ne_missing("withdrawn")
_LISTED_TIERS = pl.col("tier").filter(RADIOLOGY_LIST)


def tier_counts_of(programs: pl.DataFrame) -> dict[str, int]:
    """One count per tier over the radiology list: programs not withdrawn that have a tier.
    One small query picks the list's tiers; counting them on the Series plans none."""
    tiers = collect(programs.lazy().select(_LISTED_TIERS)).to_series()
    return {t: (tiers == t).sum() for t in TIERS}


def _advice(tier: str, count: int, total: int, low: float, high: float) -> str | None:
    percent = 100.0 * count / total
    shares = f"{tier} {percent:.0f}% is"
    if percent < low:
        if low >= 100:
            return f"{shares} below {low:g}%: drop the other tiers."
        # n more of this tier so that (count + n) / (total + n) reaches low
        n = math.ceil(round((low / 100 * total - count) / (1 - low / 100), 9))
        return f"{shares} below {low:g}-{high:g}%: add about {n} {tier} program(s)."
    if percent > high:
        if high <= 0:
            return f"{shares} above 0%: drop the {tier} programs."
        # n programs of other tiers so that count / (total + n) falls to high
        n = math.ceil(round(100 * count / high - total, 9))
        others = " or ".join(t for t in TIERS if t != tier)
        return (f"{shares} above {low:g}-{high:g}%: add about {n} {others} program(s) "
                f"or drop some {tier}.")
    return None


def balance_lines(counts: dict[str, int], s: dict[str, Any]) -> list[BalanceLine]:
    total = sum(counts.values())
    lines = []
    for tier in TIERS:
        low, high = s[f"balance.{tier.lower()}_min"], s[f"balance.{tier.lower()}_max"]
        count = counts[tier]
        lines.append(BalanceLine(tier, count, 100.0 * count / total if total else 0.0, low, high,
                                 _advice(tier, count, total, low, high) if total else None))
    return lines
