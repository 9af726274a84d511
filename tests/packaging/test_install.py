"""The wheel, installed the way a user installs it: built, put into a fresh virtual environment
(not editable), and run from another folder with the shipped sample."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from pty_screen import start_until_shown
from tui.cli import SUBCOMMANDS, __version__

REPO = Path(__file__).resolve().parents[2]
FIRST_TABLE_TEXT = "60 programs"  # the scored status line, in its long or its narrow form ("60/60 programs")

pytestmark = pytest.mark.packaging


def clean_env(home: Path, path: str) -> dict[str, str]:
    """No PYTHONPATH or virtual environment of the test run leaks in; data goes to `home`."""
    env = {k: v for k, v in os.environ.items()
           if k not in ("PYTHONPATH", "VIRTUAL_ENV", "PYTHONHOME") and not k.startswith("PYTEST")}
    return {**env, "HOME": str(home), "XDG_DATA_HOME": str(home / "data"), "PATH": path}


def run(argv: list[str], **kwargs) -> str:
    result = subprocess.run(argv, capture_output=True, text=True, timeout=900, **kwargs)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory) -> Path:
    """The bin folder of a fresh venv with the wheel installed (dependencies from the pip cache)."""
    root = tmp_path_factory.mktemp("install")
    run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--quiet", "-w", str(root / "dist"), str(REPO)])
    [wheel] = (root / "dist").glob("matchdesk-*.whl")
    assert wheel.name.startswith(f"matchdesk-{__version__}-")
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
    assert "store/sample.db" in names and "tui/matchdesk.tcss" in names
    run([sys.executable, "-m", "venv", str(root / "venv")])
    bin_dir = root / "venv" / "bin"
    run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", str(wheel)])
    return bin_dir


def test_the_installed_command_runs_from_another_folder(installed: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(tmp_path, f"{installed}{os.pathsep}{os.environ['PATH']}")
    matchdesk = str(installed / "matchdesk")
    assert run([matchdesk, "--version"], cwd=elsewhere, env=env) == f"matchdesk {__version__}\n"
    help_text = run([matchdesk, "--help"], cwd=elsewhere, env=env)
    assert all(f"\n  {name} " in help_text for name in SUBCOMMANDS)
    located = run([str(installed / "python"), "-c", "import tui; print(tui.__file__)"], cwd=elsewhere, env=env)
    assert "site-packages" in located, "the installed copy runs, not the checkout"


def test_the_installed_app_starts_on_the_shipped_sample(installed: Path, tmp_path: Path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    env = clean_env(tmp_path, f"{installed}{os.pathsep}{os.environ['PATH']}")
    shown = start_until_shown([str(installed / "matchdesk"), "--sample"], FIRST_TABLE_TEXT,
                              cwd=elsewhere, env=env)
    assert "Programs" in shown or "programs" in shown
    copy = tmp_path / "data" / "matchdesk" / "sample-copy.db"
    assert copy.is_file() and list((copy.parent / "backups").glob("sample-copy.*.daily.db"))
    assert list(elsewhere.iterdir()) == [], "nothing is written into the working folder"
