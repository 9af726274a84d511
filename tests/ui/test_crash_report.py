"""An unexpected error: a short message on the terminal and a private crash report, neither
holding the private text the failing code had in hand."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

from store.store import Store

# The child: the real app, headless, whose programs screen fails while holding a red flag's
# explanation in a local variable.
CHILD = """
import sys
from store.store import Store
from tui.app import MatchDeskApp
from tui.screens.programs import ProgramsScreen

def failing_rebuild(self):
    red_flag_explanation = self.app.store.rows("red_flags")[0]["explanation"]
    raise RuntimeError("the screen failed")

ProgramsScreen.rebuild = failing_rebuild
app = MatchDeskApp(sys.argv[1])
app.run(headless=True, size=(120, 40))
sys.exit(app.return_code)
"""


def run_failing_app(db: Path, data_home: Path) -> subprocess.CompletedProcess:
    env = {**os.environ, "XDG_DATA_HOME": str(data_home), "PYTHONPATH": os.getcwd()}
    return subprocess.run([sys.executable, "-c", CHILD, str(db)], capture_output=True, text=True,
                          env=env, timeout=120)


def test_an_unexpected_error_prints_no_private_text_and_reports_without_locals(sample_copy, tmp_path):
    with Store.open(sample_copy, readonly=True) as store:
        explanation = store.rows("red_flags")[0]["explanation"]
    secret = explanation[:40]
    done = run_failing_app(sample_copy, tmp_path / "data")

    assert done.returncode == 1
    shown = done.stdout + done.stderr
    assert secret not in shown and "red_flag_explanation" not in shown
    assert "RuntimeError" in shown and "crash-" in shown
    reports = list((tmp_path / "data" / "matchdesk").glob("crash-*.txt"))
    assert len(reports) == 1 and str(reports[0]) in shown.splitlines()
    report = reports[0].read_text(encoding="utf-8")
    assert "failing_rebuild" in report and "RuntimeError: the screen failed" in report
    assert secret not in report
    assert reports[0].stat().st_mode & 0o777 == 0o600
