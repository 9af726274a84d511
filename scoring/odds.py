"""Match odds for a rank list, programs treated as independent (NRMP-style: the applicant
matches at the first program on the list that would take them)."""

from __future__ import annotations

import random
from dataclasses import dataclass
from typing import Any, Sequence

import polars as pl

from registry.settings import default_settings

_DEFAULTS = default_settings()


@dataclass(frozen=True)
class OddsBand:
    percent: float  # central share of the draws the band covers
    anywhere_low: float
    anywhere_median: float
    anywhere_high: float
    draws: int
    seed: int


@dataclass(frozen=True)
class MatchOdds:
    at_rank: list[float]  # P(match at position k), k = 1..n
    anywhere: float
    unmatched: float
    expected_rank: float | None  # 1-based, given a match; None when a match is impossible
    pgy1_given_match: list[float | None]  # per advanced program: P(its supplemental list matches)
    band: OddsBand | None  # only when probabilities carry an uncertainty


def default_probability(tier: str | None, s: dict[str, Any]) -> float:
    """Starting P(match if ranked) from the tier; an ineligible program (no tier) gets 0."""
    return float(s[f"odds.{tier.lower()}"]) if tier else 0.0


def _at_rank(probabilities: Sequence[float]) -> list[float]:
    """P(match at k) = p_k * prod_{j<k} (1 - p_j)."""
    out, none_yet = [], 1.0
    for p in probabilities:
        out.append(none_yet * p)
        none_yet *= 1.0 - p
    return out


def _anywhere(probabilities: Sequence[float]) -> float:
    # the sum of the per-rank terms (not 1 - prod) keeps the expected rank >= 1 in floats
    return min(sum(_at_rank(probabilities)), 1.0)


def _quantile(sorted_values: list[float], q: float) -> float:
    return sorted_values[min(int(q * len(sorted_values)), len(sorted_values) - 1)]


def match_odds(probabilities: Sequence[float], uncertainty: Sequence[float] | None = None,
               draws: int = _DEFAULTS["odds.draws"], seed: int = _DEFAULTS["odds.seed"], *,
               supplemental: Sequence[Sequence[float] | None] | None = None,
               band_percent: float = _DEFAULTS["odds.band_percent"]) -> MatchOdds:
    """`uncertainty[k]` is the half-width of a uniform range around `probabilities[k]`;
    `supplemental[k]` lists the PGY-1 probabilities of advanced program k's supplemental list."""
    for p in probabilities:
        if not 0.0 <= p <= 1.0:
            raise ValueError(f"a match probability must be from 0 to 1; got {p}")
    if supplemental is not None and len(supplemental) != len(probabilities):
        raise ValueError("supplemental needs one entry (a list or None) per ranked program")
    if uncertainty is not None and (len(uncertainty) != len(probabilities)
                                    or any(u < 0 for u in uncertainty)):
        raise ValueError("uncertainty needs one half-width (0 or more) per ranked program")
    at_rank = _at_rank(probabilities)
    anywhere = _anywhere(probabilities)
    expected = sum((k + 1) * p for k, p in enumerate(at_rank)) / anywhere if anywhere > 0 else None
    pgy1 = [None if not lst else _anywhere(lst)
            for lst in (supplemental or [None] * len(probabilities))]
    band = None
    if uncertainty is not None and any(u > 0 for u in uncertainty):
        band = _band(probabilities, uncertainty, draws, seed, band_percent)
    return MatchOdds(at_rank, anywhere, 1.0 - anywhere, expected, pgy1, band)


def _band(probabilities: Sequence[float], uncertainty: Sequence[float], draws: int, seed: int,
          percent: float) -> OddsBand:
    """P(match anywhere) over `draws` random lists, each probability drawn uniformly from
    p +- u (clipped to 0-1). One vector of draws per program keeps it fast for long lists."""
    rng = random.Random(seed)
    missed = pl.repeat(1.0, draws, eager=True)  # P(no match) per draw
    for p, u in zip(probabilities, uncertainty):
        if u > 0:
            unit = pl.Series([rng.random() for _ in range(draws)])  # uniform 0-1
            missed = missed * (1.0 - (unit * (2 * u) + (p - u)).clip(0.0, 1.0))
        else:
            missed = missed * (1.0 - p)
    samples = (1.0 - missed).sort().to_list()
    tail = (1.0 - percent / 100.0) / 2.0
    return OddsBand(percent, _quantile(samples, tail), _quantile(samples, 0.5),
                    _quantile(samples, 1.0 - tail), draws, seed)
