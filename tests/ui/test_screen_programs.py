"""The research spreadsheet driven as a user drives it: keys in, table and database read back."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
from rich.console import Console
from textual.widgets import Static

from store import Store
from tui.app import MatchDeskApp
from tui.screens.explain import ExplainScreen
from tui.widgets.grid import FrameTable

TODAY = dt.date(2026, 11, 26)
LAKEMONT = 1  # Lakemont Regional Medical Center, DR: Step 2 minimum 230, eligible, Target


def make_app(path: Path) -> MatchDeskApp:
    return MatchDeskApp(path, today=TODAY)


def table_of(app: MatchDeskApp) -> FrameTable:
    return app.screen.query_one("#programs", FrameTable)


def cell(app: MatchDeskApp, program_id: int, column: str) -> str:
    table = table_of(app)
    return table.cell_text(table.row_for_key(program_id), column)


def stored(path: Path, program_id: int, field: str):
    with Store.open(path) as store:
        return store.get("programs", program_id)[field]


async def edit(pilot, app: MatchDeskApp, program_id: int, column: str, text: str) -> None:
    table_of(app).move_cursor_to_key(program_id, column)
    await pilot.press("e")
    await pilot.pause()
    assert app.screen.query_one("#programs").editor is not None
    await pilot.press(*text) if text else None
    await pilot.press("enter")
    await pilot.pause()


async def test_editing_step2_minimum_changes_eligibility_and_tier(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert cell(app, LAKEMONT, "eligibility") == "eligible"
        assert cell(app, LAKEMONT, "tier") == "Target"
        row_before = table_of(app).row_for_key(LAKEMONT)
        await edit(pilot, app, LAKEMONT, "step2_min", "250")
        assert app.screen.query_one("#programs").editor is None
        assert cell(app, LAKEMONT, "step2_min") == "250"
        assert cell(app, LAKEMONT, "eligibility") == "ineligible"
        assert cell(app, LAKEMONT, "tier") == ""
        # the row stays where it was and the cursor stays on it
        assert table_of(app).row_for_key(LAKEMONT) == row_before
        assert table_of(app).cursor_key == LAKEMONT
    assert stored(sample_copy, LAKEMONT, "step2_min") == 250


async def test_invalid_value_is_refused_with_the_rule_and_old_value_kept(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await edit(pilot, app, LAKEMONT, "step2_min", "abc")
        assert app.screen.query_one("#programs").editor is not None  # still open, with the reason
        message = app.screen.query_one("#programs").editor.error
        assert "Step 2 min must be a whole number from 1 to 300; got 'abc'" in message
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen.query_one("#programs").editor is None
        assert cell(app, LAKEMONT, "step2_min") == "230"
    assert stored(sample_copy, LAKEMONT, "step2_min") == 230


async def test_undo_and_redo_survive_a_restart(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await edit(pilot, app, LAKEMONT, "step2_min", "250")
        assert cell(app, LAKEMONT, "step2_min") == "250"
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert cell(app, LAKEMONT, "step2_min") == "250"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert cell(app, LAKEMONT, "step2_min") == "230"
        assert cell(app, LAKEMONT, "eligibility") == "eligible"
    assert stored(sample_copy, LAKEMONT, "step2_min") == 230
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+y")
        await pilot.pause()
        assert cell(app, LAKEMONT, "step2_min") == "250"
        assert cell(app, LAKEMONT, "eligibility") == "ineligible"
    assert stored(sample_copy, LAKEMONT, "step2_min") == 250


async def test_sort_by_column_and_reverse(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        table.move_cursor_to_key(LAKEMONT, "fit")
        await pilot.press("s")
        await pilot.pause()
        fits = [float(table.cell_text(r, "fit")) for r in range(table.row_count)
                if table.cell_text(r, "fit")]
        assert fits == sorted(fits)
        assert table.cursor_key == LAKEMONT  # the cursor follows the program, not the line
        await pilot.press("s")
        await pilot.pause()
        fits = [float(table.cell_text(r, "fit")) for r in range(table.row_count)
                if table.cell_text(r, "fit")]
        assert fits == sorted(fits, reverse=True)


async def test_search_and_field_filter(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        total = table.row_count
        await pilot.press("slash", *"lakemont", "enter")
        await pilot.pause()
        names = [table.cell_text(r, "name") for r in range(table.row_count)]
        assert names and all("Lakemont" in n for n in names)
        await pilot.press("slash", "ctrl+u", *"tier:Target state:OH,MI", "enter")
        await pilot.pause()
        assert table.row_count > 0
        for r in range(table.row_count):
            assert table.cell_text(r, "tier") == "Target"
            assert table.cell_text(r, "state") in ("OH", "MI")
        await pilot.press("slash", "ctrl+u", *"tierr:Target", "enter")
        await pilot.pause()
        error = str(app.screen.query_one("#query-error").render())
        assert "unknown field 'tierr'" in error
        assert table.row_count == total  # a bad filter shows everything, never a stale subset
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert table.row_count == total


async def test_saved_view_recalled_from_the_palette(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        await pilot.press("slash", *"visa:J-1 fit>60", "enter")
        await pilot.pause()
        filtered = table.row_count
        await pilot.press("v")
        await pilot.pause()
        await pilot.press(*"visa friendly", "enter")
        await pilot.pause()
        await pilot.press("slash", "escape")
        await pilot.pause()
        assert table.row_count > filtered
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"View: visa friendly")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.3)
        assert table.row_count == filtered
    with Store.open(sample_copy) as store:
        views = store.rows("saved_views")
    assert [(v["name"], v["filter"]) for v in views] == [("visa friendly", "visa:J-1 fit>60")]


async def test_add_and_delete_a_program(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        before = table.row_count
        await pilot.press("a")
        await pilot.pause()
        await pilot.press(*"Zephyr Test Hospital", "tab", *"Dayton", "tab", *"oh")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert table.row_count == before + 1
        new_id = table.cursor_key
        assert table.cell_text(table.row_for_key(new_id), "name") == "Zephyr Test Hospital"
        assert table.cell_text(table.row_for_key(new_id), "state") == "OH"
        await pilot.press("d")
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert table.row_count == before
        assert table.row_for_key(new_id) is None
        await pilot.press("ctrl+z")  # the delete comes back, with the same id
        await pilot.pause()
        assert table.row_for_key(new_id) is not None
    with Store.open(sample_copy) as store:
        assert store.get("programs", new_id)["city"] == "Dayton"


async def test_column_chooser_hides_a_column_and_it_stays_hidden(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "city" in [c.name for c in app.screen.grid_columns()]
        await pilot.press("c")
        await pilot.pause()
        chooser = app.screen
        options = chooser.query_one("SelectionList")
        options.highlighted = chooser.order.index("city")
        await pilot.press("space", "enter")
        await pilot.pause()
        assert "city" not in [c.name for c in app.screen.grid_columns()]
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert "city" not in [c.name for c in app.screen.grid_columns()]
        assert "state" in [c.name for c in app.screen.grid_columns()]


async def test_detail_pane_shows_sources_and_why(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        table_of(app).move_cursor_to_key(LAKEMONT, "step2_min")
        await pilot.press("o")
        await pilot.pause()
        await pilot.press("enter")  # first source: program website
        await pilot.pause()
        await pilot.press("space")
        await pilot.pause()
        body = app.screen.query_one("#detail-body")
        text = "\n".join(body.render_line(y).text for y in range(body.size.height))
        assert "program website" in text
        assert "Step 2 min" in text
        assert "Lakemont" in app.screen.query_one("#detail").border_title
    with Store.open(sample_copy) as store:
        assert store.provenance(LAKEMONT)["step2_min"].source == "program website"


async def test_computed_cells_cannot_be_edited(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table_of(app).move_cursor_to_key(LAKEMONT, "tier")
        await pilot.press("e")
        await pilot.pause()
        assert app.screen.query_one("#programs").editor is None


async def test_new_database_starts_empty_with_a_hint(tmp_path: Path) -> None:
    path = tmp_path / "mine.db"
    app = MatchDeskApp(path, first_run=True, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert table_of(app).row_count == 0
        assert any("matchdesk --sample" in str(n.message) for n in app._notifications)
    assert oct(path.stat().st_mode & 0o777) == "0o600"


async def test_plus_puts_the_current_program_on_the_rank_list(sample_copy: Path) -> None:
    with Store.open(sample_copy) as store:
        primary = store.rows("rank_lists", "kind = 'primary'")[0]["id"]
        ranked = {r["program_id"] for r in store.rows("rank_entries", "list_id = ?", (primary,))}
        candidate = next(p["id"] for p in store.rows("programs")
                         if p["id"] not in ranked and p["specialty"] == "DR")
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table_of(app).move_cursor_to_key(candidate, "name")
        await pilot.press("plus")
        await pilot.pause()
        await pilot.press("plus")  # a second time is refused, not duplicated
        await pilot.pause()
    with Store.open(sample_copy) as store:
        entries = store.rows("rank_entries", "list_id = ?", (primary,), order_by="position")
    assert entries[-1]["program_id"] == candidate
    assert sum(e["program_id"] == candidate for e in entries) == 1
    assert entries[-1]["position"] == len(ranked) + 1


def detail_text(app: MatchDeskApp) -> str:
    body = app.screen.query_one("#detail-body")
    return "\n".join(body.render_line(y).text for y in range(body.size.height))


async def test_detail_pane_charts_the_match_history_at_80x24(sample_copy: Path) -> None:
    with Store.open(sample_copy) as store:
        fresh = store.insert_row("programs", {"name": "Fresh Harbor Hospital DR", "specialty": "DR"})
    app = make_app(sample_copy)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        table_of(app).move_cursor_to_key(5, "name")  # the sample: short of its quota in 2022 and 2024
        await pilot.press("space")
        await pilot.pause()
        text = " ".join(detail_text(app).split())
        assert "Match history" in text and "unfilled in 2 of 7 years: 2022 (2 of 3)" in text
        assert "2022 ██░ 2/3 unfilled" in text and "2023 ███ 3/3" in text
        assert "fictional sample figures" in text  # the file the numbers came from
        table_of(app).move_cursor_to_key(fresh, "name")
        await pilot.pause()
        assert "No NRMP history imported" in " ".join(detail_text(app).split())


async def test_filter_new_programs_and_unfilled_years(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        programs = app.workspace.programs
        for text, expected in (("new:yes", programs.filter(pl.col("history_new"))),
                               ("unfilled>0", programs.filter(pl.col("history_unfilled") > 0)),
                               ("new:no unfilled>0", programs.filter(
                                   ~pl.col("history_new") & (pl.col("history_unfilled") > 0)))):
            await pilot.press("slash", "ctrl+u", *text, "enter")
            await pilot.pause()
            assert not str(app.screen.query_one("#query-error").render()), text
            assert 0 < table.row_count < programs.height, text
            assert table.row_count == expected.height, text
            assert all(table.row_for_key(key) is not None for key in expected["id"]), text


async def test_w_explains_a_match_history_column_with_its_record(sample_copy: Path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        screen.state.columns.append("history_unfilled")  # shown as from the column chooser
        screen.rebuild()
        await pilot.pause()
        table_of(app).move_cursor_to_key(5, "history_unfilled")
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ExplainScreen)
        console = Console(width=100, record=True, color_system=None)
        console.print(app.screen.query_one("#explain-body", Static).content)
        text = " ".join(console.export_text().split())
        # the asked-about column first, the record once (its other columns share the sentence)
        assert text.startswith("Unfilled Positions since at least 2020; unfilled in 2 of 7 years")
        assert "fictional sample figures" in text and text.count("Positions since at least 2020") == 1
        assert "Fit" in text


async def test_a_sorted_view_shows_the_sorted_rows_and_an_edit_lands_on_its_program(sample_copy: Path) -> None:
    """Sorted by state (descending): every row on screen is the program apply_view puts there,
    and an edit made on a row after sorting is saved to that row's program."""
    from desk.view import apply_view

    app = make_app(sample_copy)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        table = table_of(app)
        table.move_cursor_to_key(LAKEMONT, "state")
        await pilot.press("s", "s")
        await pilot.pause()
        assert (app.screen.state.sort, app.screen.state.descending) == ("state", True)
        expected = apply_view(app.workspace.programs, app.screen.state)
        assert table.keys() == expected["id"].to_list() != sorted(expected["id"].to_list())
        names = [table.cell_text(row, "name").removesuffix("…") for row in range(table.row_count)]
        assert all(whole.startswith(name) for name, whole in zip(names, expected["name"], strict=True))
        assert [table.cell_text(row, "state") for row in range(table.row_count)] == expected["state"].to_list()
        row = table.row_count // 2
        program = expected["id"][row]
        table.move_cursor_to_key(program, "city")
        await pilot.press("e", "ctrl+u", *"Bayou City", "enter")
        await pilot.pause()
        assert table.cell_text(row, "city") == "Bayou City" and table.cursor_key == program
    assert stored(sample_copy, program, "city") == "Bayou City"
