"""Full-text search over the user's own notes: FTS5 indexes kept in step with their tables by
triggers, so every write (undo and redo included) updates them. An index holds only the rows
that have some text: most programs have no notes, and an entry for an empty row cost an import
as much to write (and its undo to delete) as one with words.

Red-flag explanations are private: they are indexed only while the user's setting says so, and
their index is dropped when it is turned off.
"""

from __future__ import annotations

import re
import sqlite3
from collections.abc import Sequence
from dataclasses import dataclass

from sqlite_utils import Database

# Which free-text fields are searched, by table; the registry describes the fields themselves.
INDEXED: dict[str, tuple[str, ...]] = {
    "programs": ("notes", "culture_notes", "call_schedule", "why_program"),
    "interviews": ("positives", "red_flags_noticed"),
    "contacts": ("questions", "notes"),
}
PRIVATE_INDEXED: dict[str, tuple[str, ...]] = {"red_flags": ("explanation",)}
PRIVATE_SETTING = "search.include_red_flags"

# Marks FTS5 puts around a match in a snippet; control characters never typed into a note.
_OPEN, _CLOSE, _ELLIPSIS = "\x02", "\x03", "…"
SNIPPET_TOKENS = 12


@dataclass(frozen=True)
class SearchHit:
    """One field of one row that matches: `spans` are (start, end) of each match in `snippet`."""

    table: str
    row_id: int
    field: str
    snippet: str
    spans: tuple[tuple[int, int], ...]


def create_indexes(db: Database) -> None:
    """Schema version 2's indexes, of every row (version 4 makes them index_rows_with_text)."""
    for table, columns in INDEXED.items():
        db.table(table).enable_fts(columns, create_triggers=True, replace=True)


def has_text(columns: Sequence[str], row: str = "") -> str:
    """SQL true for a row with text in some of `columns` (`row`: "new." or "old." in a trigger)."""
    return "(" + " OR ".join(f'{row}"{c}" IS NOT NULL' for c in columns) + ")"


def fill_index(table: str, columns: Sequence[str]) -> str:
    """The statement that puts the rows of `table` that have text into its (empty) index."""
    quoted = ", ".join(f'"{c}"' for c in columns)
    return (f'INSERT INTO "{table}_fts" (rowid, {quoted}) SELECT rowid, {quoted} FROM "{table}" '
            f"WHERE {has_text(columns)}")


def index_rows_with_text(conn: sqlite3.Connection, table: str, columns: Sequence[str]) -> None:
    """(Re)make the index of `table` over `columns`: an FTS5 table that reads its text from
    `table`, filled with the rows that have some, and the triggers that keep it so. An entry is
    deleted only for a row that had text: FTS5 cannot tell that it never held an entry, and
    deleting one it did not hold corrupts the index (its words and totals)."""
    fts = f'"{table}_fts"'
    quoted = ", ".join(f'"{c}"' for c in columns)
    old = ", ".join(f'old."{c}"' for c in columns)
    new = ", ".join(f'new."{c}"' for c in columns)
    conn.execute(f'CREATE VIRTUAL TABLE IF NOT EXISTS {fts} USING FTS5 ({quoted}, content="{table}")')
    for suffix in ("ai", "ad", "au"):
        conn.execute(f'DROP TRIGGER IF EXISTS "{table}_{suffix}"')
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
    conn.execute(fill_index(table, columns))
    add, remove = has_text(columns, "new."), has_text(columns, "old.")
    conn.execute(f'CREATE TRIGGER "{table}_ai" AFTER INSERT ON "{table}" WHEN {add} BEGIN\n'
                 f"  INSERT INTO {fts} (rowid, {quoted}) VALUES (new.rowid, {new});\nEND")
    conn.execute(f'CREATE TRIGGER "{table}_ad" AFTER DELETE ON "{table}" WHEN {remove} BEGIN\n'
                 f"  INSERT INTO {fts} ({fts}, rowid, {quoted}) VALUES ('delete', old.rowid, {old});\nEND")
    conn.execute(f'CREATE TRIGGER "{table}_au" AFTER UPDATE ON "{table}" WHEN {remove} OR {add} BEGIN\n'
                 f"  INSERT INTO {fts} ({fts}, rowid, {quoted}) SELECT 'delete', old.rowid, {old} WHERE {remove};\n"
                 f"  INSERT INTO {fts} (rowid, {quoted}) SELECT new.rowid, {new} WHERE {add};\nEND")


def sync_private_index(db: Database, include: bool) -> None:
    """Index red-flag explanations only while the setting is on."""
    for table, columns in PRIVATE_INDEXED.items():
        handle = db.table(table)
        if include and not handle.detect_fts():
            index_rows_with_text(db.conn, table, columns)
        elif not include and handle.detect_fts():
            handle.disable_fts()


def fts_query(text: str) -> str:
    """Each word the user typed, as a quoted prefix term: FTS5 syntax in the text is literal."""
    words = re.findall(r"\w+", text)
    return " ".join('"' + word.replace('"', '""') + '"*' for word in words)


def search(conn: sqlite3.Connection, text: str, limit: int = 200) -> list[SearchHit]:
    """Every indexed field matching all words of `text`, best first within each table."""
    query = fts_query(text)
    if not query:
        return []
    indexed = {**INDEXED, **{t: c for t, c in PRIVATE_INDEXED.items() if _has_index(conn, t)}}
    hits: list[SearchHit] = []
    for table, columns in indexed.items():
        snippets = ", ".join(
            f"snippet(\"{table}_fts\", {i}, '{_OPEN}', '{_CLOSE}', '{_ELLIPSIS}', {SNIPPET_TOKENS})"
            for i in range(len(columns)))
        rows = conn.execute(
            f'SELECT rowid, {snippets} FROM "{table}_fts" WHERE "{table}_fts" MATCH ? '
            "ORDER BY rank LIMIT ?", (query, limit)).fetchall()
        for row_id, *fields in rows:
            for column, marked in zip(columns, fields, strict=True):
                if marked and _OPEN in marked:
                    hits.append(SearchHit(table, row_id, column, *_unmark(marked)))
    return hits


def _has_index(conn: sqlite3.Connection, table: str) -> bool:
    return conn.execute("SELECT 1 FROM sqlite_master WHERE name = ?", (f"{table}_fts",)).fetchone() is not None


def _unmark(marked: str) -> tuple[str, tuple[tuple[int, int], ...]]:
    plain, spans, start = [], [], 0
    for piece in re.split(f"([{_OPEN}{_CLOSE}])", marked):
        if piece == _OPEN:
            start = sum(map(len, plain))
        elif piece == _CLOSE:
            spans.append((start, sum(map(len, plain))))
        else:
            plain.append(piece)
    return "".join(plain), tuple(spans)
