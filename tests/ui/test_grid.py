"""Tests for tui.widgets.grid.FrameTable (driven through a tiny Textual app + Pilot)."""

from __future__ import annotations

import sys
from pathlib import Path

import polars as pl
import pytest
from rich.style import Style
from textual.app import App, ComposeResult

try:
    from tui.widgets.grid import MAX_WIDTH, FrameTable, GridColumn
except ImportError:  # pragma: no cover - run without project path config
    sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
    from tui.widgets.grid import MAX_WIDTH, FrameTable, GridColumn

SIZE = (80, 24)


def make_frame(n: int = 50) -> pl.DataFrame:
    return pl.DataFrame(
        {
            "id": list(range(n)),
            "name": [f"Program {i}" for i in range(n)],
            "state": ["CA" if i % 2 else "NY" for i in range(n)],
            "score": [i * 1.25 for i in range(n)],
            "ok": [i % 3 == 0 for i in range(n)],
        }
    )


COLUMNS = [
    GridColumn("name", "Program"),
    GridColumn("state", "State"),
    GridColumn("score", "Score", align="right"),
    GridColumn("ok", "OK", computed=True),
]


class GridApp(App):
    def __init__(self, frame: pl.DataFrame, columns=COLUMNS, **table_kwargs) -> None:
        super().__init__()
        self.frame = frame
        self.columns = columns
        self.table_kwargs = table_kwargs
        self.messages: list = []

    def compose(self) -> ComposeResult:
        yield FrameTable(**self.table_kwargs)

    def on_mount(self) -> None:
        self.query_one(FrameTable).set_frame(self.frame, self.columns)

    def on_frame_table_cursor_moved(self, message: FrameTable.CursorMoved) -> None:
        self.messages.append(("moved", message.key, message.column))

    def on_frame_table_cell_activated(self, message: FrameTable.CellActivated) -> None:
        self.messages.append(("activated", message.key, message.column, message.row_index))


def lines(table: FrameTable, count: int | None = None) -> list[str]:
    height = table.scrollable_content_region.height if count is None else count
    return [table.render_line(y).text for y in range(height)]


@pytest.mark.asyncio
async def test_keyboard_navigation() -> None:
    app = GridApp(make_frame(100))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        assert table.has_focus
        assert (table.cursor_row, table.cursor_column) == (0, 0)
        await pilot.press("up", "left")  # clamped at the origin
        assert (table.cursor_row, table.cursor_column) == (0, 0)
        await pilot.press("down", "down", "down", "right", "right")
        assert (table.cursor_row, table.cursor_column) == (3, 2)
        assert table.cursor_key == 3
        assert table.cursor_column_name == "score"
        await pilot.press("shift+end")
        assert table.cursor_column_name == "ok"
        await pilot.press("right")  # clamped at the last column
        assert table.cursor_column == 3
        await pilot.press("shift+home")
        assert table.cursor_column == 0
        await pilot.press("end")  # the last row, same column
        assert (table.cursor_row, table.cursor_column) == (99, 0)
        await pilot.press("home")
        assert (table.cursor_row, table.cursor_column) == (0, 0)
        await pilot.press("down", "down", "down")
        page = table.scrollable_content_region.height - 1
        await pilot.press("pagedown")
        assert table.cursor_row == 3 + page
        await pilot.press("pageup")
        assert table.cursor_row == 3
        await pilot.press("ctrl+end")
        assert table.cursor_row == 99 and table.cursor_key == 99
        await pilot.press("down")
        assert table.cursor_row == 99
        await pilot.press("ctrl+home")
        assert table.cursor_row == 0
        await pilot.press("down", "right", "enter")
        await pilot.pause()
        assert ("activated", 1, "state", 1) in app.messages
        assert app.messages[-2][:2] == ("moved", 1)


@pytest.mark.asyncio
async def test_large_frame_scroll_to_bottom() -> None:
    frame = make_frame(5000)
    app = GridApp(frame)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        assert table.row_count == 5000
        assert table.virtual_size.height == 5001
        await pilot.press("ctrl+end")
        await pilot.pause()
        assert table.cursor_row == 4999
        assert table.scroll_y == table.max_scroll_y > 0
        rendered = lines(table)
        assert rendered[0].startswith("Program ")  # header stays on top
        assert rendered[-1].startswith("Program 4999 ")
        assert rendered[-2].startswith("Program 4998 ")
        # Scroll wheel / programmatic scroll works too.
        table.scroll_to(y=0, animate=False)
        await pilot.pause()
        assert table.render_line(1).text.startswith("Program 0 ")


@pytest.mark.asyncio
async def test_update_rows_changes_cell_text_and_refreshes_only_changed_lines() -> None:
    app = GridApp(make_frame(200))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.pause()
        refreshed: list[int] = []
        original = table.refresh_lines
        table.refresh_lines = lambda y, n=1: (refreshed.append(y), original(y, n))  # type: ignore[method-assign]
        assert table.cell_text(2, "state") == "NY"
        update = make_frame(200).filter(pl.col("id").is_in([2, 3, 150])).with_columns(
            pl.when(pl.col("id") == 3).then(pl.col("state")).otherwise(pl.lit("TX")).alias("state")
        )
        table.update_rows(update)
        assert table.cell_text(2, "state") == "TX"
        assert table.cell_text(150, "state") == "TX"
        assert table.cell_text(3, "state") == "CA"  # unchanged
        assert refreshed == [3]  # row 2 -> line 3; row 3 unchanged; row 150 off screen
        await pilot.pause()
        assert " TX " in table.render_line(3).text
        # A longer value widens the (auto) column without touching the others.
        width_before = table.virtual_size.width
        table.update_rows(
            pl.DataFrame(
                {"id": [4], "name": ["P"], "state": ["Texas-ish"], "score": [1.0], "ok": [True]}
            )
        )
        assert table.virtual_size.width == width_before + len("Texas-ish") - len("State")
        assert table.cell_text(4, "state") == "Texas-ish"
        assert table.cell_text(4, "name") == "P"
        # Unknown keys are ignored.
        table.update_rows(
            pl.DataFrame({"id": [999], "name": ["x"], "state": ["x"], "score": [0.0], "ok": [False]})
        )
        assert table.row_count == 200


@pytest.mark.asyncio
async def test_frozen_column_stays_visible_after_scrolling_right() -> None:
    n = 30
    data = {"id": list(range(n)), "name": [f"Prog{i}" for i in range(n)]}
    columns = [GridColumn("name", "Program")]
    for c in range(12):
        data[f"c{c}"] = [f"value-{c}-{i}-padding" for i in range(n)]
        columns.append(GridColumn(f"c{c}", f"Col{c}"))
    app = GridApp(pl.DataFrame(data), columns)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.press("shift+end")
        await pilot.pause()
        assert table.cursor_column_name == "c11"
        assert table.scroll_x > 0
        header, first = table.render_line(0).text, table.render_line(1).text
        assert header.startswith("Program ")
        assert first.startswith("Prog0 ")
        assert "value-11-0-padding" in first
        assert "value-0-0-padding" not in first  # scrolled away
        assert "Col11" in header and "Col0 " not in header
        # Moving back to the frozen column does not scroll horizontally.
        scroll_x = table.scroll_x
        await pilot.press("shift+home")
        assert table.scroll_x == scroll_x
        await pilot.press("right")
        await pilot.pause()
        assert table.scroll_x == 0


@pytest.mark.asyncio
async def test_none_values_and_formatting() -> None:
    frame = pl.DataFrame(
        {
            "id": [1, 2, 3],
            "name": ["a", None, "c"],
            "big": [1.2345, None, 250.0],
            "small": [0.123, 0.5, None],
            "count": [None, 7, 12],
            "flag": [True, None, False],
        }
    )
    columns = [
        GridColumn("name", "Name"),
        GridColumn("big", "Big", align="right"),
        GridColumn("small", "Small"),
        GridColumn("count", "N"),
        GridColumn("flag", "Flag"),
    ]
    app = GridApp(frame, columns)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.pause()
        assert [table.cell_text(1, c.name) for c in columns] == ["", "", "0.50", "7", ""]
        assert table.cell_text(0, "big") == "1.2"
        assert table.cell_text(2, "big") == "250.0"
        assert table.cell_text(0, "small") == "0.12"
        assert table.cell_text(0, "flag") == "yes"
        assert table.cell_text(2, "flag") == "no"
        assert table.cell_text(0, "count") == ""
        assert all(isinstance(text, str) for text in lines(table, 5))
        assert table.render_line(2).text.startswith("     ")  # None name, empty big


@pytest.mark.asyncio
async def test_markup_is_literal_and_long_text_truncated() -> None:
    frame = pl.DataFrame(
        {"id": [1, 2], "name": ["[bold]x[/]", "y" * 100], "note": ["a\nb", "[red]"]}
    )
    columns = [GridColumn("name", "Name"), GridColumn("note", "Note")]
    app = GridApp(frame, columns)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.pause()
        assert table.cell_text(0, "name") == "[bold]x[/]"
        await pilot.press("down", "right")  # cursor (bold) away from the cell
        strip = table.render_line(1)
        assert strip.text.startswith("[bold]x[/] ")
        assert all(not seg.style or not seg.style.bold for seg in strip if "x" in seg.text)
        assert table.cell_text(1, "name") == "y" * (MAX_WIDTH - 1) + "…"
        assert table.cell_text(0, "note") == "a b"  # control chars can't break lines
        assert "[red]" in table.render_line(2).text


@pytest.mark.asyncio
async def test_click_selects_cell() -> None:
    app = GridApp(make_frame(100))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.pause()
        # Columns: name(w=10) at 0, state(w=5) at 11, score(w=6) at 17, ok at 24.
        assert await pilot.click(FrameTable, offset=(12, 5))
        assert (table.cursor_row, table.cursor_column_name) == (4, "state")
        await pilot.click(FrameTable, offset=(2, 1))
        assert (table.cursor_row, table.cursor_column_name) == (0, "name")
        await pilot.click(FrameTable, offset=(12, 0))  # header: no change
        assert (table.cursor_row, table.cursor_column_name) == (0, "name")
        table.scroll_to(y=50, animate=False)
        await pilot.pause()
        await pilot.click(FrameTable, offset=(18, 3))
        assert (table.cursor_row, table.cursor_column_name) == (52, "score")
        assert table.cursor_key == 52
        app.messages.clear()
        await pilot.double_click(FrameTable, offset=(25, 4))
        await pilot.pause()
        assert ("activated", 53, "ok", 53) in app.messages


@pytest.mark.asyncio
async def test_click_accounts_for_horizontal_scroll() -> None:
    n = 10
    data = {"id": list(range(n)), "name": [f"P{i}" for i in range(n)]}
    columns = [GridColumn("name", "Name", width=6)]
    for c in range(10):
        data[f"c{c}"] = [f"v{c}" for _ in range(n)]
        columns.append(GridColumn(f"c{c}", f"Col{c}", width=9))
    app = GridApp(pl.DataFrame(data), columns)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        table.scroll_to(x=20, animate=False)
        await pilot.pause()
        assert table.scroll_x == 20
        # Frozen "name" occupies 0..6; scrollable column c(k) starts at 7 + 10k virtual.
        await pilot.click(FrameTable, offset=(2, 2))
        assert table.cursor_column_name == "name"
        # Screen x=8 -> virtual x 28 -> c2 (27..36).
        await pilot.click(FrameTable, offset=(8, 2))
        assert (table.cursor_row, table.cursor_column_name) == (1, "c2")
        assert table.scroll_x == 20


@pytest.mark.asyncio
async def test_set_frame_keeps_cursor_key_and_move_cursor_to_key() -> None:
    frame = make_frame(1000)
    app = GridApp(frame)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.press("down", "down", "right")
        assert table.cursor_key == 2
        table.set_frame(frame.reverse(), COLUMNS)
        assert table.cursor_key == 2 and table.cursor_row == 997
        assert table.cursor_column_name == "state"
        await pilot.pause()
        assert table.scroll_y <= 997 < table.scroll_y + table.scrollable_content_region.height - 1
        table.move_cursor_to_key(500, "score")
        await pilot.pause()
        assert (table.cursor_row, table.cursor_column_name) == (499, "score")
        assert table.row_for_key(500) == 499
        assert table.row_for_key("nope") is None
        assert table.render_line(499 - round(table.scroll_y) + 1).text.startswith("Program 500 ")
        table.move_cursor_to_key(-1)  # unknown: no-op
        assert table.cursor_key == 500


@pytest.mark.asyncio
async def test_empty_frame_shows_header_and_no_rows() -> None:
    app = GridApp(make_frame(0))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.pause()
        assert table.row_count == 0
        assert table.cursor_key is None
        assert table.render_line(0).text.startswith("Program State Score OK")
        assert table.render_line(1).text.strip() == "no rows"
        await pilot.press("down", "end", "enter", "ctrl+end")
        await pilot.click(FrameTable, offset=(1, 3))
        table.update_rows(make_frame(3))  # keys absent: ignored
        assert table.row_count == 0


@pytest.mark.asyncio
async def test_cell_styler_and_cursor_styles() -> None:
    app = GridApp(make_frame(20))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        table.cell_styler = lambda column, value: "red" if column == "state" and value == "CA" else None
        await pilot.pause()

        def style_of(y: int, text: str) -> Style:
            return next(seg.style for seg in table.render_line(y) if text in seg.text)

        assert style_of(2, "CA").color.name == "red"  # row 1, not under cursor
        assert style_of(3, "NY").color.name != "red"
        cursor_style = table.get_component_rich_style("frametable--cursor")
        assert style_of(1, "Program 0").bgcolor == cursor_style.bgcolor
        row_style = table.get_component_rich_style("frametable--cursor-row")
        assert style_of(1, "NY").bgcolor == row_style.bgcolor
        computed = table.get_component_rich_style("frametable--computed")
        assert style_of(3, "no").italic == computed.italic is True
        assert style_of(3, "no").color == computed.color
        await pilot.press("down", "down")  # computed/styler colours survive on the cursor row
        assert style_of(3, "no").color == computed.color
        assert style_of(3, "no").bgcolor == row_style.bgcolor
        assert style_of(2, "CA").color.name == "red"


@pytest.mark.asyncio
async def test_resize_keeps_rendering() -> None:
    app = GridApp(make_frame(100))
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.press("ctrl+end")
        await pilot.resize_terminal(40, 10)
        await pilot.pause()
        assert table.size.width == 40
        assert table.cursor_row == 99
        assert table.scroll_y <= 99 < table.scroll_y + table.scrollable_content_region.height - 1
        assert len(table.render_line(1).text) == 40
        await pilot.resize_terminal(120, 30)
        await pilot.pause()
        assert len(table.render_line(1).text) == 120


async def test_update_rows_finds_a_row_on_screen_without_searching_the_key_column() -> None:
    """An edit's row is on screen: it is found among the shown rows; only a row off screen
    costs a search of every key."""
    frame = make_frame(5000).with_columns((90_000 - pl.col("id")).alias("id"))  # keys are not rows
    app = GridApp(frame)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        await pilot.pause()
        table.move_cursor_to_key(90_000 - 2500)
        await pilot.pause()
        searched: list[int] = []
        search = table._find_key
        table._find_key = lambda key: searched.append(key) or search(key)  # type: ignore[method-assign]
        shown, hidden = 90_000 - 2500, 90_000 - 10
        update = frame.filter(pl.col("id").is_in([shown, hidden])).with_columns(pl.lit("TX").alias("state"))
        table.update_rows(update)
        assert searched == [hidden]
        assert table.cell_text(2500, "state") == "TX" and table.cell_text(10, "state") == "TX"
        await pilot.pause()
        assert " TX " in table.render_line(table.cursor_screen_offset()[1] - table.region.y).text


@pytest.mark.asyncio
async def test_a_frame_shown_in_an_order_draws_finds_and_updates_rows_in_that_order() -> None:
    """set_frame(frame, order): row r on screen is frame row order[r]; keys, the cursor and
    an update of a row all follow the order, not the frame's own positions."""
    frame = make_frame(300)
    order = pl.Series(list(range(299, -1, -3)) + [i for i in range(300) if i % 3 != 2], dtype=pl.UInt32)
    app = GridApp(frame)
    async with app.run_test(size=SIZE) as pilot:
        table = app.query_one(FrameTable)
        table.set_frame(frame, COLUMNS, order)
        await pilot.pause()
        shown = order.to_list()
        assert table.row_count == 300 and table.keys() == shown
        assert [table.cell_text(row, "name") for row in range(300)] == [f"Program {i}" for i in shown]
        assert table.cursor_key == 0 and table.cursor_row == 100  # the cursor follows its key
        table.move_cursor_to_key(299)
        await pilot.pause()
        assert table.render_line(1).text.startswith("Program 299 ")
        assert table.render_line(2).text.startswith("Program 296 ")
        assert table.row_for_key(296) == 1 and table.cursor_row == 0
        table.update_rows(frame.filter(pl.col("id") == 296).with_columns(pl.lit("TX").alias("state")))
        assert table.cell_text(1, "state") == "TX"
        assert [table.cell_text(row, "state") for row in (0, 2, 100)] == ["CA", "CA", "NY"]
        table.set_frame(frame, COLUMNS)  # no order: the frame's own, the cursor kept on its key
        assert table.keys() == list(range(300)) and table.cursor_key == 299 and table.cursor_row == 299
