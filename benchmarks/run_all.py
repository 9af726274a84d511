"""Run every benchmark a few times and write benchmarks/RESULTS.md.

Each benchmark script prints lines of figures. The same line from every run is reported once,
each number as its median over the runs with [min-max] beside it, so the spread is visible.

    python benchmarks/run_all.py [--repeats 3] [--only scoring,scoring-app,edit,grid,import,undo_log,terminal]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import re
import statistics
import subprocess
import sys
import time
from importlib.metadata import version
from pathlib import Path

HERE = Path(__file__).resolve().parent
NUMBER = re.compile(r"(?<![\w.])\d[\d,]*(?:\.\d+)?")
BENCHMARKS = {
    "scoring": ("bench_scoring.py", [], "Scoring: full recompute and the one-row path"),
    "scoring-app": ("bench_scoring.py", ["--app-threads"],
                    "Scoring with Polars' threads as the app sets them (tui/cli.py)"),
    "edit": ("bench_edit.py", [], "Spreadsheet: one edit and start-up, beside Textual's DataTable"),
    "grid": ("bench_grid.py", [], "Table widget alone, beside Textual's DataTable"),
    "import": ("bench_import.py", [], "Import of generated CSV files, beside VisiData"),
    "undo_log": ("bench_undo_log.py", [], "One edit before and after a 50,000-row import grew the undo log"),
    "terminal": ("bench_terminal.py", [], "In a real terminal (tmux 120x40): start, move, edit and memory, beside VisiData"),
}


def machine_facts() -> list[str]:
    libraries = ", ".join(f"{name} {version(name)}" for name in ("textual", "polars", "sqlite-utils"))
    load = ", ".join(f"{x:.2f}" for x in os.getloadavg())
    return [
        f"- Date: {dt.date.today().isoformat()}",
        f"- Machine: {platform.machine()}, {len(os.sched_getaffinity(0))} cores, {platform.system()}",
        f"- Python {platform.python_version()}; {libraries}; SQLite {__import__('sqlite3').sqlite_version}",
        f"- Load average when the run started: {load}",
    ]


def run(script: str, args: list[str]) -> str:
    result = subprocess.run([sys.executable, str(HERE / script), *args], capture_output=True,
                            text=True, cwd=HERE.parent, timeout=3600)
    if result.returncode != 0:
        raise SystemExit(f"{script} failed:\n{result.stdout}\n{result.stderr}")
    return result.stdout


def _value(text: str) -> float:
    return float(text.replace(",", ""))


def _format(values: list[float], sample: str) -> str:
    decimals = len(sample.split(".")[1]) if "." in sample else 0
    grouping = "," if "," in sample else ""
    spec = f"{grouping}.{decimals}f"
    shown = format(statistics.median(values), spec)
    if min(values) != max(values):
        shown += f" [{format(min(values), spec)}-{format(max(values), spec)}]"
    return shown


def _shape(line: str) -> str:
    """A line with its numbers and spacing taken out: the same figure in every run."""
    return " ".join(NUMBER.sub("#", line).split())


def combine(outputs: list[str]) -> list[str]:
    """One line per figure line, its numbers replaced by median [min-max] over the runs."""
    runs = [out.splitlines() for out in outputs]
    combined = []
    for index, line in enumerate(runs[0]):
        shape = _shape(line)
        same = [r[index] for r in runs if index < len(r) and _shape(r[index]) == shape]
        numbers = [NUMBER.findall(other) for other in same]
        if len(same) < 2 or not numbers[0]:
            combined.append(line)
            continue
        pieces = iter([_format([_value(n[i]) for n in numbers], numbers[0][i]) for i in range(len(numbers[0]))])
        combined.append(NUMBER.sub(lambda _: next(pieces), line))
    return combined


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--repeats", type=int, default=3)
    parser.add_argument("--only", default=",".join(BENCHMARKS))
    parser.add_argument("--out", type=Path, default=HERE / "RESULTS.md")
    args = parser.parse_args()
    sections = ["# MatchDesk benchmark results", "",
                f"Written by `python benchmarks/run_all.py --repeats {args.repeats}`. Every number is "
                f"the median of {args.repeats} runs, with [min-max] over the runs when they differ. "
                "Within a run, each script prints its own medians (and p90 where it says so).", "",
                *machine_facts(), ""]
    for name in args.only.split(","):
        script, extra, title = BENCHMARKS[name]
        started = time.perf_counter()
        outputs = [run(script, extra) for _ in range(args.repeats)]
        seconds = time.perf_counter() - started
        print(f"{name}: {args.repeats} runs in {seconds:.0f} s", file=sys.stderr)
        sections += [f"## {title}", "", f"`benchmarks/{script}`", "", "```", *combine(outputs), "```", ""]
    args.out.write_text("\n".join(sections), encoding="utf-8")
    print(f"wrote {args.out}", file=sys.stderr)


if __name__ == "__main__":
    main()
