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
  wait for the frame, render the frame, write it; and the edit's path: Enter sent -> read by
  the app -> at the table -> save begun -> frame written -> shown (the app's moments and the
  probe's on one clock);
Each figure is measured by two probes (benchmarks/tmux_probe.py), one after the other:
- control: one tmux control-mode client sends the keys and reads the pane's output as tmux
  reads it; a latency ends at the output after which tmux's screen first shows the result;
- poll: a tmux process per key and per `capture-pane` look (~2-4 ms each), as the shared
  probes in /work/shared/tools do, so its latencies carry that much of the probe.

    python benchmarks/bench_terminal.py [--sizes 60,5000,50000] [--starts 3] [--moves 20] [--edits 10]
                                        [--probes control,poll]
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
from tmux_probe import HEIGHT, WIDTH, ControlProbe, PollingProbe  # noqa: E402

USER_ENVIRONMENT = dict(os.environ)  # before anything imports Polars
ALLOCATOR = "_RJEM_MALLOC_CONF"
EDITOR_EDGES = ("╭", "█▀", "▊", "▔")


def editor_gone_with(text: str):
    """The test for a finished edit: the new text on screen and no editor box left."""
    def done(shown: str) -> bool:
        return text in shown and not any(line.lstrip().startswith(EDITOR_EDGES) for line in shown.splitlines())
    return done


def peak_rss_mb(probe, name: str) -> float:
    for line in Path(f"/proc/{probe.pane_pid(name)}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Program:
    """How to run one program on one data set, and what shows it is ready."""

    def __init__(self, label: str, command: list[str], ready: str, edit_done: str,
                 help_key: tuple[str, str], scored: str | None = None) -> None:
        self.label, self.command, self.ready, self.edit_done = label, command, ready, edit_done
        self.help_key, self.scored = help_key, scored
        self.edit_moments: list[tuple[float, float]] = []  # (Enter sent, result shown) per edit

    def start_seconds(self, probe, name: str) -> tuple[float, float | None]:
        """Spawn -> ready, and spawn -> scored (None for a program that does not score)."""
        started = probe.spawn(name, self.command)
        try:
            ready = _shown(probe, name, self.ready) - started
            return ready, None if self.scored is None else _shown(probe, name, self.scored) - started
        finally:
            probe.kill(name)

    def first_key_seconds(self, probe, name: str) -> float:
        key, shown = self.help_key
        started = probe.spawn(name, self.command)
        try:
            probe.keys(name, key)
            return _shown(probe, name, shown) - started
        finally:
            probe.kill(name)

    def session(self, probe, name: str, moves: int, edits: int) -> tuple[list[float], list[float], float]:
        probe.spawn(name, self.command)
        try:
            _shown(probe, name, self.scored or self.ready)  # the first paint shows before the app reads
            time.sleep(1.5)  # let start-up work (scoring, caches) finish
            move_ms = [self._move(probe, name, "Down" if i % 2 == 0 else "Up") for i in range(moves)]
            edit_ms = [self._edit(probe, name, f"Aaa{i} Bayou") for i in range(edits)]
            return move_ms, edit_ms, peak_rss_mb(probe, name)
        finally:
            probe.kill(name)

    @staticmethod
    def _move(probe, name: str, key: str) -> float:
        before = probe.screen(name)
        started = probe.keys(name, key)
        elapsed = (probe.wait_until(name, lambda shown: shown != before, True, started) - started) * 1000
        time.sleep(0.25)
        return elapsed

    def _edit(self, probe, name: str, text: str) -> float:
        probe.keys(name, "e")
        time.sleep(0.6)
        probe.keys(name, "C-u")
        time.sleep(0.2)
        probe.keys(name, "-l", text)
        time.sleep(0.4)
        if self.edit_done == "text shown, editor gone":
            done, colours = editor_gone_with(text), False
        else:
            before = probe.screen(name)
            done, colours = (lambda shown: shown != before), True
        started = probe.keys(name, "Enter")
        shown = probe.wait_until(name, done, colours, started)
        self.edit_moments.append((started, shown))
        time.sleep(0.4)
        return (shown - started) * 1000


def _shown(probe, name: str, text: str) -> float:
    return probe.wait_until(name, lambda shown: text in shown, colours=False, limit=60.0)


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


def edit_path(path: Path, moments: list[tuple[float, float]]) -> list[float] | None:
    """Medians (ms) of Enter sent -> read by the app -> at the table -> save begun -> frame
    written -> shown, when the app's marks and the probe's pair up one to one."""
    lines = [[float(x) for x in line.split()[6:]] for line in path.read_text().splitlines() if line.strip()]
    if len(lines) != len(moments) or any(len(line) != 4 for line in lines):
        return None
    steps = [[read - sent, table - read, save - table, written - save, shown - written]
             for (sent, shown), (read, table, save, written) in zip(moments, lines)]
    return [median([step[i] * 1000 for step in steps]) for i in range(5)]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="60,5000,50000")
    parser.add_argument("--starts", type=int, default=3)
    parser.add_argument("--moves", type=int, default=20)
    parser.add_argument("--edits", type=int, default=10)
    parser.add_argument("--probes", default="control,poll",
                        help="control (one tmux control-mode client), poll (a tmux process per key and look)")
    args = parser.parse_args()
    if not shutil.which("tmux") or not shutil.which("vd"):
        raise SystemExit("needs tmux and VisiData (pip install visidata) on PATH")
    # Importing Polars here (export_csv) sets its allocator's settings in this process's
    # environment; the programs measured start with the environment a user's shell gives them.
    environment = ["env", *(["-u", ALLOCATOR] if ALLOCATOR not in USER_ENVIRONMENT else []), f"PYTHONPATH={ROOT}"]
    print(f"tmux {WIDTH}x{HEIGHT}; medians over {args.starts} starts, {args.moves} moves, "
          f"{args.edits} edits per program and size; ratio = MatchDesk / VisiData")
    socket = f"matchdesk-bench-{os.getpid()}"  # a tmux server of our own, apart from anyone else's
    kinds = {"control": ControlProbe, "poll": PollingProbe}
    probes = [kinds[kind](socket) for kind in args.probes.split(",")]
    try:
        measure(args, probes, environment)
    finally:
        for probe in probes:
            probe.close()
        subprocess.run(["tmux", "-L", socket, "kill-server"], capture_output=True)


def measure(args, probes, environment) -> None:
    python = sys.executable
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
            peer = Program("VisiData", [*environment, "HOME=" + str(scratch), shutil.which("vd"),
                                        str(csv)], first, "screen changed", ("C-h", "Feature Guides"))
            os.chdir(ROOT)
            figures, scored, rss, timed = {}, [], {}, {}
            for probe in probes:
                timings = scratch / f"edits-{size}-{probe.label}.txt"
                timed[probe.label] = (timings, Program(
                    "MatchDesk", [*environment, python, str(HERE / "timed_matchdesk.py"), str(db), str(timings)],
                    first, "text shown, editor gone", help_key, counted))
                for program in (ours, peer):
                    name = f"start-{program.label}"
                    runs = [program.start_seconds(probe, name) for _ in range(args.starts)]
                    scored += [done * 1000 for _, done in runs if done is not None]
                    first_key = [program.first_key_seconds(probe, name) * 1000 for _ in range(args.starts)]
                    watched = timed[probe.label][1] if program is ours else program
                    session = watched.session(probe, program.label, args.moves, args.edits)
                    move_ms, edit_ms, rss[program.label] = session
                    for label, values in (("start", [ready * 1000 for ready, _ in runs]),
                                          ("first key", first_key), ("move", move_ms), ("edit", edit_ms)):
                        figures[label, probe.label, program.label] = values
            for label in ("start", "first key", "move", "edit"):
                for probe in probes:
                    mine, theirs = figures[label, probe.label, "MatchDesk"], figures[label, probe.label, "VisiData"]
                    print(f"{size:>6} programs  {label:<9} {probe.label:<7}  MatchDesk {median(mine):7.1f} ms "
                          f"(max {max(mine):7.1f})  VisiData {median(theirs):7.1f} ms (max {max(theirs):7.1f})"
                          f"  ratio {median(mine) / median(theirs):5.2f}")
            print(f"{size:>6} programs  scored             MatchDesk {median(scored):7.1f} ms (max {max(scored):7.1f})"
                  f"  (every score shown; VisiData has none)")
            print(f"{size:>6} programs  peak RSS           MatchDesk {rss['MatchDesk']:6.0f} MB  "
                  f"VisiData {rss['VisiData']:6.0f} MB")
            for probe in probes:
                timings, program = timed[probe.label]
                save, rescore, repaint, wait, render, write = edit_split(timings)
                print(f"{size:>6} programs  edit split {probe.label:<7} (median ms): save {save:.2f}  "
                      f"rescore {rescore:.2f}  repaint {repaint:.2f}  wait for frame {wait:.2f}  "
                      f"render frame {render:.2f}  write {write:.2f}")
                steps = edit_path(timings, program.edit_moments)
                if steps is not None:
                    print(f"{size:>6} programs  edit path  {probe.label:<7} (median ms): Enter sent -> read "
                          f"{steps[0]:.2f}  -> at the table {steps[1]:.2f}  -> save begun {steps[2]:.2f}  "
                          f"-> frame written {steps[3]:.2f}  -> shown {steps[4]:.2f}")


if __name__ == "__main__":
    main()
