"""Frames from a file another tool wrote wrong values into: read as unknown, reported, never a
traceback."""

from __future__ import annotations

import argparse
import datetime as dt
import sqlite3
from pathlib import Path

import pytest

from importers.frames import read_frame, read_frames
from desk.workspace import Workspace
from importers.cli import register
from store import Store

TODAY = dt.date(2026, 11, 26)


def corrupt(path: Path) -> None:
    """Write as another tool would: plain sqlite3, no validation."""
    conn = sqlite3.connect(path)
    try:
        conn.execute("UPDATE programs SET residents_per_year = 'about six' WHERE id = 1")
        conn.execute("UPDATE programs SET visa = 'J1 maybe' WHERE id = 2")
        conn.execute("UPDATE programs SET img_percent = 'lots', img_presence = 'yes' WHERE id = 3")
        conn.execute("UPDATE interviews SET culture = 9 WHERE id = (SELECT min(id) FROM interviews)")
        conn.commit()
    finally:
        conn.close()


@pytest.fixture
def corrupted(sample_copy: Path) -> Path:
    corrupt(sample_copy)
    return sample_copy


def run_cli(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="matchdesk")
    register(parser.add_subparsers(dest="command", required=True))
    args = parser.parse_args(argv)
    return args.func(args)


def test_wrong_values_read_as_unknown_and_are_reported(corrupted: Path):
    with Store.open(corrupted) as store:
        frames, bad = read_frames(store)
        found = {(c.table, c.row_id, c.field): c for c in bad}
        assert set(found) == {("programs", 1, "residents_per_year"), ("programs", 2, "visa"),
                              ("programs", 3, "img_percent"), ("programs", 3, "img_presence"),
                              ("interviews", store.rows("interviews")[0]["id"], "culture")}
        cell = found[("programs", 1, "residents_per_year")]
        assert cell.raw == "about six" and "whole number" in cell.message
        assert found[("programs", 2, "visa")].raw == "J1 maybe"
        programs = frames["programs"]
        assert programs.filter(programs["id"] == 1)["residents_per_year"].item() is None
        assert programs.filter(programs["id"] == 2)["visa"].item() is None
        assert str(programs.schema["img_presence"]) == "Boolean"
        # the plain reads agree: the raw text never reaches a caller as a value
        assert store.get("programs", 1)["residents_per_year"] is None
        one, bad_one = read_frame(store, "programs", [2])
        assert one.height == 1 and [c.field for c in bad_one] == ["visa"]


def test_workspace_scores_unknown_and_keeps_the_report_current(corrupted: Path):
    with Store.open(corrupted) as store:
        workspace = Workspace(store, today=TODAY)
        assert len(workspace.bad_cells) == 5
        assert workspace.programs.filter(workspace.programs["id"] == 2)["visa"].item() is None
        workspace.set_program_value(2, "visa", "J-1")  # fixing the cell clears its report
        assert {(c.row_id, c.field) for c in workspace.bad_cells if c.table == "programs"} == {
            (1, "residents_per_year"), (3, "img_percent"), (3, "img_presence")}


def test_summary_and_export_work_and_report(corrupted: Path, tmp_path: Path, capsys):
    assert run_cli(["summary", "--db", str(corrupted)]) == 0
    out = capsys.readouterr().out
    assert "5 value(s) in the file do not fit their column" in out
    assert "programs row 2, visa: Visa must be one of" in out and "Top " in out
    assert run_cli(["export", "--db", str(corrupted), "--out", str(tmp_path / "out")]) == 0
    captured = capsys.readouterr()
    assert "Wrote" in captured.out and "programs row 1, residents_per_year" in captured.err


async def test_app_opens_and_says_which_values_it_could_not_read(corrupted: Path):
    from tui.app import MatchDeskApp

    app = MatchDeskApp(corrupted, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.workspace is not None and len(app.workspace.bad_cells) == 5
        assert any("do not fit their column" in n.message for n in app._notifications)


def test_a_table_read_in_chunks_equals_it_read_at_once(corrupted: Path, monkeypatch):
    """Chunks smaller than the table (the wrong values among them): the joined columns hold
    the same rows, types, unknowns and reports as one read of every row."""
    import importers.frames

    monkeypatch.setattr(importers.frames, "CHUNK_ROWS", 2)
    with Store.open(corrupted) as store:
        frames, bad = read_frames(store)
        for table, frame in frames.items():
            ids = [row[0] for row in store.conn.execute(f'SELECT id FROM "{table}" ORDER BY id')]
            at_once, bad_at_once = read_frame(store, table, ids)
            assert frame.equals(at_once) and frame.schema == at_once.schema, table
            assert frame.n_chunks() == 1, table
            assert [c for c in bad if c.table == table] == bad_at_once, table
        assert frames["programs"].height > 2 and len(bad) == 5
