"""Crash safety of the app: MatchDesk killed with SIGKILL while a person is editing.

Each child runs the real app headless (Pilot), edits one cell again and again through the
keyboard (e, the number, enter) and prints a line after each edit is on screen. The test kills
the children after 1, 2 and 3 reported edits plus a seeded random delay (inside the next edit,
or between two), reopens each file and checks: every edit reported is saved, at most one more,
the file is intact and the undo log walks every edit back. The three run at once, to share
their start-up time. Run as a script, this file is the child.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import random
import shutil
import signal
import subprocess
import sys
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from store.store import Store

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
TODAY = dt.date(2026, 11, 26)
PROGRAM = 1  # Lakemont: Step 2 minimum 230 in the sample
ORIGINAL = 230
MAX_EDITS = 60  # edit i sets 200 + i, so the saved value tells how many edits were saved
TRIALS = 3
SEED = 7


async def edit_until_killed(db: str) -> None:
    from tui.app import MatchDeskApp
    from tui.widgets.grid import FrameTable

    app = MatchDeskApp(db, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        os.write(1, b"ready\n")  # one write per line: a kill cannot cut a line in two
        for i in range(1, MAX_EDITS + 1):
            table.move_cursor_to_key(PROGRAM, "step2_min")
            await pilot.press("e", *str(200 + i), "enter")
            await pilot.pause()
            assert app.screen.query_one("#programs").editor is None, "the edit was refused"
            os.write(1, f"edit {i}\n".encode())


def kill_after(child: subprocess.Popen, edits: int, delay: float) -> int:
    """Let the child report `edits` edits, wait `delay` s, SIGKILL it: edits reported in all."""
    assert child.stdout.readline().strip() == "ready", "the app did not start"
    for _ in range(edits):
        assert child.stdout.readline().startswith("edit"), "the child stopped before the kill"
    time.sleep(delay)  # somewhere inside the next edit, or between two
    os.kill(child.pid, signal.SIGKILL)
    reported = edits + sum(line.startswith("edit") for line in child.stdout)
    assert child.wait() == -signal.SIGKILL
    return reported


def check_file(db: Path, reported: int) -> None:
    with Store.open(db) as store:
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        value = store.get("programs", PROGRAM)["step2_min"]
        saved = 0 if value == ORIGINAL else value - 200
        assert saved in (reported, reported + 1), f"{reported} edits reported, the file holds {value}"
        undone = 0
        while store.undo():
            undone += 1
        assert undone == saved, f"{saved} edits saved but {undone} undo steps"
        assert store.get("programs", PROGRAM)["step2_min"] == ORIGINAL


def test_app_killed_mid_session_keeps_every_reported_edit(tmp_path: Path):
    rng = random.Random(SEED)
    plans = [(1 + trial, rng.uniform(0, 0.4)) for trial in range(TRIALS)]  # 1, 2, 3 edits
    children = []
    for trial in range(TRIALS):
        db = tmp_path / f"app-{trial}.db"
        shutil.copyfile(SAMPLE, db)
        db.chmod(0o600)
        children.append((db, subprocess.Popen([sys.executable, __file__, str(db)],
                                              stdout=subprocess.PIPE, text=True, bufsize=1)))
    watchdog = threading.Timer(90, lambda: [child.kill() for _, child in children])
    watchdog.start()
    try:
        # One thread per child, so that each kill lands on time while the others run.
        with ThreadPoolExecutor(TRIALS) as pool:
            reported = list(pool.map(kill_after, [c for _, c in children], *zip(*plans)))
        for (db, _), count in zip(children, reported, strict=True):
            check_file(db, count)
    finally:
        watchdog.cancel()
        for _, child in children:
            if child.poll() is None:
                child.kill()
                child.wait()


if __name__ == "__main__":
    asyncio.run(edit_until_killed(sys.argv[1]))
