"""The command palette finds every command of every screen from anywhere, shows its key, and
runs another screen's command on that screen."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.command import CommandList, CommandPalette

from store import Store
from tui.app import MatchDeskApp
from tui.screens.dialogs import TextDialog

TODAY = dt.date(2026, 11, 26)


async def search(pilot, app: MatchDeskApp, text: str) -> list[str]:
    """Open the palette, type `text`, and read the entries it offers."""
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*("space" if c == " " else c for c in text))
    await pilot.pause(0.4)
    results = app.screen.query_one(CommandList)
    found = [str(results.get_option_at_index(i).prompt).split("\n")[0] for i in range(results.option_count)]
    return found


async def close_palette(pilot, app: MatchDeskApp) -> None:
    while isinstance(app.screen, CommandPalette):
        await pilot.press("escape")
        await pilot.pause()


async def test_every_screens_commands_are_found_from_the_spreadsheet(sample_copy: Path) -> None:
    wanted = {
        "diff": "Diff (Rank list, key d)",
        "save version": "Save version (Rank list, key s)",
        "brief": "Brief (Materials, key b)",
        "match day": "Match Day (Dashboard, key m)",
        "mentor": "Mentor reviewed (Red flags, key m)",
        "attach": "Attach (Rank list, key a)",
        "log contact": "Log contact (Outreach, key a)",
        "sort": "Sort (key s)",  # the spreadsheet's own
        "rank list": "Go to Rank list (key f6)",
    }
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for text, title in wanted.items():
            found = await search(pilot, app, text)
            assert title in found, (text, found[:5])
            await close_palette(pilot, app)
        assert app.current_mode == "programs"


async def test_choosing_another_screens_command_runs_it_there(sample_copy: Path) -> None:
    with Store.open(sample_copy) as store:
        store.set_pref("keymap", {"ranklist.save_version": "V"})
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        found = await search(pilot, app, "save version")
        assert found[0] == "Save version (Rank list, key V)"  # the user's key
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert app.current_mode == "ranklist"
        assert isinstance(app.screen, TextDialog)  # the version's name is asked on the rank list
        await pilot.press("home", "ctrl+k", *"before", "enter")
        await pilot.pause()
    with Store.open(sample_copy) as store:
        names = [row["name"] for row in store.rows("rank_snapshots")]
    assert "before" in names
