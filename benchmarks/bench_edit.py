"""Edit latency and start-up time of the spreadsheet, beside Textual's stock DataTable.

For 300, 5,000 and 50,000 programs it prints the median and p90 of one edit, measured two ways:
- key: the enter key that saves an open editor -> saved -> rescored -> changed cells repainted
  (Pilot, headless, waiting for the screen refresh); the peer binds a key to the same work.
- work: save + rescore + update the table + render the visible lines, without the event loop.
Then the time from process start to the first rendered table on sample.db and at 50,000 rows.

    python benchmarks/bench_edit.py [--sizes 300,5000,50000] [--runs 25]
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
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

import polars as pl  # noqa: E402
import textual  # noqa: E402
from textual.app import App  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from bench_peer import load_peer_table, peer_edit  # noqa: E402
from synthetic_db import SAMPLE, synthetic_db  # noqa: E402
from tui.app import MatchDeskApp  # noqa: E402
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


async def matchdesk_edits(db: Path, runs: int) -> tuple[list[float], list[float]]:
    app = MatchDeskApp(db, today=TODAY)
    key_ms, work_ms = [], []
    async with app.run_test(size=SIZE) as pilot:
        await pilot.pause()
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
