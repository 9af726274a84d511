"""`matchdesk` runs Polars on one thread, unless the user chose a number."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CODE = "import tui.cli; tui.cli.pin_polars_threads(); import polars; print(polars.thread_pool_size())"


def threads(**chosen: str) -> str:
    env = {k: v for k, v in os.environ.items() if k != "POLARS_MAX_THREADS"}
    env.update(PYTHONPATH=str(ROOT), **chosen)
    return subprocess.run([sys.executable, "-c", CODE], capture_output=True, text=True, env=env,
                          check=True).stdout.strip()


def test_polars_runs_on_one_thread_unless_the_user_set_it() -> None:
    assert threads() == "1"
    assert threads(POLARS_MAX_THREADS="2") == "2"
