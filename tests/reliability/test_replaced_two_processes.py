"""Two MatchDesk processes have the file open when a copy lands on it in place: both refuse
their next write, and neither one's journal reaches the copy, whichever closes first."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from store.errors import FileChangedError
from store.store import Store

ROOT = Path(__file__).resolve().parents[2]
OTHER_WINDOW = """
import sys
from store.errors import FileChangedError
from store.store import Store
store = Store.open(sys.argv[1])
for n in range(200):
    store.set_value("programs", 1, "notes", "other %d " % n + "x" * 2000)
print("written", flush=True)
sys.stdin.readline()  # the copy has landed
try:
    store.set_value("programs", 1, "notes", "after the copy")
    print("saved", flush=True)
except FileChangedError as error:
    print("refused:", error.message, flush=True)
store.close()
"""


@pytest.mark.parametrize("closes_first", ["this window", "the other process"])
def test_both_windows_refuse_and_the_copy_stays_as_copied(tmp_path: Path, closes_first: str):
    path, other = tmp_path / "mine.db", tmp_path / "other.db"
    with Store.open(other) as theirs:
        theirs.insert_row("programs", {"name": "Theirs"})
    copied = other.read_bytes()
    with Store.open(path) as store:
        store.insert_row("programs", {"name": "Mine"})
    store = Store.open(path)
    window = subprocess.Popen([sys.executable, "-c", OTHER_WINDOW, str(path)],
                              env={**os.environ, "PYTHONPATH": str(ROOT)}, text=True,
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        assert window.stdout.readline().strip() == "written"
        store.set_value("programs", 1, "notes", "mine " + "y" * 2000)
        inode = os.stat(path).st_ino
        shutil.copyfile(other, path)
        assert os.stat(path).st_ino == inode
        if closes_first == "this window":
            with pytest.raises(FileChangedError, match="copied over it"):
                store.set_value("programs", 1, "notes", "lost?")
            store.close()
        out, err = window.communicate("go\n", timeout=60)
        assert window.returncode == 0, err
        assert out.splitlines()[-1].startswith("refused: mine.db was replaced by another file copied over it")
    finally:
        if window.poll() is None:
            window.kill()
        store.close()
    assert path.read_bytes() == copied
    with Store.open(path) as again:
        assert again.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert [row["name"] for row in again.rows("programs")] == ["Theirs"]
