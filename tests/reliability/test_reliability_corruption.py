"""Damaged, read-only, locked and full files: a clear message, exit code 1 or read-only mode,
and the file's bytes left as they were. (tests/test_store_open.py covers the store's refusals
one by one; here the same files go through the app and the `matchdesk export` command.)"""

from __future__ import annotations

import datetime as dt
import hashlib
import os
import random
import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from store import connection
from store.errors import CorruptDatabaseError, DatabaseLockedError, DiskFullError, NotADatabaseError
from store.store import Store
from tui.app import MatchDeskApp
from tui.cli import main as matchdesk
from tui.screens.dialogs import ErrorDialog
from tui.widgets.grid import FrameTable

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1


def fingerprint(path: Path) -> tuple[str, set[str]]:
    """The file's bytes, and the names beside it (no -wal, -shm or backup may appear)."""
    return hashlib.sha256(path.read_bytes()).hexdigest(), {p.name for p in path.parent.iterdir()}


def matchdesk_file(path: Path) -> Path:
    """A closed copy of the sample as MatchDesk leaves it (WAL mode, one file on disk)."""
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o600)
    Store.open(path).close()
    return path


def overwrite(data: bytes, offset: int, new: bytes) -> bytes:
    return data[:offset] + new + data[offset + len(new):]


# Each takes the bytes of a good file and returns damaged bytes.
DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "text file": lambda data: b"name,city,state\nLakemont,Toledo,OH\n",
    "truncated": lambda data: data[: len(data) // 3],
    "random header bytes": lambda data: overwrite(data, 16, random.Random(5).randbytes(84)),
    "damaged pages": lambda data: overwrite(data, len(data) // 2, b"\xab" * 8192),
    # regressions: SQLite's "unsupported file format" was an unexplained "Database error", and a
    # negative schema version was "migrated" with the wrong steps, writing to the damaged file
    "schema format field": lambda data: overwrite(data, 44, b"\xff" * 4),
    "schema version field": lambda data: overwrite(data, 60, b"\xff" * 4),
}
TITLES = {"text file": NotADatabaseError.title}


@pytest.fixture(params=list(DAMAGE))
def damaged(request, tmp_path: Path) -> tuple[str, Path]:
    good = matchdesk_file(tmp_path / "good.db").read_bytes()
    (tmp_path / "good.db").unlink()
    path = tmp_path / "damaged.db"
    path.write_bytes(DAMAGE[request.param](good))
    return request.param, path


def test_store_refuses_a_damaged_file_and_leaves_it_alone(damaged):
    kind, path = damaged
    before = fingerprint(path)
    with pytest.raises((CorruptDatabaseError, NotADatabaseError)) as info:
        Store.open(path)
    assert info.value.title == TITLES.get(kind, CorruptDatabaseError.title)
    assert "left untouched" in info.value.message
    assert fingerprint(path) == before


def test_export_of_a_damaged_file_exits_1_with_one_line(damaged, tmp_path: Path, capsys):
    kind, path = damaged
    before = fingerprint(path)
    out = tmp_path / "out.csv"
    assert matchdesk(["export", "--table", "programs", "--out", str(out), "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and err.startswith("matchdesk export: ")
    assert TITLES.get(kind, CorruptDatabaseError.title) in err and "Traceback" not in err
    assert not out.exists()
    # A read-only open may leave SQLite's -wal/-shm beside a WAL file; the file itself and its
    # company are otherwise unchanged.
    after = fingerprint(path)
    assert after[0] == before[0] and after[1] - {f"{path.name}-wal", f"{path.name}-shm"} == before[1]


async def open_app(path: Path, keys: tuple[str, ...]) -> tuple[MatchDeskApp, str]:
    """Run the app on path, read the dialog it shows, press keys; (app, dialog text)."""
    app = MatchDeskApp(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ErrorDialog)
        text = f"{app.screen.error_title}: {app.screen.message}"
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        assert not app.is_running
    return app, text


@pytest.mark.parametrize("kind", ["text file", "truncated", "schema version field"])
async def test_app_shows_the_error_and_exits_1(kind: str, tmp_path: Path):
    good = matchdesk_file(tmp_path / "good.db").read_bytes()
    path = tmp_path / "damaged.db"
    path.write_bytes(DAMAGE[kind](good))
    (tmp_path / "good.db").unlink()
    before = fingerprint(path)
    app, text = await open_app(path, ("enter",))
    assert app.return_code == 1
    assert text.startswith(TITLES.get(kind, CorruptDatabaseError.title))
    assert "left untouched" in text
    assert fingerprint(path) == before


async def test_leaving_the_error_any_way_exits_1_and_undo_does_not_crash(tmp_path: Path):
    """Regression: ctrl+z / ctrl+y on the error dialog raised AttributeError (no store), and
    ctrl+q left with exit code 0 after a file that did not open."""
    path = tmp_path / "notes.txt"
    path.write_text("not a database\n", encoding="utf-8")
    app, _ = await open_app(path, ("ctrl+z", "ctrl+y", "ctrl+r", "ctrl+q"))
    assert app.return_code == 1


# --- read-only ------------------------------------------------------------------------------

@pytest.fixture
def unwritable(tmp_path: Path) -> Iterator[Path]:
    """A MatchDesk file nobody may write: immutable for root (chattr +i), mode 0400 otherwise."""
    path = matchdesk_file(tmp_path / "locked-down.db")
    if os.geteuid() != 0:
        path.chmod(0o400)
        yield path
        path.chmod(0o600)
        return
    if shutil.which("chattr") is None:
        pytest.skip("running as root and chattr is missing: root can write any file it opens")
    made = subprocess.run(["chattr", "+i", str(path)], capture_output=True, text=True)
    if made.returncode != 0:
        pytest.skip(f"running as root and chattr +i is refused here ({made.stderr.strip()})")
    try:
        yield path
    finally:
        subprocess.run(["chattr", "-i", str(path)], check=True)


async def test_unwritable_file_opens_read_only_in_the_app(unwritable: Path):
    before = hashlib.sha256(unwritable.read_bytes()).hexdigest()
    app = MatchDeskApp(unwritable, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.store.readonly
        assert any("read-only" in n.message for n in app._notifications)
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("e", "2", "4", "4", "enter")
        await pilot.pause()
        assert "read-only" in app.screen.query_one("#programs").editor.error
        await pilot.press("escape", "ctrl+z")
        await pilot.pause()
        assert table.cell_text(table.row_for_key(LAKEMONT), "step2_min") == "230"
    assert hashlib.sha256(unwritable.read_bytes()).hexdigest() == before
    with Store.open(unwritable, readonly=True) as store:
        assert store.get("programs", LAKEMONT)["step2_min"] == 230


# --- locked by another process --------------------------------------------------------------

HOLD_LOCK = """
import sqlite3, sys, time
conn = sqlite3.connect(sys.argv[1], isolation_level=None)
conn.execute("PRAGMA locking_mode = EXCLUSIVE")
conn.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.read()  # until the test closes the pipe
"""


@pytest.fixture
def locked_by_another_process(tmp_path: Path, monkeypatch) -> Iterator[Path]:
    path = matchdesk_file(tmp_path / "busy.db")
    monkeypatch.setattr(connection, "BUSY_TIMEOUT_MS", 300)  # the 5 s of real use, shortened
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(path)], stdin=subprocess.PIPE,
                              stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        yield path
    finally:
        holder.stdin.close()
        holder.wait(10)


async def test_file_locked_longer_than_the_timeout(locked_by_another_process: Path, capsys):
    path = locked_by_another_process
    before = fingerprint(path)
    with pytest.raises(DatabaseLockedError, match="nothing was changed"):
        Store.open(path)
    assert matchdesk(["summary", "--db", str(path)]) == 1
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and DatabaseLockedError.title in err
    app, text = await open_app(path, ("escape",))
    assert app.return_code == 1 and text.startswith(DatabaseLockedError.title)
    assert fingerprint(path)[0] == before[0]


# --- full disk ------------------------------------------------------------------------------

def fill_to_the_brim(store: Store) -> None:
    """Cap the file at its size (SQLite's max_page_count), then add rows until nothing fits."""
    pages = store.conn.execute("PRAGMA page_count").fetchone()[0]
    store.conn.execute(f"PRAGMA max_page_count = {pages}")
    for size in (4000, 400, 40, 1):
        while True:
            try:
                store.insert_row("programs", {"name": "filler", "notes": "n" * size})
            except DiskFullError:
                break
    for n in range(10**6):  # small undo-log entries, until not even one fits
        try:
            store.set_value("programs", LAKEMONT, "city", str(n % 2))
        except DiskFullError:
            break


def rows_of(conn: sqlite3.Connection) -> list[tuple]:
    return conn.execute("SELECT * FROM programs ORDER BY id").fetchall() + conn.execute(
        "SELECT id, grp, undone FROM change_log ORDER BY id").fetchall()


def test_full_disk_refuses_the_write_whole_and_keeps_working(tmp_path: Path):
    with Store.open(matchdesk_file(tmp_path / "full.db")) as store:
        fill_to_the_brim(store)
        before = rows_of(store.conn)
        with pytest.raises(DiskFullError, match="not saved"):
            store.insert_rows("programs", [{"name": f"import {i}", "notes": "x" * 500} for i in range(200)])
        with pytest.raises(DiskFullError):
            with store.batch("two edits"):
                store.set_value("programs", LAKEMONT, "notes", "first")
                store.insert_row("programs", {"name": "second", "notes": "x" * 4000})
        assert rows_of(store.conn) == before and not store.conn.in_transaction
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        store.conn.execute("PRAGMA max_page_count = 1000000")  # space again
        store.set_value("programs", LAKEMONT, "notes", "after")
    with Store.open(tmp_path / "full.db") as store:
        assert store.get("programs", LAKEMONT)["notes"] == "after"


async def test_full_disk_in_the_app_shows_why_and_saves_once_there_is_room(tmp_path: Path):
    path = matchdesk_file(tmp_path / "full.db")
    app = MatchDeskApp(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        fill_to_the_brim(app.store)
        table = app.screen.query_one("#programs", FrameTable)
        table.move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("e", "2", "4", "4", "enter")
        await pilot.pause()
        assert "No space left" in app.screen.query_one("#programs").editor.error
        assert table.cell_text(table.row_for_key(LAKEMONT), "step2_min") == "230"
        app.store.conn.execute("PRAGMA max_page_count = 1000000")
        await pilot.press("enter")
        await pilot.pause()
        assert table.cell_text(table.row_for_key(LAKEMONT), "step2_min") == "244"
    with Store.open(path) as store:
        assert store.get("programs", LAKEMONT)["step2_min"] == 244
