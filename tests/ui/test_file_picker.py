"""ctrl+o in the import and export dialogs picks the file from a list; served, the list stays
inside the database's folder."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input
from textual_fspicker.parts import DirectoryNavigation

from importers.files import FILES_FOLDER_ENV
from tui.app import MatchDeskApp
from tui.screens.dialogs import PathDialog
from tui.widgets.file_picker import FolderFileOpen, FolderFileSave

TODAY = dt.date(2026, 11, 26)


async def until(pilot, condition, tries: int = 50) -> None:
    for _ in range(tries):
        if condition():
            return
        await pilot.pause(0.05)
    assert condition()


def entry_names(navigation: DirectoryNavigation) -> list[str]:
    return [navigation.get_option_at_index(i).location.name for i in range(navigation.option_count)]


async def choose(pilot, navigation: DirectoryNavigation, name: str) -> None:
    await until(pilot, lambda: name in entry_names(navigation))
    navigation.highlighted = entry_names(navigation).index(name)
    await pilot.press("enter")  # the name goes into the picker's input
    await pilot.pause()
    await pilot.press("enter")  # and is chosen
    await pilot.pause()


async def test_browse_picks_a_file_into_the_import_dialog(sample_copy: Path) -> None:
    (sample_copy.parent / "programs.csv").write_text("Program\nLakemont\n")
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, FolderFileOpen))
        await choose(pilot, app.screen.query_one(DirectoryNavigation), "programs.csv")
        assert isinstance(app.screen, PathDialog)
        assert app.screen.query_one("#path", Input).value == "programs.csv"  # in the folder: its name


async def test_served_the_picker_stays_in_the_folder(sample_copy: Path, tmp_path_factory, monkeypatch) -> None:
    outside = tmp_path_factory.mktemp("outside")
    (outside / "secret.csv").write_text("Program\nX\n")
    monkeypatch.setenv(FILES_FOLDER_ENV, str(sample_copy.parent))  # as `matchdesk serve` runs it
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, FolderFileOpen))
        picker = app.screen
        navigation = picker.query_one(DirectoryNavigation)
        await until(pilot, lambda: sample_copy.name in entry_names(navigation))
        assert ".." not in entry_names(navigation)  # no way up
        navigation.location = outside  # as a typed folder would move it
        await pilot.pause(0.3)
        assert navigation.location == sample_copy.parent.resolve()
        assert "secret.csv" not in entry_names(navigation)
        picker_input = picker.query_one(Input)
        picker_input.value = str(outside / "secret.csv")
        picker_input.focus()
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is picker  # refused, said in the dialog's border
        assert "Only files in" in str(picker.query_one("Dialog").border_subtitle)


async def test_browse_in_the_export_dialog_picks_where_to_save(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("x")
        await pilot.pause()
        app.screen.query_one("#export-path", Input).focus()
        await pilot.press("ctrl+o")
        await until(pilot, lambda: isinstance(app.screen, FolderFileSave))
        app.screen.query_one(Input).value = "mine.md"
        app.screen.query_one(Input).focus()
        await pilot.press("enter")
        await until(pilot, lambda: not isinstance(app.screen, FolderFileSave))
        assert app.screen.query_one("#export-path", Input).value == "mine.md"
