"""Opening a database file safely: checks first, writes only once the file is known good."""

from __future__ import annotations

import os
import sqlite3
import time
from pathlib import Path

from store.backup import make_backup
from store.errors import (
    CorruptDatabaseError,
    DatabaseLockedError,
    DiskFullError,
    NewerSchemaError,
    NotADatabaseError,
    ReadOnlyError,
    StoreError,
)
from store.path_checks import os_error, over_size_limit, refuse_unusable, size_limit_message
from store.schema import MIGRATIONS, SCHEMA_VERSION, database

SQLITE_MAGIC = b"SQLite format 3\x00"
BUSY_TIMEOUT_MS = 5000


def _create_private_file(path: Path) -> None:
    """A new database holds private notes: create it readable by its owner only."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_CREAT | os.O_EXCL | os.O_WRONLY, 0o600)
    os.close(fd)


def _check_header(path: Path) -> None:
    with path.open("rb") as handle:
        head = handle.read(100)
    if len(head) == 0:
        return
    if not head.startswith(SQLITE_MAGIC):
        raise NotADatabaseError(f"{path} is not an SQLite database; it was left untouched.")
    if len(head) < 100:
        raise CorruptDatabaseError(f"{path} is truncated ({len(head)} bytes); it was left untouched.")


def translate(error: sqlite3.Error, path: Path) -> StoreError:
    """Turn an sqlite3 error into a message a person can act on."""
    text = str(error).lower()
    if "locked" in text or "busy" in text:
        return DatabaseLockedError(
            f"{path.name} is being written by another program and stayed locked for "
            f"{BUSY_TIMEOUT_MS // 1000} s; nothing was changed. Try again."
        )
    if ("not a database" in text or "malformed" in text or "corrupt" in text
            or "unsupported file format" in text):  # a damaged schema-format header field
        return CorruptDatabaseError(f"{path} is damaged ({error}); it was left untouched.")
    if ("full" in text or "i/o error" in text) and over_size_limit(path):
        return DiskFullError(size_limit_message(path))
    if "full" in text:
        return DiskFullError(f"No space left to write {path.name}: the disk is full; the last "
                             "change was not saved.")
    if "readonly" in text or "read-only" in text:
        return ReadOnlyError(f"{path.name} is read-only; changes cannot be saved.")
    return StoreError(f"{path.name}: {error}")


def open_connection(path: Path, *, create: bool = True, readonly: bool = False) -> sqlite3.Connection:
    """Open, verify and migrate a MatchDesk database; raise StoreError with a clear message.

    A file that is not SQLite, is damaged, or comes from a newer version is refused and its
    bytes are never changed.
    """
    path = Path(path)
    refuse_unusable(path, writing=not readonly)
    if not path.exists():
        if not create or readonly:
            raise StoreError(f"{path} does not exist.")
        try:
            _create_private_file(path)
        except FileExistsError:
            pass  # another MatchDesk created it a moment ago; open what it made
        except OSError as error:
            raise os_error(error, path) from error
    _check_header(path)
    if not readonly and not os.access(path, os.W_OK):
        readonly = True
    # as_uri() percent-encodes the path: a raw "#", "?" or "%" in a folder name would
    # otherwise be read as URI syntax and open a different file.
    uri = path.absolute().as_uri() + ("?mode=ro" if readonly else "")
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=BUSY_TIMEOUT_MS / 1000,
                               isolation_level=None, check_same_thread=True)
    except sqlite3.Error as error:
        raise translate(error, path) from error
    try:
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version < 0:  # no MatchDesk writes one; migrating from it would run the wrong steps
            raise CorruptDatabaseError(
                f"{path} has a damaged schema version ({version}); it was left untouched.")
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path.name} was written by a newer MatchDesk (schema {version}; this one "
                f"knows {SCHEMA_VERSION}). Update MatchDesk; the file was left untouched."
            )
        check = conn.execute("PRAGMA quick_check").fetchone()[0]
        if check != "ok":
            raise CorruptDatabaseError(f"{path} failed its integrity check ({check}); it was left untouched.")
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("PRAGMA secure_delete = ON")  # deleted private text is zeroed, not left in free pages
        if not readonly:
            if version < SCHEMA_VERSION:
                migrate(conn, path, version)
            _enable_wal(conn)
            conn.execute("PRAGMA synchronous = NORMAL")
        elif version < SCHEMA_VERSION:
            raise StoreError(f"{path.name} is read-only and needs an upgrade; open a writable copy.")
    except StoreError:
        conn.close()
        raise
    except sqlite3.Error as error:
        conn.close()
        raise translate(error, path) from error
    return conn


def _enable_wal(conn: sqlite3.Connection) -> None:
    """Switch to WAL. SQLite does not wait on its busy handler for this change, so a file
    that another connection is opening at the same moment would fail at once: retry until
    the busy timeout instead."""
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError as error:
            if "locked" not in str(error).lower() or time.monotonic() > deadline:
                raise
            time.sleep(0.01)


def migrate(conn: sqlite3.Connection, path: Path, version: int) -> None:
    """Run every migration from `version` forward in one transaction, after a backup."""
    has_tables = bool(database(conn).table_names())
    if has_tables:
        make_backup(path, "migration", source=conn)
    conn.execute("BEGIN IMMEDIATE")
    try:
        # Read the version again under the write lock: another MatchDesk may have migrated
        # the file while this one waited, and a migration must never run twice.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        if version > SCHEMA_VERSION:
            raise NewerSchemaError(
                f"{path.name} was just upgraded by a newer MatchDesk (schema {version}); "
                "update MatchDesk.")
        for step in MIGRATIONS[version:]:
            step(conn)
        conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION}")
        conn.execute("COMMIT")
    except BaseException:
        conn.execute("ROLLBACK")
        raise
