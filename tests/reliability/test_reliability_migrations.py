"""Every earlier schema opens in this MatchDesk: migrated forward with a backup, every value kept.

Files come from tests/fixtures/schema_v*.sql (one per released schema version; a new migration
adds the next file, see tests/fixtures/make_schema.py) and from version 0, which is whatever
a file held before MatchDesk first wrote to it.
"""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

import pytest

from store.backup import list_backups
from store.schema import SCHEMA_VERSION
from store.seed import ADDED_SEED_KEYS
from store.store import Store
from db_tables import recent_history, dump_tables as dump

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures"
SQL_FIXTURES = sorted(FIXTURES.glob("schema_v*.sql"))

# Version 0: no MatchDesk schema yet. The SQL is run on a new file.
VERSION_0: dict[str, str] = {
    "empty file": "",
    "another program's tables": """
        CREATE TABLE my_notes (id INTEGER PRIMARY KEY, body TEXT, score REAL, raw BLOB);
        INSERT INTO my_notes (body, score, raw) VALUES ('keep me', 1.5, x'00ff'), ('é, 日本', NULL, NULL);
    """,
    "an early programs table": """
        CREATE TABLE programs (id INTEGER PRIMARY KEY, name TEXT, state TEXT, notes TEXT);
        INSERT INTO programs (name, state, notes) VALUES ('Lakemont', 'OH', 'line one
line two'), ('Silver Pine', NULL, '');
    """,
}


def version_of(path: Path) -> int:
    conn = sqlite3.connect(path)
    try:
        return conn.execute("PRAGMA user_version").fetchone()[0]
    finally:
        conn.close()


def backups(path: Path) -> list[Path]:
    return sorted(b.path for b in list_backups(path) if b.reason == "migration")


def from_sql(sql: str) -> Callable[[Path], None]:
    def write(path: Path) -> None:
        conn = sqlite3.connect(path)
        try:
            conn.executescript(sql)
            recent_history(conn)
        finally:
            conn.close()
    return write


CASES = {
    **{f"v0: {name}": from_sql(sql) for name, sql in VERSION_0.items()},
    **{fixture.stem: from_sql(fixture.read_text(encoding="utf-8")) for fixture in SQL_FIXTURES},
}


def test_every_released_schema_version_has_a_fixture():
    versions = sorted(int(re.fullmatch(r"schema_v(\d+)", f.stem).group(1)) for f in SQL_FIXTURES)
    assert versions == list(range(1, SCHEMA_VERSION + 1)), (
        "add tests/fixtures/schema_vN.sql for every schema version (written by that version)")


@pytest.mark.parametrize("case", list(CASES))
def test_old_file_opens_migrated_with_a_backup_and_every_value(case: str, tmp_path: Path):
    path = tmp_path / "old.db"
    path.touch(mode=0o600)
    CASES[case](path)
    old_version = version_of(path)
    if case.startswith("schema_v"):
        assert old_version == int(case.removeprefix("schema_v")), "the fixture's own version"
    before = dump(path)

    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        for table, (columns, rows) in before.items():
            quoted = ", ".join(f'"{c}"' for c in columns)
            now = store.conn.execute(f'SELECT {quoted} FROM "{table}" ORDER BY rowid').fetchall()
            # every old row survives unchanged and in order; only seed rows a version added follow
            assert now[:len(rows)] == rows, table
            assert len(now) == len(rows) or (table in ADDED_SEED_KEYS and rows), table
        # The migrated file works: a new edit, its undo and redo.
        program = store.insert_row("programs", {"name": "After the upgrade"})
        store.set_value("programs", program, "notes", "edited")
        assert [c.new for c in store.undo()] == ["edited"]
        assert store.redo()

    made = backups(path)
    if old_version < SCHEMA_VERSION and before:
        [backup] = made
        assert backup.name.startswith("old.") and backup.name.endswith(".migration.db")
        assert stat.S_IMODE(os.stat(backup).st_mode) == 0o600
        assert dump(backup) == before, "the backup is the file as it was before the migration"
        assert version_of(backup) == old_version
    else:
        assert made == [], "nothing to migrate, or nothing to lose: no backup"
    Store.open(path).close()
    assert backups(path) == made, "a second open migrates nothing and copies nothing"
