"""ERAS program signals (DOMAIN 6): how many of each pool's signals the program list uses.

Specialties in one pool (e.g. "DR,IR/DR") share its signals, and a signal goes to the
institution, not the track: two programs of a pool at one institution use one signal. When
they carry different signals the institution counts once, as gold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

import polars as pl

from scoring.costs import latest_cycle
from scoring.lookup import one_of

KINDS = ("gold", "silver")


def pool_specialties(pool: str) -> tuple[str, ...]:
    return tuple(part.strip() for part in pool.split(",") if part.strip())


@dataclass(frozen=True)
class PoolUsage:
    rule_id: int | None
    pool: str
    specialties: tuple[str, ...]
    allowed: dict[str, int]
    used: dict[str, int]
    shared: tuple[str, ...] = field(default=())  # one line per institution counted once

    def remaining(self, kind: str) -> int:
        return self.allowed[kind] - self.used[kind]

    def explain(self, kind: str) -> str:
        left = self.remaining(kind)
        state = f"{left} left" if left >= 0 else f"{-left} over the limit"
        return f"{self.pool} {kind}: {self.used[kind]} of {self.allowed[kind]} used, {state}"


def institution_key() -> pl.Expr:
    """The institution a signal goes to; a program with none recorded stands alone."""
    return pl.coalesce(pl.col("institution").str.strip_chars().str.to_lowercase(),
                       pl.format("program {}", pl.col("id")))


def _usage(rule: Mapping, programs: pl.DataFrame) -> PoolUsage:
    specialties = pool_specialties(rule["pool"])
    signalled = programs.filter(pl.col("specialty").is_in(specialties)
                                & pl.col("signal").is_in(KINDS))
    per_institution = (
        signalled.with_columns(key=institution_key())
        .group_by("key", maintain_order=True)
        .agg(pl.col("institution").first(), pl.col("specialty"), pl.col("signal"),
             best=pl.when((pl.col("signal") == "gold").any()).then(pl.lit("gold"))
             .otherwise(pl.lit("silver")))
    )
    used = {kind: per_institution.filter(pl.col("best") == kind).height for kind in KINDS}
    shared = tuple(
        f"{row['institution']}: {' and '.join(row['specialty'])} share one {row['best']} signal"
        + ("" if len(set(row["signal"])) == 1 else " (gold and silver marked; counted as gold)")
        for row in per_institution.filter(pl.col("specialty").list.len() > 1).iter_rows(named=True)
    )
    allowed = {kind: int(rule.get(kind) or 0) for kind in KINDS}
    return PoolUsage(rule.get("id"), rule["pool"], specialties, allowed, used, shared)


def signal_usage(programs: pl.DataFrame, rules: Sequence[Mapping]) -> list[PoolUsage]:
    """One usage line per pool of the newest cycle of signal rules, in rule order."""
    _, current = latest_cycle(rules)
    return [_usage(rule, programs) for rule in current]


def pool_of(specialty: str | None, usages: Sequence[PoolUsage]) -> PoolUsage | None:
    return next((u for u in usages if specialty in u.specialties), None)


def unruled_specialties(programs: pl.DataFrame, usages: Sequence[PoolUsage],
                        own: Sequence[str] = ()) -> list[str]:
    """The user's specialties and those of programs on the list (withdrawn left out) that no
    signal rule of the cycle covers."""
    listed = programs.filter(pl.col("status").fill_null("") != "withdrawn")["specialty"]
    candidates = dict.fromkeys([*own, *listed.drop_nulls().to_list()])
    return [specialty for specialty in candidates if pool_of(specialty, usages) is None]


def unruled(programs: pl.DataFrame, usages: Sequence[PoolUsage]) -> list[str]:
    """One line per specialty on the list that no rule covers: MatchDesk estimates no signal
    numbers, so the user adds the cycle's own."""
    return [f"{specialty}: no signal rule this cycle, so its signals are not counted; a adds a "
            f"rule for its ERAS numbers" for specialty in unruled_specialties(programs, usages)]


def new_rule(cycle: str | None, specialty: str) -> dict:
    """A rule for a specialty no rule covers: no signals until the user enters the cycle's."""
    return {"cycle": cycle or "2026", "pool": specialty, "gold": 0, "silver": 0, "geographic": 0,
            "source": USER_RULE_SOURCE}


USER_RULE_SOURCE = "added by you: enter this cycle's ERAS numbers (e)"


def columns() -> dict[str, pl.Expr]:
    """A signal on a program the gates mark ineligible is wasted (DOMAIN 6): say so on its row.
    Needs eligibility and eligibility_reasons from an earlier stage."""
    wasted = one_of("signal", KINDS) & (pl.col("eligibility") == "ineligible")
    return {"signal_warning": pl.when(wasted).then(pl.format(
        "{} signal to an ineligible program ({}): a wasted signal", pl.col("signal"),
        pl.col("eligibility_reasons")))}


def why() -> dict[str, pl.Expr]:
    warning = pl.col("signal_warning")
    return {"signal_warning": pl.when(warning.is_null())
            .then(pl.lit("No signal warning: no signal, or the program is not ineligible."))
            .otherwise(pl.format("{}. Move it to a program you are eligible for.", warning))}


def wasted_signals(programs: pl.DataFrame) -> list[str]:
    """One line per signalled program the gates mark ineligible."""
    rows = programs.filter(pl.col("signal_warning").is_not_null()).select("name", "signal_warning")
    return [f"{r['name']}: {r['signal_warning']}" for r in rows.iter_rows(named=True)]


# US Census Bureau divisions: the geographic preference signal picks up to the pool's limit.
CENSUS_DIVISIONS = ("New England", "Middle Atlantic", "East North Central", "West North Central",
                    "South Atlantic", "East South Central", "West South Central", "Mountain",
                    "Pacific")


def geographic_picks(text: str | None, limit: int) -> tuple[tuple[str, ...], str | None]:
    """(the divisions picked, a problem to show or None) from the setting's text."""
    words = [w.strip() for w in (text or "").split(",") if w.strip() and w.strip().lower() != "none"]
    by_name = {d.lower(): d for d in CENSUS_DIVISIONS}
    unknown = [w for w in words if w.lower() not in by_name]
    picked = tuple(dict.fromkeys(by_name[w.lower()] for w in words if w.lower() in by_name))
    if unknown:
        return picked, (f"not a census division: {', '.join(unknown)} "
                        f"(choose from {', '.join(CENSUS_DIVISIONS)})")
    if len(picked) > limit:
        return picked, f"{len(picked)} divisions picked; the geographic preference allows {limit}"
    return picked, None


def geographic_line(text: str | None, limit: int) -> str:
    picked, problem = geographic_picks(text, limit)
    shown = ", ".join(picked) or "none picked"
    line = f"Geographic preference: {shown} ({len(picked)} of {limit}; d picks them)"
    return f"{line}. Problem: {problem}" if problem else line
