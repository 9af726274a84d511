"""Read a whole SQLite file into plain Python, to compare two files table by table."""

from __future__ import annotations

import sqlite3
from pathlib import Path


def user_tables(conn: sqlite3.Connection) -> list[str]:
    """Every table holding rows, by name. A full-text index's own tables are left out: they are
    derived from the rows (and some have no rowid); its virtual table stands for them."""
    return [r[0] for r in conn.execute(
        "SELECT name FROM sqlite_master AS t WHERE type = 'table' AND name NOT LIKE 'sqlite_%' "
        "AND NOT EXISTS (SELECT 1 FROM sqlite_master AS v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%' "
        "AND t.name LIKE v.name || '\\_%' ESCAPE '\\') ORDER BY name")]


def dump_tables(path: Path) -> dict[str, tuple[list[str], list[tuple]]]:
    conn = sqlite3.connect(path)
    try:
        out = {}
        for table in user_tables(conn):
            cursor = conn.execute(f'SELECT * FROM "{table}" ORDER BY rowid')
            out[table] = ([d[0] for d in cursor.description], cursor.fetchall())
        return out
    finally:
        conn.close()


def recent_history(conn: sqlite3.Connection) -> None:
    """Date a fixture's undo history today, so that history retention (a rule of its own,
    tests/store/test_store_privacy.py) keeps it whatever day the tests run."""
    if conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'change_log'").fetchone():
        # the start of today: two files loaded a second apart still hold equal logs
        conn.execute("UPDATE change_log SET ts = date('now', 'localtime') || 'T00:00:00'")
        conn.commit()


def load_fixture(version: int, target: Path) -> sqlite3.Connection:
    """A file at `target` made from tests/fixtures/schema_v{version}.sql, its history dated
    today; returns an open connection to it (for further edits as another tool would make)."""
    sql = Path(__file__).resolve().parent / "fixtures" / f"schema_v{version}.sql"
    conn = sqlite3.connect(target)
    conn.executescript(sql.read_text(encoding="utf-8"))
    recent_history(conn)
    return conn
