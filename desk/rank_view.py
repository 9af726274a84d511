"""A rank list as the rank list screen shows it: beside the suggested order, each entry with
its warnings, why the suggestion would move it, its odds, and the NRMP counters. No Textual.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl

from desk.rank_lists import PRIMARY, SUPPLEMENTAL, RankList, fits_list, list_entries, rank_lists
from registry.fields import get_field
from registry.specialties import (DIAGNOSTIC, INTEGRATED_IR, PGY1_SPECIALTIES, PRELIMINARY_TRACK,
                                  is_advanced, track_label)
from scoring import MatchOdds, default_probability, match_odds, suggested_order
from scoring.facts import Facts
from scoring.gates import PASS, UNCLEAR, requirement_outcomes, visa_outcome
from scoring.order import IR_CLASSES
from scoring.rank import RATINGS, latest_interviews
from store.errors import StoreError


@dataclass(frozen=True)
class EntryWarning:
    tag: str  # a word or two for the table
    text: str  # the whole reason


@dataclass(frozen=True)
class EntryView:
    entry_id: int
    program_id: int
    position: int
    name: str
    program_code: str | None
    track: str
    rank_score: float | None
    tier: str | None
    probability: float
    probability_set: bool  # False: the default from the tier
    suggested_position: int  # among this list's entries
    reason: str | None  # why the suggestion differs; None when it agrees
    warnings: tuple[EntryWarning, ...]
    pgy1_probability: float | None  # advanced programs: P(its supplemental list matches)

    @property
    def shift(self) -> int:
        """Places the suggestion would move it up (negative: down)."""
        return self.position - self.suggested_position


@dataclass(frozen=True)
class SuggestedView:
    program_id: int
    name: str
    rank_score: float | None
    reason: str
    on_list: bool


@dataclass(frozen=True)
class RankCounter:
    label: str
    count: int
    limit: int

    @property
    def over(self) -> bool:
        return self.count > self.limit


@dataclass(frozen=True)
class RankListView:
    rank_list: RankList
    entries: list[EntryView]
    suggested: list[SuggestedView]  # the suggestion for this list, programs not on it included
    odds: MatchOdds
    primary_fee: RankCounter
    supplemental_fee: RankCounter
    ranks: RankCounter

    @property
    def suggested_ids(self) -> list[int]:
        return [s.program_id for s in self.suggested]


def _program_info(scored, frames: dict[str, pl.DataFrame]) -> dict[int, dict]:
    """Scored program rows with their latest interview ratings, by id."""
    rows = scored.programs.lazy().join(latest_interviews(frames["interviews"]), left_on="id",
                                       right_on="program_id", how="left").collect()
    return {row["id"]: row for row in rows.iter_rows(named=True)}


def entry_warnings(row: dict, facts: Facts, *, on_primary: bool,
                   supplemental_attached: bool) -> tuple[EntryWarning, ...]:
    """Visa not sponsored or uncertain, never interviewed, minimal IR exposure for an IR
    applicant, other gates, an advanced program without a PGY-1 list."""
    found = []
    if row["do_not_rank_warning"]:
        found.append(EntryWarning("do not rank", f"do not rank: {row['do_not_rank_warning']}"))
    status, reason = visa_outcome(facts, row["visa"])
    if status == UNCLEAR:
        found.append(EntryWarning("visa?", f"visa uncertain: {reason}"))
    if not row["interviewed"]:
        found.append(EntryWarning("no interview", "never interviewed"))
    if facts.target_ir and row["specialty"] == DIAGNOSTIC and row["ir_pathway"] in (None, "none"):
        found.append(EntryWarning("IR minimal", f"you target IR; IR pathway here is "
                                                f"{row['ir_pathway'] or 'unknown'}"))
    for status, reason in requirement_outcomes(facts, row):
        if status != PASS:
            found.append(EntryWarning("gated", f"{'unclear' if status == UNCLEAR else 'ineligible'}: {reason}"))
    if on_primary and is_advanced(row["track"]) and not supplemental_attached:
        found.append(EntryWarning("no PGY-1 list", "advanced program with no supplemental PGY-1 list attached"))
    return tuple(found)


def _rating_label(rating: str) -> str:
    label = get_field("interviews", rating).label
    return label if label[:2].isupper() else label[0].lower() + label[1:]  # keeps "IMG"


def _ir_rank(row: dict) -> int:
    level = "integrated" if row["specialty"] == INTEGRATED_IR else row["ir_pathway"]
    return IR_CLASSES.index(level) if level in IR_CLASSES else len(IR_CLASSES)


def suggestion_reason(upper: dict, lower: dict, settings: dict[str, Any], target_ir: bool) -> str:
    """Why scoring puts `lower` (which you rank below) above `upper`, in the order of the keys
    the suggested order sorts by: eligibility, IR class (IR applicants), rank score, fit."""
    head = f"you rank {upper['name']} above {lower['name']}"
    if not upper["interviewed"]:
        return f"{head}; {upper['name']} was never interviewed"
    if upper["eligibility"] != lower["eligibility"]:
        return (f"{head}; {lower['name']} is {lower['eligibility']}, {upper['name']} is "
                f"{upper['eligibility']} ({upper['eligibility_reasons']})")
    if target_ir and _ir_rank(upper) != _ir_rank(lower):
        return (f"{head}; for an IR applicant its IR pathway ({lower['ir_pathway'] or 'integrated'}) "
                f"comes before {upper['ir_pathway'] or 'unknown'}")
    low, up = lower["rank_score"], upper["rank_score"]
    if up is None and low is not None:
        return f"{head}; {lower['name']} is rated and {upper['name']} is not rated yet"
    if low is not None and up is not None and low != up:
        gain = {r: ((lower[f"_iv_{r}"] or 1) - (upper[f"_iv_{r}"] or 1)) * settings[k]
                for r, k in RATINGS.items()}
        better = [r for r in sorted(gain, key=gain.get, reverse=True) if gain[r] > 0][:2]
        on = (f"scores higher on {' and '.join(_rating_label(r) for r in better)}" if better
              else f"has fewer red flags noticed ({lower['_iv_flags']} vs {upper['_iv_flags']})")
        return f"{head}; {lower['name']} {on} (rank score {low:g} vs {up:g})"
    return (f"{head}; same rank score, {lower['name']} has the higher fit "
            f"({lower['fit'] or 0:.0f} vs {upper['fit'] or 0:.0f})")


def _neighbour_reason(index: int, manual: list[int], suggested_pos: dict[int, int],
                      info: dict[int, dict], settings: dict[str, Any], target_ir: bool) -> str | None:
    """Name the nearest entry the suggestion swaps with this one, and why."""
    program_id = manual[index]
    position, wanted = index + 1, suggested_pos[program_id]
    if wanted < position:  # scoring wants it higher: someone above it should be below
        upper = next(manual[j] for j in range(index - 1, -1, -1) if suggested_pos[manual[j]] > wanted)
        return suggestion_reason(info[upper], info[program_id], settings, target_ir)
    if wanted > position:
        lower = next(manual[j] for j in range(index + 1, len(manual)) if suggested_pos[manual[j]] < wanted)
        return suggestion_reason(info[program_id], info[lower], settings, target_ir)
    return None


def list_view(scored, frames: dict[str, pl.DataFrame], settings: dict[str, Any], list_id: int) -> RankListView:
    """One list as the rank list screen shows it."""
    lists = rank_lists(frames)
    rank_list = next((l for l in lists if l.id == list_id), None)
    if rank_list is None:
        raise StoreError(f"Rank list {list_id} is gone; it may have been deleted.")
    info = _program_info(scored, frames)
    entries = list_entries(frames, list_id)
    manual = [e["program_id"] for e in entries]
    # the suggestion for this list: its interviewed entries and the interviewed programs that
    # belong on a list of its kind; entries never interviewed keep your order after them
    suggestion = [s for s in suggested_order(scored, frames, settings)
                  if s.program_id in manual
                  or fits_list(rank_list.kind, info[s.program_id]["specialty"], info[s.program_id]["track"])]
    relative = [s.program_id for s in suggestion if s.program_id in manual]
    relative += [pid for pid in manual if pid not in relative]
    suggested_pos = {pid: i for i, pid in enumerate(relative, 1)}

    supplemental_of: dict[int, list[float]] = {}
    for other in lists:
        if other.kind == SUPPLEMENTAL:
            probabilities = [_probability(e, info, settings) for e in list_entries(frames, other.id)]
            for advanced_id in other.advanced_ids:
                supplemental_of.setdefault(advanced_id, probabilities)
    on_primary = rank_list.kind == PRIMARY
    probabilities = [_probability(e, info, settings) for e in entries]
    odds = match_odds(probabilities, supplemental=[supplemental_of.get(pid) if on_primary else None
                                                   for pid in manual])
    views = []
    for index, entry in enumerate(entries):
        row = info[entry["program_id"]]
        views.append(EntryView(
            entry["id"], row["id"], index + 1, row["name"], row["program_code"],
            track_label(row["specialty"], row["track"]), row["rank_score"], row["tier"],
            probabilities[index], entry["match_probability"] is not None,
            suggested_pos[row["id"]],
            _neighbour_reason(index, manual, suggested_pos, info, settings, scored.facts.target_ir),
            entry_warnings(row, scored.facts, on_primary=on_primary,
                           supplemental_attached=row["id"] in supplemental_of),
            odds.pgy1_given_match[index]))
    return RankListView(
        rank_list, views,
        [SuggestedView(s.program_id, info[s.program_id]["name"], s.rank_score, s.reason, s.program_id in manual)
         for s in suggestion],
        odds, *_fee_counters(lists, frames, settings),
        RankCounter("this list", len(entries), int(settings["rank.max_ranks"])))


def _probability(entry: dict, info: dict[int, dict], settings: dict[str, Any]) -> float:
    """The probability you set, else the default for the program's tier."""
    if entry["match_probability"] is not None:
        return entry["match_probability"]
    return default_probability(info[entry["program_id"]]["tier"], settings)


def _fee_counters(lists: list[RankList], frames: dict[str, pl.DataFrame],
                  settings: dict[str, Any]) -> tuple[RankCounter, RankCounter]:
    """NRMP charges for unique programs beyond the threshold: on the primary list, and
    across all supplemental lists together."""
    threshold = int(settings["rank.fee_threshold"])
    counters = []
    for kind, label in ((PRIMARY, "primary"), (SUPPLEMENTAL, "supplemental")):
        ids = {e["program_id"] for l in lists if l.kind == kind for e in list_entries(frames, l.id)}
        counters.append(RankCounter(label, len(ids), threshold))
    return counters[0], counters[1]


def candidates(scored, frames: dict[str, pl.DataFrame], list_id: int) -> pl.DataFrame:
    """Programs not yet on the list that belong on a list of its kind, best rank score first
    (then fit); the `+` picker and the spreadsheet offer these."""
    rank_list = next(l for l in rank_lists(frames) if l.id == list_id)
    taken = [e["program_id"] for e in list_entries(frames, list_id)]
    programs = scored.programs
    pgy1 = (pl.col("specialty").is_in(PGY1_SPECIALTIES) | (pl.col("track") == PRELIMINARY_TRACK)).fill_null(False)
    return (programs.filter(~pl.col("id").is_in(taken) & (pgy1 == (rank_list.kind == SUPPLEMENTAL)))
            .sort(["rank_score", "fit", "id"], descending=[True, True, False], nulls_last=True))
