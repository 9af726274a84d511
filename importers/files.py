"""The files MatchDesk reads and writes for the user: where it may, and how it writes them:
private (0600) and whole (a temporary file renamed into place).

A served app (`matchdesk serve`) may only read and write inside one folder, named to it in the
environment by the server, so a browser tab cannot reach the rest of the machine.
"""

from __future__ import annotations

import datetime as dt
import os
import sys
import tempfile
import traceback
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from registry.errors import MatchDeskError

FILES_FOLDER_ENV = "MATCHDESK_FILES_FOLDER"


class FileRefused(MatchDeskError):
    title = "File refused"


def allowed_folder() -> Path | None:
    """The one folder a served app may touch; None when the app runs in a terminal."""
    folder = os.environ.get(FILES_FOLDER_ENV)
    return Path(folder).resolve() if folder else None


def check_allowed(path: str | Path) -> Path:
    """`path` when this app may read or write it; FileRefused when it is outside the folder."""
    path = Path(path)
    folder = allowed_folder()
    if folder is not None and not path.resolve().is_relative_to(folder):
        raise FileRefused(f"{path} is outside {folder}: in the browser, MatchDesk reads and "
                          "writes only files in that folder.")
    return path


# --- what a file is ---------------------------------------------------------------------------

SQLITE_HEADER = b"SQLite format 3\x00"
WAL_HEADERS = (b"\x37\x7f\x06\x82", b"\x37\x7f\x06\x83")
JOURNAL_SUFFIXES = ("-wal", "-shm", "-journal")


def _head(path: Path, size: int = 4096) -> bytes:
    if not path.is_file():  # never open a pipe or a device: reading it could block
        return b""
    try:
        with path.open("rb") as handle:
            return handle.read(size)
    except OSError:
        return b""


def database_kind(path: Path, database: Path | None = None) -> str | None:
    """What makes `path` part of a database (the open one, a journal, any SQLite file), or None."""
    resolved = path.resolve()
    if database is not None:
        db = database.resolve()
        if resolved == db:
            return "the open database"
        for suffix in JOURNAL_SUFFIXES:
            if resolved == Path(f"{db}{suffix}"):
                return f"the open database's {suffix[1:]} file"
    head = _head(path, 16)
    if head.startswith(SQLITE_HEADER):
        return "an SQLite database"
    if head[:4] in WAL_HEADERS:
        return "an SQLite write-ahead log"
    for suffix in JOURNAL_SUFFIXES:
        if path.name.endswith(suffix) and _head(path.with_name(path.name[: -len(suffix)]), 16) \
                .startswith(SQLITE_HEADER):
            return f"the {suffix[1:]} file of a database"
    return None


def describe_existing(path: Path) -> str:
    """What an existing file is, for a question such as "replace it?"."""
    head = _head(path)
    if head.startswith(b"PK\x03\x04"):
        kind = "an Excel workbook" if path.suffix.lower() in (".xlsx", ".xlsm") else "a zip archive"
    else:
        try:
            head.decode("utf-8")
            kind = "a text file"
        except UnicodeDecodeError as error:
            kind = "a text file" if error.start > len(head) - 4 else "a binary file"
    stat = path.stat()
    changed = dt.datetime.fromtimestamp(stat.st_mtime).strftime("%Y-%m-%d %H:%M")
    return f"{kind} of {size_text(stat.st_size)}, last changed {changed}"


def size_text(count: int) -> str:
    if count < 1024:
        return f"{count} bytes"
    return f"{count / 1024:.1f} KB" if count < 1024**2 else f"{count / 1024**2:.1f} MB"


# --- writing --------------------------------------------------------------------------------


def create_private(path: Path) -> int:
    """A new file only its owner can read (0600), whatever the umask; an existing one is an error."""
    return os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)


@contextmanager
def replacing(target: Path) -> Iterator[Path]:
    """A private temporary file beside `target` for the block to write; it replaces `target` in
    one rename when the block succeeds, and is removed when it fails, so a failed or
    interrupted write (a full disk) leaves the old file as it was."""
    target.parent.mkdir(parents=True, exist_ok=True)
    descriptor, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".part", dir=target.parent)
    os.close(descriptor)  # mkstemp made it 0600
    temporary = Path(name)
    try:
        yield temporary
        os.chmod(temporary, 0o600)  # a writer may have made the file anew
        with temporary.open("rb+") as written:
            os.fsync(written.fileno())
        os.replace(temporary, target)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def write_text_private(path: Path, text: str, *, encoding: str = "utf-8") -> None:
    with replacing(path) as temporary:
        temporary.write_text(text, encoding=encoding)


# --- crash reports --------------------------------------------------------------------------


def write_crash_report(error: BaseException, folder: Path) -> Path:
    """The traceback of an unexpected error, in a private file in `folder`. Python's own
    format: the code and line of each frame, never the values of local variables."""
    folder.mkdir(parents=True, exist_ok=True, mode=0o700)
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    path = folder / f"crash-{stamp}-{os.getpid()}.txt"
    text = (f"MatchDesk crash report, {dt.datetime.now().isoformat(timespec='seconds')}\n"
            f"Python {sys.version.split()[0]} on {sys.platform}\n\n"
            + "".join(traceback.format_exception(error)))
    with os.fdopen(create_private(path), "w", encoding="utf-8") as report:
        report.write(text)
    return path


def report_crash(error: BaseException) -> str:
    """Write the crash report into the data directory; what the terminal shows: the kind of
    error and where its report is, never text from the data."""
    from store.paths import data_dir

    try:
        report: Path | None = write_crash_report(error, data_dir())
    except OSError:
        report = None
    where = (f"Its report (it may quote text from your data: read it before sharing it):\n{report}"
             if report is not None else "No report could be written.")
    return (f"MatchDesk stopped on an unexpected error ({type(error).__name__}).\n"
            f"Your saved changes are in the database.\n{where}")
