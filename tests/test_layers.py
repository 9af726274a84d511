"""The layers stay apart: the data and scoring layers never pull in the UI."""

from __future__ import annotations

import subprocess
import sys


def test_store_scoring_and_importers_import_without_textual() -> None:
    code = ("import sys, store, store.sample, scoring, importers.cli, importers.export; "
            "loaded = sorted(m for m in sys.modules if m.split('.')[0] == 'textual'); "
            "print(loaded); sys.exit(1 if loaded else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_scoring_never_touches_sqlite() -> None:
    code = ("import sys, scoring; "
            "sys.exit(1 if 'sqlite3' in sys.modules or 'store.store' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr


def test_the_store_reads_without_polars(tmp_path) -> None:
    """store/ knows SQLite and the registry only: frames are built in desk/frames.py."""
    code = ("import sys; from store import Store; from registry.fields import TABLES; "
            f"s = Store.open({str(tmp_path / 'm.db')!r}); "
            "[s.read_columns(t) for t in TABLES]; s.rows('programs'); s.search('x'); s.close(); "
            "sys.exit(1 if 'polars' in sys.modules else 0)")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
