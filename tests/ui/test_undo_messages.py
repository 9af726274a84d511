"""Undo and redo say what they undid: the action and the program, or the file imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets._toast import Toast

from importers.apply import apply_import
from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping
from store import Store
from tui.app import MatchDeskApp
from tui.widgets.grid import FrameTable

TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1
LAKEMONT_NAME = "Lakemont Regional Medical Center Diagnostic Radiology"
IMPORT = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "google_sheets_title.csv"


def last_message(app: MatchDeskApp) -> str:
    return str(list(app._notifications)[-1].message)


async def undo_then_redo(pilot, app: MatchDeskApp) -> list[str]:
    said = []
    for key in ("ctrl+z", "ctrl+y"):
        await pilot.press(key)
        await pilot.pause()
        said.append(last_message(app))
    return said


async def test_undo_and_redo_name_the_program_and_the_action(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "visa")
        await pilot.press("e", "down", "enter")
        await pilot.pause()
        assert await undo_then_redo(pilot, app) == [f"Undid: Visa of {LAKEMONT_NAME}",
                                                    f"Redid: Visa of {LAKEMONT_NAME}"]
        table.move_cursor_to_key(LAKEMONT)
        await pilot.press("d", "y")
        await pilot.pause()
        assert await undo_then_redo(pilot, app) == [f"Undid: delete {LAKEMONT_NAME}",
                                                    f"Redid: delete {LAKEMONT_NAME}"]


async def test_undoing_an_import_names_the_file_and_counts_its_programs(tmp_db: Path) -> None:
    with Store.open(tmp_db) as store:
        table = open_table(IMPORT, None)
        apply_import(store, plan_import(store, table, suggest_mapping(store, table)))
    app = MatchDeskApp(tmp_db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert last_message(app) == f"Undid: import of {IMPORT.name} (4 programs)"


def toast_lines(app: MatchDeskApp) -> set[int]:
    return {y for toast in app.screen.query(Toast) for y in range(toast.region.y, toast.region.bottom)}


async def test_a_toast_never_covers_the_row_it_talks_about(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        for row in (table.scrollable_content_region.height - 2, 0):  # the lowest row in view, then the top one
            await pilot.press("ctrl+home", *["down"] * row)
            await pilot.pause()
            name = app.store.get("programs", table.cursor_key)["name"]
            table.move_cursor_to_key(table.cursor_key, "visa")
            await pilot.press("e", "down", "enter")
            await pilot.pause()
            await pilot.press("ctrl+z")
            await pilot.pause(0.3)
            assert last_message(app) == f"Undid: Visa of {name}"
            row_y = table.cursor_screen_offset()[1]
            assert toast_lines(app) and row_y not in toast_lines(app), (row, row_y, toast_lines(app))
            app.clear_notifications()
            await pilot.pause()
