"""The first paint (tui/first_paint.py): what it draws equals Textual's first frame, it loads
neither Textual nor Polars, and in a real terminal (a pty) a key typed meanwhile reaches the app
and the terminal is left as it was found."""

from __future__ import annotations

import datetime as dt
import json
import os
import pty
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path

import polars as pl
from fcntl import ioctl

from tui import first_paint
from tui.app import MatchDeskApp
from tui.widgets.grid import FrameTable

ROOT = Path(__file__).resolve().parents[2]
TODAY = dt.date(2026, 10, 15)
ESCAPES = re.compile(r"\x1b\[[0-9;?]*[a-zA-Z]")


def drawn_lines(path: Path, width: int, height: int) -> list[str]:
    with sqlite3.connect(path) as conn:
        columns = first_paint.read_first_screen(conn, height)
    screen = first_paint.draw(columns, f"MatchDesk — {path.name}", width, height, True)
    return [ESCAPES.sub("", line) for line in screen.split("\r\n")]


async def test_the_first_paint_draws_textuals_first_frame(sample_copy: Path) -> None:
    for width, height in ((120, 40), (80, 24)):
        app = MatchDeskApp(sample_copy, today=TODAY, first_rows_early=True)
        async with app.run_test(size=(width, height)):
            assert app.workspace is None  # the frame before reading and scoring
            textual = ["".join(s.text for s in strip) for strip in app.screen._compositor.render_strips()]
        ours = drawn_lines(sample_copy, width, height)
        assert len(ours) == height
        # every line but the footer, whose keys the first paint leaves to the app
        assert ours[:-1] == textual[:-1]


async def test_the_first_rows_are_the_scored_screens_first_rows(sample_copy: Path) -> None:
    with sqlite3.connect(sample_copy) as conn:
        ids = first_paint.first_program_ids(conn, 40)
        name, eligibility, tier = first_paint.read_first_screen(conn, 40)[:3]
    assert tier.name == "tier" and set(tier.values) == set(eligibility.values) == {None}  # not scored yet
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = app.screen.query_one("#programs", FrameTable)
        assert table.keys()[:40] == ids
        programs = app.workspace.programs
        assert [programs.filter(pl.col("id") == i)["name"][0] for i in ids] == name.values
        assert all(table.cell_text(row, "fit") for row in range(len(ids)))  # the scores came


def test_no_first_paint_off_a_terminal(sample_copy: Path) -> None:
    code = f"from pathlib import Path; from tui import first_paint; print(first_paint.paint(Path({str(sample_copy)!r})))"
    shown = subprocess.run([sys.executable, "-c", code], stdin=subprocess.DEVNULL, capture_output=True, text=True,
                           cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)}, check=True)
    assert (shown.stdout, shown.stderr) == ("None\n", "")  # nothing drawn, nothing written


def test_a_saved_filter_or_sort_or_no_programs_means_no_first_paint(sample_copy: Path) -> None:
    with sqlite3.connect(sample_copy) as conn:
        for view in ({"query": "tier:Target"}, {"sort": "fit"}, {"sort": "name", "descending": True}):
            conn.execute("INSERT OR REPLACE INTO prefs (key, value) VALUES (?, ?)",
                         (first_paint.COLUMNS_PREF, json.dumps(json.dumps(view))))
            assert first_paint.read_first_screen(conn, 40) is None
        conn.execute("INSERT OR REPLACE INTO prefs (key, value) VALUES (?, ?)",
                     (first_paint.COLUMNS_PREF, json.dumps(json.dumps({"columns": ["city", "name"]}))))
        assert [c.name for c in first_paint.read_first_screen(conn, 40)] == ["city", "name"]
        conn.execute("PRAGMA foreign_keys = ON")
        conn.execute("DELETE FROM programs")
        assert first_paint.read_first_screen(conn, 40) is None  # no programs: the app says so itself


# --- in a terminal ---------------------------------------------------------------------------


def run_in_terminal(code: list[str], *, typed: bytes = b"", until: bytes, env: dict | None = None,
                    interrupt: bool = False, limit: float = 90.0) -> tuple[bytes, int, list, list]:
    """Run a command on a new 120x40 pty; type `typed` (or send SIGINT) as soon as `until` is on
    screen. Returns what it drew, its exit code, and the terminal's attributes before and after."""
    leader, follower = pty.openpty()
    ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", 40, 120, 0, 0))
    before = termios.tcgetattr(follower)
    process = subprocess.Popen(code, stdin=follower, stdout=follower, stderr=follower, cwd=ROOT,
                               env={**os.environ, "PYTHONPATH": str(ROOT), "TERM": "xterm-256color",
                                    **(env or {})}, start_new_session=True)
    drawn, sent, started = b"", False, time.monotonic()
    try:
        while process.poll() is None and time.monotonic() - started < limit:
            if select.select([leader], [], [], 0.05)[0]:
                try:
                    drawn += os.read(leader, 65536)
                except OSError:
                    break
            if not sent and until in drawn:
                if interrupt:
                    process.send_signal(signal.SIGINT)
                else:
                    os.write(leader, typed)
                sent = True
        code = process.wait(timeout=5)
        while select.select([leader], [], [], 0.05)[0]:  # what it wrote just before it exited
            try:
                drawn += os.read(leader, 65536)
            except OSError:
                break
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    after = termios.tcgetattr(follower)
    os.close(leader)
    os.close(follower)
    return drawn, code, before, after


def test_a_key_typed_during_the_first_paint_reaches_the_app_and_the_terminal_is_restored(sample_copy: Path) -> None:
    first_name = drawn_lines(sample_copy, 120, 40)[3].split("…")[0].strip()[:20]
    drawn, code, before, after = run_in_terminal(
        [sys.executable, "-m", "tui.cli", str(sample_copy)], typed=b"q", until=first_name.encode())
    assert drawn.startswith(b"\x1b[?1049h\x1b[?25l\x1b[H")  # the first paint came first
    assert code == 0  # the q typed meanwhile quit the app
    assert after == before
    assert drawn.rstrip().endswith(b"\x1b[?1004l") or b"\x1b[?1049l" in drawn[-200:]


def test_the_first_paint_loads_neither_textual_nor_polars(sample_copy: Path, tmp_path: Path) -> None:
    report = tmp_path / "modules.json"
    code = ("import json, sys; from pathlib import Path; from tui import first_paint; "
            f"handover = first_paint.paint(Path({str(sample_copy)!r})); "
            "loaded = sorted(m for m in ('polars', 'textual', 'sqlite_utils', 'scoring') if m in sys.modules); "
            "quiet = not termios.tcgetattr(0)[3] & termios.ECHO if handover else None; "
            f"Path({str(report)!r}).write_text(json.dumps([handover is not None, loaded, quiet])); "
            "handover.restore()")
    drawn, status, before, after = run_in_terminal(
        [sys.executable, "-c", "import termios; " + code], until=b"\x00")
    assert status == 0, drawn[-2000:]
    assert json.loads(report.read_text()) == [True, [], True]  # painted, nothing heavy, no echo
    assert after == before


def test_no_first_paint_under_serve(sample_copy: Path, tmp_path: Path) -> None:
    report = tmp_path / "painted.json"
    code = (f"from pathlib import Path; from tui import first_paint; "
            f"Path({str(report)!r}).write_text(str(first_paint.paint(Path({str(sample_copy)!r}))))")
    run_in_terminal([sys.executable, "-c", code], until=b"\x00",
                    env={"TEXTUAL_DRIVER": "textual.drivers.web_driver:WebDriver"})
    assert report.read_text() == "None"


def test_an_interrupt_while_starting_leaves_no_traceback_and_the_terminal_as_found(sample_copy: Path) -> None:
    first_name = drawn_lines(sample_copy, 120, 40)[3].split("…")[0].strip()[:20]
    drawn, code, before, after = run_in_terminal(
        [sys.executable, "-m", "tui.cli", str(sample_copy)], interrupt=True, until=first_name.encode())
    assert b"Traceback" not in drawn and b"KeyboardInterrupt" not in drawn, drawn[-3000:]
    assert code in (0, 130)  # quit while starting, or by the started app itself
    assert after == before
    assert b"\x1b[?1049l" in drawn[-300:]  # the alternate screen was left
