"""The rank lists: operations on a real store (desk.rank_lists), the list beside the suggested
order with warnings, counters and odds (desk.rank_view), saved versions (desk.rank_versions)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from scoring import match_odds
from registry.errors import ValidationError
from registry.specialties import PGY1_SPECIALTIES
from desk import rank_lists, rank_versions, rank_view
from registry import fields, specialties
from desk.workspace import Workspace

TODAY = dt.date(2026, 11, 26)
PRIMARY, SUPPLEMENTAL = 1, 2  # the sample's lists
CEDAR, LAKEMONT, BRIGHTWATER_DR, MAGNOLIA, BRIGHTWATER_IM, GREAT_LAKES = 2, 1, 3, 9, 33, 20
LAKEMONT_TY, BRIGHTWATER_PRELIM = 53, 57


def order(store, list_id=PRIMARY) -> list[int]:
    return [e["program_id"] for e in store.rows("rank_entries", "list_id = ?", (list_id,),
                                                order_by="position")]


def view(store, list_id=PRIMARY) -> rank_view.RankListView:
    ws = Workspace(store, today=TODAY)
    return rank_view.list_view(ws.scored, ws.frames, ws.settings, list_id)


def entry_id(store, program_id) -> int:
    return store.rows("rank_entries", "program_id = ?", (program_id,))[0]["id"]


def test_parse_ids_and_track_labels() -> None:
    assert fields.parse_ids(" 2, 1,,3, 2, x") == (2, 1, 3)
    assert fields.parse_ids(None) == ()
    assert specialties.track_label("DR", "Advanced") == "DR advanced"
    assert specialties.track_label("DR", "Categorical") == "categorical"
    assert specialties.track_label("IR/DR", "Advanced") == "IR/DR"
    assert specialties.track_label("IM", "Categorical") == "backup"
    assert specialties.track_label("TY", "Preliminary") == "TY"
    assert specialties.track_label("Prelim Surgery", None) == "prelim"


def test_move_is_one_undoable_step(sample_store) -> None:
    before = order(sample_store)
    assert rank_lists.move_entry(sample_store, entry_id(sample_store, GREAT_LAKES), 1) == 1
    assert order(sample_store) == [GREAT_LAKES, *before[:-1]]
    assert rank_lists.move_entry(sample_store, entry_id(sample_store, CEDAR), 99) == 6  # clamped
    assert order(sample_store)[-1] == CEDAR
    sample_store.undo()
    assert order(sample_store) == [GREAT_LAKES, *before[:-1]]
    sample_store.undo()
    assert order(sample_store) == before


def test_add_program_at_a_position_and_refusals(sample_store) -> None:
    new_id = rank_lists.add_program(sample_store, 7, PRIMARY, position=2)
    assert order(sample_store)[:3] == [CEDAR, 7, LAKEMONT]
    assert sample_store.get("rank_entries", new_id)["position"] == 2
    with pytest.raises(ValidationError, match="already on this list at rank 2"):
        rank_lists.add_program(sample_store, 7, PRIMARY)
    sample_store.set_setting("rank.max_ranks", 7)
    with pytest.raises(ValidationError, match="NRMP maximum"):
        rank_lists.add_program(sample_store, 22, PRIMARY)
    assert len(order(sample_store)) == 7
    sample_store.undo()  # the setting
    sample_store.undo()  # the add, positions included
    assert order(sample_store) == [CEDAR, LAKEMONT, BRIGHTWATER_DR, MAGNOLIA, BRIGHTWATER_IM, GREAT_LAKES]


def test_add_program_starts_the_primary_list(new_store) -> None:
    new_store.delete_row("rank_lists", rank_lists.primary_list_id(new_store))  # a new database has one
    program = new_store.insert_row("programs", {"name": "Solo DR", "specialty": "DR"})
    entry = rank_lists.add_program(new_store, program)
    lists = new_store.rows("rank_lists")
    assert [(l["kind"], l["name"]) for l in lists] == [("primary", "Primary list")]
    assert new_store.get("rank_entries", entry)["position"] == 1
    new_store.undo()
    assert new_store.rows("rank_lists") == [] and new_store.rows("rank_entries") == []


def test_remove_renumbers_and_apply_order_adds(sample_store) -> None:
    rank_lists.remove_entry(sample_store, entry_id(sample_store, LAKEMONT))
    positions = [e["position"] for e in sample_store.rows("rank_entries", "list_id = 1", order_by="position")]
    assert positions == [1, 2, 3, 4, 5]
    added = rank_lists.apply_order(sample_store, PRIMARY, [LAKEMONT, GREAT_LAKES, CEDAR])
    assert added == 1
    assert order(sample_store) == [LAKEMONT, GREAT_LAKES, CEDAR, BRIGHTWATER_DR, MAGNOLIA, BRIGHTWATER_IM]
    sample_store.undo()
    assert order(sample_store) == [CEDAR, BRIGHTWATER_DR, MAGNOLIA, BRIGHTWATER_IM, GREAT_LAKES]


def test_attach_and_detach(sample_store) -> None:
    assert rank_lists.toggle_attached(sample_store, SUPPLEMENTAL, GREAT_LAKES) is False
    assert sample_store.get("rank_lists", SUPPLEMENTAL)["advanced_program_ids"] == "2,1,3,9"
    assert rank_lists.toggle_attached(sample_store, SUPPLEMENTAL, 7) is True
    assert fields.parse_ids(sample_store.get("rank_lists", SUPPLEMENTAL)["advanced_program_ids"]) == (2, 1, 3, 9, 7)
    with pytest.raises(ValidationError, match="supplemental"):
        rank_lists.toggle_attached(sample_store, PRIMARY, 7)


def test_view_marks_differences_with_reasons(sample_store) -> None:
    v = view(sample_store)
    # radiology above the backup specialty; the do-not-rank program last
    assert v.suggested_ids == [LAKEMONT, CEDAR, MAGNOLIA, BRIGHTWATER_DR, BRIGHTWATER_IM, GREAT_LAKES]
    by_program = {e.program_id: e for e in v.entries}
    cedar, lakemont = by_program[CEDAR], by_program[LAKEMONT]
    assert (cedar.position, cedar.suggested_position, cedar.shift) == (1, 2, -1)
    assert lakemont.shift == 1
    assert lakemont.reason == cedar.reason
    assert lakemont.reason.startswith("you rank Cedar Hollow University Hospital Diagnostic Radiology above "
                                      "Lakemont Regional Medical Center Diagnostic Radiology; Lakemont")
    assert "scores higher on IMG support/visa and resident happiness (rank score 91.2 vs 85)" in lakemont.reason
    assert by_program[BRIGHTWATER_IM].reason is None and by_program[BRIGHTWATER_IM].shift == 0
    assert by_program[MAGNOLIA].shift == 1 and by_program[MAGNOLIA].reason.startswith(
        "you rank Brightwater Health System Diagnostic Radiology above Magnolia")
    # applying the suggestion leaves nothing to explain
    rank_lists.apply_order(sample_store, PRIMARY, v.suggested_ids)
    assert all(e.shift == 0 and e.reason is None for e in view(sample_store).entries)


def test_warnings(sample_store) -> None:
    sample_store.set_value("profile", 1, "target_ir", True)
    sample_store.set_value("programs", MAGNOLIA, "ir_pathway", "none")
    sample_store.set_value("programs", BRIGHTWATER_DR, "visa", None)
    sample_store.set_value("programs", CEDAR, "fail_policy", "not stated")
    rank_lists.add_program(sample_store, 7, PRIMARY)  # invited, never interviewed
    rank_lists.toggle_attached(sample_store, SUPPLEMENTAL, CEDAR)
    tags = {e.program_id: [w.tag for w in e.warnings] for e in view(sample_store).entries}
    assert tags[GREAT_LAKES] == ["do not rank"]
    assert tags[BRIGHTWATER_DR] == ["visa?"]
    assert tags[MAGNOLIA] == ["IR minimal"]
    assert tags[CEDAR] == ["no PGY-1 list"]
    assert tags[7] == ["no interview", "no PGY-1 list"]
    assert tags[LAKEMONT] == [] and tags[BRIGHTWATER_IM] == []
    texts = {e.program_id: [w.text for w in e.warnings] for e in view(sample_store).entries}
    assert texts[GREAT_LAKES] == ["do not rank: visa confidence 2/5 at interview (warning at 2 or below)"]
    sample_store.set_value("profile", 1, "failed_attempt", None)
    sample_store.set_value("profile", 1, "step1_attempts", None)
    gated = [w for e in view(sample_store).entries if e.program_id == CEDAR for w in e.warnings]
    assert [w.tag for w in gated] == ["gated", "no PGY-1 list"]
    assert gated[0].text.startswith("unclear: ")


def test_odds_equal_the_scoring_function(sample_store) -> None:
    sample_store.set_value("rank_entries", entry_id(sample_store, CEDAR), "match_probability", 0.5)
    v, s = view(sample_store), sample_store.settings()
    defaults = {"Reach": s["odds.reach"], "Target": s["odds.target"], "Safety": s["odds.safety"]}
    assert [e.probability for e in v.entries] == [0.5, *(defaults[e.tier] for e in v.entries[1:])]
    pgy1 = [e.probability for e in view(sample_store, SUPPLEMENTAL).entries]
    supplemental = [pgy1 if e.program_id in (2, 1, 3, 9, 20) else None for e in v.entries]
    expected = match_odds([e.probability for e in v.entries], supplemental=supplemental)
    assert v.odds == expected
    assert v.entries[0].pgy1_probability == pytest.approx(1 - (1 - 0.35) * (1 - 0.6))
    assert v.entries[4].pgy1_probability is None  # a categorical backup needs no PGY-1 year


def test_fee_counter_and_rank_maximum(sample_store) -> None:
    sample_store.set_setting("rank.fee_threshold", 7)
    assert not view(sample_store).primary_fee.over
    for program in (7, 22, 37):
        rank_lists.add_program(sample_store, program, PRIMARY)
    v = view(sample_store)
    assert (v.primary_fee.count, v.primary_fee.limit, v.primary_fee.over) == (9, 7, True)
    assert (v.supplemental_fee.count, v.supplemental_fee.over) == (2, False)
    assert (v.ranks.count, v.ranks.limit) == (9, 300)
    # a prelim may sit on several supplemental lists; NRMP counts it once
    second = rank_lists.new_list(sample_store, "PGY-1 for Prairie State", advanced_ids=[7])
    rank_lists.add_program(sample_store, BRIGHTWATER_PRELIM, second)
    rank_lists.add_program(sample_store, 56, second)
    v = view(sample_store, second)
    assert [e.program_id for e in v.entries] == [BRIGHTWATER_PRELIM, 56]
    assert v.supplemental_fee.count == 3


def test_candidates_fit_the_list_kind(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    primary = rank_view.candidates(ws.scored, ws.frames, PRIMARY)
    supplemental = rank_view.candidates(ws.scored, ws.frames, SUPPLEMENTAL)
    assert not set(primary["id"]) & {CEDAR, LAKEMONT, LAKEMONT_TY}
    assert set(supplemental["specialty"]) <= set(PGY1_SPECIALTIES)
    assert LAKEMONT_TY not in set(supplemental["id"])
    rank_lists.remove_entry(sample_store, entry_id(sample_store, CEDAR))
    ws.reload()
    assert rank_view.candidates(ws.scored, ws.frames, PRIMARY)["id"][0] == CEDAR  # the best rank score


def test_snapshot_diff(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    first = rank_versions.snapshot_content(ws.frames, ws.programs)
    rank_lists.move_entry(sample_store, entry_id(sample_store, LAKEMONT), 1)
    rank_lists.remove_entry(sample_store, entry_id(sample_store, GREAT_LAKES))
    rank_lists.add_program(sample_store, 7, PRIMARY, position=3)
    rank_lists.toggle_attached(sample_store, SUPPLEMENTAL, GREAT_LAKES)
    ws.reload()
    second = rank_versions.snapshot_content(ws.frames, ws.programs)
    rank_lists.save_snapshot(sample_store, "before", first, "2026-11-20T10:00:00")
    stored = sample_store.rows("rank_snapshots")[0]
    assert stored["name"] == "before" and stored["created"] == "2026-11-20T10:00:00"
    assert rank_versions.snapshot_diff(first, second) == [
        "Primary list",
        "  ▲ Lakemont Regional Medical Center Diagnostic Radiology: 2 → 1",
        "  + Prairie State University Hospital Diagnostic Radiology: added at 3",
        "  - Great Lakes Riverside Hospital Diagnostic Radiology: removed (was 6)",
        "  4 shifted along, 0 unchanged",
        "Supplemental PGY-1 list",
        "  attached to programs 2, 1, 3, 9 (was 2, 1, 3, 9, 20)",
        "  0 shifted along, 2 unchanged",
    ]
    # one program moved down the whole list is the only move reported
    rank_lists.move_entry(sample_store, entry_id(sample_store, LAKEMONT), 6)
    ws.reload()
    third = rank_versions.snapshot_content(ws.frames, ws.programs)
    assert rank_versions.snapshot_diff(second, third)[1:3] == [
        "  ▼ Lakemont Regional Medical Center Diagnostic Radiology: 1 → 6",
        "  5 shifted along, 0 unchanged",
    ]
    assert rank_versions.snapshot_diff(second, second)[1] == "  no changes (6 programs)"




# --- the version diff: only real moves, and they rebuild the new order -------------------------


def _entries(order: list[int]) -> list[dict]:
    return [{"program_id": pid, "name": f"P{pid}", "position": i} for i, pid in enumerate(order, 1)]


def _apply(old: list[int], changes: rank_versions.ListChanges) -> list[int]:
    """Take out the removed and the moved, then put the added and moved at their new places."""
    out_ids = {m.program_id for m in [*changes.removed, *changes.moved]}
    order = [pid for pid in old if pid not in out_ids]
    for m in sorted([*changes.added, *changes.moved], key=lambda m: m.new):
        order.insert(m.new - 1, m.program_id)
    return order


def test_a_reversed_list_does_not_report_the_middle_one_as_moved() -> None:
    changes = rank_versions.list_changes(_entries([1, 2, 3]), _entries([3, 2, 1]))
    assert 2 not in {m.program_id for m in changes.moved}
    assert [(m.program_id, m.old, m.new) for m in changes.moved] == [(3, 3, 1), (1, 1, 3)]
    assert (changes.shifted, changes.same) == (0, 1)


def test_the_shifted_count_is_the_kept_entries_whose_place_changed() -> None:
    changes = rank_versions.list_changes(_entries([1, 2, 3, 4]), _entries([9, 1, 2, 4, 3]))
    assert [(m.program_id, m.old, m.new) for m in changes.moved] == [(3, 3, 5)]
    assert [m.program_id for m in changes.added] == [9]
    assert (changes.shifted, changes.same) == (2, 1)  # 1 and 2 slid down one place; 4 stayed


@given(st.lists(st.integers(0, 12), unique=True, max_size=10),
       st.lists(st.integers(0, 12), unique=True, max_size=10))
@settings(max_examples=300, deadline=None)
def test_diff_moves_rebuild_the_new_list_and_never_name_an_unmoved_program(old, new) -> None:
    changes = rank_versions.list_changes(_entries(old), _entries(new))
    assert _apply(old, changes) == new
    for m in changes.moved:
        assert m.old != m.new and old.index(m.program_id) + 1 == m.old and new.index(m.program_id) + 1 == m.new
    unchanged = [pid for pid in set(old) & set(new) if old.index(pid) == new.index(pid)]
    assert changes.same == len(unchanged)
    kept = set(old) & set(new) - {m.program_id for m in changes.moved}
    assert changes.shifted == sum(old.index(p) != new.index(p) for p in kept)
