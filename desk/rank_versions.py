"""Saved versions of the rank lists and what changed between two of them."""

from __future__ import annotations

from dataclasses import dataclass

import polars as pl

from desk.rank_lists import PRIMARY, list_entries, rank_lists


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


@dataclass(frozen=True)
class Move:
    program_id: int
    name: str | None
    old: int  # position before
    new: int  # position now


@dataclass(frozen=True)
class ListChanges:
    """What happened to one list's entries. Applying it to the old order (take out the removed
    and the moved, then put the added and the moved at their new places, top first) gives the
    new order; the entries that only slid along because of those are counted, not listed."""

    added: list[Move]  # old is 0
    removed: list[Move]  # new is 0
    moved: list[Move]
    shifted: int  # kept their order among themselves, but their position changed
    same: int  # same position as before


def _kept_in_order(old: list[int], new: list[int], unchanged: set[int]) -> set[int]:
    """The programs whose order among themselves did not change, the others being the ones
    you moved: the most of them (a longest common subsequence), always including every
    program whose position did not change. Those keep their order among themselves, and
    weighing each above all the others together makes the subsequence hold all of them."""
    bonus = len(old) + 1

    def weight(program_id: int) -> int:
        return 1 + (bonus if program_id in unchanged else 0)

    best = [[0] * (len(new) + 1) for _ in range(len(old) + 1)]
    for i in range(len(old) - 1, -1, -1):
        for j in range(len(new) - 1, -1, -1):
            best[i][j] = max(best[i + 1][j], best[i][j + 1])
            if old[i] == new[j]:
                best[i][j] = max(best[i][j], best[i + 1][j + 1] + weight(old[i]))
    kept, i, j = set(), 0, 0
    while i < len(old) and j < len(new):
        if old[i] == new[j] and best[i][j] == best[i + 1][j + 1] + weight(old[i]):
            kept.add(old[i])
            i, j = i + 1, j + 1
        elif best[i][j + 1] >= best[i + 1][j]:  # on a tie the one now higher counts as moved
            j += 1
        else:
            i += 1
    return kept


def list_changes(before: list[dict], now: list[dict]) -> ListChanges:
    """Moves, additions and removals between two versions of a list's entries."""
    was = {e["program_id"]: e for e in before}
    is_now = {e["program_id"]: e for e in now}

    def in_order(entries: list[dict]) -> list[int]:
        return [e["program_id"] for e in sorted(entries, key=lambda e: e["position"])
                if e["program_id"] in was and e["program_id"] in is_now]

    unchanged = {pid for pid in was.keys() & is_now.keys() if was[pid]["position"] == is_now[pid]["position"]}
    kept = _kept_in_order(in_order(before), in_order(now), unchanged)
    added, moved, shifted = [], [], 0
    for e in sorted(now, key=lambda e: e["position"]):
        old = was.get(e["program_id"])
        if old is None:
            added.append(Move(e["program_id"], e["name"], 0, e["position"]))
        elif e["program_id"] not in kept:
            moved.append(Move(e["program_id"], e["name"], old["position"], e["position"]))
        elif old["position"] != e["position"]:
            shifted += 1
    removed = [Move(pid, e["name"], e["position"], 0)
               for pid, e in sorted(was.items(), key=lambda item: item[1]["position"]) if pid not in is_now]
    return ListChanges(added, removed, moved, shifted, len(unchanged))


def _entry_changes(before: dict, now: dict) -> list[str]:
    changes = list_changes(before["entries"], now["entries"])
    lines = [f"  + {m.name}: added at {m.new}" if not m.old
             else f"  {'▲' if m.new < m.old else '▼'} {m.name}: {m.old} → {m.new}"
             for m in sorted([*changes.added, *changes.moved], key=lambda m: m.new)]
    lines += [f"  - {m.name}: removed (was {m.old})" for m in changes.removed]
    if before["advanced_program_ids"] != now["advanced_program_ids"]:
        lines.append(f"  attached to programs {_ids(now)} (was {_ids(before)})")
    if not lines:
        return [f"  no changes ({changes.same} programs)"]
    return [*lines, f"  {changes.shifted} shifted along, {changes.same} unchanged"]


def _ids(rank_list: dict) -> str:
    return ", ".join(map(str, rank_list["advanced_program_ids"])) or "none"
