"""The settings screen: edits change scoring, reset restores the default (undoably), refusals."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import DataTable, Input, Static

from scoring import tier_counts
from store import Store
from registry.settings import SETTINGS, SETTINGS_BY_KEY, default_settings, shown_settings
from registry.specialties import MINE_KEY, SPECIALTIES
from tui.app import MatchDeskApp
from tui.widgets.editors import CellEditor
from tui.widgets.grid import FrameTable
from tui.screens.settings import SECTION_PREFIX, SettingsScreen, sections

TODAY = dt.date(2026, 11, 26)
SIZE = (120, 40)
KEY = "tier.safety_img_min"


def stored(path: Path, key: str):
    with Store.open(path) as store:
        return store.settings()[key]


def test_every_setting_is_in_one_section() -> None:
    every = {MINE_KEY: ", ".join(SPECIALTIES)}  # every typical-score estimate shows
    grouped = sections(every)
    assert sorted(s.key for members in grouped.values() for s in members) == sorted(s.key for s in SETTINGS)
    assert list(grouped)[:4] == ["Specialties", "Risk", "Readiness", "Priorities"]
    shown = [s.key for members in sections(default_settings()).values() for s in members]
    assert "typical.IM" in shown and "typical.Psychiatry" not in shown


async def open_settings(pilot) -> tuple[SettingsScreen, DataTable]:
    await pilot.press("f10")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, SettingsScreen)
    return screen, screen.query_one("#settings", DataTable)


async def test_edit_refuse_reset_and_undo(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_settings(pilot)
        status = screen.query_one("#settings-status", Static)
        assert table.row_count == len(shown_settings(default_settings())) + len(sections(default_settings()))
        assert table.get_cell(SECTION_PREFIX + "Tiers", "label").plain == "Tiers"
        assert table.get_cell(KEY, "label").plain == SETTINGS_BY_KEY[KEY].label
        assert table.get_cell(KEY, "default").plain == "7"
        assert str(status.content).startswith("0 setting(s) differ")
        tiers_before = tier_counts(app.workspace.scored)

        await pilot.press("down")  # walked by keyboard; jump the rest of the way
        assert table.cursor_row == 2
        table.move_cursor(row=table.get_row_index(KEY))
        await pilot.press("enter")
        assert isinstance(app.screen, CellEditor)
        await pilot.press("1", "1", "enter")  # above the maximum of 10: refused
        assert "must be a whole number from 0 to 10; got '11'" in str(app.screen.query_one("#error").content)
        await pilot.press("escape")
        assert stored(sample_copy, KEY) == 7 and table.get_cell(KEY, "value").plain == "7"

        await pilot.press("enter", "9", "enter")
        assert app.screen is screen
        assert stored(sample_copy, KEY) == 9
        assert table.get_cell(KEY, "value").plain == "9" and table.get_cell(KEY, "mark").plain == "●"
        assert str(status.content).startswith("1 setting(s) differ")
        tiers_edited = tier_counts(app.workspace.scored)
        assert tiers_edited["Safety"] < tiers_before["Safety"]
        assert f"Safety {tiers_edited['Safety']}" in str(status.content)

        await pilot.press("r")
        assert stored(sample_copy, KEY) == 7
        assert table.get_cell(KEY, "value").plain == "7" and table.get_cell(KEY, "mark").plain == ""
        assert tier_counts(app.workspace.scored) == tiers_before

        await pilot.press("ctrl+z")  # the reset is one undoable change
        await pilot.pause()
        assert stored(sample_copy, KEY) == 9
        assert table.get_cell(KEY, "value").plain == "9"


async def test_adding_a_specialty_in_settings_offers_it_in_the_specialty_choices(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=SIZE) as pilot:
        screen, table = await open_settings(pilot)
        assert table.get_row_index(MINE_KEY) == 1  # the first setting: everything else follows it
        table.move_cursor(row=table.get_row_index(MINE_KEY))

        await pilot.press("enter")
        assert isinstance(app.screen, CellEditor)
        app.screen.query_one(Input).value = "DR, Cardiology"
        await pilot.press("enter")  # not a specialty: refused, nothing changes
        assert "not a specialty: Cardiology" in str(app.screen.query_one("#error").content)
        await pilot.press("escape")
        assert stored(sample_copy, MINE_KEY) == SETTINGS_BY_KEY[MINE_KEY].default

        await pilot.press("enter")
        app.screen.query_one(Input).value = f"{SETTINGS_BY_KEY[MINE_KEY].default}, psychiatry"
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen
        assert stored(sample_copy, MINE_KEY).endswith("Prelim Surgery, Psychiatry")
        # its typical-score estimate now shows, labelled an estimate with no published source
        estimate = table.get_row_index("typical.Psychiatry")
        assert table.get_cell("typical.Psychiatry", "source").plain.startswith("estimate, no published source")
        assert table.cursor_row == 1 and estimate > 1

        await pilot.press("f1")
        await pilot.pause()
        grid = app.screen.query_one("#programs", FrameTable)
        grid.move_cursor_to_key(1, "specialty")
        await pilot.press("e")
        await pilot.pause()
        editor = grid.editor
        assert "Psychiatry" in editor.options and "Pediatrics" not in editor.options
        await pilot.press("escape")
