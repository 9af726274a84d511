"""Backups: consistent copies of a database in a `backups/` folder beside it, and restoring one.

A copy is taken through SQLite's backup API (a file copy of a live database can tear), checked,
and only then given its final name: a crash part-way leaves a `.partial` file that is never
listed and is removed by a later backup. A damaged database is refused, because its copy would
become the newest "good" backup and push a good one out of the retention window.

Call make_backup(db, reason) before any change that cannot be undone (an import, a migration,
forgetting the undo history, a restore); backup_if_due(db) makes the first backup of each day.
"""

from __future__ import annotations

import datetime as dt
import glob
import json
import os
import re
import shutil
import sqlite3
import threading
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from registry.settings import SETTINGS_BY_KEY
from store.errors import StoreError
from store.schema import SCHEMA_VERSION

FOLDER = "backups"
PARTIAL = ".partial"
STAMP = "%Y%m%d-%H%M%S"
# <database stem>.<date-time>[-n].<reason>.db, e.g. matchdesk.20261130-091500.daily.db
NAME = re.compile(r"^(?P<stem>.+)\.(?P<stamp>\d{8}-\d{6})(?:-(?P<n>\d+))?\.(?P<reason>[a-z-]+)\.db$")
REASONS = ("daily", "manual", "import", "migration", "forget-history", "restore")
RETENTION_KEYS = ("backup.keep_daily", "backup.keep_weekly")

_ONE_AT_A_TIME = threading.Lock()


class BackupRefused(StoreError):
    title = "Backup refused"


class RestoreRefused(StoreError):
    title = "Restore refused"


@dataclass(frozen=True)
class Backup:
    path: Path
    taken_at: dt.datetime
    reason: str
    size: int


@dataclass(frozen=True)
class BackupDetails:
    """A backup that passed its checks, with what a person picks a backup by."""

    backup: Backup
    schema_version: int
    programs: int

    def label(self) -> str:
        return (f"{self.backup.taken_at:%Y-%m-%d %H:%M}  {self.backup.reason:<14}  "
                f"{human_size(self.backup.size)}  {self.programs} programs")


def human_size(size: int) -> str:
    if size < 1024:
        return f"{size} bytes"
    if size < 1024 ** 2:
        return f"{size / 1024:.1f} KB"
    return f"{size / 1024 ** 2:.1f} MB"


def backup_folder(db: Path) -> Path:
    return Path(db).expanduser().absolute().parent / FOLDER


def list_backups(db: Path) -> list[Backup]:
    """This database's finished backups, newest first (partial and damaged copies are not listed)."""
    db = Path(db)
    folder = backup_folder(db)
    found = []
    for path in folder.glob(f"{glob.escape(db.stem)}.*.db") if folder.is_dir() else ():
        match = NAME.match(path.name)
        if match is None or match["stem"] != db.stem:
            continue
        try:
            size = path.stat().st_size
        except FileNotFoundError:  # pruned by another MatchDesk a moment ago
            continue
        found.append((Backup(path, dt.datetime.strptime(match["stamp"], STAMP), match["reason"], size),
                      int(match["n"] or 0)))
    # two copies in one second: the one with the higher -n came later
    return [backup for backup, _ in sorted(found, key=lambda b: (b[0].taken_at, b[1]), reverse=True)]


def list_backup_details(db: Path) -> list[BackupDetails]:
    """Every backup that could be restored, newest first: for a "Restore a backup" picker."""
    details = []
    for backup in list_backups(db):
        try:
            details.append(check_backup(backup.path))
        except RestoreRefused:
            continue
    return details


def newest_backup(db: Path) -> Backup | None:
    backups = list_backups(db)
    return backups[0] if backups else None


# --- making a backup ------------------------------------------------------------------------


def make_backup(db: Path, reason: str, *, source: sqlite3.Connection | None = None,
                now: dt.datetime | None = None, protect: Iterable[Path] = ()) -> Path:
    """Copy `db` into its backups folder now and return the copy's path.

    `source` is an open connection to `db` owned by this thread (used as is, e.g. during a
    migration); without it a read-only connection is opened and closed here. Raises
    BackupRefused when the database is damaged or the copy cannot be written; nothing is kept
    then. Older copies beyond the retention settings are removed, never one in `protect`.
    """
    if reason not in REASONS:
        raise ValueError(f"unknown backup reason {reason!r}")
    db = Path(db).expanduser().absolute()
    folder = backup_folder(db)
    connection = source or _open_readonly(db, BackupRefused)
    partial = None
    _ONE_AT_A_TIME.acquire()  # two threads of one process would pick the same names
    try:
        _refuse_if_damaged(connection, db)
        folder.mkdir(mode=0o700, exist_ok=True)
        remove_abandoned_partials(folder)
        target = free_name(folder, db.stem, (now or dt.datetime.now()).strftime(STAMP), reason)
        partial = folder / f"{target.name}.{os.getpid()}{PARTIAL}"
        _write_copy(connection, partial)
        os.replace(partial, target)
        _fsync(folder)
        keep = retention(connection)
    except sqlite3.Error as error:
        raise BackupRefused(f"{db.name} could not be copied ({error}); no backup was made.") from error
    except OSError as error:
        raise BackupRefused(f"The backup of {db.name} could not be written ({error.strerror or error}); "
                            "no backup was made.") from error
    finally:
        _ONE_AT_A_TIME.release()
        if partial is not None:
            partial.unlink(missing_ok=True)
        if source is None:
            connection.close()
    prune(db, *keep, protect=(target, *protect))
    return target


def backup_if_due(db: Path, *, now: dt.datetime | None = None) -> Path | None:
    """The first backup of the day: made when no backup of `db` was taken today."""
    now = now or dt.datetime.now()
    if any(b.taken_at.date() == now.date() for b in list_backups(db)):
        return None
    return make_backup(db, "daily", now=now)


def free_name(folder: Path, stem: str, stamp: str, reason: str) -> Path:
    """A name no backup has: two backups in one second get -1, -2 ..."""
    for n in range(1000):
        path = folder / f"{stem}.{stamp}{f'-{n}' if n else ''}.{reason}.db"
        if not path.exists():
            return path
    raise BackupRefused(f"Too many backups of {stem} in one second.")


def _open_readonly(path: Path, refusal: type[StoreError]) -> sqlite3.Connection:
    if not path.is_file():
        raise refusal(f"{path} does not exist.")
    with path.open("rb") as handle:
        if not handle.read(16).startswith(b"SQLite format 3"):
            raise refusal(f"{path.name} is not an SQLite database.")
    # immutable would skip the locks a live database needs; mode=ro still reads a
    # consistent snapshot while the app writes.
    return sqlite3.connect(path.as_uri() + "?mode=ro", uri=True, timeout=5)


def _refuse_if_damaged(connection: sqlite3.Connection, db: Path) -> None:
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
    except sqlite3.DatabaseError as error:
        check = str(error)
    if check != "ok":
        raise BackupRefused(f"{db.name} failed its integrity check ({check.splitlines()[0]}); "
                            "it was not backed up, so the newest backup is still the last good copy.")


def _write_copy(connection: sqlite3.Connection, partial: Path) -> None:
    fd = os.open(partial, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)
    copy = sqlite3.connect(partial, isolation_level=None)
    try:
        connection.backup(copy)
        # A copy in rollback-journal mode is one self-contained file: no -wal or -shm beside it.
        copy.execute("PRAGMA journal_mode = DELETE")
        if copy.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise sqlite3.DatabaseError("the copy failed its integrity check")
    finally:
        copy.close()
    _fsync(partial)


def _fsync(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def remove_abandoned_partials(folder: Path) -> None:
    """Remove copies left by a backup whose process died (a live one's pid still runs)."""
    for path in folder.glob(f"*{PARTIAL}*"):  # the copy, and its -journal if SQLite left one
        pid = re.search(rf"\.(\d+){re.escape(PARTIAL)}", path.name)
        if pid and _running(int(pid[1])):
            continue
        path.unlink(missing_ok=True)


def _running(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


# --- retention ------------------------------------------------------------------------------


def retention(connection: sqlite3.Connection) -> tuple[int, int]:
    """(daily, weekly) copies to keep: the database's own settings, else the defaults."""
    values = {key: SETTINGS_BY_KEY[key].default for key in RETENTION_KEYS}
    try:
        rows = connection.execute(
            f"SELECT key, value FROM settings WHERE key IN ({', '.join('?' * len(values))})",
            RETENTION_KEYS).fetchall()
    except sqlite3.Error:  # a file from before settings existed
        rows = []
    for key, raw in rows:
        values[key] = json.loads(raw)
    return values["backup.keep_daily"], values["backup.keep_weekly"]


def prune(db: Path, keep_daily: int, keep_weekly: int, *, protect: Iterable[Path] = ()) -> list[Path]:
    """Keep the newest copy of each of the last `keep_daily` days with a backup and of the
    last `keep_weekly` ISO weeks, and every copy a person asked for (manual); remove the rest.
    Returns what was removed."""
    backups = list_backups(db)
    newest_per_day: dict[dt.date, Backup] = {}
    newest_per_week: dict[tuple[int, int], Backup] = {}
    for backup in backups:  # newest first, so the first one seen is the newest of its day/week
        newest_per_day.setdefault(backup.taken_at.date(), backup)
        newest_per_week.setdefault(backup.taken_at.isocalendar()[:2], backup)
    keep = {Path(p).absolute() for p in protect}
    keep |= {b.path for b in list(newest_per_day.values())[:keep_daily]}
    keep |= {b.path for b in list(newest_per_week.values())[:keep_weekly]}
    removed = [b.path for b in backups if b.path.absolute() not in keep and b.reason != "manual"]
    for path in removed:
        path.unlink(missing_ok=True)
    return removed


# --- restoring ------------------------------------------------------------------------------


def check_backup(path: Path) -> BackupDetails:
    """A backup fit to restore: intact, from this MatchDesk's schema or an older one."""
    path = Path(path).expanduser().absolute()
    connection = _open_readonly(path, RestoreRefused)
    try:
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise RestoreRefused(f"{path.name} is damaged ({check.splitlines()[0]}); nothing was restored.")
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        if not 0 <= version <= SCHEMA_VERSION:
            raise RestoreRefused(f"{path.name} has schema version {version}; this MatchDesk reads "
                                 f"up to {SCHEMA_VERSION}. Nothing was restored.")
        programs = connection.execute("SELECT count(*) FROM programs").fetchone()[0]
    except sqlite3.DatabaseError as error:
        raise RestoreRefused(f"{path.name} is damaged or not a MatchDesk backup ({error}); "
                             "nothing was restored.") from error
    finally:
        connection.close()
    match = NAME.match(path.name)
    taken_at = (dt.datetime.strptime(match["stamp"], STAMP) if match
                else dt.datetime.fromtimestamp(path.stat().st_mtime))
    reason = match["reason"] if match else "file"
    return BackupDetails(Backup(path, taken_at, reason, path.stat().st_size), version, programs)


def restore_backup(backup: Path, db: Path, *, now: dt.datetime | None = None) -> Path | None:
    """Replace `db`'s contents with `backup` after checking it and backing `db` up first.

    Returns the copy made of `db` just before (None if `db` did not exist). A damaged `db`
    cannot be backed up: its bytes are kept beside the backups as <name>.<time>.damaged.
    """
    backup = Path(backup).expanduser().absolute()
    db = Path(db).expanduser().absolute()
    check_backup(backup)
    before = None
    if db.exists():
        try:
            before = make_backup(db, "restore", now=now, protect=(backup,))
        except BackupRefused:
            _set_aside_damaged(db, now)
            _replace_file(backup, db)
            return None
    else:
        db.parent.mkdir(parents=True, exist_ok=True)
        os.close(os.open(db, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600))
    source = _open_readonly(backup, RestoreRefused)
    target = sqlite3.connect(db, timeout=5, isolation_level=None)
    try:
        # The backup API writes every page under SQLite's own locks: another MatchDesk
        # with the file open sees the restored contents on its next read.
        source.backup(target)
        if target.execute("PRAGMA quick_check").fetchone()[0] != "ok":
            raise RestoreRefused(f"{db.name} did not check out after the restore; "
                                 f"the copy made before it is {before}.")
    except sqlite3.Error as error:
        raise RestoreRefused(f"{db.name} could not be restored ({error}); "
                             f"the copy made before it is {before}.") from error
    finally:
        target.close()
        source.close()
    return before


def _set_aside_damaged(db: Path, now: dt.datetime | None) -> None:
    folder = backup_folder(db)
    folder.mkdir(mode=0o700, exist_ok=True)
    stamp = (now or dt.datetime.now()).strftime(STAMP)
    for suffix in ("", "-wal"):
        source = Path(f"{db}{suffix}")
        if source.exists():
            target = folder / f"{db.name}{suffix}.{stamp}.damaged"
            shutil.copyfile(source, target)
            target.chmod(0o600)


def _replace_file(backup: Path, db: Path) -> None:
    """Put a copy of `backup` in place of a damaged `db` (SQLite cannot write into that file)."""
    staged = db.with_name(f".{db.name}.{os.getpid()}{PARTIAL}")
    try:
        shutil.copyfile(backup, staged)
        staged.chmod(0o600)
        _fsync(staged)
        for suffix in ("-wal", "-shm", "-journal"):
            Path(f"{db}{suffix}").unlink(missing_ok=True)
        os.replace(staged, db)
    finally:
        staged.unlink(missing_ok=True)
