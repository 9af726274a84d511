"""The file is deleted, moved or replaced while a store has it open: the next write notices,
writes nothing to the wrong place, and says how to go on; no file is damaged afterwards."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

import pytest

from store.errors import FileChangedError
from store.store import Store


def names(path: Path) -> list[str]:
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [row["name"] for row in store.rows("programs")]


@pytest.fixture
def opened(tmp_path: Path):
    path = tmp_path / "mine.db"
    store = Store.open(path)
    program = store.insert_row("programs", {"name": "Mine"})  # still in the journal only
    yield store, program
    store.close()


def refuses_every_write(store: Store, program: int, match: str) -> None:
    for _ in range(2):  # and keeps refusing
        with pytest.raises(FileChangedError, match=match):
            store.set_value("programs", program, "notes", "lost?")
    with pytest.raises(FileChangedError):
        store.set_pref("theme", "dark")
    with pytest.raises(FileChangedError):
        store.undo()


def test_deleted_file(opened, tmp_path: Path):
    store, program = opened
    os.remove(store.path)
    refuses_every_write(store, program, "was deleted while MatchDesk had it open")
    assert not store.path.exists(), "nothing was written at the path"
    store.close()
    assert names(store.path) == []  # a new database there starts clean, not malformed


def test_moved_file(opened, tmp_path: Path):
    store, program = opened
    moved = tmp_path / "elsewhere.db"
    os.rename(store.path, moved)
    refuses_every_write(store, program, f"was moved to {moved}")
    assert not store.path.exists()
    store.close()
    assert names(moved) == ["Mine"]  # the moved file has every saved edit, and no "lost?"
    with Store.open(moved) as again:
        assert again.get("programs", program)["notes"] is None


def test_replaced_by_another_matchdesk_file(opened, tmp_path: Path):
    store, program = opened
    other = tmp_path / "other.db"
    with Store.open(other) as theirs:
        theirs.insert_row("programs", {"name": "Theirs"})
    os.replace(other, store.path)
    refuses_every_write(store, program, "was replaced by another file")
    assert names(store.path) == ["Theirs"]  # not mixed with the first file's journal
    store.close()
    assert names(store.path) == ["Theirs"]
    conn = sqlite3.connect(store.path)
    try:
        assert conn.execute("SELECT count(*) FROM programs WHERE name = 'Mine'").fetchone()[0] == 0
    finally:
        conn.close()


def test_an_untouched_file_is_written_as_before(opened):
    store, program = opened
    store.check_file()
    store.set_value("programs", program, "notes", "fine")
    assert store.get("programs", program)["notes"] == "fine"

