"""Edit latency and start-up time of the spreadsheet, beside Textual's stock DataTable.

For 300, 5,000 and 50,000 programs it prints the median and p90 of one edit, measured two ways:
- key: the enter key that saves an open editor -> saved -> rescored -> changed cells repainted
  (Pilot, headless, waiting for the screen refresh); the peer binds a key to the same work.
- work: save + rescore + update the table + render the visible lines, without the event loop.
Then one edit's time split into its steps (medians), from the enter key to the frame written:
- save: the store's write to SQLite; rescore: scoring.rescore_rows; workspace: the rest of the
  workspace's write path (the saved cell put in the frame, the scored rows patched, the
  applicant assessed again when the edit moved a tier count, subscribers told);
- repaint: the spreadsheet's repaint of the changed rows, status line and detail pane;
- render: the next frame's changed lines rendered to terminal text; write: that text written
  to a pseudo-terminal (Textual's headless driver, made to write), with its size in bytes.
Then the time from process start to the first rendered table on sample.db and at 50,000 rows.
Polars runs with the threads the app sets (tui/cli.py).

    python benchmarks/bench_edit.py [--sizes 300,5000,50000] [--runs 25]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import os
import threading
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from tui.cli import pin_polars_threads  # noqa: E402

pin_polars_threads()  # as `matchdesk` runs, before Polars loads

import polars as pl  # noqa: E402
import textual  # noqa: E402
from textual.app import App  # noqa: E402
from textual.drivers.headless_driver import HeadlessDriver  # noqa: E402
from textual.screen import Screen  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from bench_peer import load_peer_table, peer_edit  # noqa: E402
from synthetic_db import SAMPLE, synthetic_db  # noqa: E402
import desk.workspace  # noqa: E402
from desk.workspace import Workspace  # noqa: E402
from store import Store  # noqa: E402
from tui.app import MatchDeskApp  # noqa: E402
from tui.screens.programs import ProgramsScreen  # noqa: E402
from tui.widgets.grid import FrameTable  # noqa: E402

TODAY = dt.date(2026, 11, 26)
SIZE = (120, 40)


def summary(samples: list[float]) -> tuple[float, float]:
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(0.9 * len(ordered)))]


def working_copy(db: Path, scratch: Path, name: str) -> Path:
    target = scratch / name
    shutil.copyfile(db, target)
    return target


def visible_render(widget) -> None:
    widget.render_lines(widget.scrollable_content_region.reset_offset)


async def scored(app, pilot) -> None:
    """Wait until the tables are read (in steps, by a worker started after the first frame)
    and scored: an edit before that is refused."""
    while app.workspace is None:
        await app.workers.wait_for_complete()
        await pilot.pause(0.05)
    await pilot.pause()


async def matchdesk_edits(db: Path, runs: int) -> tuple[list[float], list[float]]:
    app = MatchDeskApp(db, today=TODAY)
    key_ms, work_ms = [], []
    async with app.run_test(size=SIZE) as pilot:
        await scored(app, pilot)
        screen = app.screen
        table = screen.query_one(FrameTable)
        program_id = table.cursor_key
        for i in range(runs):
            table.move_cursor_to_key(program_id, "step2_min")
            await pilot.press("e", *str(220 + i % 30))
            start = time.perf_counter()
            await pilot.press("enter")
            await pilot.pause()
            key_ms.append((time.perf_counter() - start) * 1000)
        for i in range(runs):
            start = time.perf_counter()
            rows = app.workspace.set_program_value(program_id, "step2_min", 221 + i % 30)
            screen.repaint(rows)
            visible_render(table)
            work_ms.append((time.perf_counter() - start) * 1000)
    return key_ms, work_ms


class EditClock:
    """Wall-clock and CPU seconds per step of the edit path, summed while one edit runs (in
    this process only: the shipped app carries no timing code)."""

    def __init__(self) -> None:
        self.marks: dict[str, tuple[float, float]] = {}
        self.bytes_written = 0

    def add(self, name: str, wall: float, cpu: float) -> None:
        before = self.marks.get(name, (0.0, 0.0))
        self.marks[name] = (before[0] + wall, before[1] + cpu)

    def timed(self, name: str, function):
        def wrapper(*args, **kwargs):
            start, start_cpu = time.perf_counter(), time.process_time()
            try:
                return function(*args, **kwargs)
            finally:
                self.add(name, time.perf_counter() - start, time.process_time() - start_cpu)
        return wrapper

    def install(self) -> None:
        Store.set_value = self.timed("save", Store.set_value)
        desk.workspace.rescore_rows = self.timed("rescore", desk.workspace.rescore_rows)
        Workspace.set_program_value = self.timed("workspace", Workspace.set_program_value)
        ProgramsScreen.repaint = self.timed("repaint", ProgramsScreen.repaint)
        Screen._compositor_refresh = self.timed("render", Screen._compositor_refresh)

    def split(self) -> dict[str, tuple[float, float]]:
        """One edit's steps as (wall, CPU) ms, each outer step without the inner ones it calls."""
        def ms(name: str, *inner: str) -> tuple[float, float]:
            wall, cpu = self.marks.get(name, (0.0, 0.0))
            for other in inner:
                wall, cpu = wall - self.marks.get(other, (0.0, 0.0))[0], cpu - self.marks.get(other, (0.0, 0.0))[1]
            return wall * 1000, cpu * 1000
        return {"save": ms("save"), "rescore": ms("rescore"), "workspace": ms("workspace", "save", "rescore"),
                "repaint": ms("repaint"), "render": ms("render", "write"), "write": ms("write")}


CLOCK = EditClock()


class PtyDriver(HeadlessDriver):
    """The headless driver, except that each frame is rendered and written to a
    pseudo-terminal, whose other end a thread reads and drops, as a terminal would."""

    @property
    def is_headless(self) -> bool:
        return False

    def start_application_mode(self) -> None:
        self.terminal, self.screen_side = os.openpty()
        threading.Thread(target=self._drain, daemon=True).start()
        super().start_application_mode()

    def _drain(self) -> None:
        try:
            while os.read(self.terminal, 65536):
                pass
        except OSError:
            pass  # closed at the end of the run

    def write(self, data: str) -> None:
        start = time.perf_counter()
        view = memoryview(data.encode("utf-8"))
        CLOCK.bytes_written += len(view)
        start_cpu = time.process_time()
        while view:
            view = view[os.write(self.screen_side, view):]
        CLOCK.add("write", time.perf_counter() - start, time.process_time() - start_cpu)

    def stop_application_mode(self) -> None:
        super().stop_application_mode()
        os.close(self.screen_side)
        os.close(self.terminal)


class PtyMatchDeskApp(MatchDeskApp):
    def get_driver_class(self):
        return PtyDriver


async def matchdesk_edit_split(db: Path, runs: int) -> tuple[list[dict[str, tuple[float, float]]], int]:
    """Each edit's steps, from the enter key to the first frame written after the repaint, and
    the bytes that frame wrote."""
    app = PtyMatchDeskApp(db, today=TODAY)
    splits = []
    async with app.run_test(size=SIZE, headless=False) as pilot:
        await scored(app, pilot)
        table = app.screen.query_one(FrameTable)
        program_id = table.cursor_key
        for i in range(runs):
            table.move_cursor_to_key(program_id, "step2_min")
            await pilot.press("e", *str(231 + i % 30))
            await pilot.pause(0.05)
            CLOCK.marks, CLOCK.bytes_written = {}, 0
            await pilot.press("enter")
            for _ in range(100):  # until the frame with the repainted rows is written
                await pilot.pause(0.01)
                if "repaint" in CLOCK.marks and "write" in CLOCK.marks:
                    break
            splits.append(CLOCK.split())
    return splits, CLOCK.bytes_written


class PeerApp(App):
    BINDINGS = [("x", "edit", "edit")]

    def __init__(self, db: Path) -> None:
        super().__init__()
        self.db = db
        self.workspace = None
        self.value = 220

    def compose(self):
        yield DataTable(id="programs")

    def on_mount(self) -> None:
        self.workspace = load_peer_table(self.query_one(DataTable), str(self.db))
        self.program_id = self.workspace.programs["id"][0]

    def action_edit(self) -> None:
        self.value = 220 + (self.value + 1) % 30
        peer_edit(self.query_one(DataTable), self.workspace, self.program_id, "step2_min", self.value)


async def peer_edits(db: Path, runs: int) -> tuple[list[float], list[float]]:
    app = PeerApp(db)
    key_ms, work_ms = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
        table = app.query_one(DataTable)
        for _ in range(runs):
            start = time.perf_counter()
            await pilot.press("x")
            await pilot.pause()
            key_ms.append((time.perf_counter() - start) * 1000)
        for i in range(runs):
            start = time.perf_counter()
            peer_edit(table, app.workspace, app.program_id, "step2_min", 221 + i % 30)
            visible_render(table)
            work_ms.append((time.perf_counter() - start) * 1000)
    return key_ms, work_ms


def startup_seconds(kind: str, db: Path, repeats: int) -> list[float]:
    probe = HERE / "startup_probe.py"
    samples = []
    for _ in range(repeats):
        start = time.time()
        out = subprocess.run([sys.executable, str(probe), kind, str(db)], capture_output=True,
                             text=True, check=True, cwd=HERE, timeout=600)
        samples.append(float(out.stdout.split()[0]) - start)
    return samples


def line(label: str, ours: list[float], peer: list[float] | None, unit: str = "ms") -> str:
    ours_median, ours_p90 = summary(ours)
    text = f"{label:<34} MatchDesk {ours_median:8.1f} / {ours_p90:8.1f} {unit}"
    if peer:
        peer_median, peer_p90 = summary(peer)
        text += f"   DataTable {peer_median:8.1f} / {peer_p90:8.1f} {unit}   ratio {peer_median / ours_median:5.1f}x"
    return text


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="300,5000,50000")
    parser.add_argument("--runs", type=int, default=25)
    parser.add_argument("--peer-max", type=int, default=5000,
                        help="largest size the stock DataTable is run at (it needs ~30 s to load 50,000)")
    args = parser.parse_args()
    sizes = [int(s) for s in args.sizes.split(",")]
    CLOCK.install()
    print(f"Python {platform.python_version()}, Textual {textual.__version__}, Polars {pl.__version__}, "
          f"{platform.machine()}, cores {len(__import__('os').sched_getaffinity(0))}")
    print("median / p90")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for size in sizes:
            db = synthetic_db(size)
            key, work = asyncio.run(matchdesk_edits(working_copy(db, scratch, f"md-{size}.db"), args.runs))
            peer_key = peer_work = None
            if size <= args.peer_max:
                peer_key, peer_work = asyncio.run(peer_edits(working_copy(db, scratch, f"dt-{size}.db"), args.runs))
            print(line(f"edit, key to repaint, {size:,}", key, peer_key))
            print(line(f"edit, work + render, {size:,}", work, peer_work))
            splits, written = asyncio.run(matchdesk_edit_split(working_copy(db, scratch, f"split-{size}.db"),
                                                               args.runs))
            steps = "  ".join(f"{name} {statistics.median(s[name][0] for s in splits):.2f} "
                              f"({statistics.median(s[name][1] for s in splits):.2f})" for name in splits[0])
            print(f"edit split, {size:,}, median ms wall (CPU): {steps}; frame {written:,} bytes")
            if size > args.peer_max:
                print(f"  (DataTable not run at {size:,}: above --peer-max)")
        for label, db, peer in (("sample.db", SAMPLE, True), ("50,000 rows", synthetic_db(50_000), False)):
            copy = working_copy(db, scratch, f"start-{label}.db")
            ours = startup_seconds("matchdesk", copy, 5)
            theirs = startup_seconds("datatable", copy, 5) if peer else None
            print(line(f"start to first table, {label}", [s * 1000 for s in ours],
                       [s * 1000 for s in theirs] if theirs else None))
            if not peer:
                print("  (DataTable start at 50,000 rows not run: it loads for ~30 s)")


if __name__ == "__main__":
    main()
