"""Is the file at the store's path still the file the store opened?

SQLite keeps writing to the file it opened, wherever it went, while its journal (-wal) stays
beside the old name: after a delete, move or replace, the next write would land in the wrong
place and the journal would be read as part of whatever file is at the path now. The store
compares device and inode before each write and refuses when they differ.
"""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path


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


def change_of(path: Path, identity: FileIdentity) -> str | None:
    """None while `path` is still the opened file; otherwise what happened to it, in words a
    person can act on."""
    now = FileIdentity.of(path)
    if now == identity:
        return None
    where = _open_copy_path(identity)
    if now is not None:
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
