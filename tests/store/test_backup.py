"""Backups: consistent private copies beside the database, retention, refusals, restore, and a
process killed in the middle of a copy."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import stat
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from db_tables import dump_tables  # tests/ is on sys.path (rootdir conftest)
from store.backup import (
    BackupRefused,
    RestoreRefused,
    backup_folder,
    backup_if_due,
    list_backup_details,
    list_backups,
    make_backup,
    restore_backup,
)
from store.schema import SCHEMA_VERSION
from store.store import Store

REPO = Path(__file__).resolve().parents[2]
MONDAY = dt.datetime(2026, 11, 2, 9, 0)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def damage(path: Path) -> None:
    data = bytearray(path.read_bytes())
    data[4096 * 3:4096 * 3 + 512] = b"\x07" * 512  # a table page overwritten
    path.write_bytes(bytes(data))


def test_a_backup_is_a_private_self_contained_copy(sample_store: Store):
    sample_store.set_value("programs", 1, "name", "Edited before the backup")
    backup = make_backup(sample_store.path, "manual")
    assert backup.parent == sample_store.path.parent / "backups"
    assert (mode(backup.parent), mode(backup)) == (0o700, 0o600)
    assert dump_tables(backup) == dump_tables(sample_store.path)
    copy = sqlite3.connect(backup)
    assert copy.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
    copy.close()
    assert sorted(p.name for p in backup.parent.iterdir()) == [backup.name], "no -wal, -shm or partial"
    [listed] = list_backup_details(sample_store.path)
    assert (listed.backup.path, listed.programs, listed.schema_version) == (
        backup, len(sample_store.rows("programs")), SCHEMA_VERSION)
    assert "manual" in listed.label() and "programs" in listed.label()


def test_a_damaged_database_is_refused_and_the_last_good_copy_stays_newest(sample_copy: Path):
    good = make_backup(sample_copy, "manual", now=MONDAY)
    damage(sample_copy)
    with pytest.raises(BackupRefused, match="integrity check"):
        make_backup(sample_copy, "daily", now=MONDAY + dt.timedelta(days=1))
    assert [b.path for b in list_backups(sample_copy)] == [good]
    assert sorted(p.name for p in good.parent.iterdir()) == [good.name]


def test_not_a_database_is_refused(tmp_path: Path):
    path = tmp_path / "notes.db"
    path.write_text("just text, not SQLite " * 20)
    with pytest.raises(BackupRefused, match="not an SQLite database"):
        make_backup(path, "manual")
    assert not backup_folder(path).exists()


def test_the_first_open_of_each_day_makes_one_backup(sample_copy: Path):
    first = backup_if_due(sample_copy, now=MONDAY)
    assert first is not None and first.name.endswith(".daily.db")
    assert backup_if_due(sample_copy, now=MONDAY + dt.timedelta(hours=8)) is None
    assert backup_if_due(sample_copy, now=MONDAY + dt.timedelta(days=1)) is not None


def test_retention_keeps_seven_days_four_weeks_and_every_manual_copy(sample_copy: Path):
    manual = make_backup(sample_copy, "manual", now=MONDAY - dt.timedelta(days=60))
    for day in range(42):  # six weeks of daily backups, two on each day
        for hour in (9, 15):
            make_backup(sample_copy, "daily" if hour == 9 else "import",
                        now=MONDAY + dt.timedelta(days=day, hours=hour - 9))
    kept = list_backups(sample_copy)
    last = MONDAY + dt.timedelta(days=41)
    days = sorted({b.taken_at.date() for b in kept if b.reason != "manual"}, reverse=True)
    week_ends = [(last - dt.timedelta(weeks=w)).date() for w in range(1, 4)]  # the Sundays before
    assert days == [(last - dt.timedelta(days=d)).date() for d in range(7)] + week_ends
    assert all(b.reason == "import" for b in kept if b.reason != "manual"), "the newest copy of a day is kept"
    assert manual in [b.path for b in kept]


def test_retention_follows_the_database_settings(sample_store: Store):
    sample_store.set_setting("backup.keep_daily", 2)
    sample_store.set_setting("backup.keep_weekly", 0)
    for day in range(5):
        make_backup(sample_store.path, "daily", now=MONDAY + dt.timedelta(days=day))
    assert [b.taken_at.day for b in list_backups(sample_store.path)] == [6, 5]


def test_restore_checks_backs_up_first_and_restores_under_an_open_connection(sample_store: Store):
    original_name = sample_store.get("programs", 1)["name"]
    backup = make_backup(sample_store.path, "manual", now=MONDAY)
    sample_store.set_value("programs", 1, "name", "Changed after the backup")
    before = restore_backup(backup, sample_store.path, now=MONDAY + dt.timedelta(hours=1))
    assert before is not None and before.name.endswith(".restore.db")
    with Store.open(before, readonly=True) as previous:
        assert previous.get("programs", 1)["name"] == "Changed after the backup"
    assert sample_store.get("programs", 1)["name"] == original_name, "the open window reads the restored file"
    assert sample_store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert mode(sample_store.path) == 0o600


@pytest.mark.parametrize("spoil, message", [
    (damage, "damaged"),
    (lambda p: p.write_bytes(b"not a database at all" * 100), "not an SQLite database"),
    (lambda p: sqlite3.connect(p, isolation_level=None).execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}"),
     "schema version"),
])
def test_restore_refuses_a_bad_backup_and_changes_nothing(sample_copy: Path, tmp_path: Path, spoil, message):
    backup = make_backup(sample_copy, "manual")
    spoil(backup)
    before = sample_copy.read_bytes()
    with pytest.raises(RestoreRefused, match=message):
        restore_backup(backup, sample_copy)
    assert sample_copy.read_bytes() == before
    assert [b.path for b in list_backups(sample_copy)] == [backup], "no backup made for a refused restore"


def test_restoring_over_a_damaged_database_keeps_its_bytes_aside(sample_copy: Path):
    backup = make_backup(sample_copy, "manual", now=MONDAY)
    damage(sample_copy)
    damaged = sample_copy.read_bytes()
    assert restore_backup(backup, sample_copy, now=MONDAY + dt.timedelta(days=1)) is None
    assert dump_tables(sample_copy) == dump_tables(backup)
    [aside] = backup_folder(sample_copy).glob("*.damaged")
    assert aside.read_bytes() == damaged and mode(aside) == 0o600
    assert [b.path for b in list_backups(sample_copy)] == [backup], "the damaged file is never listed"


SLOW_BACKUP = textwrap.dedent("""
    import sqlite3, sys, time
    from store.backup import make_backup

    class SlowCopy(sqlite3.Connection):
        def backup(self, target, **_):
            # one page at a time, resting between pages: slow enough to be killed mid-copy
            super().backup(target, pages=1, progress=lambda *_: time.sleep(0.01))

    db = sys.argv[1]
    source = sqlite3.connect("file:" + db + "?mode=ro", uri=True, factory=SlowCopy)
    make_backup(db, "manual", source=source)
""")


def test_a_process_killed_during_a_backup_leaves_the_database_and_backups_intact(sample_store: Store):
    db = sample_store.path
    previous = [make_backup(db, "manual", now=MONDAY - dt.timedelta(days=d)) for d in (2, 1)]
    previous_bytes = [p.read_bytes() for p in previous]
    sample_store.set_value("programs", 1, "name", "Written before the crash")
    before = dump_tables(db)
    child = subprocess.Popen([sys.executable, "-c", SLOW_BACKUP, str(db)],
                             env={**os.environ, "PYTHONPATH": str(REPO)})
    folder = backup_folder(db)
    deadline = time.monotonic() + 60
    while not any(p.stat().st_size > 8192 for p in folder.glob("*.partial")):
        assert child.poll() is None, "the slow backup ended before it could be killed"
        assert time.monotonic() < deadline, "no partial copy appeared"
        time.sleep(0.01)
    child.send_signal(signal.SIGKILL)
    child.wait()
    sample_store.set_value("programs", 2, "name", "Written after the crash")  # the file still takes writes
    assert sample_store.conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
    assert dump_tables(db)["programs"] != before["programs"]
    assert [p.read_bytes() for p in previous] == previous_bytes
    assert [b.path for b in list_backups(db)] == previous[::-1], "the torn copy is never listed"
    newest = make_backup(db, "manual")
    assert sorted(p.name for p in folder.iterdir()) == sorted([*(p.name for p in previous), newest.name]), \
        "the next backup removes the torn copy"


def test_copies_made_in_the_same_second_list_newest_first(sample_copy: Path):
    made = [make_backup(sample_copy, "manual", now=MONDAY) for _ in range(3)]
    assert [b.path for b in list_backups(sample_copy)] == made[::-1]
