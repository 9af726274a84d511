"""desk.workspace is the one write path: after a write from any kind of screen the scored
frame equals scoring from scratch, and the subscribers heard of it."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings as hyp_settings, strategies as st
from polars.testing import assert_frame_equal

from importers.frames import read_frames
from desk.workspace import Workspace, patch_rows
from registry.fields import get_field
from registry.errors import ValidationError
from scoring import score_all

TODAY = dt.date(2026, 11, 26)
REPO = Path(__file__).resolve().parents[2]
LAKEMONT, KEYSTONE_TY = 1, 54
PRIMARY, SUPPLEMENTAL = 1, 2  # the sample's lists
STORE_WRITES = {"set_value", "insert_row", "delete_row", "set_setting", "set_pref", "set_provenance",
                "batch", "undo", "redo"}


def current(ws: Workspace) -> None:
    """The workspace's frames and scores are what a fresh read of the file gives."""
    fresh = score_all(read_frames(ws.store)[0], ws.store.settings(), today=TODAY)
    assert_frame_equal(ws.programs.sort("id"), fresh.programs.sort("id"))
    assert ws.scored.applicant == fresh.applicant  # the tier balance and counts the dashboard shows
    for table, frame in read_frames(ws.store)[0].items():
        assert_frame_equal(ws.frames[table].sort("id"), frame.sort("id")), table
    assert ws.settings == ws.store.settings()


def entry(ws: Workspace, list_id: int, position: int) -> int:
    entries = ws.frames["rank_entries"].filter((pl.col("list_id") == list_id)
                                               & (pl.col("position") == position))
    return entries["id"][0]


# one write per kind of screen: (what the screen does, the workspace call)
WRITES = {
    "programs cell (programs screen)": lambda ws: ws.set_program_value(LAKEMONT, "step2_min", 250),
    "programs cell from another screen (dashboard signal)":
        lambda ws: ws.set_value("programs", LAKEMONT, "signal", "gold"),
    "add a program (program form)": lambda ws: ws.insert_row("programs", {"name": "New program"}),
    "delete a program": lambda ws: ws.delete_row("programs", LAKEMONT),
    "profile value (profile screen)": lambda ws: ws.set_value("profile", 1, "step2_score", 262),
    "insert a record (red flags, outreach, materials)":
        lambda ws: ws.insert_row("usce", {"type": "elective", "months": 2, "radiology": True}),
    "priority (priorities screen)": lambda ws: ws.set_value("priorities", 1, "importance", "must"),
    "setting (settings screen)": lambda ws: ws.set_setting("weight.must", 5),
    "interview rating (interviews screen)":
        lambda ws: ws.record_impression(LAKEMONT, None, "culture", 5),
    "rank list move (rank list screen)": lambda ws: ws.move_rank_entry(entry(ws, PRIMARY, 3), 1),
    "rank list add": lambda ws: ws.add_to_rank_list(KEYSTONE_TY, SUPPLEMENTAL),
    "rank list remove": lambda ws: ws.remove_rank_entry(entry(ws, PRIMARY, 1)),
    "rank list order": lambda ws: ws.apply_rank_order(PRIMARY, [3, 2, 1]),
    "new rank list": lambda ws: ws.new_rank_list("Another PGY-1 list"),
    "saved version": lambda ws: ws.save_rank_version("v1", {"lists": []}, "2026-11-26T10:00:00"),
}


@pytest.mark.parametrize("write", WRITES.values(), ids=WRITES.keys())
def test_a_write_leaves_the_scores_current_and_tells_subscribers(sample_store, write) -> None:
    ws = Workspace(sample_store, today=TODAY)
    heard = []
    ws.subscribers.append(lambda rows, changes: heard.append((rows, changes)))
    version = ws.version
    write(ws)
    current(ws)
    assert len(heard) == 1 and ws.version == version + 1


def test_a_one_row_edit_that_moves_a_tier_count_updates_the_balance(sample_store) -> None:
    """The dashboard's tier balance and application counts follow a program edit at once."""
    ws = Workspace(sample_store, today=TODAY)
    before = {line.tier: line.count for line in ws.scored.applicant.balance}
    ws.set_program_value(LAKEMONT, "status", "withdrawn")  # leaves the radiology list
    after = {line.tier: line.count for line in ws.scored.applicant.balance}
    assert after["Target"] == before["Target"] - 1
    current(ws)
    ws.set_program_value(LAKEMONT, "status", "applied")
    ws.set_program_value(LAKEMONT, "step2_min", 260)  # the tier itself moves
    assert ws.programs.filter(pl.col("id") == LAKEMONT)["tier"][0] != "Target"
    current(ws)


def test_undo_through_the_workspace_is_current_too(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    ws.set_program_value(LAKEMONT, "step2_min", 250)
    heard = []
    ws.subscribers.append(lambda rows, changes: heard.append(changes))
    ws.apply_changes(sample_store.undo())
    current(ws)
    assert heard and heard[0][0].table == "programs"


def test_a_refused_write_changes_nothing_and_tells_no_one(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    heard = []
    ws.subscribers.append(lambda rows, changes: heard.append(rows))
    with pytest.raises(ValueError):
        ws.set_program_value(LAKEMONT, "step2_min", "lots")
    assert heard == []
    current(ws)


def test_no_screen_or_widget_writes_to_the_store_itself() -> None:
    """Every write goes through the workspace, so none can skip the rescore."""
    offenders = []
    for path in [*(REPO / "tui" / "screens").glob("*.py"), *(REPO / "tui" / "widgets").glob("*.py")]:
        for node in ast.walk(ast.parse(path.read_text())):
            if (isinstance(node, ast.Attribute) and node.attr in STORE_WRITES
                    and isinstance(node.value, ast.Attribute) and node.value.attr == "store"):
                offenders.append(f"{path.name}:{node.lineno} store.{node.attr}")
    assert offenders == []


def test_a_red_flag_note_and_its_count_agree_everywhere(sample_store, tmp_path) -> None:
    """One count: the count column, the noticed row, the rank score and the export agree
    after a red flag is written down with the count left at 0."""
    import csv

    from desk import impressions
    from importers.export import export
    from scoring import why

    ws = Workspace(sample_store, today=TODAY)
    record = ws.frames["interviews"].filter(pl.col("program_id") == LAKEMONT).row(0, named=True)
    assert record["red_flag_count"] == 0 and record["red_flags_noticed"] is None
    ws.record_impression(LAKEMONT, record["id"], "red_flags_noticed", "PD leaving; visa unsure")
    season = impressions.season_programs(ws.scored, ws.frames).filter(pl.col("id") == LAKEMONT)
    assert season["red_flag_count"][0] == 1  # the count column (and the noticed row's "(1)")
    assert "(1)" in why(ws.scored, LAKEMONT)["rank_score"]  # the penalty the rank score took
    export(sample_store, "csv", tmp_path / "out.csv", ["interviews"])
    with (tmp_path / "out.csv").open(encoding="utf-8-sig", newline="") as handle:
        row = next(r for r in csv.DictReader(handle) if r["Red flags noticed"] == "PD leaving; visa unsure")
    assert row["Red flags noticed (count)"] == "1"
    sample_store.undo()  # one step: the note and its count together
    ws.apply_changes([])
    assert sample_store.get("interviews", record["id"])["red_flag_count"] == 0


def test_many_edits_leave_the_frames_in_one_chunk_and_current(sample_store) -> None:
    """Each edit writes its cells into copies of their columns: no slices pile up (every read
    of a frame walks its chunks), and no rechunk is ever due."""
    ws = Workspace(sample_store, today=TODAY)
    ids = ws.programs["id"].to_list()
    for edit in range(200):
        ws.set_program_value(ids[edit * 7 % len(ids)], "step2_min", 220 + edit % 30)
        assert ws.frames["programs"].n_chunks() == 1 and ws.programs.n_chunks() == 1
    current(ws)


def test_patch_rows_puts_each_row_in_its_place_and_leaves_the_frame_as_it_was() -> None:
    frame = pl.DataFrame({"id": [1, 2, 3, 4], "name": ["a", "b", "c", "d"], "score": [1.0, None, 3.0, 4.0]})
    rows = pl.DataFrame({"name": ["D", "B", "X"], "id": [4, 2, 9], "score": [4.0, 2.5, 0.0]})  # 9: not in it
    assert_frame_equal(patch_rows(frame, rows),
                       pl.DataFrame({"id": [1, 2, 3, 4], "name": ["a", "B", "c", "D"], "score": [1.0, 2.5, 3.0, 4.0]}))
    assert frame["name"].to_list() == ["a", "b", "c", "d"] and frame["score"][1] is None


def _choices(name: str) -> st.SearchStrategy:
    return st.one_of(st.none(), st.sampled_from([*get_field("programs", name).choices, "bogus"]))


# A raw value per kind of program field, valid or not; status and specialty move the
# applicant's tier balance and counts, the others only the row's scores.
EDITS = st.one_of(
    st.tuples(st.just("name"), st.text(max_size=12)),
    st.tuples(st.just("notes"), st.one_of(st.none(), st.text(max_size=20))),
    st.tuples(st.just("step2_min"), st.one_of(st.none(), st.integers(180, 290), st.just("lots"))),
    st.tuples(st.just("img_percent"), st.one_of(st.none(), st.floats(-5, 105, allow_nan=False))),
    st.tuples(st.just("img_presence"), st.one_of(st.none(), st.booleans(), st.just("maybe"))),
    st.tuples(st.just("personal_fit"), st.one_of(st.none(), st.integers(0, 6))),
    *(st.tuples(st.just(name), _choices(name)) for name in ("visa", "status", "specialty")),
)


@hyp_settings(max_examples=25, deadline=None,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(edits=st.lists(st.tuples(st.sampled_from([LAKEMONT, 2, 7, KEYSTONE_TY]), EDITS), min_size=1, max_size=4))
def test_a_saved_cell_is_what_reading_the_file_back_gives(sample_store, edits) -> None:
    """set_program_value puts the store's validated value into the frame instead of reading
    the row back, and keeps the applicant's assessment when the edit leaves what it counts:
    after any edits the frames, scores, tier balance and counts are what a fresh read gives."""
    ws = Workspace(sample_store, today=TODAY)
    for program_id, (field, raw) in edits:
        try:
            ws.set_program_value(program_id, field, raw)
        except ValidationError:
            pass
        current(ws)
