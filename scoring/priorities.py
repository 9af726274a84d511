"""The applicant's priorities (DOMAIN 2) and, per feature, the program test that meets it.

A test is a Boolean expression that is null when the program's value is unknown, so a
must-have on unknown data is reported as unknown rather than counted as met. Tests run in a
stage after the codes (scoring.codes) and may read them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

import polars as pl

from scoring.facts import Facts
from scoring.gates import visa_covered_by_code
from scoring.lookup import by_code, one_of
from scoring.region import CENSUS_REGIONS
from registry.choices import IMPORTANCE, LEVELS, SETTINGS_KINDS


@dataclass(frozen=True)
class Priority:
    feature: str
    importance: str
    preference: tuple[str, ...]
    weight: float


def weights(s: dict[str, Any]) -> tuple[float, ...]:
    """The settings read_priorities reads: a weight per importance."""
    return tuple(float(s[f"weight.{importance}"]) for importance in IMPORTANCE)


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
    "research/education role": _col(one_of("research", ["some", "strong"])),
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
    "J-1/H-1B sponsorship": lambda p, f, s: visa_covered_by_code(f),
    "history with IMGs": _col((pl.col("img_alumni") > 0) | (pl.col("current_imgs") > 0)),
    "immigration support": _col(pl.col("img_visa_support") > 0),
    # from the NRMP Match history: unknown without one
    "new or growing programs": _col(pl.col("history_new") | (pl.col("history_trend") == "growing")),
}


def met_columns(priorities: tuple[Priority, ...], f: Facts,
                s: dict[str, Any]) -> dict[str, pl.Expr]:
    """`_met_<i>` per priority (True met, False missed, null unknown), for the why."""
    return {f"_met_{i}": TESTS[p.feature](p, f, s) for i, p in enumerate(priorities)}


_CHUNK = 5  # must-haves per code: 3**5 = 243 states, one text each


def _chunks(priorities: tuple[Priority, ...]) -> list[list[int]]:
    """The positions of the must-haves, _CHUNK at a time."""
    musts = [i for i, p in enumerate(priorities) if p.importance == "must"]
    return [musts[i:i + _CHUNK] for i in range(0, len(musts), _CHUNK)]


def _state(met: pl.Expr) -> pl.Expr:
    """0 missed, 1 met, 2 unknown: a base-3 digit."""
    return met.cast(pl.UInt8).fill_null(2)


def _summed(terms: list[pl.Expr]) -> pl.Expr:
    """Added with `+`: Polars runs a chain of additions faster than sum_horizontal."""
    total = terms[0]
    for term in terms[1:]:
        total = total + term
    return total


def must_codes(priorities: tuple[Priority, ...], f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """`_must_code_<k>`: the states of up to _CHUNK must-haves as the digits of one number
    (UInt8), which the points and the missed list both look up (columns()), for a stage before
    them. Each must-have's test is computed once, here."""
    return {f"_must_code_{k}": _summed([_state(TESTS[priorities[i].feature](priorities[i], f, s)) * 3 ** j
                                        for j, i in enumerate(chunk)])
            for k, chunk in enumerate(_chunks(priorities))}


def _code_states(code: int, size: int) -> list[int]:
    return [code // 3 ** j % 3 for j in range(size)]


def _missed_text(chunk: list[Priority], k: int) -> pl.Expr:
    """The missed/unknown text of a chunk of must-haves, looked up by its code."""
    texts = []
    for code in range(3 ** len(chunk)):
        parts = [p.feature if state == 0 else f"must-have unknown: {p.feature}"
                 for p, state in zip(chunk, _code_states(code, len(chunk))) if state != 1]
        texts.append("; ".join(parts) or None)
    return by_code(f"_must_code_{k}", texts, pl.String())


def _musts_met(size: int, k: int) -> pl.Expr:
    """How many must-haves of a chunk are met, looked up by its code."""
    return by_code(f"_must_code_{k}", [_code_states(code, size).count(1) for code in range(3 ** size)],
                   pl.UInt8())


def columns(priorities: tuple[Priority, ...], f: Facts, s: dict[str, Any]) -> dict[str, pl.Expr]:
    """Priority points (weights of the priorities met) and the must-haves missed or unknown.
    Reads the codes of must_codes; every other test is written where it is read."""
    chunks = _chunks(priorities)
    by_weight: dict[float, list[pl.Expr]] = {}  # weight -> how many met, in parts (0 or more)
    for i, p in enumerate(priorities):
        if not p.weight:
            continue
        counts = by_weight.setdefault(p.weight, [])
        if p.importance != "must":
            counts.append(TESTS[p.feature](p, f, s).fill_null(False).cast(pl.UInt8))
        elif i == chunks[0][0]:  # every must-have is counted once, through its chunk's code
            counts += [_musts_met(len(chunk), k) for k, chunk in enumerate(chunks)]
    points = pl.sum_horizontal([_summed(counts) * w
                                for w, counts in by_weight.items()]) if by_weight else pl.lit(0.0)
    texts = [_missed_text([priorities[i] for i in chunk], k) for k, chunk in enumerate(chunks)]
    missed = (pl.lit("") if not texts else texts[0].fill_null("") if len(texts) == 1
              else pl.concat_str(texts, separator="; ", ignore_nulls=True))
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
