"""The priorities screen: cycling importance rescores programs, preference edits, live preview."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from textual.widgets import DataTable, Static

from store import Store
from tui.app import MatchDeskApp
from tui.widgets.editors import CellEditor, EditorPanel
from tui.widgets.grid import FrameTable
from tui.screens.priorities import PrioritiesScreen, next_importance

TODAY = dt.date(2026, 11, 26)
SIZE = (120, 40)
LEVEL1 = 6  # priorities row id of "level 1 trauma center" (nice-to-have in the sample)
REGION = 11  # "region", nice-to-have, preference "Midwest,South"


def priority(path: Path, row_id: int) -> dict:
    with Store.open(path) as store:
        return store.get("priorities", row_id)


def fits(app) -> dict[int, float]:
    return dict(app.workspace.programs.select("id", "fit").iter_rows())


def test_next_importance_cycles_through_all_three() -> None:
    assert [next_importance(i) for i in ("must", "nice", "not", None)] == ["nice", "not", "must", "must"]


async def test_cycle_and_preference_rescore_and_preview(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("f3")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, PrioritiesScreen)
        table = screen.query_one("#priorities", DataTable)
        preview = screen.query_one("#preview", Static)
        assert "must-have 3 · nice-to-have 1 · not important 0" in str(screen.query_one("#weights", Static).content)
        assert "Fit changed: 0 of 60" in preview.content.plain
        before = fits(app)

        # nice -> not important, then -> must-have: two presses of the cycle key
        await pilot.press(*["down"] * table.get_row_index(str(LEVEL1)), "space")
        assert priority(sample_copy, LEVEL1)["importance"] == "not"
        await pilot.press("m")
        assert priority(sample_copy, LEVEL1)["importance"] == "must"
        assert table.get_cell(str(LEVEL1), "importance").plain == "Must-have"
        assert table.get_cell(str(LEVEL1), "weight").plain == "3"
        after = fits(app)
        changed = [pid for pid in before if before[pid] != after[pid]]
        assert changed
        text = preview.content.plain
        assert f"Fit changed: {len(changed)} of 60" in text
        missing = table.get_cell(str(LEVEL1), "missing").plain
        programs = app.workspace.programs
        misses = programs.filter(pl.col("missed_must_haves").str.contains("(^|; )level 1 trauma center")).height
        assert missing.startswith(f"{misses} miss")
        assert misses > 0 and "was 24" in text

        # p edits the preference of the highlighted feature
        await pilot.press(*["down"] * (table.get_row_index(str(REGION)) - table.cursor_row), "p")
        assert isinstance(app.screen, CellEditor)
        assert app.screen.query_one(EditorPanel).field.name == "preference"
        await pilot.press(*"Northeast", "enter")
        assert priority(sample_copy, REGION)["preference"] == "Northeast"
        assert table.get_cell(str(REGION), "preference").plain == "Northeast"

        # the spreadsheet shows the new fit when we go back
        program_id = changed[0]
        await pilot.press("f1")
        grid = app.screen.query_one(FrameTable)
        assert grid.cell_text(grid.row_for_key(program_id), "fit") == f"{fits(app)[program_id]:.1f}"

        # a new visit compares with the state at that visit
        await pilot.press("f3")
        await pilot.pause()
        assert "Fit changed: 0 of 60" in preview.content.plain

        # undo (app-wide) reaches this screen too
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert priority(sample_copy, REGION)["preference"] == "Midwest,South"
        assert table.get_cell(str(REGION), "preference").plain == "Midwest,South"
