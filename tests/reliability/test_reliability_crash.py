"""Crash safety of the store: a process killed with SIGKILL mid-script loses nothing it reported.

A child writes a scripted sequence of edits through the store API and prints a line after each
call returns; the test kills it at a seeded random moment (60 times), reopens the file and
checks: every reported edit is there, no edit is half there (the file equals the script's state
after k or k + 1 steps, k being the steps reported), the file passes integrity_check, and the
undo log still takes the file back to where the script started and forward again.

The children are forked from one long-lived helper process that imported the store once, so
each kill costs milliseconds rather than a Python start-up; the helper sends the SIGKILL when
the test says so. Run as a script, this file is that helper.
"""

from __future__ import annotations

import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest

from store.store import Store

KILLS = 60
SEED = 20261126
STEPS = 48
PROGRAMS = 4  # programs in the starting file, ids 1..4


# --- the script (run by the child, and by the test to know every intermediate state) --------

def run_step(store: Store, i: int) -> None:
    """Edit number i: one store call each (plain edits, batches, inserts, deletes, undo)."""
    program = 1 + i % PROGRAMS
    kind = i % 6
    if kind == 0:
        store.set_value("programs", program, "notes", f"note {i}")
    elif kind == 1:
        store.set_value("programs", program, "residents_per_year", i)
    elif kind == 2:  # one undo step of three writes: all or nothing
        with store.batch(f"batch {i}"):
            store.set_value("programs", program, "step2_min", 200 + i)
            store.set_value("programs", 1 + (i + 1) % PROGRAMS, "img_percent", i + 0.5)
            store.insert_row("contacts", {"person": f"contact {i}", "program_id": program})
    elif kind == 3:
        with store.batch(f"add {i}"):
            added = store.insert_row("programs", {"name": f"added {i}", "img_presence": i % 2 == 0})
            store.insert_row("contacts", {"person": f"of added {i}", "program_id": added})
    elif kind == 4:  # the program added by the step before, taking its contact with it
        store.delete_row("programs", store.rows("programs", "name = ?", (f"added {i - 1}",))[0]["id"])
    elif i % 12 == 5:
        store.set_setting("weight.must", 1 + i % 5)
    else:
        store.undo()  # brings back the program deleted by the step before


def starting_file(path: Path) -> None:
    with Store.open(path) as store:
        for n in range(1, PROGRAMS + 1):
            store.insert_row("programs", {"name": f"Program {n}", "step2_min": 230})
        store.conn.execute("DELETE FROM change_log")  # the script's edits are the whole history


def snapshot(conn: sqlite3.Connection) -> dict[str, list[tuple]]:
    """Every row of every table; the undo log without its wall-clock times."""
    from db_tables import user_tables  # here: this file also runs as the helper script

    out = {}
    for table in user_tables(conn):
        columns = "grp, action, tbl, row_id, field, old, new, label, undone" if table == "change_log" else "*"
        out[table] = conn.execute(f'SELECT {columns} FROM "{table}" ORDER BY rowid').fetchall()
    return out


def without_log(state: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    return {table: rows for table, rows in state.items() if table != "change_log"}


# --- the helper process ---------------------------------------------------------------------

def say(text: str) -> None:
    """One whole line in one write: a kill cannot leave half a line in the pipe."""
    os.write(1, f"{text}\n".encode())


def helper() -> None:
    """For each database path read on stdin, fork a child that runs the script on it.

    The child says "pid N", then "step i" after each edit returns, then "finished". On "kill"
    from stdin the helper SIGKILLs the child (its own, not yet reaped: the pid cannot have been
    reused) and says "exit S".
    """
    say("ready")
    while db := sys.stdin.readline().strip():
        pid = os.fork()
        if pid == 0:
            try:
                say(f"pid {os.getpid()}")
                with Store.open(db) as store:
                    for i in range(STEPS):
                        run_step(store, i)
                        say(f"step {i}")
                say("finished")
            finally:
                os._exit(0)
        assert sys.stdin.readline().strip() == "kill"
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        say(f"exit {status}")


# --- the test -------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def expected_states(tmp_path_factory) -> tuple[Path, list[dict]]:
    """The starting file, and the file's state after 0, 1, ... STEPS steps of the script."""
    folder = tmp_path_factory.mktemp("crash")
    start = folder / "start.db"
    starting_file(start)
    reference = folder / "reference.db"
    shutil.copyfile(start, reference)
    states = []
    with Store.open(reference) as store:
        states.append(snapshot(store.conn))
        for i in range(STEPS):
            run_step(store, i)
            states.append(snapshot(store.conn))
    return start, states


def kill_at_random(helper_proc: subprocess.Popen, db: Path, rng: random.Random) -> tuple[int, bool]:
    """Run the script on db and SIGKILL it at a random moment: (steps reported, killed)."""
    def send(text: str) -> None:
        helper_proc.stdin.write(f"{text}\n")
        helper_proc.stdin.flush()

    send(str(db))
    assert helper_proc.stdout.readline().startswith("pid "), "the child did not start"
    reported = 0
    for _ in range(rng.randrange(0, STEPS * 3 // 4)):  # the child prints STEPS lines: never blocks
        line = helper_proc.stdout.readline()
        assert line == f"step {reported}\n", f"the child stopped early: {line!r}"
        reported += 1
    pause_until = time.perf_counter() + rng.uniform(0, 0.004)
    while time.perf_counter() < pause_until:  # a busy wait: sleep() is too coarse
        pass
    send("kill")
    finished = False
    for line in helper_proc.stdout:
        if line == f"step {reported}\n":
            reported += 1
        elif line == "finished\n":
            finished = True
        elif line.startswith("exit "):
            return reported, not finished
        else:
            raise AssertionError(f"unexpected line from the child: {line!r}")
    raise AssertionError("the helper process ended (or was stopped by the watchdog)")


def test_sigkill_at_random_moments_loses_no_reported_edit(expected_states, tmp_path: Path):
    start, states = expected_states
    rng = random.Random(SEED)
    helper_proc = subprocess.Popen([sys.executable, __file__], stdin=subprocess.PIPE,
                                   stdout=subprocess.PIPE, text=True, bufsize=1)
    watchdog = threading.Timer(60, helper_proc.kill)  # a stuck child fails the test, not CI
    watchdog.start()
    kills = 0
    seen_counts = set()
    try:
        assert helper_proc.stdout.readline().strip() == "ready"
        for trial in range(KILLS):
            db = tmp_path / f"trial-{trial}.db"
            shutil.copyfile(start, db)
            reported, killed = kill_at_random(helper_proc, db, rng)
            kills += killed
            with Store.open(db) as store:
                assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
                now = snapshot(store.conn)
                matches = [k for k in (reported, reported + 1) if k <= STEPS and now == states[k]]
                assert matches, (f"trial {trial}: after {reported} reported steps the file "
                                 "is neither that state nor the next one")
                done = matches[0]
                seen_counts.add(done)
                # The undo log is whole: back to the start, and forward again.
                undone = 0
                while store.undo():
                    undone += 1
                assert without_log(snapshot(store.conn)) == without_log(states[0]), f"trial {trial}"
                for _ in range(undone):
                    assert store.redo(), f"trial {trial}: redo history lost"
                assert without_log(snapshot(store.conn)) == without_log(states[done]), f"trial {trial}"
            db.unlink()
    finally:
        watchdog.cancel()
        helper_proc.stdin.close()
        helper_proc.wait(timeout=10)
    assert kills >= 50, f"only {kills} of {KILLS} children were killed before they finished"
    assert len(seen_counts) >= 10, f"kills landed at too few points of the script: {sorted(seen_counts)}"


if __name__ == "__main__":
    helper()
