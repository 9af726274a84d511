"""Start-up reads each table a chunk of rows at a time: the frame is the one a single read makes."""

from __future__ import annotations

from pathlib import Path

import sqlite3

from importers import frames
from store import Store


def test_a_table_read_in_chunks_equals_one_read(sample_copy: Path, monkeypatch) -> None:
    with sqlite3.connect(sample_copy) as conn:  # one bad cell, in the third chunk
        conn.execute("UPDATE programs SET img_percent = 'many' WHERE id = 17")
    with Store.open(sample_copy) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM programs ORDER BY id")]
        whole, whole_bad = frames.read_frame(store, "programs", ids)
        monkeypatch.setattr(frames, "CHUNK_ROWS", 7)
        chunked, chunked_bad = frames.read_frame(store, "programs")
        store.conn.execute("DELETE FROM statements")
        empty, _ = frames.read_frame(store, "statements")
    assert len(ids) > 7 * 3
    assert chunked.equals(whole) and chunked.schema == whole.schema
    assert chunked_bad == whole_bad and [(c.row_id, c.field) for c in chunked_bad] == [(17, "img_percent")]
    assert empty.height == 0 and empty.schema == frames.polars_schema("statements")


async def test_keys_are_handled_while_the_tables_are_read(sample_copy: Path, monkeypatch) -> None:
    """The first rows show, then the tables are read a chunk at a time: a move is handled before
    the reading ends, a key that needs the scores waits for them, and the cursor stays put."""
    from tui.app import MatchDeskApp
    from tui.widgets.grid import FrameTable

    gate = {"open": False}
    read_in_steps = frames.read_frames_in_steps

    def held(store):
        while not gate["open"]:
            yield
        return (yield from read_in_steps(store))

    monkeypatch.setattr(frames, "read_frames_in_steps", held)
    app = MatchDeskApp(sample_copy, first_rows_early=True)
    async with app.run_test(size=(120, 40)) as pilot:
        table = app.screen.query_one("#programs", FrameTable)
        await pilot.press("down", "down", "s")  # s sorts: not before the scores
        assert app.workspace is None and table.cursor_row == 2
        assert "Edit" not in footer_text(app)  # keys that need the scores are not offered yet
        chosen = table.cursor_key
        assert table.cell_text(2, "fit") == "" and "Scoring" in str(app.screen.query_one("#status").render())
        gate["open"] = True
        while app.workspace is None:
            await pilot.pause()
        await pilot.pause()
        assert table.cursor_key == chosen and table.cell_text(2, "fit") != ""
        assert app.screen.state.sort is None
        assert table.row_count == app.workspace.programs.height
        assert "Edit" in footer_text(app) and "palette" in footer_text(app)  # offered once read


def footer_text(app) -> str:
    from textual.widgets import Footer

    footer = app.screen.query_one(Footer)
    return " ".join(str(widget.render()) for widget in footer.query("*"))


async def test_what_the_open_made_is_out_of_the_collectors_full_passes_while_the_app_runs(
        sample_copy: Path) -> None:
    """A full pass of the cycle collector walks every object the app holds (tens of ms at a few
    thousand programs, inside whatever key it lands on): once the tables are read and scored,
    those objects are frozen out of it, and given back when the app ends."""
    import gc

    from tui.app import MatchDeskApp

    app = MatchDeskApp(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.workspace is not None
        assert gc.get_freeze_count() > 10_000
    assert gc.get_freeze_count() == 0
