"""Backups from inside the app: "Restore a backup" picks one of the file's backups and puts it
in place after asking, and "Forget history" backs up, then clears undo and wipes deleted text."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.command import CommandPalette
from textual.widgets import OptionList, Static

from store import Store
from store.backup import list_backup_details, list_backups, make_backup
from tui.app import MatchDeskApp
from tui.screens.backups import BackupPicker
from tui.screens.dialogs import ConfirmDialog

TODAY = dt.date(2026, 11, 26)
SECRET = "Quokkazebra leave of absence"


async def run_from_palette(pilot, app: MatchDeskApp, text: str, title: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    await pilot.press(*("space" if c == " " else c for c in text))
    await pilot.pause(0.4)
    palette = app.screen
    assert isinstance(palette, CommandPalette)
    from textual.command import CommandList

    found = palette.query_one(CommandList)
    prompts = [str(found.get_option_at_index(i).prompt).split("\n")[0] for i in range(found.option_count)]
    assert prompts and prompts[0] == title, prompts[:5]
    await pilot.press("enter")
    await pilot.pause()


def question(app: MatchDeskApp) -> str:
    assert isinstance(app.screen, ConfirmDialog)
    return str(app.screen.query_one(Static).content)


async def test_restore_a_backup_from_the_palette_puts_it_back_and_keeps_the_file_as_it_was(sample_copy: Path):
    with Store.open(sample_copy) as store:
        original = store.get("programs", 1)["name"]
    backup = make_backup(sample_copy, "manual", now=dt.datetime.now() - dt.timedelta(days=1))
    with Store.open(sample_copy) as store:
        store.set_value("programs", 1, "name", "Renamed after the backup")
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()  # the daily backup
        await run_from_palette(pilot, app, "restore", "Restore a backup (key ctrl+b)")
        assert isinstance(app.screen, BackupPicker)
        listed = app.screen.query_one(OptionList)
        labels = [str(listed.get_option_at_index(i).prompt) for i in range(listed.option_count)]
        assert labels == [d.label() for d in list_backup_details(sample_copy)]
        assert len(labels) == 2 and "daily" in labels[0] and "manual" in labels[1], "newest first"
        assert "programs" in labels[1] and "KB" in labels[1]
        listed.highlighted = len(labels) - 1  # the manual one, taken before the rename
        await pilot.press("enter")
        await pilot.pause()
        assert "backed up first" in question(app)
        await pilot.press("y")
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.workspace.programs.filter(id=1)["name"].item() == original
        assert app.store.get("programs", 1)["name"] == original
        assert any(b.reason == "restore" for b in list_backups(sample_copy))
        assert any("Restored" in n.message for n in app._notifications)
        await pilot.press("ctrl+z")  # the open store still writes and undoes
        await pilot.pause()
    restore = next(b for b in list_backups(sample_copy) if b.reason == "restore")
    with Store.open(restore.path, readonly=True) as before:
        assert before.get("programs", 1)["name"] == "Renamed after the backup"
    assert backup.exists()


async def test_escape_closes_the_backup_list_and_nothing_is_restored(sample_copy: Path):
    make_backup(sample_copy, "manual")
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await pilot.press("ctrl+b")
        await pilot.pause()
        assert isinstance(app.screen, BackupPicker)
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, BackupPicker)
    assert not any(b.reason == "restore" for b in list_backups(sample_copy))


async def test_forget_history_from_the_palette_backs_up_and_leaves_nothing_to_undo(tmp_db: Path):
    with Store.open(tmp_db) as store:
        flag = store.insert_row("red_flags", {"type": "exam failure or retake", "explanation": SECRET})
        store.delete_row("red_flags", flag)
    app = MatchDeskApp(tmp_db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await app.workers.wait_for_complete()
        await run_from_palette(pilot, app, "forget history", "Forget history (key ctrl+g)")
        text = question(app)
        assert "undo history" in text.lower() and "backup" in text
        await pilot.press("y")
        await pilot.pause()
        assert not app.store.can_undo()
        app.store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        wal = tmp_db.with_name(tmp_db.name + "-wal")
        assert b"quokkazebra" not in (tmp_db.read_bytes() + (wal.read_bytes() if wal.exists() else b"")).lower()
        [backup] = [b for b in list_backups(tmp_db) if b.reason == "forget-history"]
        assert b"quokkazebra" in backup.path.read_bytes().lower()
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert any(n.message == "Nothing to undo" for n in app._notifications)
