"""Undo and redo say what they undid: the action and the program, or the file imported."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

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


async def test_undo_and_redo_name_the_program_and_the_action(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "visa")
        await pilot.press("e", "down", "enter")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert last_message(app) == f"Undid: Visa of {LAKEMONT_NAME}"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert last_message(app) == f"Redid: Visa of {LAKEMONT_NAME}"

        table.move_cursor_to_key(LAKEMONT)
        await pilot.press("d", "y")
        await pilot.pause()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert last_message(app) == f"Undid: delete {LAKEMONT_NAME}"
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert last_message(app) == f"Redid: delete {LAKEMONT_NAME}"


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
