"""The import dialog with files it must refuse: a clear message for each, nothing written,
no hang (the pipe would block a read forever)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tests.importers.test_import_bad_files import BAD, make_bad_file
from tests.ui.test_screen_importing import open_import, text_of, until
from tui.app import MatchDeskApp
from tui.screens.importing import ImportScreen

TODAY = dt.date(2026, 11, 26)
KINDS = ["named pipe", "device", "odd UTF-16", "unpaired surrogate", "quote merges rows",
         "quote never closed", "huge cell", "broken link"]


async def test_each_bad_file_gets_its_message_and_nothing_is_written(sample_copy: Path, tmp_path: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        before = app.workspace.programs.height
        version = app.store.data_version()
        for kind in KINDS:
            screen = await open_import(pilot, make_bad_file(kind, tmp_path))
            problem = text_of(screen, "#import-problem")
            assert "Cannot read the file" in problem and BAD[kind] in problem, kind
            await pilot.press("w")  # nothing to write
            assert app.screen is screen
            await pilot.press("escape")
            await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        assert app.workspace.programs.height == before
        assert app.store.data_version() == version
