"""Build MatchDesk as one executable file for this platform, with PyInstaller.

    pip install -e ".[bundle]"  &&  python packaging/build_bundle.py  [--out DIR]

writes DIR/matchdesk (default dist/matchdesk): no Python needed where it runs. Run it in the
environment MatchDesk's dependencies are installed in; PyInstaller copies them from there.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
ENTRY = REPO / "tui" / "cli.py"  # runs main() as a script
# Our packages import most modules inside functions, and the screens by name: take them all.
OUR_PACKAGES = ("registry", "store", "scoring", "importers", "desk", "tui")
# Textual loads widgets and Rich its Unicode tables through importlib; static analysis misses them.
LAZY_PACKAGES = ("textual", "rich", "textual_plotext", "platformdirs", "argcomplete")
DATA_PACKAGES = ("textual_serve",)  # its page, scripts and fonts for `matchdesk serve`
METADATA = ("textual",)  # textual.__version__ reads its package metadata
# Present in a developer's environment, never used by the app: keep them out of the file.
EXCLUDED = ("pytest", "_pytest", "hypothesis", "playwright", "pytest_textual_snapshot",
            "syrupy", "tkinter", "IPython", "PyInstaller", "setuptools", "pip")


def pyinstaller_arguments(out: Path, work: Path) -> list[str]:
    data = os.pathsep
    args = [str(ENTRY), "--onefile", "--name", "matchdesk", "--noconfirm", "--log-level", "WARN",
            "--distpath", str(out), "--workpath", str(work / "build"), "--specpath", str(work),
            "--paths", str(REPO),
            # store/paths.py looks for the sample beside itself
            "--add-data", f"{REPO / 'sample.db'}{data}store"]
    for style in sorted((REPO / "tui").rglob("*.tcss")):  # the screens' styles, where they sit
        args += ["--add-data", f"{style}{data}{style.parent.relative_to(REPO).as_posix()}"]
    for package in (*OUR_PACKAGES, *LAZY_PACKAGES):
        args += ["--collect-submodules", package]
    for package in DATA_PACKAGES:
        args += ["--collect-data", package]
    for package in METADATA:
        args += ["--copy-metadata", package]
    for module in EXCLUDED:
        args += ["--exclude-module", module]
    return args


def build(out: Path) -> Path:
    import PyInstaller.__main__

    with tempfile.TemporaryDirectory(prefix="matchdesk-bundle-") as work:
        PyInstaller.__main__.run(pyinstaller_arguments(out, Path(work)))
    executable = out / ("matchdesk.exe" if sys.platform == "win32" else "matchdesk")
    if not executable.is_file():
        raise SystemExit(f"PyInstaller did not write {executable}")
    return executable


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=REPO / "dist", help="output folder (default dist/)")
    args = parser.parse_args()
    started = time.monotonic()
    executable = build(args.out.absolute())
    size = executable.stat().st_size / 1024 ** 2
    print(f"Built {executable} ({size:.0f} MB) in {time.monotonic() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
