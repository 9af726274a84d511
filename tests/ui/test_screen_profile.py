"""The profile screen: fields saved at once, live assessment, USCE entries, undo, snapshot."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Static

from store import Store
from tui.app import MatchDeskApp
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.widgets.editors import CellEditor, EditorPanel
from tui.widgets.grid import FrameTable
from tui.screens.profile import ProfileScreen

TODAY = dt.date(2026, 11, 26)
SIZE = (120, 40)


def profile_value(path: Path, field: str):
    with Store.open(path) as store:
        return store.rows("profile")[0][field]


def plain(screen, selector: str) -> str:
    return screen.query_one(selector, Static).content.plain


async def open_profile(pilot) -> ProfileScreen:
    await pilot.press("f2")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, ProfileScreen)
    return screen


async def edit_field(pilot, screen: ProfileScreen, field: str, typed: str) -> None:
    """Put the cursor on the field, open its editor with enter, type over the (selected) old
    text and press enter."""
    table = screen.query_one("#profile-fields", DataTable)
    table.move_cursor(row=table.get_row_index(field))
    await pilot.press("enter")
    editor = pilot.app.screen
    assert isinstance(editor, CellEditor) and editor.query_one(EditorPanel).field.name == field
    await pilot.press(*typed, "enter")


async def test_profile_edits_refusal_undo_and_rescoring(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_profile(pilot)
        fields = screen.query_one("#profile-fields", DataTable)
        assert "moderate-risk" in plain(screen, "#risk")
        assert "competitive" in plain(screen, "#band")
        assert fields.has_focus
        await pilot.press("down", "down")  # the form is walked by keyboard
        assert fields.cursor_row == 2

        # refused: the editor stays open with the registry's message, nothing changes
        await edit_field(pilot, screen, "step2_score", "abc")
        editor = app.screen
        assert isinstance(editor, CellEditor)
        assert str(editor.query_one("#error", Static).content) == (
            "Step 2 CK must be a whole number from 1 to 300; got 'abc'")
        await pilot.press("escape")
        assert app.screen is screen
        assert profile_value(sample_copy, "step2_score") == 241
        assert fields.get_cell("step2_score", "value").plain == "241"

        # accepted: saved at once, the assessment follows
        await edit_field(pilot, screen, "step2_score", "228")
        assert app.screen is screen
        assert profile_value(sample_copy, "step2_score") == 228
        assert fields.get_cell("step2_score", "value").plain == "228"
        risk = plain(screen, "#risk")
        assert "high-risk" in risk and "Step 2 CK 228 below 235" in risk
        assert plain(screen, "#band").startswith("Step 2 CK band: low")

        await pilot.press("ctrl+z")
        await pilot.pause()
        assert profile_value(sample_copy, "step2_score") == 241
        assert fields.get_cell("step2_score", "value").plain == "241"
        assert "moderate-risk" in plain(screen, "#risk")

        # the spreadsheet is rescored too: Lakemont Regional (program 1) accepts at most 5 years
        assert fields.get_cell("_years", "value").plain.startswith("4 ")
        await edit_field(pilot, screen, "graduation_year", "2015")
        assert profile_value(sample_copy, "graduation_year") == 2015
        assert fields.get_cell("_years", "value").plain.startswith("11 ")
        assert "11 years since graduation (over 6)" in plain(screen, "#risk")
        assert "dual apply" in plain(screen, "#strategy")
        await pilot.press("f1")
        grid = app.screen.query_one(FrameTable)
        assert grid.cell_text(grid.row_for_key(1), "eligibility") == "ineligible"


async def test_usce_add_edit_delete(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_profile(pilot)
        usce = screen.query_one("#usce", DataTable)
        assert usce.row_count == 3

        await pilot.press("a")
        assert isinstance(app.screen, ChoiceDialog)
        await pilot.press("down", "down", "down", "down", "enter")  # research
        with Store.open(sample_copy) as store:
            added = store.rows("usce")[-1]
        assert added["type"] == "research" and usce.row_count == 4 and usce.has_focus

        # edit the new entry's months: cursor is on its Specialty cell, months is two to the right
        await pilot.press("right", "right", "enter")
        assert app.screen.query_one(EditorPanel).field.name == "months"
        await pilot.press("4", "enter")
        with Store.open(sample_copy) as store:
            assert store.get("usce", added["id"])["months"] == 4.0
        assert usce.get_cell(str(added["id"]), "months").plain == "4"

        await pilot.press("d")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("y")
        with Store.open(sample_copy) as store:
            assert [r["id"] for r in store.rows("usce")] == [1, 2, 3]
        assert usce.row_count == 3

        # deleting asks first: "n" keeps the entry
        await pilot.press("d", "n")
        assert usce.row_count == 3


def test_profile_snapshot(sample_copy: Path, snap_compare) -> None:
    assert snap_compare(MatchDeskApp(sample_copy, today=TODAY), press=["f2"], terminal_size=SIZE)
