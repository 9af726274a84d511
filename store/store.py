"""The store: validated reads and writes, each committed at once and recorded for undo."""

from __future__ import annotations

import datetime as dt
import json
import os
import sqlite3
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from store.cells import BadCell, clean_columns, fits, rows_to_columns
from store.connection import open_connection, translate
from registry.settings import SETTINGS_BY_KEY, default_settings
from store.errors import ConflictError, FileChangedError, ReadOnlyError, StoreError
from store.history import Change, History  # noqa: F401  Change is re-exported
from store.identity import WatchedFile
from store.provenance import PROGRAMS, Provenance, end_ranges_at_last_program, read_provenance
from registry.choices import SOURCES
from registry.errors import ValidationError
from registry.fields import TABLES, Field, get_field
from store.schema import REFERENCES, database
from store.search import PRIVATE_SETTING, SearchHit, sync_private_index
from store.search import search as search_notes

ROW_TABLES = (*TABLES, "provenance")
NOT_GIVEN = object()  # set_value without a compare-and-set


def _to_sql(value: Any) -> Any:
    return int(value) if isinstance(value, bool) else value


def _from_sql(fld: Field | None, value: Any) -> Any:
    if fld is not None and fld.kind == "bool" and value is not None:
        return bool(value)
    return value


def range_ends(key: str) -> tuple[str, str] | None:
    """(low key, high key) when a setting is one end of a range, such as balance.reach_min."""
    stem, _, end = key.rpartition("_")
    low, high = f"{stem}_min", f"{stem}_max"
    if end in ("min", "max") and low in SETTINGS_BY_KEY and high in SETTINGS_BY_KEY:
        return low, high
    return None


def setting_field(key: str) -> Field:
    """A setting is validated like any other field, from its definition."""
    setting = SETTINGS_BY_KEY.get(key)
    if setting is None:
        raise ValidationError(f"Unknown setting '{key}'")
    return Field(table="settings", name=key, label=setting.label, kind=setting.kind,
                 minimum=setting.minimum, maximum=setting.maximum, required=True)


class Store(History):
    """One open MatchDesk database. Use from the thread that opened it."""

    def __init__(self, conn: sqlite3.Connection, path: Path, *, readonly: bool = False) -> None:
        self.conn = conn
        self.db = database(conn)  # sqlite-utils on the same connection: schema, bulk inserts
        self.path = path
        self.readonly = readonly
        self._file = WatchedFile(path, conn)
        self._file_change: str | None = None  # set once the path no longer holds our file
        self._closed = False
        self._group: int | None = None
        self._group_label: str | None = None

    @classmethod
    def open(cls, path: str | Path, *, create: bool = True, readonly: bool = False) -> Store:
        path = Path(path).expanduser()
        conn = open_connection(path, create=create, readonly=readonly)
        store = cls(conn, path, readonly=readonly or not os.access(path, os.W_OK))
        if not store.readonly:
            store._seed_if_new()
            settings = store.settings()
            store._apply_retention(settings["history.keep_days"], settings["history.keep_changes"])
        return store

    def close(self) -> None:
        if self._closed:
            return
        self._closed = True
        try:
            self.check_file()  # a file overwritten in place must not receive the journal on close
        except (FileChangedError, sqlite3.Error):
            pass  # said at the last write or poll; closing goes on
        self.conn.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    # --- reads -------------------------------------------------------------------------

    def rows(self, table: str, where: str = "", params: tuple = (), order_by: str = "id") -> list[dict]:
        """Rows as dicts; a value that does not fit its field reads as None (see read_columns)."""
        sql = f'SELECT * FROM "{table}"' + (f" WHERE {where}" if where else "") + f" ORDER BY {order_by}"
        cursor = self.conn.execute(sql, params)
        names = [d[0] for d in cursor.description]
        columns = rows_to_columns(names, cursor.fetchall())
        if "id" in columns:
            clean_columns(table, columns)
        fields = {f.name: f for f in TABLES.get(table, ())}
        typed = [[_from_sql(fields.get(n), v) for v in columns[n]] for n in names]
        return [dict(zip(names, values, strict=True)) for values in zip(*typed, strict=True)]

    def get(self, table: str, row_id: int) -> dict | None:
        found = self.rows(table, "id = ?", (row_id,))
        return found[0] if found else None

    def read_columns(self, table: str, ids: list[int] | None = None) -> tuple[dict[str, list], list[BadCell]]:
        """`id` and every registry column of `table` (or of rows `ids`), in id order, as lists of
        plain values; a value that does not fit its field is None here and listed as a BadCell."""
        names = ["id", *(f.name for f in TABLES[table])]
        quoted = ", ".join(f'"{name}"' for name in names)
        where = "" if ids is None else f" WHERE id IN ({', '.join('?' for _ in ids)})"
        rows = self.conn.execute(f'SELECT {quoted} FROM "{table}"{where} ORDER BY id', ids or ()).fetchall()
        columns = rows_to_columns(names, rows)
        return columns, clean_columns(table, columns)

    def settings(self) -> dict[str, Any]:
        values = default_settings()
        for key, raw in self.conn.execute("SELECT key, value FROM settings"):
            if key in values:
                try:
                    values[key] = setting_field(key).parse(json.loads(raw))
                except (TypeError, ValueError):  # written by another tool: the default stands
                    continue
        return values

    def provenance(self, program_id: int) -> dict[str, Provenance]:
        return read_provenance(self.conn, program_id)

    def get_pref(self, key: str, default: Any = None) -> Any:
        row = self.conn.execute("SELECT value FROM prefs WHERE key = ?", (key,)).fetchone()
        return default if row is None else json.loads(row[0])

    def search(self, text: str, limit: int = 200) -> list[SearchHit]:
        """Notes, answers and why-paragraphs containing every word of `text` (as prefixes);
        red-flag explanations only while the setting search.include_red_flags is on."""
        return search_notes(self.conn, text, limit)

    def data_version(self) -> int:
        """Changes when another connection commits to this file."""
        return self.conn.execute("PRAGMA data_version").fetchone()[0]

    # --- writes ------------------------------------------------------------------------

    def set_value(self, table: str, row_id: int, field: str, raw: Any, *, source: str | None = None,
                  expected: Any = NOT_GIVEN) -> Any:
        """Validate through the registry, write, commit and log. Returns the stored value.

        With `expected` (the value the caller showed, as get() returns it) the write happens
        only if the cell still holds it; otherwise ConflictError carries both values."""
        fld = get_field(table, field)
        if not fld.editable:
            raise ValidationError(f"{fld.label} cannot be edited")
        value = fld.parse(raw)
        with self._writing(f"edit {fld.label}"):
            old = self._current(table, row_id, field)
            if expected is not NOT_GIVEN:
                self._check_unchanged(fld, row_id, old, expected, value)
            if old != _to_sql(value):
                # The edit hot path stays one raw UPDATE: sqlite-utils' Table.update re-reads the
                # row and the table's keys first; measured at 5,000 programs, median of 200
                # committed edits: 0.016 ms raw against 0.25 ms through Table.update.
                self._execute(f'UPDATE "{table}" SET "{field}" = ? WHERE id = ?', (_to_sql(value), row_id))
                self._log("update", table, row_id, field, old, _to_sql(value))
            if source is not None and table == "programs":
                self._record_provenance(row_id, field, source, None)
        return value

    def _check_unchanged(self, fld: Field, row_id: int, old: Any, expected: Any, value: Any) -> None:
        """Compare-and-set, under the write lock: the cell must still read as `expected`."""
        current = _from_sql(fld, old) if fits(fld, old) else None
        if current == expected and (current is None) == (expected is None):
            return
        def shown(v: Any) -> str:  # private text never goes into a message
            return "(private text)" if fld.private and v is not None else repr(fld.format(v) if v is not None else None)
        raise ConflictError(
            f"{fld.label} (row {row_id}) was changed in another window to {shown(current)} after "
            f"this one showed {shown(expected)}; {shown(value)} was not saved. Reload to see it.",
            table=fld.table, row_id=row_id, field=fld.name, shown=expected, current=current,
            attempted=value)

    def set_rank_order(self, list_id: int, entry_ids: list[int]) -> None:
        """Positions 1..n for the entries of a rank list, in this order, written inside the
        write transaction. `entry_ids` must be exactly the list's entries as they are now under
        the lock, else ConflictError: another window added or removed one meanwhile."""
        with self._writing("re-order the rank list"):
            now = dict(self._execute("SELECT id, position FROM rank_entries WHERE list_id = ?",
                                     (list_id,)).fetchall())
            if sorted(now) != sorted(entry_ids):
                raise ConflictError(
                    "The rank list was changed in another window; nothing was re-ordered. Reload "
                    "and try again.", table="rank_entries", row_id=list_id, field="position",
                    shown=sorted(entry_ids), current=sorted(now), attempted=list(entry_ids))
            moving = [(entry_id, position) for position, entry_id in enumerate(entry_ids, 1)
                      if now[entry_id] != position]
            # Two steps, since no two entries may share a position even for a moment: out of
            # the way (negative), then into place. Undo replays the same states backwards.
            for step in (lambda p: -p, lambda p: p):
                for entry_id, position in moving:
                    old = self._current("rank_entries", entry_id, "position")
                    self._execute("UPDATE rank_entries SET position = ? WHERE id = ?", (step(position), entry_id))
                    self._log("update", "rank_entries", entry_id, "position", old, step(position))

    def insert_row(self, table: str, values: Mapping[str, Any], *, source: str | None = None) -> int:
        row = self._validated_row(table, values)
        with self._writing(f"add to {table.replace('_', ' ')}"):
            row_id = self._insert(table, row)
            self._log("insert", table, row_id, None, None, {"id": row_id, **row})
            if source is not None and table == "programs":
                for name, value in row.items():
                    if value is not None:
                        self._record_provenance(row_id, name, source, None)
        return row_id

    def insert_rows(self, table: str, rows: list[Mapping[str, Any]], *, source: str | None = None) -> list[int]:
        """Many new rows in one statement per kind: validated, logged and undoable as one step.

        The same result as insert_row for each, at a fraction of the cost for an import.
        """
        validated = [self._validated_row(table, values) for values in rows]
        if not validated:
            return []
        with self._writing(f"add {len(validated)} rows to {table.replace('_', ' ')}"):
            ids = self._insert_many(table, validated)
            entries = [("insert", table, row_id, None, None, {"id": row_id, **row})
                       for row_id, row in zip(ids, validated, strict=True)]
            if source is not None and table == "programs":
                entries += self._new_provenance(ids, validated, source)
            self._log_many(entries)
        return ids

    def _new_provenance(self, ids: list[int], rows: list[dict], source: str) -> list[tuple]:
        """Provenance rows for programs that have none yet, and their log entries."""
        if source not in SOURCES:
            raise ValidationError(f"Source must be one of: {', '.join(SOURCES)}; got '{source}'")
        noted_at = dt.date.today().isoformat()
        provenance = [{"program_id": program_id, "field": name, "source": source, "noted_at": noted_at}
                      for program_id, row in zip(ids, rows, strict=True)
                      for name, value in row.items() if value is not None]
        prov_ids = self._insert_many("provenance", provenance)
        return [("insert", "provenance", prov_id, None, None, {"id": prov_id, **prov})
                for prov_id, prov in zip(prov_ids, provenance, strict=True)]

    def _insert_many(self, table: str, rows: list[dict]) -> list[int]:
        """Insert rows with ids assigned here, in batches through sqlite-utils (inside the
        open write transaction: it nests a savepoint)."""
        if not rows:
            return []
        first = self._execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]
        ids = list(range(first, first + len(rows)))
        records = ({"id": row_id, **{n: _to_sql(v) for n, v in row.items()}}
                   for row_id, row in zip(ids, rows, strict=True))
        try:
            self.db.table(table).insert_all(records, batch_size=500)
        except sqlite3.IntegrityError as error:
            raise ValidationError(f"Refused by the database: {error}") from error
        except sqlite3.Error as error:
            raise translate(error, self.path) from error
        return ids

    def delete_row(self, table: str, row_id: int) -> None:
        with self._writing(f"delete from {table.replace('_', ' ')}"):
            self._delete_with_children(table, row_id)
            if table == PROGRAMS:
                end_ranges_at_last_program(self)

    def set_setting(self, key: str, raw: Any) -> Any:
        fld = setting_field(key)
        value = fld.parse(raw)
        self._check_range(key, value)
        with self._writing(f"change '{fld.label}'"):
            old = self.settings()[key]
            if old != value:
                self._write_setting(key, value)
                self._log("update", "settings", None, key, old, value)
        return value

    def _check_range(self, key: str, value: Any) -> None:
        """The two ends of a range (balance, application counts...) may not cross."""
        ends = range_ends(key)
        if ends is None:
            return
        values = {**self.settings(), key: value}
        low, high = ends
        if values[low] > values[high]:
            other = high if key == low else low
            relation = "above" if key == low else "below"
            raise ValidationError(
                f"{SETTINGS_BY_KEY[key].label} cannot be {relation} "
                f"{SETTINGS_BY_KEY[other].label} ({values[other]:g}); got {value:g}")

    def reset_setting(self, key: str) -> Any:
        return self.set_setting(key, SETTINGS_BY_KEY[key].default)

    def set_provenance(self, program_id: int, field: str, source: str, noted_at: str | None = None) -> None:
        with self._writing("set source"):
            self._record_provenance(program_id, field, source, noted_at)

    def set_pref(self, key: str, value: Any) -> None:
        """View preferences (columns, sort): saved at once, not part of undo."""
        self._require_writable()
        self._execute("INSERT INTO prefs (key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, json.dumps(value)))

    @contextmanager
    def batch(self, label: str) -> Iterator[None]:
        """All writes inside commit together and undo together; an error rolls all back."""
        with self._writing(label):
            yield

    # --- internals ---------------------------------------------------------------------

    @contextmanager
    def _writing(self, label: str) -> Iterator[None]:
        if self._group is not None:  # inside a batch: same transaction, same undo group
            yield
            return
        self._require_writable()
        self._begin()
        try:
            self._group = self._next_group()
            self._group_label = label
            yield
            # A new change makes the undone ones unreachable, as in every editor; a write
            # that changed nothing (same value typed again) keeps the redo history.
            if self._execute("SELECT 1 FROM change_log WHERE grp = ? LIMIT 1",
                             (self._group,)).fetchone():
                self._execute("DELETE FROM change_log WHERE undone = 1")
            self._commit()
        except BaseException:
            self._rollback()
            raise
        finally:
            self._group = None
            self._group_label = None

    def _require_writable(self) -> None:
        if self.readonly:
            raise ReadOnlyError(f"{self.path.name} is open read-only; the change was not saved.")
        self.check_file()

    def check_file(self) -> None:
        """Raise FileChangedError when the file at the path is no longer the one opened
        (deleted, moved, replaced, or overwritten in place). Checked before every write and
        on close; cheap enough to poll (one stat and two small reads)."""
        if self._file_change is None:
            change = self._file.change()
            if change is not None:
                self._file_change = change.message
                self.conn = self._file.leave(change, readonly=self.readonly)
        if self._file_change is not None:
            raise FileChangedError(self._file_change)

    def _begin(self) -> None:
        self._execute("BEGIN IMMEDIATE")

    def _commit(self) -> None:
        # Looked at again under the write lock: a long transaction (an import) leaves time for
        # a copy to land, and the commit may checkpoint the journal into the file.
        change = self._file.change()
        if change is not None and change.in_place:
            self._file_change = change.message
            self.conn = self._file.leave(change, readonly=self.readonly)
            raise FileChangedError(change.message)
        self._execute("COMMIT")
        self._file.record()

    def _rollback(self) -> None:
        if self.conn.in_transaction:
            self.conn.execute("ROLLBACK")

    def _execute(self, sql: str, params: tuple | list = ()) -> sqlite3.Cursor:
        try:
            return self.conn.execute(sql, params)
        except sqlite3.IntegrityError as error:
            raise ValidationError(f"Refused by the database: {error}") from error
        except sqlite3.Error as error:
            raise translate(error, self.path) from error

    def _executemany(self, sql: str, rows: list[tuple]) -> None:
        try:
            self.conn.executemany(sql, rows)
        except sqlite3.IntegrityError as error:
            raise ValidationError(f"Refused by the database: {error}") from error
        except sqlite3.Error as error:
            raise translate(error, self.path) from error

    def _current(self, table: str, row_id: int, field: str) -> Any:
        row = self._execute(f'SELECT "{field}" FROM "{table}" WHERE id = ?', (row_id,)).fetchone()
        if row is None:
            raise StoreError(f"No row {row_id} in {table}; it may have been deleted.")
        return row[0]

    def _full_row(self, table: str, row_id: int) -> dict | None:
        cursor = self._execute(f'SELECT * FROM "{table}" WHERE id = ?', (row_id,))
        row = cursor.fetchone()
        return None if row is None else dict(zip([d[0] for d in cursor.description], row, strict=True))

    def _insert(self, table: str, row: Mapping[str, Any]) -> int:
        names = ", ".join(f'"{n}"' for n in row)
        marks = ", ".join("?" for _ in row)
        cursor = self._execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})',
                               [_to_sql(v) for v in row.values()])
        return cursor.lastrowid

    def _validated_row(self, table: str, values: Mapping[str, Any]) -> dict[str, Any]:
        known = {f.name: f for f in TABLES[table]}
        unknown = set(values) - set(known)
        if unknown:
            raise ValidationError(f"Unknown field(s) for {table}: {', '.join(sorted(unknown))}")
        row = {}
        for name, fld in known.items():
            raw = values.get(name, fld.default)
            row[name] = _to_sql(fld.parse(raw)) if raw is not None else fld.parse(None)
        return row

    def _delete_with_children(self, table: str, row_id: int) -> None:
        for (child, column), parent in REFERENCES.items():
            if parent == table:
                for (child_id,) in self._execute(f'SELECT id FROM "{child}" WHERE "{column}" = ?',
                                                 (row_id,)).fetchall():
                    self._delete_with_children(child, child_id)
        old = self._full_row(table, row_id)
        if old is None:
            raise StoreError(f"No row {row_id} in {table}; it may have been deleted already.")
        self._execute(f'DELETE FROM "{table}" WHERE id = ?', (row_id,))
        self._log("delete", table, row_id, None, old, None)

    def _record_provenance(self, program_id: int, field: str, source: str, noted_at: str | None) -> None:
        if source not in SOURCES:
            raise ValidationError(f"Source must be one of: {', '.join(SOURCES)}; got '{source}'")
        get_field("programs", field)
        noted_at = noted_at or dt.date.today().isoformat()
        existing = self._execute("SELECT id, source, noted_at FROM provenance WHERE program_id = ? AND field = ?",
                                 (program_id, field)).fetchone()
        if existing is None:
            row = {"program_id": program_id, "field": field, "source": source, "noted_at": noted_at}
            prov_id = self._insert("provenance", row)
            self._log("insert", "provenance", prov_id, None, None, {"id": prov_id, **row})
            return
        prov_id, old_source, old_noted = existing
        for name, old, new in (("source", old_source, source), ("noted_at", old_noted, noted_at)):
            if old != new:
                self._execute(f'UPDATE provenance SET "{name}" = ? WHERE id = ?', (new, prov_id))
                self._log("update", "provenance", prov_id, name, old, new)

    def _write_setting(self, key: str, value: Any) -> None:
        self._execute("INSERT INTO settings (key, value) VALUES (?, ?) "
                      "ON CONFLICT(key) DO UPDATE SET value = excluded.value", (key, json.dumps(value)))
        if key == PRIVATE_SETTING:  # in the same transaction, so undo and redo follow it too
            sync_private_index(self.db, bool(value))

    def _seed_if_new(self) -> None:
        """A new database starts with the shipped data rows: settings, fees, signals, timeline."""
        if self.conn.execute("SELECT count(*) FROM settings").fetchone()[0]:
            return
        from store.seed import seed_rows

        self._begin()
        try:
            # Check again under the write lock: another MatchDesk opening the same new file at
            # the same moment may have seeded it while this one waited.
            if self.conn.execute("SELECT count(*) FROM settings").fetchone()[0]:
                self._commit()
                return
            for key, value in default_settings().items():
                self._write_setting(key, value)
            for table, rows in seed_rows().items():
                for row in rows:
                    self._insert(table, self._validated_row(table, row))
            self._commit()
        except BaseException:
            self._rollback()
            raise
