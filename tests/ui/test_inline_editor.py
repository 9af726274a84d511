"""The spreadsheet's inline editor: drawn by the table, one per field kind, no widget per edit;
and the first screenful shown before everything is read and scored."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path

from registry.fields import get_field
from store import Store
from tui.app import MatchDeskApp
from tui.widgets.editors import CellEditor, choices_of
from tui.widgets.grid import FrameTable
from tui.widgets.inline_editor import InlineEditor

TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1  # visa J-1, personal fit 5, ask by email no, Step 2 minimum 230


def table_of(app: MatchDeskApp) -> FrameTable:
    return app.screen.query_one("#programs", FrameTable)


def stored(path: Path, field: str):
    with Store.open(path) as store:
        return store.get("programs", LAKEMONT)[field]


async def open_editor(pilot, app: MatchDeskApp, column: str) -> InlineEditor:
    table_of(app).move_cursor_to_key(LAKEMONT, column)
    await pilot.press("e")
    await pilot.pause()
    return table_of(app).editor


async def test_each_field_kind_gets_its_editor_and_saves(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        editor = await open_editor(pilot, app, "visa")
        assert editor.kind == "choice" and editor.options == choices_of(get_field("programs", "visa"))
        assert editor.options[editor.highlighted] == "J-1"
        await pilot.press("down", "enter")
        await pilot.pause()
        assert table_of(app).editor is None
        assert table_of(app).cell_text(table_of(app).row_for_key(LAKEMONT), "visa") == "H-1B"

        editor = await open_editor(pilot, app, "personal_fit")
        assert editor.kind == "choice" and editor.options[:5] == ["1", "2", "3", "4", "5"]
        await pilot.press("3")
        await pilot.pause()
        assert table_of(app).editor is None

        editor = await open_editor(pilot, app, "ask_by_email")
        assert editor.kind == "checkbox" and not editor.checked
        await pilot.press("space", "enter")
        await pilot.pause()
        assert table_of(app).editor is None
        assert "Saved Ask by email" in str(app.screen.query_one("#status").render())
    assert (stored(sample_copy, "visa"), stored(sample_copy, "personal_fit")) == ("H-1B", 3)
    assert stored(sample_copy, "ask_by_email") is True


async def test_long_text_opens_the_dialog_with_a_text_area(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.state = replace(screen.state, columns=["name", "notes"])
        screen.rebuild()
        table_of(app).move_cursor_to_key(LAKEMONT, "notes")
        await pilot.press("e")
        await pilot.pause()
        assert isinstance(app.screen, CellEditor) and app.screen.panel.kind == "textarea"
        await pilot.press("ctrl+a", *"quiet", "ctrl+s")
        await pilot.pause()
        assert app.screen is screen
    assert "quiet" in stored(sample_copy, "notes")


async def test_an_edit_mounts_no_widget_and_a_refusal_keeps_the_old_value(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        widgets = list(app.screen.walk_children())
        editor = await open_editor(pilot, app, "step2_min")
        assert editor.text == "230" and list(app.screen.walk_children()) == widgets
        await pilot.press(*"abc", "enter")
        await pilot.pause()
        assert table_of(app).editor is editor  # still open, showing the registry's rule
        assert get_field("programs", "step2_min").describe() in editor.error
        await pilot.press("escape")
        await pilot.pause()
        assert table_of(app).editor is None and list(app.screen.walk_children()) == widgets
        assert table_of(app).cell_text(table_of(app).row_for_key(LAKEMONT), "step2_min") == "230"
    assert stored(sample_copy, "step2_min") == 230


async def lines_painted_by_saving(pilot, app: MatchDeskApp, name: str, widget) -> list[int]:
    """Edit the name to `name`, then press enter: the lines of `widget` drawn after it."""
    await open_editor(pilot, app, "name")
    await pilot.press("ctrl+u", *name)
    await pilot.pause()
    painted: list[int] = []
    render_line = widget.render_line
    widget.render_line = lambda y: painted.append(y) or render_line(y)
    await pilot.press("enter")
    await pilot.pause()
    return painted


async def test_a_saved_edit_repaints_only_the_editor_and_the_edited_row(sample_copy: Path) -> None:
    """Closing the editor repaints the lines it covered and the saved row, not the whole table."""
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        painted = await lines_painted_by_saving(pilot, app, "Lakemont North", table)
        assert table.editor is None
        assert table.cell_text(table.row_for_key(LAKEMONT), "name") == "Lakemont North"
        edited_line = table.row_for_key(LAKEMONT) + 1 - round(table.scroll_y)  # under the header
        assert edited_line in painted
        assert len(set(painted)) < table.size.height // 2


async def test_the_frame_without_the_editor_is_drawn_as_the_editor_closes(sample_copy: Path) -> None:
    """The saved row and the editor's cells are drawn when the editor closes, not after the
    table's and the screen's idle and the screen's update timer."""
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table, screen = table_of(app), app.screen
        frames: list[str] = []
        draw = screen._compositor_refresh
        screen._compositor_refresh = lambda: frames.append("frame") or draw()
        drawn_on_closing: list[int] = []

        def closing() -> None:
            before = len(frames)
            close()
            drawn_on_closing.append(len(frames) - before)
        close, table.close_editor = table.close_editor, closing
        painted = await lines_painted_by_saving(pilot, app, "Lakemont North", table)
        assert drawn_on_closing == [1]
        edited_line = table.row_for_key(LAKEMONT) + 1 - round(table.scroll_y)
        assert edited_line in painted and table.editor is None


async def test_edits_in_a_row_keep_their_note_and_leave_an_unchanged_status_line_alone(sample_copy: Path) -> None:
    """The note stays up until NOTE_SECONDS after the last save (one timer, not one per edit),
    and a save that changes nothing on the status line does not repaint it."""
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        status = app.screen.query_one("#status")
        assert app.screen.NOTE_SECONDS == 3.0
        await open_editor(pilot, app, "name")
        await pilot.press("ctrl+u", "A", "enter")
        await pilot.pause(1.0)
        painted = await lines_painted_by_saving(pilot, app, "B", status)
        assert painted == []  # same note, same counts: the line as it was
        await pilot.pause(2.0)  # past the first note's time, within the second's
        assert "Saved Program" in str(status.render())
    assert stored(sample_copy, "name") == "B"


def test_typing_replaces_the_old_text_and_editing_keys_work() -> None:
    editor = InlineEditor(get_field("programs", "city"), "Tampa")
    assert editor.key("M", "M") is None and editor.text == "M"
    for key in "iami":
        editor.key(key, key)
    editor.key("left", None)
    editor.key("backspace", None)
    assert (editor.text, editor.position) == ("Miai", 3)
    editor.insert("x\ny")
    assert editor.text == "Miax yi"
    editor.key("ctrl+u", None)
    assert editor.key("enter", None) == ("submit", "i")
    assert editor.key("escape", None) == ("cancel", None)


async def test_first_rows_are_painted_before_reading_and_scoring(sample_copy: Path) -> None:
    seen = {}

    class Watched(MatchDeskApp):
        def open_workspace(self) -> bool:
            table = table_of(self)
            seen["rows"] = table.row_count
            seen["first"] = table.cell_text(0, "name")
            seen["tier"] = table.cell_text(0, "tier")
            return super().open_workspace()

    app = Watched(sample_copy, today=TODAY, first_rows_early=True)
    async with app.run_test(size=(120, 40)) as pilot:
        while app.workspace is None:
            await pilot.pause()
        await pilot.pause()
        table = table_of(app)
        assert seen["rows"] >= 30 and seen["tier"] == ""  # a screenful, scores still to come
        assert table.row_count == app.workspace.programs.height
        assert table.cell_text(0, "name") == seen["first"] and table.cell_text(0, "tier") != ""


async def test_the_editor_stays_inside_the_table_when_the_terminal_shrinks(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        table.move_cursor_to_key(table.keys()[20], "visa")
        await pilot.press("e")
        await pilot.pause()
        await pilot.resize_terminal(80, 24)
        await pilot.pause()
        x, y = table._editor_at
        assert table.editor is not None and y + len(table._editor_lines) <= table.size.height
        assert x + table._editor_lines[0].cell_length <= table.size.width
