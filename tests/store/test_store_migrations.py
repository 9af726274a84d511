"""Schema migrations: an old file moves forward, keeps its data and leaves a backup."""

from __future__ import annotations

import os
import sqlite3
import stat
from pathlib import Path

import pytest

from db_tables import recent_history, dump_tables  # tests/ is on sys.path (rootdir conftest)

from store import connection, schema
from store.backup import list_backups
from store.errors import StoreError
from registry.fields import TABLES
from store.schema import MIGRATIONS, SCHEMA_VERSION
from store.seed import ADDED_SEED_KEYS
from store.store import Store

V1_SQL = Path(__file__).resolve().parents[1] / "fixtures" / "schema_v1.sql"


def backups(path: Path) -> list[Path]:
    return sorted(b.path for b in list_backups(path) if b.reason == "migration")


def test_schema_version_counts_migrations():
    assert SCHEMA_VERSION == len(MIGRATIONS) >= 1


def test_version_0_file_with_foreign_data_migrates_and_keeps_it(tmp_db: Path):
    conn = sqlite3.connect(tmp_db)
    conn.executescript("""
        CREATE TABLE my_notes (id INTEGER PRIMARY KEY, body TEXT, score REAL);
        INSERT INTO my_notes (body, score) VALUES ('keep me', 1.5), ('and me, é', NULL);
    """)
    conn.close()
    assert not backups(tmp_db)

    with Store.open(tmp_db) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("SELECT body, score FROM my_notes ORDER BY id").fetchall() == [
            ("keep me", 1.5), ("and me, é", None)]
        for table, fields in TABLES.items():
            columns = {r[1] for r in store.conn.execute(f'PRAGMA table_info("{table}")')}
            assert {f.name for f in fields} <= columns, table
        assert len(store.rows("rank_lists")) == 1  # seeded after the migration
        store.insert_row("programs", {"name": "New"})

    [backup] = backups(tmp_db)
    assert backup.name.startswith("matchdesk.") and backup.name.endswith(".migration.db")
    assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
    copy = sqlite3.connect(backup)
    try:
        assert copy.execute("PRAGMA user_version").fetchone()[0] == 0
        assert copy.execute("SELECT body FROM my_notes ORDER BY id").fetchall() == [
            ("keep me",), ("and me, é",)]
        names = {r[0] for r in copy.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        assert names == {"my_notes"}  # the copy is the file as it was before the migration
    finally:
        copy.close()

    # Opening again: nothing left to migrate, no second backup.
    Store.open(tmp_db).close()
    assert len(backups(tmp_db)) == 1


def test_new_file_gets_no_backup(tmp_db: Path):
    Store.open(tmp_db).close()
    assert backups(tmp_db) == []


def _load(sql: Path, target: Path) -> None:
    conn = sqlite3.connect(target)
    try:
        conn.executescript(sql.read_text(encoding="utf-8"))
        recent_history(conn)
    finally:
        conn.close()




def test_v1_fixture_opens_and_every_value_survives(tmp_path: Path):
    """The committed schema-1 file must open in every later MatchDesk with all its values."""
    reference = tmp_path / "reference.db"
    _load(V1_SQL, reference)
    before = dump_tables(reference)
    assert sqlite3.connect(reference).execute("PRAGMA user_version").fetchone()[0] == 1
    assert len(before["programs"][1]) == 2 and before["change_log"][1]

    path = tmp_path / "v1.db"
    _load(V1_SQL, path)
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        for table, (columns, rows) in before.items():
            quoted = ", ".join(f'"{c}"' for c in columns)
            now = store.conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid').fetchall()
            assert now[:len(rows)] == rows, f"{table} changed in migration"
            assert len(now) == len(rows) or table in ADDED_SEED_KEYS, f"{table} grew in migration"
        # Typed reads still work and the store still behaves.
        program = store.get("programs", 1)
        assert program["img_presence"] is True and program["state"] == "OH"
        assert program["notes"].startswith("Quotes ' and \" and a newline\n")
        assert store.settings()["weight.must"] == 4.5
        assert store.get_pref("programs.columns") == ["name", "state", "visa"]
        assert store.provenance(1)["visa"].source == "coordinator email"
        # The undo history carried in the file is usable after the upgrade.
        assert store.get("programs", 1)["personal_fit"] == 4
        store.undo()
        assert store.get("programs", 1)["personal_fit"] == 5
        store.redo()
        assert store.get("programs", 1)["personal_fit"] == 4
        # New edits work, including to any columns a migration added.
        store.set_value("programs", 2, "notes", "after upgrade")
    if SCHEMA_VERSION > 1:
        assert backups(path), "upgrading a v1 file must leave a backup"


def test_failed_migration_rolls_back_and_keeps_the_file(tmp_path: Path, monkeypatch):
    """A migration that fails half-way leaves the file at its old version with all data."""
    path = tmp_path / "v1.db"
    _load(V1_SQL, path)
    before = dump_tables(path)

    def broken_step(conn: sqlite3.Connection) -> None:
        conn.execute("ALTER TABLE programs ADD COLUMN half_done TEXT")
        conn.execute("UPDATE programs SET name = 'damaged'")
        conn.execute("SELECT * FROM no_such_table")  # fails

    monkeypatch.setattr(connection, "MIGRATIONS", (*schema.MIGRATIONS, broken_step))
    monkeypatch.setattr(connection, "SCHEMA_VERSION", len(schema.MIGRATIONS) + 1)
    with pytest.raises(StoreError, match="no such table"):
        Store.open(path)
    assert dump_tables(path) == before
    assert sqlite3.connect(path).execute("PRAGMA user_version").fetchone()[0] == 1
    assert len(backups(path)) == 1  # the backup was written before the attempt

    monkeypatch.undo()
    with Store.open(path) as store:  # and the real MatchDesk still opens it
        assert store.get("programs", 1)["name"].startswith("Lakemont")


def test_reconcile_is_idempotent_and_adds_missing_columns(tmp_db: Path):
    Store.open(tmp_db).close()
    conn = sqlite3.connect(tmp_db)
    try:
        conn.execute("ALTER TABLE programs DROP COLUMN website")
        schema.reconcile(conn)
        schema.reconcile(conn)
        columns = [r[1] for r in conn.execute("PRAGMA table_info(programs)")]
        assert columns.count("website") == 1
    finally:
        conn.close()
