"""Saved versions of the rank lists and what changed between two of them."""

from __future__ import annotations

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
