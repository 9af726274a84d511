"""At 80x24 the columns that carry the decision stay on screen: what a person sees is the
rendered line of each table, cropped to the terminal."""

from __future__ import annotations

import datetime as dt
import re
from contextlib import asynccontextmanager
from pathlib import Path

from textual.widgets import DataTable, Static

from tui.app import MatchDeskApp
from tui.screens.importing import ImportScreen

TODAY = dt.date(2026, 11, 26)
NARROW, WIDE = (80, 24), (120, 40)


@asynccontextmanager
async def opened(path, *keys: str):
    """The app at 80x24 on the sample, after the keys."""
    app = MatchDeskApp(path, today=TODAY)
    async with app.run_test(size=NARROW) as pilot:
        await pilot.press(*keys)
        await pilot.pause()
        yield app, pilot


def line(table: DataTable, y: int) -> str:
    """Row y of the table as drawn (0 is the header), after any horizontal scroll."""
    return "".join(segment.text for segment in table.render_line(y))


async def test_rank_list_keeps_sugg_shift_and_warnings_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "f6") as (app, pilot):
        table = app.screen.query_one("#entries", DataTable)
        assert table.scroll_x == 0
        head = line(table, 0)
        for label in ("#", "Program", "Rank", "P(m)", "Sugg", "Δ", "Warnings"):
            assert label in head, head
        last = line(table, 6)  # the sample's sixth entry carries a do-not-rank warning
        assert "=" in last and "do not" in last, last
        assert "Cedar Hollow University" not in line(table, 1)  # the name gave way

        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert "Cedar Hollow University Hospital" in line(table, 1)  # room again: the name grows
        assert "do not rank" in line(table, 6)


async def test_interviews_keep_the_program_column_when_scrolled_right(sample_copy) -> None:
    async with opened(sample_copy, "f5") as (app, pilot):
        table = app.screen.query_one("#season", DataTable)
        await pilot.press(*["right"] * (len(table.columns) - 1))
        await pilot.pause()
        assert table.scroll_x > 0  # the last columns needed a scroll
        head, first = line(table, 0), line(table, 1)
        assert head.lstrip().startswith("Program") and "Sugg" in head, head
        assert "Cedar Hollow" in first, first


async def test_settings_show_value_and_default_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "f10") as (app, pilot):
        table = app.screen.query_one("#settings", DataTable)
        head = line(table, 0)
        assert "Value" in head and "Default" in head, head
        longest = next(y for y in range(1, 20) if "Extremely difficult: low score" in line(table, y))
        label, value, default, *_ = re.split(r"\s{2,}", line(table, longest).strip())
        assert label.endswith("…") and (value, default) == ("5", "5")  # label cut, numbers in view
        while "low score" not in line(table, table.cursor_row + 1):
            await pilot.press("down")
        await pilot.pause()
        detail = str(app.screen.query_one("#setting-detail", Static).render())
        assert "visa need + years since graduation over · now 5 · default 5" in detail  # cut above, whole here


async def test_timeline_keeps_due_and_state_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "f4", "t") as (app, pilot):
        table = app.screen.query_one("#timeline", DataTable)
        head, first = line(table, 0), line(table, 1)
        assert "Due" in head and "State" in head, head
        assert "2025-09-19" in first and first.rstrip().endswith("done"), first


async def test_outreach_shows_why_to_contact_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "f7") as (app, pilot):
        title = app.screen.query_one("#todo-title")
        assert title.region.right <= NARROW[0] and title.size.height >= 2  # wrapped, not cut
        todo = app.screen.query_one("#todo", DataTable)
        assert "unclear: graduation" in line(todo, 1), line(todo, 1)


async def test_export_dialog_fits_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "x") as (app, pilot):
        dialog = app.screen.query_one(".export-dialog")
        for widget_id in ("#export-path", "#export-hint"):
            region = app.screen.query_one(widget_id).region
            assert dialog.content_region.contains_region(region), (widget_id, region, dialog.content_region)


async def test_a_long_setting_value_is_cut_in_its_column_and_whole_below(sample_copy) -> None:
    async with opened(sample_copy, "f10") as (app, pilot):
        table = app.screen.query_one("#settings", DataTable)
        mine = next(y for y in range(1, 20) if "your specialties" in line(table, y).lower())
        row = line(table, mine)
        assert "Default" in line(table, 0) and "…" in row and "Prelim Surgery" not in row, row
        while "your specialties" not in line(table, table.cursor_row + 1).lower():
            await pilot.press("down")
        await pilot.pause()
        detail = str(app.screen.query_one("#setting-detail", Static).render())
        assert "now DR, IR/DR" in detail and "Prelim Surgery" in detail, detail


async def test_import_mapping_keeps_imports_into_when_narrow(sample_copy, monkeypatch) -> None:
    monkeypatch.chdir(Path(__file__).resolve().parents[1] / "fixtures" / "import")
    async with opened(sample_copy) as (app, pilot):
        screen = ImportScreen("guide_research_sheet.csv")
        await app.push_screen(screen)
        while screen.current_plan is None:
            await pilot.pause(0.02)
        table = screen.query_one("#mapping", DataTable)
        head = line(table, 0)[:table.scrollable_content_region.width]  # the scrollbar hides the rest
        assert "Column in file" in head and "Imports into" in head and "Confidence" in head, head
        cut = next(line(table, y) for y in range(1, 8) if "Program Type" in line(table, y))
        assert "…" in cut and "academic/community)" not in cut and "Type" in cut.split("…")[1], cut

        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        wider = next(line(table, y) for y in range(1, 8) if "Program Type" in line(table, y))
        assert "Program Type (academic/community)" in wider and "…" in wider, wider  # room again: the whole name, samples cut


async def test_programs_status_line_keeps_every_tier_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "f1") as (app, pilot):
        while app.screen.workspace is None:
            await pilot.pause(0.02)
        await pilot.pause()
        status = app.screen.query_one("#status", Static)
        shown = str(status.render())
        assert len(shown) <= status.content_size.width, shown
        assert re.search(r"Reach \d+ .*Target \d+ .*Safety \d+ \(?\d+%", shown), shown

        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert "programs  │  Radiology list: " in str(status.render())  # room again: the long form


async def test_priorities_keep_must_have_missed_by_when_narrow(sample_copy) -> None:
    async with opened(sample_copy, "f3") as (app, pilot):
        table = app.screen.query_one("#priorities", DataTable)
        width = table.scrollable_content_region.width  # the scrollbar hides the rest
        assert "Must-have missed by" in line(table, 0)[:width], line(table, 0)
        must = next(line(table, y) for y in range(1, 20) if "Must-have " in line(table, y))
        assert re.search(r"\d+ miss · \d+ unknown", must[:width]), must
        assert any("…" in line(table, y) for y in range(1, 20))  # a long feature name gave way

        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert any("tertiary/quaternary center" in line(table, y) for y in range(1, 20))  # whole again


async def test_timeline_and_outreach_widths_follow_a_resize(sample_copy) -> None:
    async with opened(sample_copy, "f4", "t") as (app, pilot):
        table = app.screen.query_one("#timeline", DataTable)
        narrow_head = line(table, 0)
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert line(table, 0).index("Due") > narrow_head.index("Due")  # the task took the room
        await pilot.resize_terminal(*NARROW)
        await pilot.pause()
        assert line(table, 0) == narrow_head and "State" in narrow_head

        await pilot.press("f7")
        await pilot.pause()
        todo = app.screen.query_one("#todo", DataTable)
        narrow_head = line(todo, 0)
        await pilot.resize_terminal(*WIDE)
        await pilot.pause()
        assert line(todo, 0).index("Why") > narrow_head.index("Why")  # the name took the room
