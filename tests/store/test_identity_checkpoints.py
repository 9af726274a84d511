"""SQLite's own writes to the file are not mistaken for an overwrite: two stores (two MatchDesk
windows) on one file writing in turn, each checkpoint copying the journal into the file, by the
writer, by the other window or by a third connection, in every mode."""

from __future__ import annotations

import shutil
import sqlite3
from pathlib import Path

import pytest

from store import journal
from store.store import Store


@pytest.mark.parametrize("checkpointer", ["writer", "other window", "third connection"])
@pytest.mark.parametrize("mode", ["PASSIVE", "TRUNCATE"])
def test_two_windows_writing_in_turn_with_checkpoints(tmp_path: Path, checkpointer: str, mode: str):
    path = tmp_path / "mine.db"
    first, second = Store.open(path), Store.open(path)
    third = sqlite3.connect(path, isolation_level=None)
    try:
        program = first.insert_row("programs", {"name": "Shared"})
        windows = (first, second)
        for n in range(200):
            writer, other = windows[n % 2], windows[(n + 1) % 2]
            writer.set_value("programs", program, "notes", f"edit {n}")  # never refused
            by = {"writer": writer.conn, "other window": other.conn, "third connection": third}[checkpointer]
            by.execute(f"PRAGMA wal_checkpoint({mode})")
            other.check_file()  # the app's poll between edits
        assert second.get("programs", program)["notes"] == "edit 199"
    finally:
        third.close()
        first.close()
        second.close()
    conn = sqlite3.connect(path)
    assert conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    assert conn.execute("SELECT notes FROM programs").fetchone()[0] == "edit 199"
    conn.close()


def test_a_write_that_grows_the_file_past_an_automatic_checkpoint(tmp_path: Path):
    path = tmp_path / "mine.db"
    with Store.open(path) as first, Store.open(path) as second:
        for n in range(40):  # large rows: the journal passes 1,000 pages and is copied in
            (first, second)[n % 2].insert_rows("programs", [{"name": f"P{n}-{i}", "notes": "x" * 2000}
                                                          for i in range(60)])
        assert len(first.rows("programs")) == 2400


def test_the_closing_guard_alone_keeps_the_journal_out(tmp_path: Path):
    """SQLite told not to checkpoint on close is enough without emptying the journal."""
    path, other = tmp_path / "mine.db", tmp_path / "other.db"
    Store.open(other).close()
    conn = sqlite3.connect(path, isolation_level=None)
    conn.execute("PRAGMA journal_mode = WAL")
    conn.execute("CREATE TABLE t (x)")
    conn.executemany("INSERT INTO t VALUES (?)", [("x" * 500,)] * 200)  # pages in the journal
    assert journal.skip_checkpoint_on_close(conn), "this Python can tell SQLite"
    shutil.copyfile(other, path)
    conn.close()
    assert path.read_bytes() == other.read_bytes()


def test_the_emptied_journal_alone_keeps_it_out(tmp_path: Path, monkeypatch):
    """Where SQLite cannot be told, the emptied journal leaves a closing checkpoint nothing."""
    monkeypatch.setattr(journal, "skip_checkpoint_on_close", lambda conn: False)
    path, other = tmp_path / "mine.db", tmp_path / "other.db"
    Store.open(other).close()
    store = Store.open(path)
    for n in range(50):
        store.insert_row("programs", {"name": f"Mine {n}", "notes": "x" * 300})
    shutil.copyfile(other, path)
    store.close()
    assert path.read_bytes() == other.read_bytes()
