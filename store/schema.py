"""The SQL schema, built from the field registry, and the forward migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from registry.fields import TABLES

# Columns that point at another table's id. A deleted parent takes these rows with it, and
# the store logs them so that undo brings them back.
REFERENCES: dict[tuple[str, str], str] = {
    ("contacts", "program_id"): "programs",
    ("interviews", "program_id"): "programs",
    ("rank_entries", "program_id"): "programs",
    ("rank_entries", "list_id"): "rank_lists",
    ("provenance", "program_id"): "programs",
}

# Tables the store keeps for itself; they are not described in the field registry because
# no user edits them cell by cell.
INTERNAL_DDL = (
    """CREATE TABLE IF NOT EXISTS settings (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
    """CREATE TABLE IF NOT EXISTS provenance (
        id INTEGER PRIMARY KEY,
        program_id INTEGER NOT NULL REFERENCES programs(id),
        field TEXT NOT NULL,
        source TEXT NOT NULL,
        noted_at TEXT NOT NULL,
        UNIQUE (program_id, field)
    )""",
    """CREATE TABLE IF NOT EXISTS change_log (
        id INTEGER PRIMARY KEY,
        grp INTEGER NOT NULL,
        ts TEXT NOT NULL,
        action TEXT NOT NULL CHECK (action IN ('update', 'insert', 'delete')),
        tbl TEXT NOT NULL,
        row_id INTEGER,
        field TEXT,
        old TEXT,
        new TEXT,
        label TEXT,
        undone INTEGER NOT NULL DEFAULT 0
    )""",
    "CREATE INDEX IF NOT EXISTS change_log_grp ON change_log (grp)",
    """CREATE TABLE IF NOT EXISTS prefs (
        key TEXT PRIMARY KEY,
        value TEXT
    )""",
)


def _column_ddl(table: str, field_name: str, sql_type: str) -> str:
    target = REFERENCES.get((table, field_name))
    ref = f" REFERENCES {target}(id)" if target else ""
    return f'"{field_name}" {sql_type}{ref}'


def reconcile(conn: sqlite3.Connection) -> None:
    """Create every registry table and add every registry column that is missing.

    Idempotent, so every migration can end with it; it never drops or rewrites a column.
    """
    for table, fields in TABLES.items():
        columns = ", ".join(_column_ddl(table, f.name, f.sql_type) for f in fields)
        conn.execute(f'CREATE TABLE IF NOT EXISTS "{table}" (id INTEGER PRIMARY KEY, {columns})')
        present = {row[1] for row in conn.execute(f'PRAGMA table_info("{table}")')}
        for f in fields:
            if f.name not in present:
                conn.execute(f'ALTER TABLE "{table}" ADD COLUMN {_column_ddl(table, f.name, f.sql_type)}')
    for statement in INTERNAL_DDL:
        conn.execute(statement)
    for (table, column), _target in REFERENCES.items():
        conn.execute(f'CREATE INDEX IF NOT EXISTS "{table}_{column}" ON "{table}" ("{column}")')


def _v1_initial(conn: sqlite3.Connection) -> None:
    reconcile(conn)


def _v2_advice_columns(conn: sqlite3.Connection) -> None:
    """profile.usce_none, programs.step2_min_none and programs.grad_limit_none."""
    reconcile(conn)


# MIGRATIONS[n] takes a database from version n to n + 1. Append only; never edit one that
# has shipped.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_initial, _v2_advice_columns)

SCHEMA_VERSION = len(MIGRATIONS)
