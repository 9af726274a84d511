"""What every snapshot shares: the pinned date, the two terminal sizes, and a way to photograph
the app once the keys are pressed, the workers are done and no cursor blinks."""

from __future__ import annotations

import datetime as dt
from collections.abc import Awaitable, Callable

import pytest
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

TODAY = dt.date(2026, 11, 26)
SIZES = pytest.mark.parametrize("size", [(120, 40), (80, 24)], ids=["120x40", "80x24"])


def steady(*keys: str, then: Callable[[Pilot], Awaitable[None]] | None = None):
    """A run_before: press the keys, run `then`, settle, and stop every cursor blinking (a
    blinking cursor is on in one picture and off in the next)."""

    async def run(pilot: Pilot) -> None:
        for key in keys:  # one at a time: a screen opened by one key takes the next
            await pilot.press(key)
            await pilot.pause()
        if then is not None:
            await then(pilot)
        await pilot.app.workers.wait_for_complete()
        await pilot.pause()
        for widget in pilot.app.screen.query("Input, TextArea"):
            if isinstance(widget, (Input, TextArea)):
                widget.cursor_blink = False
        await pilot.wait_for_scheduled_animations()
        await pilot.pause(0.2)  # on a loaded machine, messages a highlight posts may still be queued

    return run
