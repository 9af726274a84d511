"""w on a score opens a scrollable panel in labels; elsewhere it says, in one line, that there
is nothing to explain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from registry.computed import COMPUTED_NAMES
from tui.app import MatchDeskApp
from tui.screens.explain import ExplainScreen
from tui.widgets.grid import FrameTable

TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1


def shown(static: Static) -> str:
    console = Console(width=100, record=True, color_system=None)
    console.print(static.content)
    return console.export_text()


async def test_why_on_a_score_opens_a_panel_and_elsewhere_says_so(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "name")
        await pilot.press("w")
        await pilot.pause()
        assert not isinstance(app.screen, ExplainScreen)
        [note] = [n for n in app._notifications if "nothing to explain" in n.message]
        assert "\n" not in note.message and note.message.startswith("Program is not a score")

        table.move_cursor_to_key(LAKEMONT, "fit")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ExplainScreen)
        text = shown(app.screen.query_one("#explain-body", Static))
        assert text.lstrip().startswith("Fit ")  # the asked-about score first
        assert "Rank" in text and "Gate reasons" in text
        internal = [name for name in COMPUTED_NAMES if "_" in name and name in text]
        assert internal == []
        panel = app.screen.query_one("#explain")
        assert panel.has_focus
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, ExplainScreen)


async def test_why_on_the_rank_list_opens_the_panel(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause(0.3)
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ExplainScreen)
        assert "P(match)" in shown(app.screen.query_one("#explain-body", Static))
