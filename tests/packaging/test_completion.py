"""Tab completion: the shell code `matchdesk completion SHELL` prints, and the answers the
program gives when that code runs it on Tab."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
ENV = {**os.environ, "PYTHONPATH": str(REPO)}


def complete(line: str, tmp_path: Path) -> list[str]:
    """What matchdesk answers when bash asks for completions of `line` (cursor at its end)."""
    out = tmp_path / "completions.txt"
    env = {**ENV, "_ARGCOMPLETE": "1", "_ARGCOMPLETE_SHELL": "bash", "COMP_LINE": line,
           "COMP_POINT": str(len(line)), "_ARGCOMPLETE_STDOUT_FILENAME": str(out)}
    result = subprocess.run([sys.executable, "-m", "tui.cli"], env=env, cwd=REPO,
                            capture_output=True, text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    return sorted(out.read_text().split("\v"))


@pytest.mark.parametrize("line, expected", [
    ("matchdesk ", ["backup", "completion", "doctor", "export", "forget-history", "import", "restore", "serve",
                    "summary"]),
    ("matchdesk ex", ["export"]),
    ("matchdesk --s", ["--sample"]),
    ("matchdesk export --format ", ["csv", "md", "xlsx"]),
    ("matchdesk completion ", ["bash", "fish", "zsh"]),
    ("matchdesk summary --db tests/fix", ["tests/fixtures/"]),
])
def test_tab_completes_subcommands_options_choices_and_files(line, expected, tmp_path):
    answer = complete(line, tmp_path)
    if not line.split(" ")[-1].startswith("-"):
        answer = [word for word in answer if not word.startswith("-")]  # options are offered too
    assert [word.strip() for word in answer] == expected


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_code_registers_the_completion(tmp_path):
    script = f'eval "$({sys.executable} -m tui.cli completion bash)" && complete -p matchdesk'
    result = subprocess.run(["bash", "-c", script], env=ENV, cwd=REPO, capture_output=True,
                            text=True, timeout=60)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().endswith(" matchdesk")
