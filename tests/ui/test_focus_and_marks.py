"""Side panes take the focus and scroll; Home/End move by rows; the sorted column shows an
arrow; checkboxes and radio buttons show on and off by glyph, not colour alone."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.app import App, ComposeResult

from tui.app import MatchDeskApp
from tui.widgets.detail import DetailPane
from tui.widgets.grid import FrameTable
from tui.widgets.toggles import MarkedCheckbox, MarkedRadioButton

TODAY = dt.date(2026, 11, 26)


async def test_tab_moves_into_the_detail_pane_which_scrolls(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 30)) as pilot:
        await pilot.pause()
        pane = app.screen.query_one(DetailPane)
        table = app.screen.query_one("#programs", FrameTable)
        await pilot.press("tab")
        await pilot.pause()
        assert pane.has_focus and not pane.has_class("hidden")
        assert pane.max_scroll_y > 0
        await pilot.press("pagedown", "down")
        await pilot.pause()
        assert pane.scroll_y > 0
        await pilot.press("tab")
        await pilot.pause()
        assert table.has_focus


async def test_home_end_and_the_sort_arrow_on_the_spreadsheet(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        await pilot.press("end")
        assert table.cursor_row == table.row_count - 1
        await pilot.press("home")
        assert table.cursor_row == 0
        assert "▲" not in table.render_line(0).text and "▼" not in table.render_line(0).text
        await pilot.press("s")
        await pilot.pause()
        assert "Program ▲" in table.render_line(0).text
        await pilot.press("s")
        await pilot.pause()
        assert "Program ▼" in table.render_line(0).text


class Toggles(App[None]):
    def compose(self) -> ComposeResult:
        yield MarkedCheckbox("on", True, id="on")
        yield MarkedCheckbox("off", False, id="off")
        yield MarkedRadioButton("picked", True, id="picked")
        yield MarkedRadioButton("not picked", False, id="other")


async def test_toggles_show_on_and_off_by_glyph() -> None:
    app = Toggles()
    async with app.run_test() as pilot:
        await pilot.pause()
        text = {w.id: w.render().plain for w in app.query("MarkedCheckbox, MarkedRadioButton")}
        assert "✓" in text["on"] and "✓" not in text["off"]
        assert "●" in text["picked"] and "○" in text["other"] and "●" not in text["other"]
