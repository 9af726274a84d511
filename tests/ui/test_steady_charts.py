"""A chart of the same data is the same picture on every launch, whatever the process's string
hash seed (plotext de-duplicated points through a set)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]
DRAW = """
import tui.screens.materials  # the screens import the fix before any chart is drawn
import plotext as plt
x = [1, 2, 3, 4, 5]
plt.plotsize(30, 14)
plt.plot(x, [245] * 5, marker="braille")
plt.plot(x, [226, 231, 236, 240, 243], marker="braille")
plt.xticks(x, ["02-14", "03-14", "04-04", "04-25", "05-16"])
print(plt.build())
"""


def drawn(seed: int) -> str:
    env = {**os.environ, "PYTHONHASHSEED": str(seed), "PYTHONPATH": str(REPO)}
    return subprocess.run([sys.executable, "-c", DRAW], env=env, cwd=REPO, capture_output=True,
                          text=True, check=True).stdout


def test_same_chart_under_every_hash_seed() -> None:
    first = drawn(1)
    assert "02-14" in first
    assert all(drawn(seed) == first for seed in (2, 3, 4))
