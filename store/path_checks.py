"""Paths that cannot hold a MatchDesk database, refused with a sentence before SQLite (or a
read of the header) touches them: a pipe would block the read forever, a device would be
taken for an empty database."""

from __future__ import annotations

import errno
import os
import resource
import stat
from pathlib import Path

from store.errors import DiskFullError, StoreError


def refuse_unusable(path: Path, *, writing: bool) -> None:
    """Raise StoreError saying why `path` cannot be a database; return when it can (or does
    not exist yet and its folder can take it)."""
    try:
        found = os.stat(path)
    except FileNotFoundError:
        if path.is_symlink():
            raise StoreError(f"{path} is a link to {os.readlink(path)}, which does not exist. "
                             "Open the file it should point to, or remove the link.") from None
        if writing:
            _refuse_unwritable_folder(path.parent)
        return
    except OSError as error:
        raise StoreError(f"{path} cannot be read: {error.strerror}.") from None
    mode = found.st_mode
    if stat.S_ISDIR(mode):
        raise StoreError(f"{path} is a folder, not a database file. Give a file name inside it, "
                         f"such as {path / 'matchdesk.db'}.")
    if stat.S_ISFIFO(mode):
        raise StoreError(f"{path} is a named pipe, not a database file; it was left untouched.")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        raise StoreError(f"{path} is a device, not a database file; it was left untouched.")
    if not stat.S_ISREG(mode):
        raise StoreError(f"{path} is not a regular file; it was left untouched.")
    if writing and os.access(path, os.W_OK):
        _refuse_unwritable_folder(path.parent)


def _refuse_unwritable_folder(folder: Path) -> None:
    """SQLite writes its journal (-wal, -shm) beside the database: the folder must take files."""
    if folder.exists() and not os.access(folder, os.W_OK | os.X_OK):
        raise StoreError(f"cannot write in {folder}: MatchDesk needs to create its journal file "
                         "there. Move the database to a folder you can write in.")


def os_error(error: OSError, path: Path) -> StoreError:
    """An operating-system error while creating or copying a database file, in words."""
    if error.errno == errno.ENOSPC:
        return DiskFullError(f"No space left to write {path.name}: the disk is full; nothing was saved.")
    if error.errno == errno.EFBIG:
        return DiskFullError(size_limit_message(path))
    if error.errno in (errno.EACCES, errno.EPERM, errno.EROFS):
        return StoreError(f"cannot write in {path.parent}: MatchDesk needs to create its journal "
                          "file there. Move the database to a folder you can write in.")
    return StoreError(f"{path}: {error.strerror or error}.")


def size_limit_message(path: Path) -> str:
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    return (f"{path.name} reached this system's file-size limit ({limit:,} bytes, see ulimit -f); "
            "the last change was not saved. Raise the limit or move the file.")


def over_size_limit(path: Path) -> bool:
    """Whether the database or its journal has reached the process's file-size limit."""
    limit = resource.getrlimit(resource.RLIMIT_FSIZE)[0]
    if limit == resource.RLIM_INFINITY:
        return False
    sizes = [p.stat().st_size for p in (path, path.with_name(path.name + "-wal")) if p.exists()]
    return any(size >= limit - 65536 for size in sizes)  # within a page or two of it
