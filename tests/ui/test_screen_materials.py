"""The materials screen (F9), driven by keys on a copy of the sample: one test per tab, the
palette, and a snapshot of the letters tab."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static, TabbedContent

from store import Store
from tui.app import MatchDeskApp

TODAY = dt.date(2026, 11, 26)
SIZE = (120, 40)


def make_app(path: Path) -> MatchDeskApp:
    return MatchDeskApp(path, today=TODAY)


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))


async def clear_input(pilot) -> None:
    await pilot.press("home", "ctrl+k")


async def open_materials(pilot, tab_key: str | None = None) -> None:
    await pilot.press("f9")
    await pilot.pause()  # the mode switch completes before the next key goes to the new screen
    if tab_key:
        await pilot.press(tab_key)


def shown(app, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


def rows(path: Path, table: str) -> list[dict]:
    with Store.open(path) as store:
        return store.rows(table)


async def test_letters_add_edit_refuse_undo_with_live_checks(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_materials(pilot)
        assert app.screen.query_one(TabbedContent).active == "letters"
        assert "DR 3, backup (IM) 2" in shown(app, "#letters-checks")

        # add a US IR letter for DR and IR/DR: the IR check comes alive
        await pilot.press("a")
        await type_text(pilot, "Dr V")
        await pilot.press("tab", "tab", "I", "R", "tab", "space", "tab", "end")
        await type_text(pilot, ",ir/dr")
        await pilot.press("enter")
        added = rows(sample_copy, "letters")[-1]
        assert (added["writer"], added["us_based"], added["assigned_to"]) == ("Dr V", True, "DR, IR/DR")
        # not received yet: it does not count, and the IR applicant's other letters are named
        assert ("IR, DR and clinical letters for integrated IR: none received for IR/DR; still "
                "needed: IR, DR, core clinical letter(s); not received yet (pending): Dr V (US)") in shown(
            app, "#letters-checks")

        # a fifth DR letter: the per-program warning appears
        await pilot.press("ctrl+home", "down", "down", "down")
        await pilot.press(*["right"] * 5, "e", "end")
        await type_text(pilot, ", DR")
        await pilot.press("enter")
        assert rows(sample_copy, "letters")[3]["assigned_to"] == "backup, DR"
        assert "DR 5" in shown(app, "#letters-checks")
        assert "a program receives at most 4 letters" in shown(app, "#letters-checks")

        # an unknown specialty is refused in the editor and nothing changes
        await pilot.press("e", "end")
        await type_text(pilot, ",ct")
        await pilot.press("enter")
        assert "'ct' is not a specialty" in str(app.screen.query_one("#error", Static).content)
        await pilot.press("escape")
        assert rows(sample_copy, "letters")[3]["assigned_to"] == "backup, DR"

        # undo brings the fourth letter back to the backup only
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert rows(sample_copy, "letters")[3]["assigned_to"] == "backup"
        assert "DR 4" in shown(app, "#letters-checks")


async def test_statements_word_check_dismiss_and_undo(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_materials(pilot, "s")
        assert app.screen.query_one(TabbedContent).active == "statements"
        table = app.screen.query_one("#statements-table")
        await pilot.press("down")
        assert table.cell_text(1, "check") == "ok"

        # write radiology-first wording into the IM (backup) statement
        await pilot.press(*["right"] * 6, "e")
        await type_text(pilot, "Radiology first. ")
        await pilot.press("ctrl+s")
        im = rows(sample_copy, "statements")[1]
        assert im["body"].startswith("Radiology first. Internal medicine")
        assert table.cell_text(1, "check") == "look"
        assert table.cell_text(1, "words") == "48"
        assert "Word check of this IM statement: mentions 'radiology'" in shown(
            app, "#statements-checks")

        await pilot.press("x")
        assert rows(sample_copy, "statements")[1]["check_dismissed"] is True
        assert table.cell_text(1, "check") == "dismissed"

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert rows(sample_copy, "statements")[1]["check_dismissed"] is False
        assert table.cell_text(1, "check") == "look"

        # the DR statement has no word check to dismiss
        await pilot.press("up", "x")
        assert rows(sample_copy, "statements")[0]["check_dismissed"] is False


async def test_why_note_edit_and_brief_export(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_materials(pilot, "w")
        assert app.screen.query_one(TabbedContent).active == "why"
        await pilot.press("e")
        await type_text(pilot, "Yes. ")
        await pilot.press("ctrl+s")
        note = rows(sample_copy, "programs")[0]["why_program"]
        assert note.startswith("Yes. Community volume")

        await pilot.press("b")
        path_input = app.screen.query_one("#text", Input)
        expected = sample_copy.parent / "brief-lakemont-regional-medical-center-diagnostic-radiology.md"
        assert path_input.value == str(expected)
        await pilot.press("enter")
        brief = expected.read_text(encoding="utf-8")
        assert brief.startswith("# Lakemont Regional Medical Center Diagnostic Radiology")
        assert "Yes. Community volume" in brief and "## Contacts met" in brief

        # a path that cannot be written (a folder is in the way): a message, no crash
        expected.unlink()
        expected.mkdir()
        await pilot.press("b", "enter")
        await pilot.pause()
        assert expected.is_dir() and app.is_running
        assert app.screen.query_one(TabbedContent).active == "why"


async def test_practice_exam_add_refuse_delete_and_readiness(sample_copy):
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_materials(pilot)
        # reachable from the command palette
        await pilot.press("ctrl+p")
        await type_text(pilot, "exams tab")
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.query_one(TabbedContent).active == "exams"
        assert "2 points below the target 245 (latest 243)" in shown(app, "#practice_exams-checks")

        # a score out of range is refused and nothing is added
        await pilot.press("a", "enter", "down", "enter", "tab", "tab")
        await type_text(pilot, "400")
        await pilot.press("enter")
        assert "Score must be a whole number from 1 to 300" in str(
            app.screen.query_one("#error", Static).content)
        assert len(rows(sample_copy, "practice_exams")) == 5
        await clear_input(pilot)
        await type_text(pilot, "250")
        await pilot.press("enter")
        added = rows(sample_copy, "practice_exams")[-1]
        assert (added["exam"], added["date"], added["score"]) == ("NBME", "2026-11-26", 250)
        checks = shown(app, "#practice_exams-checks")
        assert "5 points above the target 245 (latest 250)" in checks
        assert "243 (UWSA2, 2026-05-16) and 250 (NBME, 2026-11-26)" in checks

        # delete it (confirmed), then undo the delete
        await pilot.press("ctrl+end", "d", "y")
        assert len(rows(sample_copy, "practice_exams")) == 5
        assert "latest 243" in shown(app, "#practice_exams-checks")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert rows(sample_copy, "practice_exams")[-1]["score"] == 250


def test_letters_snapshot(snap_compare, sample_copy):
    assert snap_compare(make_app(sample_copy), press=["f9"], terminal_size=SIZE)
