"""Pictures of the spreadsheet as a person sees it, on the sample, at two terminal sizes."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tui.app import MatchDeskApp

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"


@pytest.fixture
def sample_app(tmp_path: Path) -> MatchDeskApp:
    path = tmp_path / "sample.db"
    shutil.copyfile(SAMPLE, path)
    return MatchDeskApp(path, today=dt.date(2026, 11, 26))


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_programs_screen(snap_compare, sample_app: MatchDeskApp, size) -> None:
    assert snap_compare(sample_app, terminal_size=size)


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
def test_detail_pane(snap_compare, sample_app: MatchDeskApp, size) -> None:
    assert snap_compare(sample_app, press=["down", "down", "space"], terminal_size=size)
