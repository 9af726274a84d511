"""What a person sees, in a real terminal: MatchDesk beside VisiData under tmux at 120x40.

For 60, 5,000 and 50,000 programs (benchmarks/synthetic_db.py), VisiData opens a CSV of the
same rows and visible columns. Printed, each a median over the tries of this run:
- start: spawn -> the first program's name on screen;
- first key: the help key pressed at spawn (typed while the program starts) -> its help on
  screen: MatchDesk `?` -> "Keys and commands", VisiData ctrl+h -> "Feature Guides";
- scored (MatchDesk only): spawn -> the status line's count, shown once every program is scored;
- move: Down/Up -> the screen changes;
- edit: Enter in the name editor -> the new name is on screen and the editor is gone
  (VisiData: -> the screen changes);
- peak resident memory (VmHWM) once the table is shown and one edit was made;
- MatchDesk's own split of an edit (benchmarks/timed_matchdesk.py): save, rescore, repaint,
  wait for the frame, render the frame, write it.
The screen is polled with `tmux capture-pane` (~2-4 ms a look), so latencies carry that much.

    python benchmarks/bench_terminal.py [--sizes 60,5000,50000] [--starts 3] [--moves 20] [--edits 10]
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(HERE))

from synthetic_db import synthetic_db  # noqa: E402

USER_ENVIRONMENT = dict(os.environ)  # before anything imports Polars
ALLOCATOR = "_RJEM_MALLOC_CONF"
SOCKET = "matchdesk-bench"  # a tmux server of our own, apart from anyone else's
WIDTH, HEIGHT = 120, 40
EDITOR_EDGES = ("╭", "█▀", "▊", "▔")


def tmux(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run(["tmux", "-L", SOCKET, *args], capture_output=True, text=True)


def screen(name: str, colours: bool = True) -> str:
    return tmux("capture-pane", "-p", *(["-e"] if colours else []), "-t", name).stdout


def spawn(name: str, command: list[str]) -> float:
    tmux("kill-session", "-t", name)
    shell = "exec " + " ".join(_quote(part) for part in command)
    started = time.perf_counter()
    subprocess.run(["tmux", "-L", SOCKET, "new-session", "-d", "-s", name, "-x", str(WIDTH),
                    "-y", str(HEIGHT), shell], check=True)
    return started


def _quote(text: str) -> str:
    return "'" + text.replace("'", "'\\''") + "'"


def wait_for(name: str, text: str, limit: float = 60.0) -> float:
    started = time.perf_counter()
    while time.perf_counter() - started < limit:
        if text in screen(name, False):
            return time.perf_counter()
        time.sleep(0.003)
    raise SystemExit(f"timed out waiting for {text!r}:\n{screen(name, False)}")


def keys(name: str, *pressed: str) -> None:
    tmux("send-keys", "-t", name, *pressed)


def peak_rss_mb(name: str) -> float:
    pid = tmux("display-message", "-p", "-t", name, "#{pane_pid}").stdout.strip()
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Program:
    """How to run one program on one data set, and what shows it is ready."""

    def __init__(self, label: str, command: list[str], ready: str, edit_done: str,
                 help_key: tuple[str, str], scored: str | None = None) -> None:
        self.label, self.command, self.ready, self.edit_done = label, command, ready, edit_done
        self.help_key, self.scored = help_key, scored

    def start_seconds(self, name: str) -> tuple[float, float | None]:
        """Spawn -> ready, and spawn -> scored (None for a program that does not score)."""
        started = spawn(name, self.command)
        try:
            ready = wait_for(name, self.ready) - started
            return ready, None if self.scored is None else wait_for(name, self.scored) - started
        finally:
            tmux("kill-session", "-t", name)

    def first_key_seconds(self, name: str) -> float:
        key, shown = self.help_key
        started = spawn(name, self.command)
        try:
            keys(name, key)
            return wait_for(name, shown) - started
        finally:
            tmux("kill-session", "-t", name)

    def session(self, name: str, moves: int, edits: int) -> tuple[list[float], list[float], float]:
        spawn(name, self.command)
        try:
            wait_for(name, self.scored or self.ready)  # the first paint shows before the app reads
            time.sleep(1.5)  # let start-up work (scoring, caches) finish
            move_ms = [self._move(name, "Down" if i % 2 == 0 else "Up") for i in range(moves)]
            edit_ms = [self._edit(name, f"Aaa{i} Bayou") for i in range(edits)]
            return move_ms, edit_ms, peak_rss_mb(name)
        finally:
            tmux("kill-session", "-t", name)

    @staticmethod
    def _move(name: str, key: str) -> float:
        before = screen(name)
        started = time.perf_counter()
        keys(name, key)
        while screen(name) == before and time.perf_counter() - started < 5:
            pass
        elapsed = (time.perf_counter() - started) * 1000
        time.sleep(0.25)
        return elapsed

    def _edit(self, name: str, text: str) -> float:
        keys(name, "e")
        time.sleep(0.6)
        keys(name, "C-u")
        time.sleep(0.2)
        keys(name, "-l", text)
        time.sleep(0.4)
        before = screen(name)
        started = time.perf_counter()
        keys(name, "Enter")
        while time.perf_counter() - started < 5:
            if self.edit_done == "text shown, editor gone":
                shown = screen(name, False)
                if text in shown and not any(line.lstrip().startswith(EDITOR_EDGES)
                                             for line in shown.splitlines()):
                    break
            elif screen(name) != before:
                break
        elapsed = (time.perf_counter() - started) * 1000
        time.sleep(0.4)
        return elapsed


def export_csv(db: Path, target: Path) -> str:
    """The rows and columns MatchDesk shows (its saved view), as a CSV; returns the first name."""
    from desk.view import DEFAULT_COLUMNS, ViewState, apply_view
    from desk.workspace import Workspace
    from store import Store
    from tui.screens.programs import COLUMNS_PREF

    with Store.open(db) as store:
        saved = store.get_pref(COLUMNS_PREF)
        state = ViewState.from_json(saved) if saved else ViewState(columns=list(DEFAULT_COLUMNS))
        frame = apply_view(Workspace(store).programs, state).select(state.columns)
    frame.write_csv(target)
    return frame["name"][0]


def median(values: list[float]) -> float:
    return statistics.median(values) if values else float("nan")


def edit_split(path: Path) -> list[float]:
    lines = [[float(x) for x in line.split()] for line in path.read_text().splitlines() if line.strip()]
    return [median([line[i] for line in lines]) for i in range(6)] if lines else [float("nan")] * 6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="60,5000,50000")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10)
    args = parser.parse_args()
    if not shutil.which("tmux") or not shutil.which("vd"):
        raise SystemExit("needs tmux and VisiData (pip install visidata) on PATH")
    python = sys.executable
    # Importing Polars here (export_csv) sets its allocator's settings in this process's
    # environment; the programs measured start with the environment a user's shell gives them.
    environment = ["env", *(["-u", ALLOCATOR] if ALLOCATOR not in USER_ENVIRONMENT else []), f"PYTHONPATH={ROOT}"]
    print(f"tmux {WIDTH}x{HEIGHT}; medians over {args.starts} starts, {args.moves} moves, "
          f"{args.edits} edits per program and size; ratio = MatchDesk / VisiData")
    with tempfile.TemporaryDirectory() as scratch:
        scratch = Path(scratch)
        for size in (int(s) for s in args.sizes.split(",")):
            source = synthetic_db(size)
            csv = scratch / f"programs-{size}.csv"
            first = export_csv(source, csv)[:14]  # VisiData cuts names at 17
            db = scratch / f"md-{size}.db"
            timings = scratch / f"edits-{size}.txt"
            shutil.copyfile(source, db)
            help_key, counted = ("?", "Keys and commands"), f"of {size} programs"
            ours = Program("MatchDesk", [*environment, python, "-m", "tui.cli", str(db)], first,
                           "text shown, editor gone", help_key, counted)
            timed = Program("MatchDesk", [*environment, python, str(HERE / "timed_matchdesk.py"),
                                          str(db), str(timings)], first, "text shown, editor gone", help_key, counted)
            peer = Program("VisiData", [*environment, "HOME=" + str(scratch), shutil.which("vd"),
                                        str(csv)], first, "screen changed", ("C-h", "Feature Guides"))
            os.chdir(ROOT)
            start, scored, first_key = {}, [], {}
            for program in (ours, peer):
                name = f"start-{program.label}"
                runs = [program.start_seconds(name) for _ in range(args.starts)]
                start[program.label] = [ready * 1000 for ready, _ in runs]
                scored += [done * 1000 for _, done in runs if done is not None]
                first_key[program.label] = [program.first_key_seconds(name) * 1000 for _ in range(args.starts)]
            md_move, md_edit, md_rss = timed.session("md", args.moves, args.edits)
            vd_move, vd_edit, vd_rss = peer.session("vd", args.moves, args.edits)
            figures = (("start", start["MatchDesk"], start["VisiData"]),
                       ("first key", first_key["MatchDesk"], first_key["VisiData"]),
                       ("move", md_move, vd_move), ("edit", md_edit, vd_edit))
            for label, mine, theirs in figures:
                print(f"{size:>6} programs  {label:<9}  MatchDesk {median(mine):7.1f} ms (max {max(mine):7.1f})"
                      f"  VisiData {median(theirs):7.1f} ms (max {max(theirs):7.1f})"
                      f"  ratio {median(mine) / median(theirs):5.2f}")
            print(f"{size:>6} programs  scored     MatchDesk {median(scored):7.1f} ms (max {max(scored):7.1f})"
                  f"  (every score shown; VisiData has none)")
            print(f"{size:>6} programs  peak RSS  MatchDesk {md_rss:6.0f} MB  VisiData {vd_rss:6.0f} MB")
            save, rescore, repaint, wait, render, write = edit_split(timings)
            print(f"{size:>6} programs  edit split (median ms): save {save:.2f}  rescore {rescore:.2f}  "
                  f"repaint {repaint:.2f}  wait for frame {wait:.2f}  render frame {render:.2f}  "
                  f"write {write:.2f}")


if __name__ == "__main__":
    main()
