"""Two connections on one file (two windows, or the app and an import): nothing is lost."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from store.errors import DatabaseLockedError
from store.store import Store


def test_two_connections_alternating_lose_nothing(tmp_db: Path):
    a = Store.open(tmp_db)
    b = Store.open(tmp_db)
    try:
        pa = a.insert_row("programs", {"name": "A"})
        pb = b.insert_row("programs", {"name": "B"})
        for i in range(100):
            a.set_value("programs", pa, "notes", f"a{i}")
            b.set_value("programs", pb, "notes", f"b{i}")
            # the same cell from both sides: the later write wins, both are logged
            (a if i % 2 else b).set_value("programs", pa, "residents_per_year", i)
        for s in (a, b):
            rows = {r["id"]: r for r in s.rows("programs")}
            assert rows[pa]["notes"] == "a99" and rows[pb]["notes"] == "b99"
            assert rows[pa]["residents_per_year"] == 99
        groups = [g for (g,) in a.conn.execute("SELECT grp FROM change_log ORDER BY id")]
        assert len(groups) == 2 + 300 and len(set(groups)) == len(groups)
        notes = [json.loads(n) for (n,) in a.conn.execute(
            "SELECT new FROM change_log WHERE field = 'notes' ORDER BY id")]
        assert notes == [x for i in range(100) for x in (f"a{i}", f"b{i}")]
    finally:
        a.close()
        b.close()
    with Store.open(tmp_db) as s:
        assert s.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert s.get("programs", pa)["notes"] == "a99"


def test_other_connection_sees_commits_and_data_version_moves(tmp_db: Path):
    with Store.open(tmp_db) as a, Store.open(tmp_db) as b:
        version = b.data_version()
        pid = a.insert_row("programs", {"name": "A"})
        assert b.data_version() != version
        assert b.get("programs", pid)["name"] == "A"
        # undo from the other window reverts the latest change, whoever made it
        b.undo()
        assert a.get("programs", pid) is None


def test_locked_file_refuses_a_write_cleanly(tmp_db: Path):
    with Store.open(tmp_db) as a, Store.open(tmp_db) as b:
        pid = a.insert_row("programs", {"name": "A"})
        b.conn.execute("PRAGMA busy_timeout = 50")
        a.conn.execute("BEGIN IMMEDIATE")  # another writer holds the lock
        try:
            with pytest.raises(DatabaseLockedError) as info:
                b.set_value("programs", pid, "name", "B")
            assert info.value.title == "Database is busy" and "nothing was changed" in info.value.message
            assert not b.conn.in_transaction
        finally:
            a.conn.execute("ROLLBACK")
        b.set_value("programs", pid, "name", "B")  # works once the lock is gone
        assert a.get("programs", pid)["name"] == "B"
        assert [c.new for c in b.undo()] == ["B"]
