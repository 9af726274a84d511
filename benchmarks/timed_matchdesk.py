"""MatchDesk with its edit path timed: the same app, with timers wrapped around its steps in this
process only, so the shipped app carries no timing code. Run by bench_terminal.py under tmux.

    python benchmarks/timed_matchdesk.py DB TIMINGS_FILE

For each saved edit one line goes to TIMINGS_FILE: milliseconds spent in save (store),
rescore (the saved cell put in the frames, the row rescored), repaint (table, status line,
detail pane), the wait for the next frame, rendering that frame (the changed lines), and
writing it to the terminal; then four moments (seconds on the monotonic clock, which the
probe's perf_counter shares on Linux): the Enter key read from the terminal, that key reaching
the table, the save begun, and the frame written.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tui.cli import pin_polars_threads, return_freed_memory  # noqa: E402

pin_polars_threads()  # as `matchdesk` runs
return_freed_memory()

from desk.workspace import Workspace  # noqa: E402
from store import Store  # noqa: E402
from tui.app import MatchDeskApp  # noqa: E402
from tui.screens.programs import ProgramsScreen  # noqa: E402
from tui.widgets.grid import FrameTable  # noqa: E402


class EditClock:
    """Marks per edit; a line is written at the first frame written after the repaint."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.marks: dict[str, float] = {}

    def timed(self, name: str, function):
        def wrapper(*args, **kwargs):
            start = time.perf_counter()
            self.marks.setdefault(f"{name}.start", start)
            try:
                return function(*args, **kwargs)
            finally:
                self.marks[name] = self.marks.get(name, 0.0) + time.perf_counter() - start
                self.marks[f"{name}.end"] = time.perf_counter()
        return wrapper

    def frame_done(self, started: float, ended: float) -> None:
        if "repaint.end" not in self.marks or "write" not in self.marks:
            self.marks.pop("write", None)
            return
        m = self.marks
        figures = [m.get("save", 0.0), m.get("rescore", 0.0) - m.get("save", 0.0), m["repaint"],
                   started - m["repaint.end"], ended - started - m["write"], m["write"]]
        moments = [m.get("key.read", 0.0), m.get("key.table", 0.0), m.get("save.start", 0.0), ended]
        with self.out.open("a", encoding="utf-8") as file:
            file.write(" ".join([*(f"{x * 1000:.2f}" for x in figures), *(f"{x:.6f}" for x in moments)]) + "\n")
        self.marks = {}

    def key_seen(self, handler):
        async def wrapper(table, event):
            if event.key == "enter" and table.editor is not None:
                self.marks["key.read"], self.marks["key.table"] = event.time, time.perf_counter()
            return await handler(table, event)
        return wrapper


def main() -> None:
    db, out = sys.argv[1], Path(sys.argv[2])
    clock = EditClock(out)
    # set_program_value is save + rescore; the store's set_value alone is the save
    Workspace.set_program_value = clock.timed("rescore", Workspace.set_program_value)
    ProgramsScreen.repaint = clock.timed("repaint", ProgramsScreen.repaint)

    Store.set_value = clock.timed("save", Store.set_value)
    FrameTable._on_key = clock.key_seen(FrameTable._on_key)

    class TimedApp(MatchDeskApp):
        _display = clock.timed("write", MatchDeskApp._display)

    def frame(self) -> None:
        started = time.perf_counter()
        compositor_refresh(self)
        clock.frame_done(started, time.perf_counter())

    compositor_refresh = ProgramsScreen._compositor_refresh
    ProgramsScreen._compositor_refresh = frame

    TimedApp(db).run()


if __name__ == "__main__":
    main()
