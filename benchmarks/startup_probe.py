"""Start an app headless on a database, print the wall-clock time when its programs table has
been rendered, and exit. Run by bench_edit.py as a fresh process for each measurement.

    python benchmarks/startup_probe.py matchdesk|datatable DB
"""

from __future__ import annotations

import sys
import time


def _report_and_exit(app) -> None:
    print(f"{time.time():.6f}", flush=True)
    app.exit()


def run_matchdesk(db: str) -> None:
    from tui.app import MatchDeskApp
    from tui.widgets.grid import FrameTable

    class Probe(MatchDeskApp):
        def on_mount(self) -> None:
            self._poll = self.set_interval(0.002, self._check)

        def _check(self) -> None:
            tables = self.screen.query(FrameTable)
            if tables and tables.first().row_count:
                self._poll.stop()
                self.call_after_refresh(_report_and_exit, self)

    Probe(db).run(headless=True, size=(120, 40))


def run_datatable(db: str) -> None:
    from textual.app import App
    from textual.widgets import DataTable

    from bench_peer import load_peer_table

    class Peer(App):
        def compose(self):
            yield DataTable(id="programs")

        def on_mount(self) -> None:
            load_peer_table(self.query_one(DataTable), db)
            self.call_after_refresh(_report_and_exit, self)

    Peer().run(headless=True, size=(120, 40))


if __name__ == "__main__":
    kind, path = sys.argv[1], sys.argv[2]
    (run_matchdesk if kind == "matchdesk" else run_datatable)(path)
