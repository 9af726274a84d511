"""The application budget (DOMAIN 6): ERAS fees from the editable fee schedule, plus travel.

The fee count restarts with each specialty, so fees are worked out per specialty and summed.
Only programs the applicant has actually applied to count; researching and withdrawn do not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import polars as pl

APPLIED_STATUSES = ("applied", "invited", "interviewed", "ranked")
IN_PERSON = "in person"


def money(amount: float) -> str:
    return f"${amount:,.0f}" if float(amount).is_integer() else f"${amount:,.2f}"


@dataclass(frozen=True)
class FeeLine:
    """The fees of one specialty: (programs, fee each) per schedule band."""

    specialty: str
    count: int
    parts: tuple[tuple[int, float], ...]
    uncovered: int  # programs no schedule row prices

    @property
    def total(self) -> float:
        return sum(n * fee for n, fee in self.parts)

    def explain(self) -> str:
        terms = " + ".join(f"{n}x{money(fee)}" for n, fee in self.parts) or money(0)
        text = f"{self.specialty} {self.count}: {terms} = {money(self.total)}"
        if self.uncovered:
            text += f" ({self.uncovered} past the fee schedule, not priced)"
        return text


@dataclass(frozen=True)
class CostEstimate:
    cycle: str | None
    fees: tuple[FeeLine, ...]
    in_person_interviews: int
    travel_per_interview: float

    @property
    def fee_total(self) -> float:
        return sum(line.total for line in self.fees)

    @property
    def travel_total(self) -> float:
        return self.in_person_interviews * self.travel_per_interview

    @property
    def total(self) -> float:
        return self.fee_total + self.travel_total

    def explain_travel(self) -> str:
        return (f"{self.in_person_interviews} in-person interview(s) x "
                f"{money(self.travel_per_interview)} = {money(self.travel_total)}")


def latest_cycle(rows: Sequence[Mapping]) -> tuple[str | None, list[Mapping]]:
    """The rows of the newest cycle: a later cycle's data replaces, not adds to, the old."""
    cycles = [r["cycle"] for r in rows if r.get("cycle")]
    cycle = max(cycles) if cycles else None
    return cycle, [r for r in rows if r.get("cycle") == cycle]


def fee_line(specialty: str, count: int, schedule: Sequence[Mapping]) -> FeeLine:
    """Price programs 1..count with the schedule bands; where bands overlap the earlier wins."""
    parts = []
    priced = 0  # highest program number already priced
    for band in sorted(schedule, key=lambda r: r["from_count"]):
        start = max(band["from_count"], priced + 1)
        end = count if band.get("to_count") is None else min(band["to_count"], count)
        if end >= start:
            parts.append((end - start + 1, float(band["fee"])))
            priced = end
    charged = sum(n for n, _ in parts)
    return FeeLine(specialty, count, tuple(parts), count - charged)


def fee_lines(counts: Mapping[str, int], schedule: Sequence[Mapping]) -> tuple[FeeLine, ...]:
    return tuple(fee_line(s, n, schedule) for s, n in counts.items() if n)


def applied_counts(programs: pl.DataFrame) -> dict[str, int]:
    """Programs applied to, per specialty, in descending count then name order."""
    counts = (programs.filter(pl.col("status").is_in(APPLIED_STATUSES))
              .group_by("specialty").len()
              .sort(["len", "specialty"], descending=[True, False]))
    return dict(counts.iter_rows())


def in_person_interviews(interviews: pl.DataFrame) -> int:
    return interviews.filter(pl.col("format") == IN_PERSON).height


def estimate_costs(programs: pl.DataFrame, interviews: pl.DataFrame,
                   fee_rows: Sequence[Mapping], travel_per_interview: float) -> CostEstimate:
    cycle, schedule = latest_cycle(fee_rows)
    return CostEstimate(cycle, fee_lines(applied_counts(programs), schedule),
                        in_person_interviews(interviews), float(travel_per_interview))
