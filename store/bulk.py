"""Bulk writes (an import): many rows in a few statements, recorded for undo as ONE log entry.

A bulk entry holds the id range each table received and the previous value of every cell it
updated, not a log row per cell. Undo keeps a copy of the inserted rows in the entry (so redo
can put them back), deletes the ranges and restores the old cells; redo does the reverse. Undo
and redo are strictly last-first, so at undo time the ranges hold exactly what was inserted.
The provenance of the new programs is inserted rows too: a provenance_ranges row per field
(store/provenance.py).
"""

from __future__ import annotations

import datetime as dt
import json
import math
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from itertools import chain, repeat
from operator import is_, is_not
from sqlite3 import SQLITE_LIMIT_VARIABLE_NUMBER
from typing import Any

from registry.choices import SOURCES
from registry.errors import ValidationError
from registry.fields import TABLES
from store.errors import StoreError
from store.provenance import PROGRAMS, RANGE_SPAN
from store.search import has_text

BULK = "bulk"
# What a bulk insert binds for a cell its row leaves out: NaN, which SQLite stores as NULL (a
# validated value is never NaN). sqlite3 binds a float at once, while for None it first looks
# for an adapter, cell by cell: a third of the instructions of an import's INSERT (callgrind,
# 20,000 rows of benchmarks/bench_import.py).
MISSING = float("nan")
TABLES_DEFAULTS = {(f.table, f.name): MISSING if f.default is None else f.default
                   for fields in TABLES.values() for f in fields}
ROWS_PER_STATEMENT = 64  # a multi-row INSERT's rows; more gains little (50,000 programs)
_MARKS = bytes.maketrans(b"\x00\x01", b"01")  # False/True of each cell -> provenance_ranges.filled


class FilledCells:
    """Which cells of each column the rows of a bulk insert fill, noted chunk by chunk while
    the rows are at hand."""

    def __init__(self) -> None:
        self.count = 0
        # column -> (offset of the chunk, its marks or None when it fills every cell, length)
        self.chunks: dict[str, list[tuple[int, bytes | None, int]]] = {}

    def add(self, names: list[str], filled: list[bytes], count: int, constants: list[str]) -> None:
        """`filled`: for each of `names`, a byte per row, 1 where the row fills it;
        `constants`: columns holding one value, not None, in every row."""
        for name, cells in zip(names, filled):
            filled_count = cells.count(1)
            if filled_count:
                marks = None if filled_count == count else cells.translate(_MARKS)
                self.chunks.setdefault(name, []).append((self.count, marks, count))
        for name in constants:
            self.chunks.setdefault(name, []).append((self.count, None, count))
        self.count += count

    def ranges(self, first: int, fields: list[str], source: str, noted_at: str) -> list[dict[str, Any]]:
        """The provenance_ranges rows of the added rows (ids first..): a row per field and
        RANGE_SPAN rows, where some of them fill the field."""
        rows = []
        for name in fields:
            marks = bytearray(b"0") * self.count
            for offset, chunk, length in self.chunks.get(name, ()):
                marks[offset:offset + length] = chunk or b"1" * length
            for start in range(0, self.count, RANGE_SPAN):
                span = marks[start:start + RANGE_SPAN]
                if b"1" in span:
                    rows.append({"first_id": first + start, "last_id": first + start + len(span) - 1,
                                 "field": name, "source": source, "noted_at": noted_at,
                                 "filled": span.decode() if b"0" in span else None})
        return rows


class BulkWriter:
    """Collects the writes of one bulk change inside the store's open transaction."""

    def __init__(self, store) -> None:
        self.store = store
        self.ranges: dict[str, list[int]] = {}  # table -> [first id, last id], in insert order
        self.updates: list[list[Any]] = []  # [table, id, field, old, new]
        self.filled = FilledCells()  # of the programs inserted, for their provenance ranges
        self.columns: dict[str, set[str]] = {}  # table -> the columns its inserts wrote, for undo

    def insert(self, table: str, rows: list[Mapping[str, Any]]) -> list[int]:
        """Rows of already validated values (missing fields take their defaults)."""
        if not rows:
            return []
        names, constants = self._columns(table, set(chain.from_iterable(rows)), list(rows[0]))
        defaults = [TABLES_DEFAULTS.get((table, n), MISSING) for n in names]
        first = self._first_id(table)
        values = [(first + i, *map(row.get, names, defaults)) for i, row in enumerate(rows)]
        filled = []
        for column in list(zip(*values))[1:]:  # after the ids
            # by identity: == would have each cell's type compare itself with NaN or None
            cells = bytes(map(is_not, column, repeat(MISSING)))
            filled.append(bytes(v is not MISSING and v is not None for v in column)
                          if any(map(is_, column, repeat(None))) else cells)
        return self._insert(table, range(first, first + len(rows)), names, constants,
                            list(chain.from_iterable(values)), filled)

    def insert_columns(self, table: str, columns: Mapping[str, Sequence[Any]], count: int) -> list[int]:
        """`count` rows of already validated values given field by field, None where a row
        has no value (it takes the field's default); each column names a field some row fills."""
        if not count:
            return []
        names, constants = self._columns(table, set(columns), list(columns))
        first = self._first_id(table)
        bound, filled = [], []
        for name in names:
            column, default = columns[name], TABLES_DEFAULTS.get((table, name), MISSING)
            cells = b"\x01" * count
            if None in column:  # the default where a row has no value, else MISSING (NULL)
                if default is MISSING:
                    cells = bytes(map(is_not, column, repeat(None)))
                column = [default if value is None else value for value in column]
            bound.append(column)
            filled.append(cells)
        ids = range(first, first + count)
        values = list(chain.from_iterable(zip(ids, *bound)))
        return self._insert(table, ids, names, constants, values, filled)

    def _columns(self, table: str, named: set[str], given: list[str]) -> tuple[list[str], dict[str, Any]]:
        # Only the columns some row fills, and those with a default: a missing cell is NULL.
        # A column no row names holds its default in every row: written into the statement
        # once rather than bound for each row (a sixth less time, at 16 columns).
        fields = TABLES.get(table) or []  # provenance is the store's own: its rows name every column
        names = [f.name for f in fields if f.name in named] if fields else given
        return names, {f.name: f.default for f in fields if f.name not in named and f.default is not None}

    def _first_id(self, table: str) -> int:
        return self.store._execute(f'SELECT coalesce(max(id), 0) + 1 FROM "{table}"').fetchone()[0]

    def _insert(self, table: str, ids: range, names: list[str], constants: dict[str, Any],
                values: list[Any], filled: list[bytes]) -> list[int]:
        """Insert `values` (flat, row after row: id, then a value for each of `names`);
        `filled`: for each of `names`, a byte per row, 1 where the row has a value."""
        with search_index_after(self.store, table, ids[0], ids[-1]):
            insert_rows(self.store, table, ["id", *names], values, constants)
        if table == PROGRAMS:
            self.filled.add(names, filled, len(ids), list(constants))
        self.columns.setdefault(table, set()).update(
            constants, (name for name, cells in zip(names, filled) if 1 in cells))
        self._extend(table, ids[0], ids[-1])
        return list(ids)

    def update(self, table: str, changes: list[tuple[int, str, Any]]) -> None:
        """(row id, field, new value) cells; their current values are kept for undo."""
        by_field: dict[str, list[tuple[int, Any]]] = {}
        for row_id, name, value in changes:
            by_field.setdefault(name, []).append((row_id, value))
        for name, cells in by_field.items():
            old = self._current(table, name, [row_id for row_id, _ in cells])
            self.store._executemany(f'UPDATE "{table}" SET "{name}" = ? WHERE id = ?',
                                    [(value, row_id) for row_id, value in cells])
            self.updates += [[table, row_id, name, old.get(row_id), value] for row_id, value in cells]

    def provenance(self, source: str, new_ids: list[int], fields: list[str],
                   cells: list[tuple[int, str]]) -> None:
        """Say where the values came from: the `fields` the file filled in the new programs
        (new_ids: every program this writer inserted; a range row per field), and the updated
        cells (program id, field) of existing ones (a row per cell)."""
        if source not in SOURCES:
            raise ValidationError(f"Source must be one of: {', '.join(SOURCES)}; got '{source}'")
        noted_at = dt.date.today().isoformat()
        if new_ids and fields:
            if [new_ids[0], new_ids[-1]] != self.ranges.get(PROGRAMS) or len(new_ids) != self.filled.count:
                raise RuntimeError("provenance of new programs is given for all this write inserted")
            self.insert("provenance_ranges", self.filled.ranges(new_ids[0], fields, source, noted_at))
        if not cells:
            return
        existing = {}
        for program_id, name in cells:
            found = self.store._execute("SELECT id FROM provenance WHERE program_id = ? AND field = ?",
                                        (program_id, name)).fetchone()
            if found:
                existing[(program_id, name)] = found[0]
        known = list(existing.values())
        self.update("provenance", [(i, "source", source) for i in known] +
                    [(i, "noted_at", noted_at) for i in known])
        self.insert("provenance", [{"program_id": p, "field": n, "source": source, "noted_at": noted_at}
                                   for p, n in cells if (p, n) not in existing])

    def _extend(self, table: str, first: int, last: int) -> None:
        span = self.ranges.get(table)
        if span is not None and span[1] + 1 != first:
            raise RuntimeError(f"bulk inserts into {table} must be contiguous")
        self.ranges[table] = [span[0] if span else first, last]

    def _current(self, table: str, name: str, ids: list[int]) -> dict[int, Any]:
        out: dict[int, Any] = {}
        for start in range(0, len(ids), 500):
            part = ids[start:start + 500]
            marks = ", ".join("?" for _ in part)
            out.update(self.store._execute(
                f'SELECT id, "{name}" FROM "{table}" WHERE id IN ({marks})', part).fetchall())
        return out


@contextmanager
def search_index_after(store, table: str, first: int, last: int, *, delete: bool = False) -> Iterator[None]:
    """Rows first..last of `table` inserted (or, with delete, deleted) inside the block, their
    full-text index entries written by one statement rather than by the per-row trigger: the
    same index, at a quarter of the cost. The trigger is dropped and made again inside the
    open transaction, so no other connection ever sees the table without it."""
    trigger = f"{table}_{'ad' if delete else 'ai'}"  # the index's triggers (store/search.py)
    fts = f"{table}_fts"
    found = store._execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name = ? "
                           "AND tbl_name = ?", (trigger, table)).fetchone()
    if found is None or f'"{fts}"' not in found[0]:
        yield  # no index, or one this code did not make: the trigger does the work
        return
    # The index's own columns are the ones its triggers copy.
    names = [row[1] for row in store._execute(f'PRAGMA table_info("{fts}")')]
    columns = ", ".join(f'"{name}"' for name in names)
    store._execute(f'DROP TRIGGER "{trigger}"')
    # only the rows with text have entries (store/search.py)
    select = (f'SELECT {{}}id, {columns} FROM "{table}" WHERE id BETWEEN ? AND ? AND {has_text(names)} '
              "ORDER BY id")
    if delete:  # an entry is deleted with the text it was made from, so before the row goes
        store._execute(f'INSERT INTO "{fts}" ("{fts}", rowid, {columns}) '
                       + select.format("'delete', "), (first, last))
    yield
    if not delete:
        store._execute(f'INSERT INTO "{fts}" (rowid, {columns}) ' + select.format(""), (first, last))
    store._execute(found[0])


@contextmanager
def bulk_write(store, label: str) -> Iterator[BulkWriter]:
    """One transaction, one undo step: everything written through the writer, or nothing."""
    with store.batch(label):
        writer = BulkWriter(store)
        yield writer
        if writer.ranges or writer.updates:
            store._log(BULK, next(iter(writer.ranges), PROGRAMS), None, None,
                       {"updates": writer.updates,
                        "columns": {table: sorted(names) for table, names in writer.columns.items()}},
                       {"ranges": writer.ranges, "rows": None})


def insert_rows(store, table: str, names: list[str], flat: list[Any],
                constants: Mapping[str, Any] | None = None) -> None:
    """Insert rows given as one flat list, row after row, a value for each of `names` (MISSING
    or None: NULL; MISSING binds faster), and `constants` (the same value in every row,
    written into the statement). Up to ROWS_PER_STATEMENT rows go in one INSERT: sqlite3's
    cost is per statement run as much as per value (a row at a time, the INSERT of the 50,000
    programs of benchmarks/bench_import.py took 0.32 s of CPU rather than 0.20 s)."""
    constants = constants or {}
    quoted = ", ".join(f'"{n}"' for n in [*names, *constants])
    one = "(" + ", ".join(["?"] * len(names) + [_literal(v) for v in constants.values()]) + ")"
    width = len(names)
    per = max(1, min(ROWS_PER_STATEMENT, store.conn.getlimit(SQLITE_LIMIT_VARIABLE_NUMBER) // width))
    whole = len(flat) // (per * width) * per * width  # values in statements of `per` rows
    statement = f'INSERT INTO "{table}" ({quoted}) VALUES '
    if whole:
        step = per * width
        store._executemany(statement + ", ".join([one] * per),
                           [flat[at:at + step] for at in range(0, whole, step)])
    if whole < len(flat):
        store._execute(statement + ", ".join([one] * ((len(flat) - whole) // width)), flat[whole:])


def _literal(value: str | int | bool) -> str:
    """A registry default as SQL text; sqlite3 would bind True/False as 1/0."""
    if isinstance(value, str):
        return "'" + value.replace("'", "''") + "'"
    return str(int(value))


def _derive(store, programs: list[int], fields: list[str], source: str, noted_at: str) -> tuple[int, int]:
    """Insert the provenance rows of programs[0]..programs[1], program by program, field by
    field (one statement, all inside SQLite); returns the id range they took. Only the redo of
    an import logged by schema version 2, which kept its new programs' provenance so."""
    first = store._execute("SELECT coalesce(max(id), 0) + 1 FROM provenance").fetchone()[0]
    names = ", ".join(f"('{name}')" for name in fields)  # registry field names: no quoting needed
    value_of = " ".join(f"WHEN '{name}' THEN p.\"{name}\"" for name in fields)
    store._execute(
        "INSERT INTO provenance (program_id, field, source, noted_at) "
        f"SELECT p.id, f.column1, ?, ? FROM programs AS p CROSS JOIN (VALUES {names}) AS f "
        f"WHERE p.id BETWEEN ? AND ? AND (CASE f.column1 {value_of} END) IS NOT NULL",
        (source, noted_at, *programs))
    last = store._execute("SELECT coalesce(max(id), 0) FROM provenance").fetchone()[0]
    return first, last


def _filled_columns(store, table: str, first: int, last: int, written: list[str] | None) -> list[str]:
    """The columns some row of first..last fills, or that have a default in the table: an
    import fills a few of a program's many fields, and a column left out of the copy is put
    back as NULL on redo. `written`: the columns the insert bound a value to, as logged (an
    entry logged before they were is scanned for them)."""
    info = store._execute(f'PRAGMA table_info("{table}")').fetchall()  # cid, name, type, notnull, default, pk
    if written is not None:
        counts = [row[1] in written for row in info]
    else:
        counting = ", ".join(f'count("{row[1]}")' for row in info)
        counts = store._execute(f'SELECT {counting} FROM "{table}" WHERE id BETWEEN ? AND ?',
                                (first, last)).fetchone()
    return [row[1] for row, filled in zip(info, counts, strict=True)
            if filled or row[4] is not None or row[5]]


def _rows_as_json(store, table: str, columns: list[str], first: int, last: int) -> str:
    """Rows first..last of `table` as the JSON {"columns": columns, "values": [[...], ...]},
    made by SQLite: taking 50,000 programs out as Python values and writing them with
    json.dumps took twice as long. SQLite writes a REAL with 15 digits, which does not always
    read back as the same number, so Python writes each REAL as json.dumps would, in the
    columns that can hold one (a TEXT column stores a number as text)."""
    store.conn.create_function("json_real", 1, _json_real, deterministic=True)
    types = {row[1]: row[2].upper() for row in store._execute(f'PRAGMA table_info("{table}")')}
    cells = ", ".join(
        f'"{c}"' if "INT" not in types[c] and any(t in types[c] for t in ("CHAR", "CLOB", "TEXT"))
        else f"CASE typeof(\"{c}\") WHEN 'real' THEN json(json_real(\"{c}\")) ELSE \"{c}\" END"
        for c in columns)
    # The rows in the order of the scan, by id; each row holds its id in any case.
    return store._execute(
        f"SELECT json_object('columns', json(?), 'values', json_group_array(json_array({cells}))) "
        f'FROM "{table}" WHERE id BETWEEN ? AND ?', (json.dumps(columns), first, last)).fetchone()[0]


def _json_real(value: float) -> str:
    """The JSON of a float, exact (an infinity as a number too large, which reads back as one)."""
    return repr(value) if math.isfinite(value) else ("1e999" if value > 0 else "-1e999")


def replay(store, log_id: int, old: dict, new: dict, *, undo: bool) -> None:
    """Undo or redo one bulk entry inside the store's replay transaction, and mark it so."""
    ranges: dict[str, list[int]] = new["ranges"]
    derived = old.get("derived")  # written by version 2: per-cell provenance rows
    if undo:
        for table, _row_id, name, before, _after in reversed(old["updates"]):
            store._execute(f'UPDATE "{table}" SET "{name}" = ? WHERE id = ?', (before, _row_id))
        if derived:
            store._execute("DELETE FROM provenance WHERE id BETWEEN ? AND ?", derived[:2])
        saved = {}
        for table, (first, last) in reversed(list(ranges.items())):
            columns = _filled_columns(store, table, first, last, old.get("columns", {}).get(table))
            saved[table] = _rows_as_json(store, table, columns, first, last)
            with search_index_after(store, table, first, last, delete=True):
                store._execute(f'DELETE FROM "{table}" WHERE id BETWEEN ? AND ?', (first, last))
        # {"ranges": ..., "rows": {table: {"columns": ..., "values": ...}}}, the copies as made
        copies = ", ".join(f"{json.dumps(table)}: {copy}" for table, copy in saved.items())
        entry = f'{{"ranges": {json.dumps(ranges)}, "rows": {{{copies}}}}}'
    else:
        for table in ranges:
            rows = new["rows"][table]
            with search_index_after(store, table, *ranges[table]):
                values = chain.from_iterable(rows["values"])
                insert_rows(store, table, rows["columns"],
                            [MISSING if value is None else value for value in values])
            if derived and table == "programs":
                if list(_derive(store, *derived[2:])) != derived[:2]:
                    raise StoreError("The import cannot be redone: the file changed under it.")
        for table, row_id, name, _before, after in old["updates"]:
            store._execute(f'UPDATE "{table}" SET "{name}" = ? WHERE id = ?', (after, row_id))
        entry = json.dumps({"ranges": ranges, "rows": None})
    # Marked (un)done in the same write: the entry can be large (the copy of an import's rows).
    store._execute("UPDATE change_log SET new = ?, undone = ? WHERE id = ?", (entry, int(undo), log_id))

