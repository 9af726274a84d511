"""Another MatchDesk process writing and checkpointing the same file at the same time is never
taken for a file copied over it: its checkpoints may be under way at the moment of a look."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store.store import Store

ROOT = Path(__file__).resolve().parents[2]
OTHER_WINDOW = """
import sys
from store.store import Store
with Store.open(sys.argv[1]) as store:
    for n in range(int(sys.argv[2])):
        store.set_value("programs", 1, "notes", "other %d " % n + "x" * 3000)
        store.conn.execute("PRAGMA wal_checkpoint(PASSIVE)")
        store.check_file()
print("done")
"""


def test_a_window_writing_while_another_process_checkpoints(tmp_path: Path):
    path = tmp_path / "shared.db"
    with Store.open(path) as store:
        store.insert_rows("programs", [{"name": f"P{n}", "notes": "z" * 1500} for n in range(1500)])
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    other = subprocess.Popen([sys.executable, "-c", OTHER_WINDOW, str(path), "300"], env=env,
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    writes = 0
    with Store.open(path) as store:
        while other.poll() is None or writes < 50:
            store.set_value("programs", 2 + writes % 1000, "notes", f"mine {writes} " + "y" * 3000)
            store.check_file()  # the poll, between edits
            writes += 1
    out, err = other.communicate(timeout=60)
    assert other.returncode == 0 and out.strip() == "done", err
    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert store.get("programs", 1)["notes"].startswith("other 299 ")
        assert store.get("programs", 2 + (writes - 1) % 1000)["notes"].startswith(f"mine {writes - 1} ")
