"""The export dialog, driven by keyboard on a copy of sample.db: scope, format, privacy, path."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

from textual.widgets import Input, Static

from desk.paths import FOLDER_PREF
from store import Store
from tui.app import MatchDeskApp
from tui.screens.dialogs import ConfirmDialog
from tui.screens.exporting import ExportScreen
from tui.screens.programs import ProgramsScreen

TODAY = dt.date(2026, 11, 26)
RED_FLAG_TEXT = "caring for my father"  # from the sample's first red flag explanation


async def settle(pilot) -> None:
    """Let the export worker finish and its message be handled."""
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()


async def open_export(pilot) -> ExportScreen:
    await pilot.press("x")
    assert isinstance(pilot.app.screen, ExportScreen)
    return pilot.app.screen


async def write_and_close(pilot) -> None:
    await pilot.press("enter")
    await settle(pilot)
    assert isinstance(pilot.app.screen, ProgramsScreen)


def read_csv(path: Path) -> list[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.reader(handle))


async def test_current_view_to_csv_writes_the_view_rows_and_columns(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("slash", *"state:OH", "enter")
        programs = app.screen
        view_ids = programs.table.keys()
        assert 0 < len(view_ids) < app.workspace.programs.height
        names = dict(zip(app.workspace.programs["id"], app.workspace.programs["name"], strict=True))

        screen = await open_export(pilot)
        path = Path(screen.query_one("#export-path", Input).value)
        assert path == sample_copy.with_name("sample-copy-programs.csv")  # next to the database
        assert not screen.query_one("#export-private-warning").display
        await write_and_close(pilot)

    rows = read_csv(path)
    headers, body = rows[0], rows[1:]
    assert len(headers) == len(programs.state.columns)
    assert headers[:4] == ["Program", "Eligibility", "Tier", "Fit (computed)"]  # the view's order
    assert "Notes" not in headers and "Why this program" not in headers  # hidden columns stay out
    assert [row[0] for row in body] == [names[i] for i in view_ids]
    tiers = {row[headers.index("Tier")] for row in body}
    assert tiers & {"Reach", "Target", "Safety"}  # computed values are written, not blanks
    assert RED_FLAG_TEXT not in path.read_text(encoding="utf-8-sig")


async def test_red_flags_only_with_private_data_on(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    folder = sample_copy.parent
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        await pilot.press("tab", "right", "right")  # What: all tables
        assert screen.query_one("#export-path", Input).value == str(folder / "sample-copy-export.csv")
        await write_and_close(pilot)
        written = sorted(p.name for p in folder.glob("sample-copy-export-*.csv"))
        assert written == ["sample-copy-export-contacts.csv", "sample-copy-export-interviews.csv",
                           "sample-copy-export-programs.csv", "sample-copy-export-rank_lists.csv"]
        assert not any(RED_FLAG_TEXT in (folder / name).read_text(encoding="utf-8-sig") for name in written)

        screen = await open_export(pilot)
        await pilot.press("tab", "right", "right", "tab", "right")  # all tables, include private
        warning = screen.query_one("#export-private-warning", Static)
        assert warning.display and "Private data on" in str(warning.content)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)  # the four files written above exist
        assert app.screen.question.count("is a text file") == 4
        await pilot.press("y")
        await settle(pilot)
        assert isinstance(app.screen, ProgramsScreen)
    red_flags = folder / "sample-copy-export-red_flags.csv"
    assert RED_FLAG_TEXT in red_flags.read_text(encoding="utf-8-sig")


async def test_markdown_asks_before_replacing_and_a_bad_path_is_explained(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    target = sample_copy.with_name("sample-copy-programs.md")
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        await pilot.press("right", "right")  # Format: Markdown
        assert screen.query_one("#export-path", Input).value == str(target)
        await write_and_close(pilot)
        assert target.read_text(encoding="utf-8").startswith("# MatchDesk export")

        target.write_text("keep me", encoding="utf-8")
        await open_export(pilot)
        await pilot.press("right", "right", "enter")
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("n")
        assert target.read_text(encoding="utf-8") == "keep me"

        screen = app.screen
        assert isinstance(screen, ExportScreen)  # still open, nothing written
        blocker = sample_copy.with_name("a-file")
        blocker.write_text("", encoding="utf-8")
        path_input = screen.query_one("#export-path", Input)
        path_input.value = str(blocker / "out.csv")  # a folder that cannot exist
        path_input.focus()
        await pilot.press("enter")
        await settle(pilot)
        assert "Export failed" in str(screen.query_one("#export-error", Static).content)
        assert app.screen is screen and not (blocker / "out.csv").exists()
        await pilot.press("escape")
        assert isinstance(app.screen, ProgramsScreen)


async def test_a_served_app_exports_only_inside_its_folder(sample_copy: Path, tmp_path_factory,
                                                           monkeypatch) -> None:
    from importers.files import FILES_FOLDER_ENV

    monkeypatch.setenv(FILES_FOLDER_ENV, str(sample_copy.parent))  # as `matchdesk serve` runs it
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        path_input = screen.query_one("#export-path", Input)
        for outside in (elsewhere / "out.csv", sample_copy.parent / ".." / elsewhere.name / "out.csv"):
            path_input.value = str(outside)
            path_input.focus()
            await pilot.press("enter")
            await settle(pilot)
            assert "outside" in str(screen.query_one("#export-error", Static).content)
            assert app.screen is screen
        assert list(elsewhere.iterdir()) == []
        path_input.value = str(sample_copy.with_name("inside.csv"))
        await write_and_close(pilot)
    assert sample_copy.with_name("inside.csv").is_file()


async def test_the_dialog_refuses_a_database_and_names_what_it_would_replace(sample_copy: Path) -> None:
    import sqlite3
    from contextlib import closing

    other = sample_copy.with_name("other.sqlite")
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    before = other.read_bytes()
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        path_input = screen.query_one("#export-path", Input)
        for target, what in ((sample_copy, "the open database"), (Path(f"{sample_copy}-wal"), "-wal"),
                             (other, "an SQLite database")):
            path_input.value = str(target)
            path_input.focus()
            await pilot.press("enter")
            await settle(pilot)
            error = str(screen.query_one("#export-error", Static).content)
            assert what.strip("-") in error and "would destroy it" in error
            assert app.screen is screen  # no question asked, nothing written
        existing = sample_copy.with_name("mine.csv")
        existing.write_text("Program\nA\n", encoding="utf-8")
        path_input.value = str(existing)
        await pilot.press("enter")
        assert isinstance(app.screen, ConfirmDialog)
        assert "is a text file of 10 bytes, last changed" in app.screen.question
        await pilot.press("n")
    assert other.read_bytes() == before
    with closing(sqlite3.connect(sample_copy)) as connection:
        assert connection.execute("PRAGMA quick_check").fetchone() == ("ok",)


async def test_the_dialog_starts_in_the_last_folder_used_and_reads_relative_paths_there(
        sample_copy: Path, tmp_path: Path, monkeypatch) -> None:
    folder = tmp_path / "for mentor"
    folder.mkdir()
    (folder / "draft-1.csv").write_text("old\n", encoding="utf-8")
    monkeypatch.chdir(sample_copy.parent)  # not where a relative path should land
    with Store.open(sample_copy) as store:
        store.set_pref(FOLDER_PREF, str(folder))
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        path = screen.query_one("#export-path", Input)
        assert Path(path.value) == folder / "sample-copy-programs.csv"
        path.value = "dr"
        path.focus()
        await pilot.press("tab")
        assert path.value == "draft-1.csv"
        path.value = "mine.csv"
        await write_and_close(pilot)
    assert read_csv(folder / "mine.csv")[0]
    assert not (sample_copy.parent / "mine.csv").exists()


async def test_the_folder_written_to_is_where_the_next_export_starts(sample_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_export(pilot)
        screen.query_one("#export-path", Input).value = str(folder / "first.csv")
        await write_and_close(pilot)
        screen = await open_export(pilot)
        assert Path(screen.query_one("#export-path", Input).value).parent == folder
    with Store.open(sample_copy, readonly=True) as store:
        assert store.get_pref(FOLDER_PREF) == str(folder)
