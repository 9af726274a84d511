"""The footer never hides keys silently: when they do not fit, the most important show, with
a hint that help lists the rest."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets._footer import FooterKey

from tui.app import MatchDeskApp
from tui.screens.registry import SCREENS
from tui.widgets.footer import fitting

TODAY = dt.date(2026, 11, 26)


def footer_keys(app: MatchDeskApp) -> list[str]:
    return [f"{key.key_display} {key.description}" for key in app.screen.query(FooterKey)]


def footer_width(app: MatchDeskApp) -> int:
    return sum(key.outer_size.width for key in app.screen.query(FooterKey))


def test_fitting_keeps_the_most_important_in_their_order() -> None:
    assert fitting([5, 5, 5, 5], [1, 9, 5, 9], 10) == [1, 3]
    assert fitting([5, 5, 5], [5, 5, 5], 10) == [0, 1]
    assert fitting([8, 3], [9, 1], 10) == [0]


@pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])
async def test_rank_list_footer_shows_save_version_and_a_more_hint(sample_copy: Path, size) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=size) as pilot:
        await pilot.press("f6")
        await pilot.pause(0.3)
        shown = footer_keys(app)
        assert "s Save version" in shown
        assert "? more" in shown and "? Help" not in shown
        assert "q Quit" in shown
        assert footer_width(app) <= size[0]
        if size[0] == 120:
            assert "m Move to" in shown
        else:
            assert "m Move to" not in shown  # less important, left out at 80 columns


async def test_every_screens_footer_fits_at_80_columns(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        for number, entry in enumerate(SCREENS, start=1):
            await pilot.press(f"f{number}")
            await pilot.pause(0.2)
            assert footer_width(app) <= 80, entry.scope
            shown = footer_keys(app)
            assert "q Quit" in shown, entry.scope
            assert "? more" in shown or "? Help" in shown, entry.scope


async def test_footer_shows_everything_when_it_fits(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.press("f6")
        await pilot.pause(0.3)
        shown = footer_keys(app)
        assert "? Help" in shown and "? more" not in shown
        assert "l Next list" in shown and "a Attach" in shown
