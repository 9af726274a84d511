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
from scoring.engine import assess, position_of
from store import Change, Store
from store.cells import BadCell

T = TypeVar("T")


# Each replaced row leaves its frame in two more chunks, and every later read and slice of
# the frame walks them all (after 200 edits at 50,000 rows an edit took four times as long).
# Joined again past this many: the copy (about 15 ms at 50,000 rows) comes once every eight
# edits, which cost less on average than copying the edited row's block every time.
MAX_CHUNKS = 16


def replace_rows(frame: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Put `rows` in place of the rows with the same id, keeping order and dtypes.

    Slices around each replaced row: a few rows change per edit, and a join over the whole
    frame (DataFrame.update) costs tens of milliseconds at 50,000 rows. Columns are picked
    and rows found eagerly: DataFrame.select and Series.index_of each plan a query.
    """
    if rows.columns != frame.columns:
        rows = rows[frame.columns]
    if rows.schema != frame.schema:
        rows = rows.cast(frame.schema)
    ids = frame.get_column("id")
    for position, row_id in enumerate(rows.get_column("id")):
        index = position_of(ids, row_id)
        if index is None:
            continue
        frame = pl.concat([frame.slice(0, index), rows.slice(position, 1), frame.slice(index + 1)])
    return frame.rechunk() if frame.n_chunks() > MAX_CHUNKS else frame


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
        self.frames["programs"] = replace_rows(self.frames["programs"], present)
        rows = rescore_rows(self.scored, self.frames, self.settings, ids, today=self.today)
        programs = replace_rows(self.scored.programs, rows)
        # the applicant's assessment counts the scored programs (tier balance, integrated IR
        # open): assessed again from them, as score_all would, without scoring anything again
        self.scored = replace(self.scored, programs=programs,
                              applicant=assess(self.scored.facts, self.settings, programs))
        self.version += 1
        self._notify(rows, changes or [])
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
        self.store.set_value("programs", program_id, field, raw, **expected)
        return self.refresh_programs([program_id])

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
