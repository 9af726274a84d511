"""Rank order lists (DOMAIN 9) in the store: reading them from the frames, and the operations
on them. Each operation is one `store.batch`, so a single ctrl+z undoes a whole move, add,
removal or re-order. The UI calls these through the workspace, which rescores after them.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Sequence

import polars as pl

from store import Store
from store.errors import StoreError
from registry.choices import RANK_LIST_KINDS
from registry.errors import ValidationError
from registry.fields import parse_ids
from registry.specialties import is_pgy1

PRIMARY, SUPPLEMENTAL = RANK_LIST_KINDS
PRIMARY_NAME = "Primary list"


@dataclass(frozen=True)
class RankList:
    id: int
    kind: str
    name: str
    advanced_ids: tuple[int, ...]  # supplemental lists: the advanced programs they serve


def rank_lists(frames: dict[str, pl.DataFrame]) -> list[RankList]:
    """Primary list(s) first, then the supplemental lists in the order they were made."""
    lists = [RankList(r["id"], r["kind"], r["name"], parse_ids(r["advanced_program_ids"]))
             for r in frames["rank_lists"].sort("id").iter_rows(named=True)]
    return sorted(lists, key=lambda l: l.kind != PRIMARY)


def list_entries(frames: dict[str, pl.DataFrame], list_id: int) -> list[dict]:
    """The entries of one list in rank order."""
    return (frames["rank_entries"].filter(pl.col("list_id") == list_id)
            .sort("position", "id").rows(named=True))


def fits_list(kind: str, specialty: str | None, track: str | None) -> bool:
    """PGY-1 years go on supplemental lists; everything else, backup included, on the primary."""
    return is_pgy1(specialty, track) == (kind == SUPPLEMENTAL)


# --- operations (each one undoable step) ---------------------------------------------------

def _store_entries(store: Store, list_id: int) -> list[dict]:
    return store.rows("rank_entries", "list_id = ?", (list_id,), order_by="position, id")


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
    with store.batch(f"move rank {entry['position']} to {position}"):
        entry = _entry(store, entry_id)  # read again under the write lock
        entries = _store_entries(store, entry["list_id"])
        position = min(max(position, 1), len(entries))
        order = [e["id"] for e in entries if e["id"] != entry_id]
        order.insert(position - 1, entry_id)
        store.set_rank_order(entry["list_id"], order)
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
        last = max((e["position"] for e in entries), default=0)
        entry_id = store.insert_row("rank_entries", {"list_id": list_id, "program_id": program_id,
                                                     "position": last + 1})
        order = [e["id"] for e in entries]
        order.insert(min(max(position or len(order) + 1, 1), len(order) + 1) - 1, entry_id)
        store.set_rank_order(list_id, order)
    return entry_id


def remove_entry(store: Store, entry_id: int) -> None:
    entry = _entry(store, entry_id)
    with store.batch(f"remove rank {entry['position']}"):
        store.delete_row("rank_entries", entry_id)
        rest = _store_entries(store, entry["list_id"])
        store.set_rank_order(entry["list_id"], [e["id"] for e in rest])


def apply_order(store: Store, list_id: int, program_ids: Sequence[int]) -> int:
    """Re-rank a list as `program_ids` says, adding the ones not on it; entries it does not
    name keep their order after them. Returns how many programs were added."""
    added = 0
    with store.batch("apply the suggested order"):
        entries = _store_entries(store, list_id)  # under the write lock
        by_program = {e["program_id"]: e["id"] for e in entries}
        last = max((e["position"] for e in entries), default=0)
        order = []
        for program_id in program_ids:
            if program_id not in by_program:
                by_program[program_id] = store.insert_row("rank_entries", {
                    "list_id": list_id, "program_id": program_id, "position": last + added + 1})
                added += 1
            order.append(by_program[program_id])
        order += [e["id"] for e in entries if e["id"] not in order]
        store.set_rank_order(list_id, order)
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


def save_snapshot(store: Store, name: str, content: dict, created: str) -> int:
    return store.insert_row("rank_snapshots", {"name": name, "created": created,
                                               "content": json.dumps(content)})
