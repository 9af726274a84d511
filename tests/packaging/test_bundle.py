"""The one-file executable: built with PyInstaller, copied into an empty folder and run there
with no Python on PATH — the version, a summary, an import preview and the app's first table."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from pty_screen import start_until_shown
from tui.cli import __version__

REPO = Path(__file__).resolve().parents[2]
IMPORTS = REPO / "tests" / "fixtures" / "import"
FIRST_TABLE_TEXT = "60 programs"  # the scored status line, in its long or its narrow form ("60/60 programs")

pytestmark = pytest.mark.packaging


@pytest.fixture(scope="module")
def bundle(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("bundle")
    result = subprocess.run([sys.executable, str(REPO / "packaging" / "build_bundle.py"), "--out", str(out)],
                            capture_output=True, text=True, timeout=1500)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return out / "matchdesk"


@pytest.fixture
def folder(bundle: Path, tmp_path: Path) -> tuple[Path, dict[str, str]]:
    """An empty folder holding only the executable and a copy of the sample, and an
    environment whose PATH has no Python (nor anything else)."""
    here = tmp_path / "empty"
    here.mkdir()
    shutil.copy2(bundle, here / "matchdesk")
    shutil.copyfile(REPO / "sample.db", here / "copy.db")
    nothing = tmp_path / "no-programs"
    nothing.mkdir()
    env = {"PATH": str(nothing), "HOME": str(tmp_path / "home"), "LANG": "C.UTF-8",
           "TMPDIR": str(tmp_path)}
    return here, env


def run(folder: tuple[Path, dict[str, str]], *args: str) -> str:
    here, env = folder
    result = subprocess.run([str(here / "matchdesk"), *args], cwd=here, env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return result.stdout


def test_version_summary_and_doctor(folder):
    assert run(folder, "--version") == f"matchdesk {__version__}\n"
    assert run(folder, "-m", "tui.cli", "--version") == f"matchdesk {__version__}\n", \
        "serve's sessions start the bundle the way they would start Python"
    assert "Target" in run(folder, "summary", "--db", "copy.db")
    doctor = run(folder, "doctor", "--db", "copy.db")
    assert "(one-file bundle)" in doctor and "ok (quick_check)" in doctor


def test_import_preview_of_a_csv(folder):
    before = (folder[0] / "copy.db").read_bytes()
    out = run(folder, "import", str(IMPORTS / "update_existing.csv"), "--dry-run", "--db", "copy.db")
    assert "Dry run: nothing was written." in out
    assert (folder[0] / "copy.db").read_bytes() == before


def test_the_app_starts_to_its_first_table(folder):
    here, env = folder
    start_until_shown([str(here / "matchdesk"), "copy.db"], FIRST_TABLE_TEXT, cwd=here, env=env)
    assert list((here / "backups").glob("copy.*.daily.db")), "the day's first backup was made"
