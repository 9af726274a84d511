"""Opening files: new files, refusals that leave the file untouched, read-only use."""

from __future__ import annotations

import hashlib
import os
import random
import sqlite3
import stat
import threading
from pathlib import Path

import pytest

from store.connection import SQLITE_MAGIC
from store.errors import (
    CorruptDatabaseError,
    MatchDeskError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyError,
    StoreError,
)
from registry.choices import PRIORITY_FEATURES
from registry.settings import SETTINGS
from store.schema import SCHEMA_VERSION
from store.store import Store


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def siblings(path: Path) -> set[str]:
    return {p.name for p in path.parent.iterdir()}


def make_database(path: Path, rows: int = 0) -> None:
    """A closed MatchDesk file in rollback-journal mode (so it is one file on disk)."""
    with Store.open(path) as store:
        if rows:
            with store.batch("fill"):
                for i in range(rows):
                    store.insert_row("programs", {"name": f"Program {i}", "notes": "n" * 400})
    conn = sqlite3.connect(path)
    conn.execute("PRAGMA journal_mode = DELETE")
    conn.close()


# --- a new file -------------------------------------------------------------------------

def test_new_file_is_private_and_seeded(tmp_db: Path):
    with Store.open(tmp_db) as store:
        assert not store.can_undo()  # seeding is not an undoable edit
        store.insert_row("programs", {"name": "A"})
        assert stat.S_IMODE(os.stat(tmp_db).st_mode) == 0o600
        wal = Path(f"{tmp_db}-wal")
        assert wal.exists() and stat.S_IMODE(os.stat(wal).st_mode) == 0o600
        assert store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert store.conn.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert [r["feature"] for r in store.rows("priorities")] == list(PRIORITY_FEATURES)
        assert len(store.rows("settings", order_by="key")) == len(SETTINGS)
        assert [r["name"] for r in store.rows("rank_lists")] == ["Primary list"]
        assert len(store.rows("profile")) == 1


def test_new_file_in_a_new_folder(tmp_path: Path):
    path = tmp_path / "a" / "b" / "m.db"
    with Store.open(path) as store:
        assert store.rows("programs") == []
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600


def test_reopen_does_not_seed_twice(tmp_db: Path):
    for _ in range(3):
        Store.open(tmp_db).close()
    with Store.open(tmp_db) as store:
        assert len(store.rows("priorities")) == len(PRIORITY_FEATURES)
        assert len(store.rows("timeline")) == len(store.rows("timeline", "done = 0"))


def test_empty_file_is_treated_as_new(tmp_db: Path):
    tmp_db.touch()
    with Store.open(tmp_db) as store:
        assert len(store.rows("rank_lists")) == 1


def test_missing_file_without_create(tmp_db: Path):
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_db, create=False)
    with pytest.raises(StoreError, match="does not exist"):
        Store.open(tmp_db, readonly=True)
    assert not tmp_db.exists()


@pytest.mark.parametrize("folder", ["we#ird", "what?now", "per%20cent", "spa ce", "ünï"])
def test_path_with_uri_characters_opens_that_very_file(tmp_path: Path, folder: str):
    path = tmp_path / folder / "m.db"
    with Store.open(path) as store:
        store.insert_row("programs", {"name": "Here"})
    assert set(os.listdir(tmp_path)) == {folder}  # nothing created beside the folder
    with Store.open(path, readonly=True) as store:
        assert [r["name"] for r in store.rows("programs")] == ["Here"]
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT name FROM programs").fetchall() == [("Here",)]
    conn.close()


def test_simultaneous_first_opens_seed_once(tmp_path: Path):
    """Two MatchDesk windows started on the same new file at the same moment."""
    for trial in range(5):
        path = tmp_path / f"race{trial}.db"
        barrier = threading.Barrier(4)
        errors: list[BaseException] = []

        def opener() -> None:
            barrier.wait()
            try:
                Store.open(path).close()
            except BaseException as error:  # noqa: BLE001 - collected for the assertion
                errors.append(error)

        threads = [threading.Thread(target=opener) for _ in range(4)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert errors == []
        with Store.open(path) as store:
            assert len(store.rows("priorities")) == len(PRIORITY_FEATURES)
            assert len(store.rows("rank_lists")) == 1


# --- refusals ---------------------------------------------------------------------------

def _refused(path: Path, error: type[MatchDeskError], *, readonly: bool = False) -> MatchDeskError:
    before = sha256(path)
    names = siblings(path)
    with pytest.raises(error) as info:
        Store.open(path, readonly=readonly)
    assert sha256(path) == before, "a refused file must keep its bytes"
    assert siblings(path) == names, "a refused file must not gain -wal/-shm/backup files"
    assert str(path.name) in info.value.message
    assert info.value.title
    return info.value


@pytest.mark.parametrize("readonly", [False, True])
def test_newer_schema_is_refused(tmp_db: Path, readonly: bool):
    make_database(tmp_db, rows=3)
    conn = sqlite3.connect(tmp_db)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    error = _refused(tmp_db, NewerSchemaError, readonly=readonly)
    assert f"schema {SCHEMA_VERSION + 1}" in error.message
    assert error.title == "Database is from a newer MatchDesk"


def test_random_bytes_are_refused(tmp_db: Path):
    tmp_db.write_bytes(random.Random(20261126).randbytes(64 * 1024))
    error = _refused(tmp_db, NotADatabaseError)
    assert "not an SQLite database" in error.message


def test_text_file_is_refused(tmp_path: Path):
    path = tmp_path / "programs.csv"
    path.write_text("name,city,state\nLakemont,Toledo,OH\n", encoding="utf-8")
    _refused(path, NotADatabaseError)


def test_short_sqlite_header_is_refused(tmp_db: Path):
    tmp_db.write_bytes(SQLITE_MAGIC + b"\x00" * 20)
    error = _refused(tmp_db, CorruptDatabaseError)
    assert "truncated" in error.message


def test_truncated_sqlite_file_is_refused(tmp_db: Path):
    make_database(tmp_db, rows=200)
    data = tmp_db.read_bytes()
    tmp_db.write_bytes(data[: len(data) // 2])
    _refused(tmp_db, CorruptDatabaseError)


def test_damaged_pages_are_refused(tmp_db: Path):
    make_database(tmp_db, rows=200)
    data = bytearray(tmp_db.read_bytes())
    middle = len(data) // 2
    data[middle:middle + 4096] = b"\xab" * 4096
    tmp_db.write_bytes(bytes(data))
    error = _refused(tmp_db, CorruptDatabaseError)
    assert error.title == "Database is damaged"


@pytest.mark.parametrize("readonly", [False, True])
def test_corrupt_header_is_refused_readonly_too(tmp_db: Path, readonly: bool):
    tmp_db.write_bytes(b"PK\x03\x04" + b"\x00" * 500)  # a zip file, e.g. an .xlsx
    _refused(tmp_db, NotADatabaseError, readonly=readonly)


# --- read-only ----------------------------------------------------------------------------

def test_readonly_store_reads_and_refuses_every_write(tmp_db: Path):
    make_database(tmp_db, rows=2)
    with Store.open(tmp_db) as store:
        store.set_value("programs", 1, "notes", "undo me")
    before = sha256(tmp_db)
    with Store.open(tmp_db, readonly=True) as store:
        assert store.readonly
        assert [r["name"] for r in store.rows("programs")] == ["Program 0", "Program 1"]
        assert store.settings()["weight.must"] == 3.0
        attempts = [
            lambda: store.set_value("programs", 1, "name", "X"),
            lambda: store.insert_row("programs", {"name": "X"}),
            lambda: store.delete_row("programs", 1),
            lambda: store.set_setting("weight.must", 2),
            lambda: store.set_provenance(1, "visa", "FREIDA", "2026-01-01"),
            lambda: store.set_pref("k", 1),
            store.undo,
        ]
        for attempt in attempts:
            with pytest.raises(ReadOnlyError, match="read-only"):
                attempt()
        with pytest.raises(ReadOnlyError):
            with store.batch("nothing"):
                pass
        assert store.can_undo()
        assert store.redo() == []  # nothing to redo: nothing to refuse
    assert sha256(tmp_db) == before


def test_readonly_open_of_an_old_schema_is_refused(tmp_db: Path):
    conn = sqlite3.connect(tmp_db)
    conn.execute("CREATE TABLE kept (x)")
    conn.close()
    before = sha256(tmp_db)
    with pytest.raises(StoreError, match="needs an upgrade"):
        Store.open(tmp_db, readonly=True)
    assert sha256(tmp_db) == before


@pytest.mark.skipif(os.geteuid() == 0 if hasattr(os, "geteuid") else False,
                    reason="root can write a 0400 file, so the permission check cannot trigger")
def test_file_without_write_permission_opens_read_only(tmp_db: Path):
    make_database(tmp_db)
    tmp_db.chmod(0o400)
    try:
        with Store.open(tmp_db) as store:
            assert store.readonly
            with pytest.raises(ReadOnlyError):
                store.insert_row("programs", {"name": "X"})
    finally:
        tmp_db.chmod(0o600)
