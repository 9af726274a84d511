"""The change log: undo and redo, how long the log is kept, and forgetting it.

Every change's old and new values are in the log, red-flag text included, so the log is also
where private text outlives its row: it is trimmed on open (settings history.keep_days and
history.keep_changes) and Store.forget_history() clears it and rewrites the file.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from store.collector import collection_paused


@dataclass(frozen=True)
class Change:
    """One recorded mutation: enough to apply it again or to apply its inverse."""

    action: str  # update | insert | delete
    table: str
    row_id: int | None
    field: str | None
    old: Any
    new: Any
    label: str | None


def _now() -> str:
    return dt.datetime.now().isoformat(timespec="seconds")


class History:
    """The change-log half of Store (which provides _execute, _begin, _apply's writers...)."""

    def undo(self) -> list[Change]:
        """Revert the latest group of changes; returns what was reverted (empty: nothing)."""
        return self._replay("SELECT max(grp) FROM change_log WHERE undone = 0", undo=True)

    def redo(self) -> list[Change]:
        return self._replay("SELECT min(grp) FROM change_log WHERE undone = 1", undo=False)

    def can_undo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM change_log WHERE undone = 0 LIMIT 1").fetchone() is not None

    def can_redo(self) -> bool:
        return self.conn.execute("SELECT 1 FROM change_log WHERE undone = 1 LIMIT 1").fetchone() is not None

    @collection_paused  # an import's entry loads and saves all its rows
    def _replay(self, which_group: str, *, undo: bool) -> list[Change]:
        if self.conn.execute(which_group).fetchone()[0] is None:
            return []
        order = "DESC" if undo else "ASC"
        self._require_writable()
        self._begin()
        try:
            # Choose the group under the write lock: another window may have written (or
            # undone) since the look above, and only the latest group may be reverted.
            group = self.conn.execute(which_group).fetchone()[0]
            entries = self.conn.execute(
                "SELECT id, action, tbl, row_id, field, old, new, label FROM change_log "
                f"WHERE grp = ? ORDER BY id {order}", (group,)).fetchall()
            changes = []
            for log_id, action, table, row_id, field, old, new, label in entries:
                change = Change(action, table, row_id, field, json.loads(old) if old else None,
                                json.loads(new) if new else None, label)
                if action == "bulk":  # an import: one entry for all its rows (store/bulk.py)
                    from store.bulk import replay
                    replay(self, log_id, change.old, change.new, undo=undo)  # marks it too
                else:
                    self._apply(change, undo=undo)
                    self._execute("UPDATE change_log SET undone = ? WHERE id = ?", (1 if undo else 0, log_id))
                changes.append(change)
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return changes

    def _apply(self, change: Change, *, undo: bool) -> None:
        action = change.action
        if undo:
            action = {"insert": "delete", "delete": "insert", "update": "update"}[action]
        if action == "update":
            value = change.old if undo else change.new
            if change.table == "settings":
                self._write_setting(change.field, value)
            else:
                self._execute(f'UPDATE "{change.table}" SET "{change.field}" = ? WHERE id = ?',
                              (value, change.row_id))
        elif action == "insert":
            self._insert(change.table, change.old if undo else change.new)
        else:
            self._execute(f'DELETE FROM "{change.table}" WHERE id = ?', (change.row_id,))

    def forget_history(self) -> Path:
        """Back the file up, then clear the undo history and rewrite the file, so no deleted
        text (a red flag's explanation, an old statement) is left in its bytes or in its
        journal. Returns the backup: it still holds the history, for a change of mind."""
        from store.backup import make_backup

        self._require_writable()
        backup = make_backup(self.path, "forget-history", source=self.conn)
        self._begin()
        try:
            self._execute("DELETE FROM change_log")
            for (fts,) in self._execute(
                    "SELECT name FROM sqlite_master WHERE sql LIKE 'CREATE VIRTUAL TABLE%'").fetchall():
                # a full-text index keeps deleted words in old segments until merged
                self._execute(f'INSERT INTO "{fts}"("{fts}") VALUES (\'optimize\')')
            self._commit()
        except BaseException:
            self._rollback()
            raise
        self._execute("VACUUM")
        self._execute("PRAGMA wal_checkpoint(TRUNCATE)")  # the journal held the old pages
        return backup

    def _apply_retention(self, keep_days: int, keep_changes: int) -> int:
        """Drop whole undo steps older than keep_days or beyond the newest keep_changes;
        returns how many log entries went."""
        cutoff = (dt.datetime.now() - dt.timedelta(days=keep_days)).isoformat(timespec="seconds")
        # Two indexed looks first: on most opens nothing is due, and a long log is not scanned.
        oldest = self.conn.execute("SELECT ts FROM change_log ORDER BY id LIMIT 1").fetchone()
        low, high = self.conn.execute("SELECT min(grp), max(grp) FROM change_log").fetchone()
        if oldest is None or (oldest[0] >= cutoff and high - low < keep_changes):
            return 0
        self._begin()
        try:
            gone = self._execute(
                "DELETE FROM change_log WHERE grp IN (SELECT grp FROM change_log GROUP BY grp "
                "HAVING max(ts) < ?) OR grp <= (SELECT coalesce(max(grp), 0) FROM change_log) - ?",
                (cutoff, keep_changes)).rowcount
            self._commit()
        except BaseException:
            self._rollback()
            raise
        return gone

    def _next_group(self) -> int:
        return (self.conn.execute("SELECT coalesce(max(grp), 0) FROM change_log").fetchone()[0]) + 1

    def _log(self, action: str, table: str, row_id: int | None, field: str | None, old: Any, new: Any) -> None:
        self._execute(
            "INSERT INTO change_log (grp, ts, action, tbl, row_id, field, old, new, label) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self._group, _now(), action, table, row_id, field,
             None if old is None else json.dumps(old), None if new is None else json.dumps(new),
             self._group_label))

    def _log_many(self, entries: list[tuple]) -> None:
        stamp = _now()
        self._executemany(
            "INSERT INTO change_log (grp, ts, action, tbl, row_id, field, old, new, label) "
            "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [(self._group, stamp, action, table, row_id, field,
              None if old is None else json.dumps(old), None if new is None else json.dumps(new),
              self._group_label) for action, table, row_id, field, old, new in entries])
