"""The app's file is overwritten in place (a sync tool, a restore: same inode) while it is open:
the next edit is refused, nothing says Saved, the user is told which file and how to reopen it,
and the file that is there now opens as it was copied."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import sqlite3
from pathlib import Path

from store.store import Store
from tui.app import MatchDeskApp
from tui.widgets.grid import FrameTable

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1  # Step 2 minimum 230 in the sample


def copy_sample(target: Path) -> Path:
    shutil.copyfile(SAMPLE, target)
    target.chmod(0o600)
    return target


async def test_an_edit_after_the_file_was_overwritten_in_place(tmp_path: Path):
    path = copy_sample(tmp_path / "mine.db")
    other = copy_sample(tmp_path / "other.db")
    with Store.open(other) as theirs:
        theirs.set_value("programs", LAKEMONT, "step2_min", 211)
    copied = other.read_bytes()
    app = MatchDeskApp(path, today=TODAY)
    app.CHANGE_POLL_SECONDS = 3600  # the edit, not the poll, is the first to look
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        table = screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("e", "2", "4", "4", "enter")  # saved before the copy
        await pilot.pause()
        assert screen.status_note.startswith("Saved")
        screen.status_note = ""

        inode = os.stat(path).st_ino
        shutil.copyfile(other, path)
        assert os.stat(path).st_ino == inode

        table.move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("e", "2", "5", "5", "enter")
        await pilot.pause()
        assert "Saved" not in screen.status_note
        refusal = screen.query_one("#programs").editor.error
        assert "mine.db was replaced by another file copied over it" in refusal
        assert f"open {path} again" in refusal

        await pilot.press("escape")
        app.check_outside_changes()  # the poll says it too, once
        await pilot.pause()
        told = [n for n in app._notifications if "mine.db was replaced" in n.message]
        assert len(told) == 1 and told[0].title == "Database file moved or replaced"
        await pilot.press("ctrl+r")  # reloading through the abandoned store explains, not crashes
        await pilot.pause()
    assert path.read_bytes() == copied, "nothing of the old journal reached the copy"
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT step2_min FROM programs WHERE id = ?", (LAKEMONT,)).fetchone()[0] == 211
    finally:
        conn.close()
