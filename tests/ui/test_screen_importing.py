"""The import screen, driven by keyboard on a copy of sample.db: mapping, preview, write, cancel."""

from __future__ import annotations

import csv
import datetime as dt
import sqlite3
import time
from pathlib import Path

from textual.widgets import DataTable, Input, ProgressBar, Static

from desk.paths import FOLDER_PREF
from importers.files import FILES_FOLDER_ENV
from store import Store
from tui.app import MatchDeskApp
from tui.screens.dialogs import ConfirmDialog
from tui.screens.import_choosers import FieldChooser
from tui.screens.importing import ImportScreen

TODAY = dt.date(2026, 11, 26)
SAMPLE_PROGRAMS = 60
LAKEMONT = "Lakemont Regional Medical Center Diagnostic Radiology"
HEADERS = ["Program", "City", "Specialty", "State", "Step 2 min", "Remarks", "Favourite colour"]
SMALL = [
    [LAKEMONT, "Toledo", "DR", "OH", "235", "Updated by import", "chartreuse"],  # an existing program
    ["Zephyr Valley Hospital DR", "Dayton", "DR", "OH", "228", "New one", "vermilion"],
    ["Quartz Bay Medical Center IM", "Reno", "IM", "NV", "220", "", "cerulean"],
]


def write_csv(path: Path, rows: list[list[str]], headers: list[str] = HEADERS) -> Path:
    with path.open("w", newline="", encoding="utf-8") as handle:
        csv.writer(handle).writerows([headers, *rows])
    return path


def programs(db: Path) -> dict[str, dict]:
    with Store.open(db, readonly=True) as store:
        return {row["name"]: row for row in store.rows("programs")}


async def until(pilot, condition, timeout: float = 15.0) -> None:
    """Wait for the workers' messages to reach the screen."""
    deadline = time.monotonic() + timeout
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting for the screen"
        await pilot.pause(0.02)


async def open_import(pilot, path: Path) -> ImportScreen:
    """Press i on the programs screen, give the path, and wait for the preview (or the error)."""
    await pilot.press("i")
    pilot.app.screen.query_one(Input).value = str(path)  # the path prompt; typing it adds nothing
    await pilot.press("enter")
    await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
    screen = pilot.app.screen
    await until(pilot, lambda: screen.current_plan is not None or screen.query_one("#import-problem").display)
    return screen


def mapping_rows(screen: ImportScreen) -> dict[str, list[str]]:
    table = screen.query_one("#mapping", DataTable)
    return {str(cells[0]): [str(c) for c in cells] for cells in
            (table.get_row_at(i) for i in range(table.row_count))}


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).content)


async def test_map_preview_write_and_the_mapping_is_remembered(sample_copy: Path, tmp_path: Path) -> None:
    path = write_csv(tmp_path / "programs.csv", SMALL)
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, path)
        rows = mapping_rows(screen)
        assert list(rows) == HEADERS
        assert rows["Remarks"][1:2] == ["Notes"] and rows["Remarks"][2].startswith("Updated by import")
        assert rows["Favourite colour"][1] == "(keep as a note)"
        assert rows["Step 2 min"][3] == "100%"
        counts = text_of(screen, "#import-counts")
        assert "New 2" in counts and "Updated 1" in counts and "Rejected 0" in counts
        assert "Favourite colour" in text_of(screen, "#import-notes")

        # Remarks -> Culture, by keyboard: move to the row, enter, narrow the list, enter.
        await pilot.press("down", "down", "down", "down", "down", "enter")
        await until(pilot, lambda: isinstance(app.screen, FieldChooser))
        await pilot.press(*"culture", "enter")
        await until(pilot, lambda: app.screen is screen and screen.current_plan is not None)
        assert mapping_rows(screen)["Remarks"][1] == "Culture"
        assert mapping_rows(screen)["Remarks"][4] == "manual"
        changes = screen.query_one("#changes", DataTable)
        assert "Step 2 min 230 → 235" in str(changes.get_row_at(0)[3])

        await pilot.press("w")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        assert app.workspace.programs.height == SAMPLE_PROGRAMS + 2  # the spreadsheet reloaded

        # The same headers, in another order: the confirmed mapping is proposed again.
        again = write_csv(tmp_path / "again.csv", [["teal", "remark", "231", "OH", "DR", "Akron",
                                                      "Another Hospital DR"]], headers=HEADERS[::-1])
        screen = await open_import(pilot, again)
        rows = mapping_rows(screen)
        assert rows["Remarks"][1] == "Culture" and rows["Favourite colour"][1] == "(keep as a note)"
        assert {row[4] for row in rows.values() if row[0] != "Favourite colour"} == {"remembered"}
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))

    after = programs(sample_copy)
    assert len(after) == SAMPLE_PROGRAMS + 2
    assert after[LAKEMONT]["step2_min"] == 235
    assert after[LAKEMONT]["culture_notes"] == "Updated by import"
    assert after[LAKEMONT]["notes"].startswith("Coordinator answered")  # Remarks no longer feeds notes
    zephyr = after["Zephyr Valley Hospital DR"]
    assert [zephyr[k] for k in ("city", "state", "specialty", "step2_min")] == ["Dayton", "OH", "DR", 228]
    assert zephyr["culture_notes"] == "New one" and zephyr["notes"] == "Favourite colour: vermilion"
    assert after["Quartz Bay Medical Center IM"]["specialty"] == "IM"
    # the unknown column is kept as a note line, after what the program's notes already said
    assert after[LAKEMONT]["notes"].endswith("\nFavourite colour: chartreuse")
    assert "Another Hospital DR" not in after  # closed without writing


async def test_unreadable_file_then_rejected_values_refuse_the_write_until_skipped(sample_copy: Path,
                                                                            tmp_path: Path) -> None:
    path = write_csv(tmp_path / "bad.csv", [
        ["Good Hope Hospital DR", "Dayton", "DR", "OH", "230", "", ""],
        ["Bad Step Hospital DR", "Akron", "DR", "OH", "999", "", ""],
    ])
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, tmp_path / "missing.csv")
        problem = text_of(screen, "#import-problem")
        assert "Cannot read the file" in problem and "does not exist" in problem
        await pilot.press("w")
        assert app.screen is screen
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))

        screen = await open_import(pilot, path)
        assert "Rejected 1" in text_of(screen, "#import-counts")
        rejections = screen.query_one("#rejections", DataTable)
        assert rejections.display and rejections.row_count == 1
        file, line, column, value, reason = (str(c) for c in rejections.get_row_at(0))
        assert (file, line, column, value) == ("bad.csv", "3", "Step 2 min", "999")
        assert "300" in reason

        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("n")
        await until(pilot, lambda: app.screen is screen)
        assert "Nothing was written" in text_of(screen, "#import-status")
        assert len(programs(sample_copy)) == SAMPLE_PROGRAMS

        await pilot.press("w")
        await until(pilot, lambda: isinstance(app.screen, ConfirmDialog))
        await pilot.press("y")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
    after = programs(sample_copy)
    assert "Good Hope Hospital DR" in after and "Bad Step Hospital DR" not in after
    assert len(after) == SAMPLE_PROGRAMS + 1


async def test_cancelling_a_large_write_leaves_the_database_unchanged(sample_copy: Path,
                                                                     tmp_path: Path) -> None:
    rows = [[f"Generated Hospital {i} DR", "Springfield", "DR", "IL", "230", "", ""] for i in range(3000)]
    path = write_csv(tmp_path / "large.csv", rows)
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, path)
        assert screen.current_plan.counts["new"] == 3000
        bar = screen.query_one("#progress", ProgressBar)
        # Another writer holds the database, so the import is surely still running when c is
        # pressed: the write waits for the lock, then finds the cancel and rolls back.
        other = sqlite3.connect(sample_copy, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")
        try:
            await pilot.press("w")
            await until(pilot, lambda: bar.total == 3000 and screen.writing)
            mapping = screen.query_one("#mapping", DataTable)
            await pilot.press("down")  # the screen answers keys while the worker waits and writes
            assert mapping.cursor_row == 1
            await pilot.press("c")
        finally:
            other.execute("ROLLBACK")
            other.close()
        await until(pilot, lambda: not screen.writing)
        assert isinstance(app.screen, ImportScreen)
        assert "Cancelled: nothing was written" in text_of(screen, "#import-status")
        assert len(programs(sample_copy)) == SAMPLE_PROGRAMS
        await pilot.press("escape")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
    assert len(programs(sample_copy)) == SAMPLE_PROGRAMS


async def test_the_specialties_of_an_nrmp_file_are_chosen_in_the_mapping_screen(sample_copy: Path) -> None:
    from tui.screens.import_choosers import SpecialtyChooser

    nrmp = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "nrmp_long.csv"
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, nrmp)
        assert screen.current_plan.left_out_specialties == {"Anesthesiology": 1}
        assert "Left out 1 row(s) of other specialties: Anesthesiology 1" in text_of(screen, "#import-notes")
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SpecialtyChooser))
        chooser = app.screen
        ticks = chooser.query_one("#ticks")
        ticks.deselect("TY")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.current_plan is not None)
        assert screen.current_plan.left_out_specialties == {"Anesthesiology": 1, "TY": 1}


async def test_an_nrmp_import_fills_the_match_history_and_says_how_many_years(sample_copy: Path) -> None:
    nrmp = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "nrmp_long.csv"
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await open_import(pilot, nrmp)
        await pilot.press("w")
        await until(pilot, lambda: not isinstance(app.screen, ImportScreen))
        with Store.open(sample_copy, readonly=True) as store:
            code = {r["program_code"]: r["id"] for r in store.rows("programs", "program_code IS NOT NULL")}
            years = sorted((r["year"], r["quota"], r["matched"]) for r in store.rows(
                "match_history", "program_id = ?", (code["1234420A0"],)))
        assert years == [(2024, 4, 4), (2025, 5, 5), (2026, 6, 6)]
        assert any("program-years of Match history added" in str(n.message)
                   for n in app._notifications)


async def type_path(pilot, text: str) -> None:
    await pilot.press(*text) if text else None
    await pilot.pause()


async def test_a_relative_path_is_read_from_the_database_folder_even_when_served(
        sample_copy: Path, tmp_path: Path, monkeypatch) -> None:
    """The working directory is elsewhere and the served app may only touch the database's folder:
    a bare file name still imports, and the folder is remembered for next time."""
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    monkeypatch.setenv(FILES_FOLDER_ENV, str(sample_copy.parent))
    write_csv(sample_copy.parent / "programs.csv", SMALL)
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        assert str(sample_copy.parent) in text_of(pilot.app.screen, "#path-hint")
        await type_path(pilot, "programs.csv")
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
        screen = pilot.app.screen
        await until(pilot, lambda: screen.current_plan is not None or screen.query_one("#import-problem").display)
        assert screen.current_plan is not None, text_of(screen, "#import-problem")
        assert screen.path == sample_copy.parent / "programs.csv"
    with Store.open(sample_copy, readonly=True) as store:
        assert store.get_pref(FOLDER_PREF) == str(sample_copy.parent)


async def test_tab_completes_names_and_lists_them_when_several(sample_copy: Path, tmp_path: Path) -> None:
    folder = tmp_path / "downloads"
    (folder / "old files").mkdir(parents=True)
    write_csv(folder / "ranking-2025.csv", SMALL)
    write_csv(folder / "ranking-2026.csv", SMALL)
    with Store.open(sample_copy) as store:
        store.set_pref(FOLDER_PREF, str(folder))  # the folder last used with this database
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("i")
        dialog = pilot.app.screen
        path = dialog.query_one(Input)
        assert str(folder) in text_of(dialog, "#path-hint")
        await type_path(pilot, "rank")
        await pilot.press("tab")
        assert path.value == "ranking-202"
        assert text_of(dialog, "#path-hint") == "ranking-2025.csv  ranking-2026.csv"
        assert path.has_focus
        await type_path(pilot, "6")
        await pilot.press("tab")
        assert path.value == "ranking-2026.csv"
        path.value = "ol"
        await pilot.press("tab")
        assert path.value == "old files/"
        path.value = "ranking-2026.csv"
        await pilot.press("enter")
        await until(pilot, lambda: isinstance(pilot.app.screen, ImportScreen))
        assert pilot.app.screen.path == folder / "ranking-2026.csv"


async def test_any_nrmp_specialty_can_be_ticked_in_the_chooser(sample_copy: Path) -> None:
    from tui.screens.import_choosers import SpecialtyChooser

    nrmp = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "nrmp_long.csv"
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        screen = await open_import(pilot, nrmp)
        await pilot.press("s")
        await until(pilot, lambda: isinstance(app.screen, SpecialtyChooser))
        chooser = app.screen
        ticked = [c for c in chooser.choices if c in chooser.ticked]
        assert chooser.choices[:len(ticked)] == tuple(ticked)  # the ticked ones come first
        assert "Anesthesiology" in chooser.choices and "Psychiatry" in chooser.choices
        chooser.query_one("#ticks").select("Anesthesiology")
        await pilot.press("enter")
        await until(pilot, lambda: app.screen is screen and screen.current_plan is not None)
        plan = screen.current_plan
        assert plan.left_out_specialties == {}
        assert [r.values["track"] for r in plan.rows if r.values.get("specialty") == "Anesthesiology"] == ["Advanced"]
