"""The SQL schema, built from the field registry, and the forward migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable

from sqlite_utils import Database

from registry.fields import TABLES

# Columns that point at another table's id. A deleted parent takes these rows with it, and
# the store logs them so that undo brings them back.
REFERENCES: dict[tuple[str, str], str] = {
    ("contacts", "program_id"): "programs",
    ("interviews", "program_id"): "programs",
    ("rank_entries", "program_id"): "programs",
    ("rank_entries", "list_id"): "rank_lists",
    ("provenance", "program_id"): "programs",
    ("match_history", "program_id"): "programs",
}

# Tables the store keeps for itself; they are not described in the field registry because
# no user edits them cell by cell. Written as SQL because they carry CHECK and inline UNIQUE
# constraints, which sqlite-utils' create() does not express.
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
        action TEXT NOT NULL CHECK (action IN ('update', 'insert', 'delete', 'bulk')),
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


# Programs first_id..last_id, added by one import, got `field` from `source` on `noted_at`;
# `filled` has a character per program from first_id on, "1" where the import filled the field
# and "0" where it left it empty; NULL when it filled every one. A row covers at most 1,024
# programs (store/provenance.py RANGE_SPAN). A range ends early (last_id lowered,
# down to first_id - 1: empty) when its last programs are deleted. Not in INTERNAL_DDL, which
# the shipped migrations run: version 3 creates it.
PROVENANCE_RANGES_DDL = """CREATE TABLE IF NOT EXISTS provenance_ranges (
        id INTEGER PRIMARY KEY,
        first_id INTEGER NOT NULL,
        last_id INTEGER NOT NULL,
        field TEXT NOT NULL,
        source TEXT NOT NULL,
        noted_at TEXT NOT NULL,
        filled TEXT,
        CHECK (last_id - first_id < 1024 AND (filled IS NULL OR length(filled) >= last_id - first_id + 1))
    )"""


def database(conn: sqlite3.Connection) -> Database:
    """sqlite-utils over this very connection (its transactions and pragmas), no plugins."""
    return Database(conn, execute_plugins=False)


def reconcile(conn: sqlite3.Connection) -> None:
    """Create every registry table and add every registry column that is missing.

    Idempotent, so every migration can end with it; it never drops or rewrites a column.
    """
    db = database(conn)
    for table, fields in TABLES.items():
        handle = db.table(table)
        if not handle.exists():
            handle.create({"id": "INTEGER", **{f.name: f.sql_type for f in fields}}, pk="id",
                          foreign_keys=[(column, target, "id")
                                        for (owner, column), target in REFERENCES.items() if owner == table])
            continue
        present = handle.columns_dict
        for f in fields:
            if f.name not in present:
                # a referencing column needs a table rewrite (transform); sqlite-utils does it
                handle.add_column(f.name, f.sql_type, fk=REFERENCES.get((table, f.name)))
    for statement in INTERNAL_DDL:
        conn.execute(statement)
    for (table, column), _target in REFERENCES.items():
        # A column that already leads an index (provenance's UNIQUE (program_id, field)) is
        # looked up through it; a second index would only cost every write.
        leading = {conn.execute(f'PRAGMA index_info("{name}")').fetchone()[2]
                   for _seq, name, *_ in conn.execute(f'PRAGMA index_list("{table}")')}
        if column not in leading:
            db.table(table).create_index([column], index_name=f"{table}_{column}", if_not_exists=True)


def _v1_initial(conn: sqlite3.Connection) -> None:
    reconcile(conn)


def _bulk_change_log(conn: sqlite3.Connection) -> None:
    """The change log accepts 'bulk' entries: an import is one entry, not one per cell."""
    (ddl,) = conn.execute("SELECT sql FROM sqlite_master WHERE name = 'change_log'").fetchone()
    if "'bulk'" not in ddl:
        conn.execute("ALTER TABLE change_log RENAME TO change_log_v1")
        conn.execute("DROP INDEX IF EXISTS change_log_grp")
        conn.execute(next(s for s in INTERNAL_DDL if "TABLE IF NOT EXISTS change_log" in s))
        conn.execute("INSERT INTO change_log SELECT * FROM change_log_v1")
        conn.execute("DROP TABLE change_log_v1")


def _v2(conn: sqlite3.Connection) -> None:
    """Version 2: imports logged as one bulk change; each program's NRMP Match record (one row
    per program and year); FTS5 indexes over the free-text notes, kept in step by triggers
    (store/search.py); one entry per rank position; an index of the undone changes; the seed
    rows added since version 1; the "publishes none" flags (programs.step2_min_none, grad_limit_none) and profile.usce_none."""
    from store.search import create_indexes
    from store.seed import add_missing_seed_rows

    _bulk_change_log(conn)
    reconcile(conn)
    conn.execute("CREATE UNIQUE INDEX IF NOT EXISTS match_history_program_year "
                 "ON match_history (program_id, year)")
    create_indexes(database(conn))
    _unique_rank_positions(conn)
    _index_undone_changes(conn)
    add_missing_seed_rows(conn)  # the "new or growing programs" priority, the Step 3 task


def _unique_rank_positions(conn: sqlite3.Connection) -> None:
    """One entry per position on a rank list, so two windows re-ordering at once cannot leave
    two programs at one rank. A list that already has such a tie is first renumbered 1..n in
    its shown order (position, then id)."""
    conn.execute("""
        UPDATE rank_entries SET position = (
            SELECT count(*) FROM rank_entries AS other
            WHERE other.list_id = rank_entries.list_id
              AND (other.position < rank_entries.position
                   OR (other.position = rank_entries.position AND other.id <= rank_entries.id)))
        WHERE list_id IN (SELECT list_id FROM rank_entries GROUP BY list_id, position
                          HAVING count(*) > 1)""")
    database(conn).table("rank_entries").create_index(
        ["list_id", "position"], index_name="rank_entries_list_position", unique=True,
        if_not_exists=True)


def _index_undone_changes(conn: sqlite3.Connection) -> None:
    """Every write drops the undone (redo) entries; without an index that scanned the whole
    log, which an import makes long. A partial index holds only the undone entries, so it
    stays as small as the redo history (sqlite-utils' create_index has no WHERE)."""
    conn.execute("CREATE INDEX IF NOT EXISTS change_log_undone ON change_log (grp) WHERE undone = 1")


def _v3(conn: sqlite3.Connection) -> None:
    """Version 3: an import keeps the provenance of the programs it adds as one row per field
    over their id range (provenance_ranges, read by store/provenance.py) instead of a row per
    cell. The per-cell rows already written stay as they are and are read beside the ranges.
    provenance_program_id goes: UNIQUE (program_id, field) is an index led by that column."""
    conn.execute(PROVENANCE_RANGES_DDL)
    database(conn).table("provenance_ranges").create_index(
        ["last_id", "first_id"], index_name="provenance_ranges_span", if_not_exists=True)
    conn.execute("DROP INDEX IF EXISTS provenance_program_id")


def _v4(conn: sqlite3.Connection) -> None:
    """Version 4: a full-text index holds only the rows with some text, kept so by triggers
    that look at the text first (store/search.py); an import of programs without notes writes
    no entries."""
    from store.search import INDEXED, PRIVATE_INDEXED, index_rows_with_text

    db = database(conn)
    for table, columns in {**INDEXED, **PRIVATE_INDEXED}.items():
        if db.table(table).detect_fts():  # the private one exists only while the setting is on
            index_rows_with_text(conn, table, columns)


# MIGRATIONS[n] takes a database from version n to n + 1. Append only; never edit one that
# has shipped.
MIGRATIONS: tuple[Callable[[sqlite3.Connection], None], ...] = (_v1_initial, _v2, _v3, _v4)

SCHEMA_VERSION = len(MIGRATIONS)
