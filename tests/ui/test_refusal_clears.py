"""A refusal shown in a form or an editor goes as soon as what is typed would pass."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Static

from tui.app import MatchDeskApp
from tui.screens.program_form import ProgramForm
from tui.widgets.editors import CellEditor
from tui.widgets.grid import FrameTable

TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1


def shown(widget: Static) -> str:
    return "" if widget.has_class("hidden") else str(widget.content)


async def test_program_is_required_goes_once_a_name_is_typed(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ProgramForm)
        await pilot.press("ctrl+s")
        await pilot.pause()
        error = form.query_one("#error", Static)
        assert shown(error) == "Program is required"
        await pilot.press("L")
        await pilot.pause()
        assert shown(error) == ""
        await pilot.press("tab", "tab", *"Ohio")  # to State
        await pilot.pause()
        assert shown(error) == ""  # a refusal is re-checked once shown, not said before saving
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "State" in shown(error)
        await pilot.press("backspace", "backspace")
        await pilot.pause()
        assert shown(error) == ""


async def test_the_dialog_editor_takes_its_refusal_down_when_the_value_passes(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("f10")  # settings edit in the dialog editor
        await pilot.pause()
        await pilot.press("e")
        await pilot.pause()
        editor = app.screen
        assert isinstance(editor, CellEditor)
        await pilot.press("ctrl+a", "ctrl+k", *"x", "enter")  # the first setting, your specialties: not one
        await pilot.pause()
        error = editor.query_one("#error", Static)
        assert shown(error) and editor.panel.has_class("refused")
        await pilot.press("backspace", *"DR")
        await pilot.pause()
        assert shown(error) == "" and not editor.panel.has_class("refused")


async def test_the_inline_editor_takes_its_refusal_down_and_keeps_its_height(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("e")
        await pilot.pause()
        editor = table.editor
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        assert editor.error
        refused_height = len(table._editor_lines)
        await pilot.press("backspace", "backspace", "backspace", *"235")
        await pilot.pause()
        assert editor.error == ""
        assert len(table._editor_lines) == refused_height  # no stale rows left under it
