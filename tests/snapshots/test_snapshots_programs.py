"""Pictures of the spreadsheet as a person sees it, on the sample, at two terminal sizes."""

from __future__ import annotations

from snapshot_steps import SIZES, steady
from tui.app import MatchDeskApp


@SIZES
def test_programs_screen(snap_compare, sample_app: MatchDeskApp, size) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=steady())


@SIZES
def test_detail_pane(snap_compare, sample_app: MatchDeskApp, size) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=steady("down", "down", "space"))
