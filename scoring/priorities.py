"""The applicant's priorities (DOMAIN 2) and, per feature, the program test that meets it.

A test is a Boolean expression that is null when the program's value is unknown, so a
must-have on unknown data is reported as unknown rather than counted as met.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import polars as pl

from scoring.facts import Facts
from scoring.gates import visa_covered
from scoring.lookup import by_index
from scoring.region import CENSUS_REGIONS
from registry.choices import LEVELS, SETTINGS_KINDS


@dataclass(frozen=True)
class Priority:
    feature: str
    importance: str
    preference: tuple[str, ...]
    weight: float


def read_priorities(priorities: pl.DataFrame, s: dict[str, Any]) -> tuple[Priority, ...]:
    """One priority per feature (its latest row wins), ordered by that row's id."""
    latest = {row["feature"]: row for row in sorted(priorities.rows(named=True),
                                                    key=lambda r: r["id"])}
    out = []
    for row in sorted(latest.values(), key=lambda r: r["id"]):
        importance = row["importance"] or "not"
        prefs = tuple(p.strip() for p in (row["preference"] or "").split(",") if p.strip())
        out.append(Priority(row["feature"], importance, prefs, float(s[f"weight.{importance}"])))
    return tuple(out)


def _unknown() -> pl.Expr:
    return pl.lit(None, pl.Boolean)


def _choose(prefs: tuple[str, ...], choices: tuple[str, ...]) -> list[str]:
    folded = {p.lower() for p in prefs}
    return [c for c in choices if c.lower() in folded]


Test = Callable[[Priority, Facts, dict[str, Any]], pl.Expr]


def _in_prefs(column: str, choices: tuple[str, ...], fallback: tuple[str, ...] = ()) -> Test:
    def test(p: Priority, f: Facts, s: dict[str, Any]) -> pl.Expr:
        wanted = _choose(p.preference, choices) or list(fallback)
        return pl.col(column).is_in(wanted) if wanted else _unknown()
    return test


def _region(p: Priority, f: Facts, s: dict[str, Any]) -> pl.Expr:
    # by state, so the test needs no computed column
    states = [st for r in _choose(p.preference, tuple(CENSUS_REGIONS)) for st in CENSUS_REGIONS[r]]
    return pl.col("state").is_in(states) if states else _unknown()


def _subspecialty(p: Priority, f: Facts, s: dict[str, Any]) -> pl.Expr:
    if not p.preference:
        return _unknown()
    # Word-start match, so "neuro" finds "neuroradiology" and "IR" finds "IR/DR".
    pattern = r"(?i)\b(?:" + "|".join(re.escape(t) for t in p.preference) + ")"
    return pl.col("subspecialties").str.contains(pattern)


def _col(expr: pl.Expr) -> Test:
    return lambda p, f, s: expr


TESTS: dict[str, Test] = {
    "academic program": _col(pl.col("program_type") == "university"),
    "community program": _col(pl.col("program_type") == "community"),
    "subspecialty interest": _subspecialty,
    "research/education role": _col(pl.col("research").is_in(["some", "strong"])),
    "tertiary/quaternary center": _col(pl.col("tertiary_center")),
    "level 1 trauma center": _col(pl.col("level1_trauma")),
    "children's hospital": _col(pl.col("childrens_hospital")),
    "collegial culture": lambda p, f, s: pl.col("_iv_culture") >= s["fit.good_rating"],
    "resident autonomy": _col(_unknown()),  # not tracked: only the notes can tell
    "IMG representation": lambda p, f, s: pl.coalesce(
        pl.col("img_percent") >= s["fit.img_percent_min"], pl.col("current_imgs") > 0,
        pl.col("img_presence")),
    "region": _region,
    "urban/suburban/rural": _in_prefs("setting", SETTINGS_KINDS),
    "cost of living": _in_prefs("cost_of_living", LEVELS, fallback=LEVELS[:-1]),
    "safety": _col(_unknown()),  # not tracked: only the notes can tell
    "proximity to family": _col(pl.col("near_family")),
    "J-1/H-1B sponsorship": lambda p, f, s: visa_covered(f),
    "history with IMGs": _col((pl.col("img_alumni") > 0) | (pl.col("current_imgs") > 0)),
    "immigration support": _col(pl.col("img_visa_support") > 0),
    # from the NRMP Match history: unknown without one
    "new or growing programs": _col(pl.col("history_new") | (pl.col("history_trend") == "growing")),
}


def met_columns(priorities: tuple[Priority, ...], f: Facts,
                s: dict[str, Any]) -> dict[str, pl.Expr]:
    """`_met_<i>` per priority (True met, False missed, null unknown), for the why."""
    return {f"_met_{i}": TESTS[p.feature](p, f, s) for i, p in enumerate(priorities)}


_CHUNK = 5  # must-haves per lookup table: 3**5 = 243 texts


def _missed_text(musts: list[tuple[pl.Expr, Priority]]) -> pl.Expr:
    """The missed/unknown text for up to _CHUNK must-haves as one lookup: each must-have is
    a base-3 digit (0 met, 1 missed, 2 unknown) of the row's code."""
    digits = [(1 - m.cast(pl.UInt8)).fill_null(2) * 3 ** j for j, (m, _) in enumerate(musts)]
    texts = []
    for code in range(3 ** len(musts)):
        parts = []
        for j, (_, p) in enumerate(musts):
            state = code // 3 ** j % 3
            if state:
                parts.append(p.feature if state == 1 else f"must-have unknown: {p.feature}")
        texts.append("; ".join(parts) or None)
    return by_index(pl.sum_horizontal(digits), texts, pl.String())


def _stored(p: Priority) -> bool:
    """A weighted must-have's test feeds both the points and the missed list: it is stored
    once (met_stored); every other test is written where it is read, which Polars runs faster."""
    return p.importance == "must" and bool(p.weight)


def met_stored(priorities: tuple[Priority, ...], f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """The `_met_<i>` columns columns() reads, for a stage before it."""
    return {f"_met_{i}": TESTS[p.feature](p, f, s) for i, p in enumerate(priorities) if _stored(p)}


def columns(priorities: tuple[Priority, ...], f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """Priority points (weights of the priorities met) and the must-haves missed or unknown."""
    met = [pl.col(f"_met_{i}") if _stored(p) else TESTS[p.feature](p, f, s)
           for i, p in enumerate(priorities)]
    by_weight: dict[float, list[pl.Expr]] = {}
    for m, p in zip(met, priorities):
        if p.weight:
            by_weight.setdefault(p.weight, []).append(m)
    points = pl.sum_horizontal([pl.sum_horizontal(mets) * w for w, mets in by_weight.items()]) \
        if by_weight else pl.lit(0.0)
    musts = [(m, p) for m, p in zip(met, priorities) if p.importance == "must"]
    chunks = [_missed_text(musts[i:i + _CHUNK]) for i in range(0, len(musts), _CHUNK)]
    missed = (pl.lit("") if not chunks else chunks[0].fill_null("") if len(chunks) == 1
              else pl.concat_str(chunks, separator="; ", ignore_nulls=True))
    return {"priority_points": points.cast(pl.Float64), "missed_must_haves": missed}


def why(priorities: tuple[Priority, ...]) -> dict[str, pl.Expr]:
    total = sum(p.weight for p in priorities)
    met = [pl.col(f"_met_{i}") for i in range(len(priorities))]
    listed = pl.concat_str(
        [pl.format("{} {}", pl.lit(p.feature),
                   pl.when(m).then(pl.lit("met")).when(m.not_()).then(pl.lit("missed"))
                   .otherwise(pl.lit("unknown"))) for m, p in zip(met, priorities)],
        separator=", ") if met else pl.lit("no priorities set")
    missed = pl.col("missed_must_haves")
    return {
        "priority_points": pl.format("{} of {} priority points met ({}).",
                                     pl.col("priority_points"), pl.lit(total), listed),
        "missed_must_haves": pl.when(missed == "")
        .then(pl.lit("No must-have is missed or unknown."))
        .otherwise(pl.format("Must-haves missed or unknown (shown, not hidden): {}.", missed)),
    }
