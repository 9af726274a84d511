"""The app's working data: frames read from the store and what scoring made of them, and the
one path every write takes.

Edits go store -> scoring -> subscribers (the app turns them into its DataChanged message) and
the caller, which may repaint the rows returned at once. No Textual here, so the edit path can
be tested and benchmarked on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from pathlib import Path
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

import polars as pl

from desk import rank_lists
from desk.impressions import record_value
from importers.frames import read_frame, read_frames
from scoring import rescore_rows, score_all
from scoring.engine import ASSESSED_COLUMNS, assess, position_of
from store import Change, Store
from store.cells import BadCell

T = TypeVar("T")


def patch_rows(frame: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Put `rows` in place of the rows with the same id, keeping order and dtypes.

    Only the cells that differ are written, a column at a time, into a copy of that column
    (Series.scatter): an edit changes a few cells, and the frame stays in one chunk, so no
    later read walks slices and no join or rechunk is ever due. Rows are found and compared
    eagerly: DataFrame.select and Series.index_of each plan a query.
    """
    ids = frame.get_column("id")
    names = frame.columns
    rows_in_order = rows if rows.columns == names else rows[names]
    changed: dict[str, tuple[list[int], list[int]]] = {}  # column -> (frame rows, rows' rows)
    for position, row_id in enumerate(rows_in_order.get_column("id")):
        index = position_of(ids, row_id)
        if index is None:
            continue
        for name, before, after in zip(names, frame.row(index), rows_in_order.row(position)):
            if before != after:  # NaN is never equal: written again, harmlessly
                at, source = changed.setdefault(name, ([], []))
                at.append(index)
                source.append(position)
    for name, (at, source) in changed.items():
        values = rows_in_order.get_column(name)
        # a slice, not Series.gather, for the one edited row: gather plans a query
        values = values.slice(source[0], 1) if len(source) == 1 else values.gather(source)
        frame = with_cells(frame, name, at, values)
    return frame


def with_cells(frame: pl.DataFrame, name: str, at: list[int], values: pl.Series) -> pl.DataFrame:
    """`frame` with `values` written at rows `at` of column `name`. The other columns are
    shared, not copied; the patched one is a copy, so `frame` itself is left as it was."""
    column = frame.get_column(name).clone()
    column.scatter(at, values.cast(column.dtype))
    patched = frame.clone()
    patched.replace_column(frame.get_column_index(name), column)
    return patched


def _assessed_same(before: pl.DataFrame, rows: pl.DataFrame) -> bool:
    """Whether `rows` hold what `before` held, in the columns the applicant assessment reads."""
    ids = before.get_column("id")
    for position, row_id in enumerate(rows.get_column("id")):
        index = position_of(ids, row_id)
        if index is None or any(before.get_column(c)[index] != rows.get_column(c)[position]
                                for c in ASSESSED_COLUMNS):
            return False
    return True


class Workspace:
    """The app's data and its one write path: every write the UI makes is a method here,
    which writes through the store, rescores (by row for a program cell, in full otherwise)
    and tells the subscribers, so no screen can leave the scores behind the data."""

    def __init__(self, store: Store, today: dt.date | None = None,
                 read: tuple[dict[str, pl.DataFrame], list[BadCell]] | None = None) -> None:
        """`read`: the store's tables as read_frames returns them, when already read (the app
        reads them a chunk at a time, handling keys in between); else they are read here."""
        self.store = store
        self.today = today
        self.frames: dict[str, pl.DataFrame] = {}
        self.settings: dict[str, Any] = {}
        self.scored = None
        # Values in the file that do not fit their column: read (and scored) as unknown.
        self.bad_cells: list[BadCell] = []
        self.version = 0  # bumped on every change, so a screen coming back knows to refresh
        # called as subscriber(rows, changes) after every change: `rows` the rescored program
        # rows, or None when everything was rescored; `changes` what undo or redo replayed
        self.subscribers: list[Callable[[pl.DataFrame | None, list[Change]], None]] = []
        self.reload(read=read)

    @property
    def programs(self) -> pl.DataFrame:
        """Every program with its computed columns, in id order."""
        return self.scored.programs

    def _notify(self, rows: pl.DataFrame | None, changes: list[Change]) -> None:
        for subscriber in list(self.subscribers):
            subscriber(rows, changes)

    # --- reading and rescoring -------------------------------------------------------------

    def reload(self, changes: list[Change] | None = None,
               read: tuple[dict[str, pl.DataFrame], list[BadCell]] | None = None) -> None:
        """Read everything (unless `read` holds it) and score from scratch (start, a write
        outside programs, reload)."""
        self.frames, self.bad_cells = read_frames(self.store) if read is None else read
        self.settings = self.store.settings()
        self.scored = score_all(self.frames, self.settings, today=self.today)
        self.version += 1
        self._notify(None, changes or [])

    def refresh_programs(self, ids: list[int], changes: list[Change] | None = None) -> pl.DataFrame:
        """Re-read these programs, rescore only them, and return their new scored rows."""
        present, bad = read_frame(self.store, "programs", ids)
        wanted = set(ids)
        self.bad_cells = [c for c in self.bad_cells if c.table != "programs" or c.row_id not in wanted] + bad
        self.frames["programs"] = patch_rows(self.frames["programs"], present)
        return self._rescore_programs(ids, changes or [])

    def _rescore_programs(self, ids: list[int], changes: list[Change]) -> pl.DataFrame:
        """Rescore these programs from the frames, tell the subscribers, return the rows."""
        rows = rescore_rows(self.scored, self.frames, self.settings, ids, today=self.today)
        before = self.scored.programs
        programs = patch_rows(before, rows)
        # the applicant's assessment counts the scored programs (tier balance, integrated IR
        # open): assessed again from them, as score_all would, when the edit moved what it reads
        applicant = (self.scored.applicant if _assessed_same(before, rows)
                     else assess(self.scored.facts, self.settings, programs))
        self.scored = replace(self.scored, programs=programs, applicant=applicant)
        self.version += 1
        self._notify(rows, changes)
        return rows

    def _rescored(self, write: Callable[[Store], T]) -> T:
        """Run one write (refused: it raises, nothing changed), then rescore in full."""
        result = write(self.store)
        self.reload()
        return result

    # --- any table --------------------------------------------------------------------------

    def set_program_value(self, program_id: int, field: str, raw: Any, **expected: Any) -> pl.DataFrame:
        """Validate and save one cell; raise ValidationError (nothing changed) when refused.
        `expected=<value shown>` makes it a compare-and-set (ConflictError, see Store.set_value)."""
        value = self.store.set_value("programs", program_id, field, raw, **expected)
        frame = self.frames["programs"]
        index = position_of(frame.get_column("id"), program_id)
        if index is None:  # a row this workspace never read (another window added it)
            return self.refresh_programs([program_id])
        # The stored value, as the store validated it, goes into the frame: what reading the
        # row back would give (tests/desk/test_workspace.py compares the two), without the read.
        self.frames["programs"] = with_cells(frame, field, [index],
                                             pl.Series([value], dtype=frame.schema[field]))
        self.bad_cells = [c for c in self.bad_cells
                          if (c.table, c.row_id, c.field) != ("programs", program_id, field)]
        return self._rescore_programs([program_id], [])

    def set_value(self, table: str, row_id: int, field: str, raw: Any, **expected: Any) -> Any:
        """Save one value of any table; programs rescore by row, anything else in full."""
        if table == "programs":
            self.set_program_value(row_id, field, raw, **expected)
            return self.store.get("programs", row_id)[field]
        return self._rescored(lambda store: store.set_value(table, row_id, field, raw, **expected))

    def insert_row(self, table: str, values: dict[str, Any]) -> int:
        return self._rescored(lambda store: store.insert_row(table, values))

    def delete_row(self, table: str, row_id: int) -> None:
        self._rescored(lambda store: store.delete_row(table, row_id))

    def set_setting(self, key: str, raw: Any) -> Any:
        return self._rescored(lambda store: store.set_setting(key, raw))

    def set_pref(self, key: str, value: Any) -> None:
        """A view preference (columns, filter): no score reads it, so nothing is rescored."""
        self.store.set_pref(key, value)

    def set_provenance(self, program_id: int, field: str, source: str) -> None:
        """Where a program value came from: no score reads it, so nothing is rescored."""
        self.store.set_provenance(program_id, field, source)

    def forget_history(self) -> Path:
        """Back the file up, then clear the undo history: the data, so the scores, stay as they are."""
        return self.store.forget_history()

    def use_store(self, store: Store) -> None:
        """Read from a store opened again (after a restore replaced the file's contents)."""
        self.store = store
        self.reload()

    def apply_changes(self, changes: list[Change]) -> pl.DataFrame | None:
        """After undo/redo: rescore the programs touched, or everything if more changed.

        Returns the rows to repaint, or None when the whole table must be rebuilt.
        """
        if not changes:
            return pl.DataFrame()
        if all(c.table == "programs" and c.action == "update" for c in changes):
            return self.refresh_programs(sorted({c.row_id for c in changes}), changes)
        self.reload(changes)
        return None

    # --- interviews and rank lists (each one undoable step) -----------------------------------

    def record_impression(self, program_id: int, interview_id: int | None, field: str,
                          raw: Any) -> int | None:
        """One value of a program's interview record; see impressions.record_value."""
        return self._rescored(lambda store: record_value(store, program_id, interview_id, field, raw))

    def primary_list_id(self) -> int:
        """The primary rank list, made when missing."""
        return self._rescored(lambda store: rank_lists.primary_list_id(store, create=True))

    def new_rank_list(self, name: str) -> int:
        return self._rescored(lambda store: rank_lists.new_list(store, name))

    def add_to_rank_list(self, program_id: int, list_id: int | None = None) -> int:
        return self._rescored(lambda store: rank_lists.add_program(store, program_id, list_id))

    def move_rank_entry(self, entry_id: int, position: int) -> int:
        return self._rescored(lambda store: rank_lists.move_entry(store, entry_id, position))

    def remove_rank_entry(self, entry_id: int) -> None:
        self._rescored(lambda store: rank_lists.remove_entry(store, entry_id))

    def apply_rank_order(self, list_id: int, program_ids: Sequence[int]) -> int:
        return self._rescored(lambda store: rank_lists.apply_order(store, list_id, program_ids))

    def toggle_attached(self, list_id: int, program_id: int) -> bool:
        return self._rescored(lambda store: rank_lists.toggle_attached(store, list_id, program_id))

    def save_rank_version(self, name: str, content: dict, created: str) -> int:
        return self._rescored(lambda store: rank_lists.save_snapshot(store, name, content, created))
