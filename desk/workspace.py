"""The app's working data: frames read from the store and what scoring made of them.

Edits go store -> scoring -> the caller, which repaints the rows returned. No Textual here, so
the edit path can be tested and benchmarked on its own.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any

import polars as pl

from desk.frames import read_frame, read_frames
from scoring import rescore_rows, score_all
from store import Change, Store
from store.cells import BadCell


def replace_rows(frame: pl.DataFrame, rows: pl.DataFrame) -> pl.DataFrame:
    """Put `rows` in place of the rows with the same id, keeping order and dtypes.

    Slices around each replaced row: a few rows change per edit, and a join over the whole
    frame (DataFrame.update) costs tens of milliseconds at 50,000 rows.
    """
    if rows.columns != frame.columns:
        rows = rows.select(frame.columns)
    if rows.schema != frame.schema:
        rows = rows.cast(frame.schema)
    ids = frame.get_column("id")
    for position, row_id in enumerate(rows.get_column("id")):
        index = ids.index_of(row_id)
        if index is None:
            continue
        frame = pl.concat([frame.slice(0, index), rows.slice(position, 1), frame.slice(index + 1)])
    return frame


class Workspace:
    def __init__(self, store: Store, today: dt.date | None = None) -> None:
        self.store = store
        self.today = today
        self.frames: dict[str, pl.DataFrame] = {}
        self.settings: dict[str, Any] = {}
        self.scored = None
        # Values in the file that do not fit their column: read (and scored) as unknown.
        self.bad_cells: list[BadCell] = []
        self.version = 0  # bumped on every change, so a screen coming back knows to refresh
        self.reload()

    @property
    def programs(self) -> pl.DataFrame:
        """Every program with its computed columns, in id order."""
        return self.scored.programs

    def reload(self) -> None:
        """Read everything and score from scratch (start, undo of a profile edit, reload)."""
        self.frames, self.bad_cells = read_frames(self.store)
        self.settings = self.store.settings()
        self.scored = score_all(self.frames, self.settings, today=self.today)
        self.version += 1

    def refresh_programs(self, ids: list[int]) -> pl.DataFrame:
        """Re-read these programs, rescore only them, and return their new scored rows."""
        present, bad = read_frame(self.store, "programs", ids)
        wanted = set(ids)
        self.bad_cells = [c for c in self.bad_cells if c.table != "programs" or c.row_id not in wanted] + bad
        self.frames["programs"] = replace_rows(self.frames["programs"], present)
        rows = rescore_rows(self.scored, self.frames, self.settings, ids, today=self.today)
        self.scored = replace(self.scored, programs=replace_rows(self.scored.programs, rows))
        self.version += 1
        return rows

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
        value = self.store.set_value(table, row_id, field, raw, **expected)
        self.reload()
        return value

    def set_setting(self, key: str, raw: Any) -> Any:
        value = self.store.set_setting(key, raw)
        self.reload()
        return value

    def insert_row(self, table: str, values: dict[str, Any]) -> int:
        row_id = self.store.insert_row(table, values)
        self.reload()
        return row_id

    def delete_row(self, table: str, row_id: int) -> None:
        self.store.delete_row(table, row_id)
        self.reload()

    def apply_changes(self, changes: list[Change]) -> pl.DataFrame | None:
        """After undo/redo: rescore the programs touched, or everything if more changed.

        Returns the rows to repaint, or None when the whole table must be rebuilt.
        """
        if not changes:
            return pl.DataFrame()
        if all(c.table == "programs" and c.action == "update" for c in changes):
            return self.refresh_programs(sorted({c.row_id for c in changes}))
        self.reload()
        return None
