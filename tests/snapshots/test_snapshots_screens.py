"""Pictures of every screen after the spreadsheet (F2-F10, and each dashboard tab) on the sample,
at 120x40 and at 80x24, where every screen must stay readable."""

from __future__ import annotations

import pytest

from snapshot_steps import SIZES, steady
from tui.app import MatchDeskApp

SCREENS = {
    "profile": ("f2",),
    "priorities": ("f3",),
    "dashboard": ("f4",),
    "costs": ("f4", "c"),
    "signals": ("f4", "s"),
    "timeline": ("f4", "t"),
    "interviews": ("f5",),
    "rank_list": ("f6",),
    "outreach": ("f7",),
    "red_flags": ("f8",),
    "materials": ("f9",),
    "statements": ("f9", "s"),
    "why_this_program": ("f9", "w"),
    "practice_exams": ("f9", "p"),
    "settings": ("f10",),
}


@SIZES
@pytest.mark.parametrize("keys", SCREENS.values(), ids=SCREENS.keys())
def test_screen(snap_compare, sample_app: MatchDeskApp, keys, size) -> None:
    assert snap_compare(sample_app, terminal_size=size, run_before=steady(*keys))
