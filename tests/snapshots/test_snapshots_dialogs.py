"""Pictures of the dialogs over the spreadsheet (help, the command palette, the import prompt and
preview, export) on the sample, at 120x40 and at 80x24."""

from __future__ import annotations

import time
from pathlib import Path

import pytest
from textual.pilot import Pilot

from desk.paths import FOLDER_PREF
from snapshot_steps import SIZES, steady
from store.store import Store
from tui.app import MatchDeskApp
from tui.screens.importing import ImportScreen

FIXTURES = Path(__file__).resolve().parents[1] / "fixtures" / "import"
SHOWN_FOLDER = "/tmp"  # the dialogs print their start folder: one that is the same on every machine


@pytest.fixture
def app_in_fixed_folder(sample_app: MatchDeskApp) -> MatchDeskApp:
    with Store.open(sample_app.path) as store:
        store.set_pref(FOLDER_PREF, SHOWN_FOLDER)
    return sample_app


DIALOGS = {
    "help": ("question_mark",),
    "palette": ("ctrl+p",),
    "import_prompt": ("i",),
    "export": ("x",),
}


@SIZES
@pytest.mark.parametrize("keys", DIALOGS.values(), ids=DIALOGS.keys())
def test_dialog(snap_compare, app_in_fixed_folder: MatchDeskApp, keys, size) -> None:
    assert snap_compare(app_in_fixed_folder, terminal_size=size, run_before=steady(*keys))


async def import_preview(pilot: Pilot) -> None:
    """The mapping preview of a file named without its folder (it prints the name it was given)."""
    screen = ImportScreen("guide_research_sheet.csv")
    await pilot.app.push_screen(screen)
    deadline = time.monotonic() + 30
    while screen.current_plan is None:
        assert time.monotonic() < deadline, "the preview never came"
        await pilot.pause(0.02)


@SIZES
def test_import_preview(snap_compare, sample_app: MatchDeskApp, monkeypatch, size) -> None:
    monkeypatch.chdir(FIXTURES)
    assert snap_compare(sample_app, terminal_size=size, run_before=steady(then=import_preview))
