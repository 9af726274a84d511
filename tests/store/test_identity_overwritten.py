"""The file is overwritten in place (same inode: `cp other.db mine.db`, a sync tool, a restore)
while a store has it open: the next write notices, writes nothing, and the file that is there
now is left exactly as copied: the store's journal never reaches it."""

from __future__ import annotations

import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from store.errors import FileChangedError
from store.store import Store

REPLACED = "was replaced by another file copied over it"


def program_names(path: Path) -> list[str]:
    conn = sqlite3.connect(path)
    try:
        assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        return [name for (name,) in conn.execute("SELECT name FROM programs ORDER BY id")]
    finally:
        conn.close()


def copy_in_place(source: Path, target: Path) -> None:
    inode = os.stat(target).st_ino
    shutil.copyfile(source, target)
    assert os.stat(target).st_ino == inode, "overwritten in place, not replaced by a new file"


def new_database(path: Path) -> bytes:
    """A new, empty MatchDesk database at `path`; its bytes."""
    Store.open(path).close()
    return path.read_bytes()


def refuses_writes(store: Store, program: int) -> None:
    for _ in range(2):  # and keeps refusing
        with pytest.raises(FileChangedError, match=REPLACED):
            store.set_value("programs", program, "notes", "lost?")
    with pytest.raises(FileChangedError, match=REPLACED):
        store.insert_row("programs", {"name": "Lost"})
    with pytest.raises(FileChangedError):
        store.set_pref("theme", "dark")
    with pytest.raises(FileChangedError):
        store.undo()
    with pytest.raises(FileChangedError):  # reads too: its pages would be mixed with the copy's
        store.rows("programs")


@pytest.fixture
def mine(tmp_path: Path):
    path = tmp_path / "mine.db"
    store = Store.open(path)
    programs = [store.insert_row("programs", {"name": f"Mine {n}"}) for n in range(30)]
    yield store, programs[0]
    store.close()


def test_another_matchdesk_file_copied_over(mine, tmp_path: Path):
    store, program = mine
    other = tmp_path / "other.db"
    with Store.open(other) as theirs:
        for n in range(5):
            theirs.insert_row("programs", {"name": f"Theirs {n}"})
    expected = other.read_bytes()
    copy_in_place(other, store.path)
    refuses_writes(store, program)
    store.close()
    assert store.path.read_bytes() == expected, "nothing of the store's journal reached the copy"
    assert not Path(f"{store.path}-wal").exists()
    assert program_names(store.path) == [f"Theirs {n}" for n in range(5)]
    assert store.path.read_bytes() == expected
    with Store.open(store.path) as again:  # opens as the copy, and takes edits
        again.set_value("programs", 1, "notes", "after")
        assert again.get("programs", 1)["notes"] == "after"


def test_an_older_copy_of_the_same_file_restored(mine, tmp_path: Path):
    store, program = mine
    backup = tmp_path / "backup.db"
    store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    shutil.copyfile(store.path, backup)
    store.set_value("programs", program, "notes", "after the backup")
    store.insert_row("programs", {"name": "After the backup"})
    copy_in_place(backup, store.path)
    refuses_writes(store, program)
    store.close()
    assert store.path.read_bytes() == backup.read_bytes()
    assert program_names(store.path) == [f"Mine {n}" for n in range(30)]
    with Store.open(store.path) as again:
        assert again.get("programs", program)["notes"] is None


def test_closing_without_a_write_leaves_the_copy_alone(mine, tmp_path: Path):
    store, _ = mine
    other = tmp_path / "other.db"
    expected = new_database(other)
    copy_in_place(other, store.path)
    store.close()  # a plain close would checkpoint the journal into the copy
    assert store.path.read_bytes() == expected
    assert program_names(store.path) == []


def test_the_message_says_how_to_go_on(mine, tmp_path: Path):
    store, _ = mine
    other = tmp_path / "other.db"
    new_database(other)
    copy_in_place(other, store.path)
    with pytest.raises(FileChangedError) as raised:
        store.check_file()
    assert raised.value.title == "Database file moved or replaced"
    assert f"open {store.path} again" in raised.value.message


def test_a_change_of_permissions_or_a_link_is_not_an_overwrite(mine, tmp_path: Path):
    store, program = mine
    os.chmod(store.path, 0o400)
    os.chmod(store.path, 0o600)
    os.link(store.path, tmp_path / "hard-link.db")
    store.set_value("programs", program, "notes", "still mine")
    assert store.get("programs", program)["notes"] == "still mine"


@pytest.fixture
def no_descriptor_list(monkeypatch):
    """Where the process cannot list its descriptors (no /dev/fd): stat and data_version only."""
    from store import journal

    monkeypatch.setattr(journal, "_find", lambda identity: None)


def test_without_a_descriptor_list_a_copy_over_is_still_refused(no_descriptor_list, mine, tmp_path: Path):
    store, program = mine
    assert store._file._main.number is None
    other = tmp_path / "other.db"
    expected = new_database(other)
    copy_in_place(other, store.path)
    refuses_writes(store, program)
    store.close()
    assert store.path.read_bytes() == expected


def test_without_a_descriptor_list_windows_writing_in_turn_pass(no_descriptor_list, tmp_path: Path):
    path = tmp_path / "mine.db"
    with Store.open(path) as first, Store.open(path) as second:
        program = first.insert_row("programs", {"name": "Shared"})
        for n in range(100):  # each window's own checkpoints, and the other's
            writer = (first, second)[n % 2]
            writer.set_value("programs", program, "notes", f"edit {n}")
            (first, second)[n // 2 % 2].conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert first.get("programs", program)["notes"] == "edit 99"


def test_two_windows_open_when_a_copy_lands_both_refuse(mine, tmp_path: Path):
    store, program = mine
    second = Store.open(store.path)
    second.set_value("programs", program, "notes", "from the second window")
    other = tmp_path / "other.db"
    expected = new_database(other)
    copy_in_place(other, store.path)
    refuses_writes(store, program)
    refuses_writes(second, program)
    second.close()
    store.close()
    assert store.path.read_bytes() == expected
    assert program_names(store.path) == []


def test_a_copy_landing_during_a_long_transaction_is_caught_before_the_commit(mine, tmp_path: Path):
    store, program = mine
    other = tmp_path / "other.db"
    expected = new_database(other)
    with pytest.raises(FileChangedError, match=REPLACED), store.batch("import"):
        store.insert_rows("programs", [{"name": f"New {n}", "notes": "x" * 500} for n in range(500)])
        copy_in_place(other, store.path)
        store.set_value("programs", program, "notes", "inside the batch")
    refuses_writes(store, program)
    store.close()
    assert store.path.read_bytes() == expected
