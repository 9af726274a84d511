"""The dashboard's tier balance follows a program edit made in the spreadsheet at once."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from tui.app import MatchDeskApp
from tui.widgets.grid import FrameTable

TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1  # a Target DR program, Step 2 minimum 230


async def test_a_tier_moved_in_f1_shows_in_the_f4_balance(sample_copy) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("e", *"260", "enter")
        await pilot.pause()
        assert app.store.get("programs", LAKEMONT)["step2_min"] == 260
        assert "Target 11 (" in str(app.screen.query_one("#status").render())  # F1's status line too
        await pilot.press("f4")
        await pilot.pause()
        balance = str(app.screen.query_one("#balance", Static).render())
        assert "Target   11 (" in balance  # 12 before the edit
