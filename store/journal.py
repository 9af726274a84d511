"""SQLite's write-ahead journal as seen from outside: its own descriptors (to read file bytes
without opening the file again), the index's checkpoint marks, and closing a connection
without a checkpoint.

Opening and closing a second descriptor on a file SQLite has open releases every POSIX lock
this process holds on it, SQLite's included; so the bytes are read with pread on the
descriptors SQLite already holds, found once in the list of this process's descriptors
(/dev/fd, /proc/self/fd). Where there is no such list nothing is found, and callers fall back
on what os.stat and the connection tell.
"""

from __future__ import annotations

import ctypes
import os
import sqlite3
import struct
import sys
from pathlib import Path

# The -shm index: two copies of the 48-byte header, then the checkpoint info.
# https://www.sqlite.org/walformat.html#the_wal_index_file_format
INDEX_HEAD = 136
SALT = slice(32, 40)  # changes when the journal starts over after a full checkpoint
BACKFILLED = slice(96, 100)  # frames copied into the database file so far
BACKFILL_ATTEMPTED = slice(128, 132)  # set before a checkpoint starts copying
NO_CHECKPOINT_ON_CLOSE = 1006  # SQLITE_DBCONFIG_NO_CKPT_ON_CLOSE (SQLite 3.16+)


class Descriptor:
    """A descriptor SQLite holds on one file (by device and inode), found again if SQLite
    closed the one found first (a second connection to the same file going away)."""

    def __init__(self, identity) -> None:
        self.identity = identity
        self.number = _find(identity)

    def read(self, offset: int, length: int) -> bytes:
        """The bytes, or b"" when no descriptor of SQLite's is known for the file."""
        for attempt in range(2):
            if self.number is not None:
                try:
                    found = os.fstat(self.number)
                    if (found.st_dev, found.st_ino) == (self.identity.device, self.identity.inode):
                        return os.pread(self.number, length, offset)
                except OSError:
                    pass
            if attempt == 0 and self.number is not None:  # closed since: look once more
                self.number = _find(self.identity)
        return b""


def _find(identity) -> int | None:
    if identity is None:
        return None
    for folder in ("/dev/fd", "/proc/self/fd"):  # macOS and the BSDs; Linux has both
        try:
            numbers = [int(name) for name in os.listdir(folder)]
        except (OSError, ValueError):
            continue
        for number in numbers:
            try:
                found = os.fstat(number)
            except OSError:  # the listing's own descriptor, closed by now
                continue
            if (found.st_dev, found.st_ino) == (identity.device, identity.inode):
                return number
        return None
    return None


def checkpoint_marks(index: bytes) -> bytes:
    """The parts of the index head that change when any connection checkpoints (and only
    then, or when the journal starts over): a commit alone leaves them as they were."""
    return index[SALT] + index[BACKFILLED] + index[BACKFILL_ATTEMPTED]


def checkpoint_under_way(marks) -> bool:
    """A checkpoint has started copying frames and not yet said it finished (or stopped)."""
    if not isinstance(marks, bytes) or len(marks) != 16:
        return False
    backfilled, attempted = struct.unpack("=II", marks[8:16])
    return attempted > backfilled


def skip_checkpoint_on_close(conn: sqlite3.Connection) -> bool:
    """Tell SQLite not to copy the journal into the database file when `conn` closes; False
    where this Python cannot say so."""
    if hasattr(conn, "setconfig"):  # Python 3.12+
        conn.setconfig(NO_CHECKPOINT_ON_CLOSE, True)
        return True
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return False
    import _sqlite3

    try:
        library = ctypes.CDLL(_sqlite3.__file__)  # the SQLite this module calls, however linked
        config, filename = library.sqlite3_db_config, library.sqlite3_db_filename
    except (OSError, AttributeError):
        return False
    # CPython 3.8-3.11 keep the sqlite3* right after the object header of a Connection; the
    # file name it reports proves the pointer before anything is changed through it.
    handle = ctypes.c_void_p.from_address(id(conn) + object.__basicsize__).value
    filename.restype, filename.argtypes = ctypes.c_char_p, [ctypes.c_void_p, ctypes.c_char_p]
    main = conn.execute("PRAGMA database_list").fetchone()[2]
    if handle is None or filename(handle, b"main") != os.fsencode(main):
        return False
    now = ctypes.c_int(-1)
    config.restype = ctypes.c_int
    result = config(ctypes.c_void_p(handle), ctypes.c_int(NO_CHECKPOINT_ON_CLOSE), ctypes.c_int(1),
                    ctypes.byref(now))
    return result == 0 and now.value == 1


def abandon(conn: sqlite3.Connection, path: Path, journal, index) -> None:
    """Close `conn` without its journal reaching the file now at `path`, then remove the
    journal and its index (when they are still the ones `conn` opened), so that no later open
    reads their pages over that file's.

    SQLite is told not to checkpoint on close; where it cannot be told, the journal is
    emptied first (a checkpoint then finds no frame to copy and stops). The journal is not
    emptied otherwise: another window still reading it would find it damaged."""
    wal, shm = Path(f"{path}-wal"), Path(f"{path}-shm")
    try:
        told = skip_checkpoint_on_close(conn)
    except sqlite3.Error:
        told = False
    if not told and journal is not None:
        held = Descriptor(journal).number
        try:
            if held is not None:
                os.ftruncate(held, 0)
            elif _identity(wal) == (journal.device, journal.inode):
                os.truncate(wal, 0)  # by name: no descriptor is opened and closed
        except OSError:
            pass  # a read-only journal: a read-only connection does not checkpoint either
    conn.close()
    for leftover, opened in ((wal, journal), (shm, index)):
        if opened is not None and _identity(leftover) == (opened.device, opened.inode):
            leftover.unlink(missing_ok=True)


def _identity(path: Path) -> tuple[int, int] | None:
    try:
        found = os.stat(path)
    except OSError:
        return None
    return found.st_dev, found.st_ino
