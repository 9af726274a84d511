"""Rank order lists (DOMAIN 9) on top of the store: list operations, each one undoable step;
a list seen beside the suggested order, with warnings, NRMP counters and match odds; saved
versions and their diff; the export. No Textual here, so the spreadsheet and the tests can
call every function directly.

Reads come from the workspace's frames and scored programs; writes go to the store, inside
one `store.batch` each, so a single ctrl+z undoes a whole move, add, removal or re-order.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Sequence

import polars as pl

from scoring import MatchOdds, default_probability, match_odds, suggested_order
from scoring.facts import Facts
from scoring.gates import PASS, UNCLEAR, requirement_outcomes, visa_outcome
from scoring.order import IR_CLASSES
from scoring.rank import RATINGS, latest_interviews
from store import Store
from store.errors import StoreError
from registry.fields import RANK_LIST_KINDS, ValidationError, get_field

PRIMARY, SUPPLEMENTAL = RANK_LIST_KINDS
PGY1_SPECIALTIES = ("TY", "Prelim Medicine", "Prelim Surgery")
ADVANCED = "Advanced"
PRIMARY_NAME = "Primary list"
EXPORT_FORMATS = (".csv", ".md")


# --- lists and programs ------------------------------------------------------------------

@dataclass(frozen=True)
class RankList:
    id: int
    kind: str
    name: str
    advanced_ids: tuple[int, ...]  # supplemental lists: the advanced programs they serve


def parse_ids(text: str | None) -> tuple[int, ...]:
    """'2, 1,3' -> (2, 1, 3); blanks and repeats are dropped, order kept."""
    ids: list[int] = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) not in ids:
            ids.append(int(part))
    return tuple(ids)


def rank_lists(frames: dict[str, pl.DataFrame]) -> list[RankList]:
    """Primary list(s) first, then the supplemental lists in the order they were made."""
    lists = [RankList(r["id"], r["kind"], r["name"], parse_ids(r["advanced_program_ids"]))
             for r in frames["rank_lists"].sort("id").iter_rows(named=True)]
    return sorted(lists, key=lambda l: l.kind != PRIMARY)


def list_entries(frames: dict[str, pl.DataFrame], list_id: int) -> list[dict]:
    """The entries of one list in rank order."""
    return (frames["rank_entries"].filter(pl.col("list_id") == list_id)
            .sort("position", "id").rows(named=True))


def is_pgy1(specialty: str | None, track: str | None) -> bool:
    return specialty in PGY1_SPECIALTIES or track == "Preliminary"


def is_advanced(track: str | None) -> bool:
    return track == ADVANCED


def track_label(specialty: str | None, track: str | None) -> str:
    """The kind of position as the rank list speaks of it."""
    if is_pgy1(specialty, track):
        return "TY" if specialty == "TY" else "prelim"
    if specialty == "IR/DR":
        return "IR/DR"
    if specialty == "IR":
        return "IR"
    if specialty == "DR":
        return "DR advanced" if is_advanced(track) else "categorical"
    return "backup"


def fits_list(kind: str, specialty: str | None, track: str | None) -> bool:
    """PGY-1 years go on supplemental lists; everything else, backup included, on the primary."""
    return is_pgy1(specialty, track) == (kind == SUPPLEMENTAL)


# --- operations (each one undoable step) ---------------------------------------------------

def _store_entries(store: Store, list_id: int) -> list[dict]:
    return store.rows("rank_entries", "list_id = ?", (list_id,), order_by="position, id")


def _renumber(store: Store, entry_ids: Sequence[int], current: dict[int, int]) -> None:
    """Write positions 1..n in the given order; only entries that move are written."""
    for position, entry_id in enumerate(entry_ids, 1):
        if current.get(entry_id) != position:
            store.set_value("rank_entries", entry_id, "position", position)


def _entry(store: Store, entry_id: int) -> dict:
    entry = store.get("rank_entries", entry_id)
    if entry is None:
        raise StoreError(f"Rank entry {entry_id} is gone; it may have been removed.")
    return entry


def primary_list_id(store: Store, *, create: bool = False) -> int | None:
    found = store.rows("rank_lists", "kind = ?", (PRIMARY,))
    if found:
        return found[0]["id"]
    return store.insert_row("rank_lists", {"kind": PRIMARY, "name": PRIMARY_NAME}) if create else None


def new_list(store: Store, name: str, kind: str = SUPPLEMENTAL,
             advanced_ids: Sequence[int] = ()) -> int:
    return store.insert_row("rank_lists", {"kind": kind, "name": name,
                                           "advanced_program_ids": ",".join(map(str, advanced_ids))})


def move_entry(store: Store, entry_id: int, position: int) -> int:
    """Move an entry to `position` (clamped to the list); returns where it landed."""
    entry = _entry(store, entry_id)
    entries = _store_entries(store, entry["list_id"])
    position = min(max(position, 1), len(entries))
    order = [e["id"] for e in entries if e["id"] != entry_id]
    order.insert(position - 1, entry_id)
    with store.batch(f"move rank {entry['position']} to {position}"):
        _renumber(store, order, {e["id"]: e["position"] for e in entries})
    return position


def add_program(store: Store, program_id: int, list_id: int | None = None,
                position: int | None = None) -> int:
    """Put a program on a rank list (the primary list, made if missing, unless told) at
    `position` or at the end; returns the new entry id. Refused when the program is already
    there or the list holds the NRMP maximum (setting rank.max_ranks)."""
    program = store.get("programs", program_id)
    if program is None:
        raise ValidationError(f"No program {program_id}; it may have been deleted.")
    with store.batch(f"add {program['name']} to the rank list"):
        list_id = list_id or primary_list_id(store, create=True)
        entries = _store_entries(store, list_id)
        for e in entries:
            if e["program_id"] == program_id:
                raise ValidationError(f"{program['name']} is already on this list at rank {e['position']}.")
        limit = int(store.settings()["rank.max_ranks"])
        if len(entries) >= limit:
            raise ValidationError(f"This list already holds {len(entries)} programs, the NRMP maximum "
                                  f"(setting rank.max_ranks = {limit}).")
        entry_id = store.insert_row("rank_entries", {"list_id": list_id, "program_id": program_id,
                                                     "position": len(entries) + 1})
        order = [e["id"] for e in entries]
        order.insert(min(max(position or len(order) + 1, 1), len(order) + 1) - 1, entry_id)
        _renumber(store, order, {**{e["id"]: e["position"] for e in entries},
                                 entry_id: len(entries) + 1})
    return entry_id


def remove_entry(store: Store, entry_id: int) -> None:
    entry = _entry(store, entry_id)
    with store.batch(f"remove rank {entry['position']}"):
        store.delete_row("rank_entries", entry_id)
        rest = _store_entries(store, entry["list_id"])
        _renumber(store, [e["id"] for e in rest], {e["id"]: e["position"] for e in rest})


def apply_order(store: Store, list_id: int, program_ids: Sequence[int]) -> int:
    """Re-rank a list as `program_ids` says, adding the ones not on it; entries it does not
    name keep their order after them. Returns how many programs were added."""
    entries = _store_entries(store, list_id)
    by_program = {e["program_id"]: e["id"] for e in entries}
    current = {e["id"]: e["position"] for e in entries}
    added = 0
    with store.batch("apply the suggested order"):
        order = []
        for program_id in program_ids:
            if program_id not in by_program:
                by_program[program_id] = store.insert_row("rank_entries", {
                    "list_id": list_id, "program_id": program_id, "position": len(current) + added + 1})
                added += 1
            order.append(by_program[program_id])
        order += [e["id"] for e in entries if e["id"] not in order]
        _renumber(store, order, current)
    return added


def set_attached(store: Store, list_id: int, program_ids: Sequence[int]) -> None:
    """The advanced programs a supplemental list serves."""
    store.set_value("rank_lists", list_id, "advanced_program_ids", ",".join(map(str, program_ids)))


def toggle_attached(store: Store, list_id: int, program_id: int) -> bool:
    """Attach the advanced program to the supplemental list, or detach it; True if attached now."""
    rank_list = store.get("rank_lists", list_id)
    if rank_list is None or rank_list["kind"] != SUPPLEMENTAL:
        raise ValidationError("Only a supplemental PGY-1 list is attached to advanced programs.")
    ids = list(parse_ids(rank_list["advanced_program_ids"]))
    attached = program_id not in ids
    set_attached(store, list_id, [*ids, program_id] if attached else [i for i in ids if i != program_id])
    return attached


# --- the list beside the suggested order ---------------------------------------------------

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
class Counter:
    label: str
    count: int
    limit: int

    @property
    def over(self) -> bool:
        return self.count > self.limit


@dataclass(frozen=True)
class ListView:
    rank_list: RankList
    entries: list[EntryView]
    suggested: list[SuggestedView]  # the suggestion for this list, programs not on it included
    odds: MatchOdds
    primary_fee: Counter
    supplemental_fee: Counter
    ranks: Counter

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
    if facts.target_ir and row["specialty"] == "DR" and row["ir_pathway"] in (None, "none"):
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
    level = "integrated" if row["specialty"] == "IR/DR" else row["ir_pathway"]
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


def list_view(scored, frames: dict[str, pl.DataFrame], settings: dict[str, Any], list_id: int) -> ListView:
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
    return ListView(
        rank_list, views,
        [SuggestedView(s.program_id, info[s.program_id]["name"], s.rank_score, s.reason, s.program_id in manual)
         for s in suggestion],
        odds, *_fee_counters(lists, frames, settings),
        Counter("this list", len(entries), int(settings["rank.max_ranks"])))


def _probability(entry: dict, info: dict[int, dict], settings: dict[str, Any]) -> float:
    """The probability you set, else the default for the program's tier."""
    if entry["match_probability"] is not None:
        return entry["match_probability"]
    return default_probability(info[entry["program_id"]]["tier"], settings)


def _fee_counters(lists: list[RankList], frames: dict[str, pl.DataFrame],
                  settings: dict[str, Any]) -> tuple[Counter, Counter]:
    """NRMP charges for unique programs beyond the threshold: on the primary list, and
    across all supplemental lists together."""
    threshold = int(settings["rank.fee_threshold"])
    counters = []
    for kind, label in ((PRIMARY, "primary"), (SUPPLEMENTAL, "supplemental")):
        ids = {e["program_id"] for l in lists if l.kind == kind for e in list_entries(frames, l.id)}
        counters.append(Counter(label, len(ids), threshold))
    return counters[0], counters[1]


def candidates(scored, frames: dict[str, pl.DataFrame], list_id: int) -> pl.DataFrame:
    """Programs not yet on the list that belong on a list of its kind, best rank score first
    (then fit); the `+` picker and the spreadsheet offer these."""
    rank_list = next(l for l in rank_lists(frames) if l.id == list_id)
    taken = [e["program_id"] for e in list_entries(frames, list_id)]
    programs = scored.programs
    pgy1 = (pl.col("specialty").is_in(PGY1_SPECIALTIES) | (pl.col("track") == "Preliminary")).fill_null(False)
    return (programs.filter(~pl.col("id").is_in(taken) & (pgy1 == (rank_list.kind == SUPPLEMENTAL)))
            .sort(["rank_score", "fit", "id"], descending=[True, True, False], nulls_last=True))


# --- saved versions ------------------------------------------------------------------------

def snapshot_content(frames: dict[str, pl.DataFrame], programs: pl.DataFrame) -> dict:
    """Every list as it stands, with program names so a version reads well even after a
    program is deleted."""
    names = dict(programs.select("id", "name").iter_rows())
    return {"lists": [
        {"id": l.id, "kind": l.kind, "name": l.name, "advanced_program_ids": list(l.advanced_ids),
         "entries": [{"program_id": e["program_id"], "name": names.get(e["program_id"]),
                      "position": e["position"], "match_probability": e["match_probability"]}
                     for e in list_entries(frames, l.id)]}
        for l in rank_lists(frames)]}


def save_snapshot(store: Store, name: str, content: dict, created: str) -> int:
    return store.insert_row("rank_snapshots", {"name": name, "created": created,
                                               "content": json.dumps(content)})


def snapshot_diff(old: dict, new: dict) -> list[str]:
    """What changed from `old` to `new`, list by list: moves, additions, removals."""
    lines = []
    old_lists = {l["id"]: l for l in old["lists"]}
    new_lists = {l["id"]: l for l in new["lists"]}
    for list_id in sorted(old_lists.keys() - new_lists.keys()):
        lines.append(f"{old_lists[list_id]['name']}: list removed")
    for list_id, now in sorted(new_lists.items(), key=lambda item: item[1]["kind"] != PRIMARY):
        before = old_lists.get(list_id)
        if before is None:
            lines.append(f"{now['name']}: new list with {len(now['entries'])} programs")
            continue
        lines.append(now["name"] if before["name"] == now["name"] else f"{now['name']} (was {before['name']})")
        lines += _entry_changes(before, now)
    return lines


def _kept_in_order(old: list[int], new: list[int]) -> set[int]:
    """The most programs whose order among themselves did not change (a longest common
    subsequence): the others are the ones you moved."""
    best = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            best[i][j] = best[i + 1][j + 1] + 1 if old[i] == new[j] else max(best[i + 1][j], best[i][j + 1])
    kept, i, j = set(), 0, 0
    while i < len(old) and j < len(new):
        if old[i] == new[j]:
            kept.add(old[i])
            i, j = i + 1, j + 1
        elif best[i][j + 1] >= best[i + 1][j]:  # on a tie the one now higher counts as moved
            j += 1
        else:
            i += 1
    return kept


def _entry_changes(before: dict, now: dict) -> list[str]:
    """Moves, additions and removals; entries that only slid along because of those are
    counted, not listed."""
    was = {e["program_id"]: e for e in before["entries"]}
    is_now = {e["program_id"]: e for e in now["entries"]}

    def in_order(entries: list[dict]) -> list[int]:
        return [e["program_id"] for e in sorted(entries, key=lambda e: e["position"])
                if e["program_id"] in was and e["program_id"] in is_now]

    kept = _kept_in_order(in_order(before["entries"]), in_order(now["entries"]))
    changes, shifted, same = [], 0, 0
    for e in sorted(now["entries"], key=lambda e: e["position"]):
        old = was.get(e["program_id"])
        if old is None:
            changes.append(f"  + {e['name']}: added at {e['position']}")
        elif e["program_id"] not in kept:
            arrow = "▲" if e["position"] < old["position"] else "▼"
            changes.append(f"  {arrow} {e['name']}: {old['position']} → {e['position']}")
        elif old["position"] != e["position"]:
            shifted += 1
        else:
            same += 1
    changes += [f"  - {e['name']}: removed (was {e['position']})"
                for pid, e in sorted(was.items(), key=lambda item: item[1]["position"]) if pid not in is_now]
    if before["advanced_program_ids"] != now["advanced_program_ids"]:
        changes.append(f"  attached to programs {_ids(now)} (was {_ids(before)})")
    if not changes:
        return [f"  no changes ({same} programs)"]
    return [*changes, f"  {shifted} shifted along, {same} unchanged"]


def _ids(rank_list: dict) -> str:
    return ", ".join(map(str, rank_list["advanced_program_ids"])) or "none"


# --- export --------------------------------------------------------------------------------

EXPORT_COLUMNS = ("list", "kind", "rank", "program_code", "program", "city", "state", "track",
                  "supplemental_for")


def export_rows(frames: dict[str, pl.DataFrame], programs: pl.DataFrame) -> list[dict]:
    """Every list in NRMP entry order: the primary list, then each supplemental list with the
    advanced programs it serves (by program code when known)."""
    info = {row["id"]: row for row in programs.iter_rows(named=True)}
    rows = []
    for rank_list in rank_lists(frames):
        served = "; ".join(info[i]["program_code"] or info[i]["name"]
                           for i in rank_list.advanced_ids if i in info)
        for e in list_entries(frames, rank_list.id):
            p = info[e["program_id"]]
            rows.append({"list": rank_list.name, "kind": rank_list.kind, "rank": e["position"],
                         "program_code": p["program_code"] or "", "program": p["name"],
                         "city": p["city"] or "", "state": p["state"] or "",
                         "track": track_label(p["specialty"], p["track"]), "supplemental_for": served})
    return rows


def to_csv(rows: list[dict]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=EXPORT_COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue()


def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|")


def to_markdown(rows: list[dict]) -> str:
    lines = ["# Rank order list", ""]
    current = None
    for row in rows:
        if row["list"] != current:
            current = row["list"]
            if len(lines) > 2:
                lines.append("")
            lines.append(f"## {_cell(current)} ({row['kind']})")
            if row["supplemental_for"]:
                lines.append(f"For advanced programs: {_cell(row['supplemental_for'])}")
            lines += ["", "| Rank | Program code | Program | City | State | Track |",
                      "| ---: | --- | --- | --- | --- | --- |"]
        lines.append(f"| {row['rank']} | {_cell(row['program_code'] or 'unknown')} | {_cell(row['program'])} "
                     f"| {_cell(row['city'])} | {row['state']} | {row['track']} |")
    return "\n".join(lines) + "\n"


def default_export_path(database: Path) -> Path:
    return database.with_name(f"{database.stem}-rank-list.csv")


def write_export(path: str | Path, rows: list[dict]) -> Path:
    """Markdown for a .md path, CSV for .csv; refused for anything else."""
    path = Path(path).expanduser()
    if path.suffix.lower() not in EXPORT_FORMATS:
        raise ValidationError(f"Export to a .csv or .md file; got '{path.name}'")
    text = to_markdown(rows) if path.suffix.lower() == ".md" else to_csv(rows)
    try:
        path.write_text(text, encoding="utf-8")
    except OSError as error:
        raise StoreError(f"Could not write {path}: {error.strerror or error}") from error
    return path
