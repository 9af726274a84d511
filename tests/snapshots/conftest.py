"""The app on a private copy of sample.db with the date pinned."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from textual.app import App

from snapshot_steps import TODAY
from tui.app import MatchDeskApp

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"


@pytest.fixture
def sample_app(tmp_path: Path) -> MatchDeskApp:
    path = tmp_path / "sample.db"  # the header shows the file's name: the same in every run
    shutil.copyfile(SAMPLE, path)
    return MatchDeskApp(path, today=TODAY)


@pytest.fixture(autouse=True)
def merged_segments(monkeypatch: pytest.MonkeyPatch) -> None:
    """Photograph with neighbouring segments of one style merged: where a line happens to be split
    into segments depends on which partial repaints came first, and it changes nothing on screen."""
    export = App.export_screenshot
    monkeypatch.setattr(App, "export_screenshot",
                        lambda app, *args, **kwargs: export(app, *args, **{**kwargs, "simplify": True}))
