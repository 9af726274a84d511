"""Paths that cannot be a database: each refused with a sentence, at once, with nothing
created or changed."""

from __future__ import annotations

import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from store.errors import DiskFullError, StoreError
from store.store import Store

ROOT = Path(__file__).resolve().parents[2]
OPEN_IN_CHILD = """
import sys
from store import Store, StoreError
try:
    Store.open(sys.argv[1]).close()
    print("opened")
except StoreError as error:
    print(error.message)
"""


def open_in_child(path: Path, *prefix: str) -> str:
    """Store.open in another process, so that a hang fails the test instead of stalling it."""
    result = subprocess.run([*prefix, sys.executable, "-c", OPEN_IN_CHILD, str(path)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip()


def test_named_pipe_is_refused_without_waiting(tmp_path: Path):
    pipe = tmp_path / "matchdesk.db"
    os.mkfifo(pipe)
    assert "is a named pipe, not a database file" in open_in_child(pipe)


@pytest.mark.parametrize("device", ["/dev/zero", "/dev/null"])
def test_devices_are_refused(device: str):
    with pytest.raises(StoreError, match="is a device, not a database file"):
        Store.open(device)
    with pytest.raises(StoreError, match="is a device"):
        Store.open(device, readonly=True)


def test_a_folder_is_refused_with_a_file_name_to_use(tmp_path: Path):
    with pytest.raises(StoreError, match=f"is a folder, not a database file.*{tmp_path / 'matchdesk.db'}"):
        Store.open(tmp_path)


def test_a_broken_link_is_refused_and_nothing_is_created(tmp_path: Path):
    link = tmp_path / "matchdesk.db"
    link.symlink_to(tmp_path / "gone" / "real.db")
    with pytest.raises(StoreError, match="is a link to .*real.db, which does not exist"):
        Store.open(link)
    assert not (tmp_path / "gone").exists()


def test_a_read_only_folder_is_named(tmp_path: Path):
    folder = tmp_path / "locked"
    folder.mkdir()
    Store.open(folder / "existing.db").close()
    for leftover in folder.glob("existing.db-*"):
        leftover.unlink()
    folder.chmod(0o555)
    tmp_path.chmod(0o755)
    # root writes anywhere: drop that power for the child, as an ordinary user would be
    prefix = (["setpriv", "--inh-caps=-dac_override,-dac_read_search",
               "--bounding-set=-dac_override,-dac_read_search"] if os.geteuid() == 0 else [])
    try:
        for name in ("existing.db", "new.db"):
            assert open_in_child(folder / name, *prefix) == (
                f"cannot write in {folder}: MatchDesk needs to create its journal file there. "
                "Move the database to a folder you can write in.")
    finally:
        folder.chmod(0o755)
    assert sorted(p.name for p in folder.iterdir()) == ["existing.db"]


def test_a_full_disk_says_so(new_store: Store):
    pages = new_store.conn.execute("PRAGMA page_count").fetchone()[0]
    new_store.conn.execute(f"PRAGMA max_page_count = {pages}")  # SQLite's own "disk is full"
    with pytest.raises(DiskFullError, match="the disk is full; the last change was not saved"):
        new_store.insert_rows("programs", [{"name": f"P{n}", "notes": "x" * 2000} for n in range(100)])


FILE_SIZE_LIMIT = """
import os, resource, sys
from store import Store, StoreError
store = Store.open(sys.argv[1])
store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
limit = os.path.getsize(sys.argv[1]) + 200_000
resource.setrlimit(resource.RLIMIT_FSIZE, (limit, resource.RLIM_INFINITY))
try:
    for n in range(200):
        store.insert_row("programs", {"name": f"P{n}", "notes": "x" * 9000})
    print("no limit met")
except StoreError as error:
    print(error.message)
print(store.conn.execute("PRAGMA quick_check").fetchone()[0])
"""


def test_a_file_size_limit_says_so(tmp_path: Path):
    path = tmp_path / "limited.db"
    result = subprocess.run([sys.executable, "-c", FILE_SIZE_LIMIT, str(path)], cwd=ROOT,
                            env={**os.environ, "PYTHONPATH": str(ROOT)}, capture_output=True,
                            text=True, timeout=120)
    message, check = result.stdout.strip().splitlines()
    assert "reached this system's file-size limit" in message and "ulimit -f" in message
    assert check == "ok"
    assert resource.getrlimit(resource.RLIMIT_FSIZE)[0] == resource.RLIM_INFINITY  # ours untouched
