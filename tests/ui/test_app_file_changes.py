"""The app notices at its next look that its file was moved away, before any edit is lost."""

from __future__ import annotations

import os
from pathlib import Path

from store import Store


async def test_the_app_says_so_at_its_next_look(tmp_path: Path):
    from tui.app import MatchDeskApp

    path = tmp_path / "mine.db"
    Store.open(path).close()
    app = MatchDeskApp(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        os.rename(path, tmp_path / "elsewhere.db")
        app.check_outside_changes()
        await pilot.pause()
        assert any("was moved to" in n.message for n in app._notifications)
