"""Is the file at the store's path still the file the store opened, holding what it wrote?

SQLite keeps writing to the file it opened, wherever it went, while its journal (-wal) stays
beside the old name: after a delete, move or replace, the next write would land in the wrong
place and the journal would be read as part of whatever file is at the path now. The store
compares device and inode before each write and refuses when they differ.

A file overwritten in place (`cp backup.db mine.db`, a sync tool) keeps its inode, but the
journal's pages now belong to another database: reading them together with the new pages, or
copying them into it (a checkpoint), damages it. After each of its commits the store notes the
file's size, modification time and 100-byte header, and the journal's checkpoint marks; before
each write, a file that changed while no checkpoint moved those marks was written by someone
else: the store then closes without a checkpoint (see journal.abandon) and refuses every use.
"""

from __future__ import annotations

import os
import sqlite3
import time
from dataclasses import dataclass
from pathlib import Path

from store.errors import FileChangedError
from store.journal import (
    INDEX_HEAD,
    Descriptor,
    abandon,
    checkpoint_marks,
    checkpoint_under_way,
)

CHECKPOINT_WAIT_SECONDS = 5.0  # as long as a write waits for the lock (BUSY_TIMEOUT_MS)


@dataclass(frozen=True)
class FileIdentity:
    device: int
    inode: int

    @classmethod
    def of(cls, path: Path) -> FileIdentity | None:
        try:
            found = os.stat(path)
        except OSError:
            return None
        return cls(found.st_dev, found.st_ino)


@dataclass(frozen=True)
class FileChange:
    message: str
    in_place: bool  # same inode, other bytes: the journal must never meet this file


def _open_copy_path(identity: FileIdentity) -> str | None:
    """Where this process's open handle on the file points now (Linux only): a new path, or a
    path ending in ' (deleted)'. None where the system does not say."""
    folder = Path("/proc/self/fd")
    if not folder.is_dir():
        return None
    for entry in folder.iterdir():
        try:
            if FileIdentity.of(entry) == identity:
                return os.readlink(entry)
        except OSError:
            continue
    return None


def _moved_or_deleted(path: Path, identity: FileIdentity, something_there: bool) -> str:
    where = _open_copy_path(identity)
    if something_there:
        return (f"{path.name} was replaced by another file while MatchDesk had it open; nothing "
                f"was written to either. Close MatchDesk and open {path} again to work on the file "
                "that is there now.")
    if where is not None and where.endswith(" (deleted)"):
        return (f"{path} was deleted while MatchDesk had it open; nothing more was written. "
                "Close MatchDesk; to go on, restore a backup (a .bak file beside it) or open a new "
                "database there.")
    if where is not None:
        return (f"{path.name} was moved to {where} while MatchDesk had it open; nothing was "
                f"written at the old place. Close MatchDesk and open {where}.")
    return (f"{path} was moved or deleted while MatchDesk had it open; nothing was written. "
            "Close MatchDesk and open the file where it is now.")


def overwritten_message(path: Path) -> str:
    return (f"{path.name} was replaced by another file copied over it (a sync tool or a restore) "
            "while MatchDesk had it open; nothing was written to it. Close MatchDesk and open "
            f"{path} again to work on the file that is there now.")


class WatchedFile:
    """The store's database file as the store last left it. Use from the store's thread."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn
        self.identity = FileIdentity.of(path)
        self._main = Descriptor(self.identity)
        self.journal: FileIdentity | None = None  # the -wal and -shm this connection uses,
        self.index: FileIdentity | None = None  # made at its first read of a new file
        self._index = Descriptor(None)
        self._seen: tuple[tuple | bytes, tuple] | None = None
        self.record()

    def record(self) -> None:
        """Note the file as this store's last write left it. The marks are read before the
        file, so a checkpoint under way meanwhile shows in the marks at the next look."""
        if self.identity is None:
            return
        if self.journal is None:
            self.journal = FileIdentity.of(Path(f"{self.path}-wal"))
        if self.index is None:
            self.index = FileIdentity.of(Path(f"{self.path}-shm"))
            self._index = Descriptor(self.index)
        marks = self._marks()
        try:
            self._seen = (marks, self._contents(os.stat(self.path)))
        except OSError:
            pass  # gone: the next look says where

    def change(self) -> FileChange | None:
        """None while the path holds the file as this store (or another MatchDesk window's
        checkpoint) left it; otherwise what happened, in words a person can act on."""
        if self.identity is None or self._seen is None:
            return None
        try:
            found = os.stat(self.path)
        except OSError:
            found = None
        if found is None or FileIdentity(found.st_dev, found.st_ino) != self.identity:
            return FileChange(_moved_or_deleted(self.path, self.identity, found is not None), False)
        marks, contents = self._seen
        if self._contents(found) == contents:
            return None
        if self._explained_by_checkpoint(marks):  # SQLite's own write: committed pages copied in
            self.record()
            return None
        return FileChange(overwritten_message(self.path), True)

    def _explained_by_checkpoint(self, seen) -> bool:
        """Did a checkpoint (by any connection) write the file since `seen` was noted? One
        under way has moved only its start mark, or none yet if it started before the note:
        wait for it to finish, and excuse a change made by one that stopped part-way."""
        deadline = time.monotonic() + CHECKPOINT_WAIT_SECONDS
        now = self._marks()
        while now == seen and checkpoint_under_way(now) and time.monotonic() < deadline:
            time.sleep(0.01)
            now = self._marks()
        return now != seen or checkpoint_under_way(seen)

    def leave(self, change: FileChange, *, readonly: bool) -> sqlite3.Connection | Abandoned:
        """Part from a file that is no longer the one opened; returns what the store should use
        as its connection from now on."""
        if change.in_place:
            # The journal's pages belong to the file that was there before: close without a
            # checkpoint, remove the journal, and let every later use say what happened.
            abandon(self.conn, self.path, self.journal, self.index)
            return Abandoned(change.message)
        if not readonly:
            # Move what the journal holds into the file this connection opened (wherever it
            # is now) and empty the journal left at the path, so that whatever file is
            # there now is never read together with this one's pages.
            self.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        return self.conn

    def _contents(self, found: os.stat_result) -> tuple:
        # Not the change time: a chmod, a hard link or a sync tool's attribute moves it.
        return found.st_size, found.st_mtime_ns, self._main.read(0, 100)

    def _marks(self) -> tuple | bytes:
        """What changes when any connection checkpoints: the journal index's backfill counts
        and salts; where the index cannot be read, the data version and the journal's size."""
        index = self._index.read(0, INDEX_HEAD)
        if len(index) == INDEX_HEAD:
            return checkpoint_marks(index)
        try:
            journal = os.stat(f"{self.path}-wal")
            seen = journal.st_ino, journal.st_size
        except OSError:
            seen = None
        return self.conn.execute("PRAGMA data_version").fetchone()[0], seen


class Abandoned:
    """Stands in for the connection of a store whose file was overwritten in place: every use
    raises the error that says so, and closing it again is harmless."""

    in_transaction = False

    def __init__(self, message: str) -> None:
        self.message = message

    def close(self) -> None:
        pass

    def __getattr__(self, name: str):
        raise FileChangedError(self.message)
