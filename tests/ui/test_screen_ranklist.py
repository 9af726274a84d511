"""The rank list screen (F6) driven by keys on a copy of sample.db."""

from __future__ import annotations

import datetime as dt
import io
import shutil
from pathlib import Path

from rich.console import Console
from rich.text import Text
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, OptionList, Static

from scoring import default_probability, match_odds
from store import Store
from tui.app import MatchDeskApp
from tui.screens.dialogs import ChoiceDialog
from tui.screens.ranklist import RankListScreen
from tui.screens.ranklist_parts import DiffScreen

TODAY = dt.date(2026, 11, 26)
SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
SIZE = (120, 40)
CEDAR, LAKEMONT, GREAT_LAKES, PRAIRIE = 2, 1, 20, 7


def plain(renderable) -> str:
    if isinstance(renderable, Text):
        return renderable.plain
    console = Console(width=300, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def order(store: Store, list_id: int = 1) -> list[int]:
    return [e["program_id"] for e in store.rows("rank_entries", "list_id = ?", (list_id,), order_by="position")]


def cell(app, row: int, column: int) -> str:
    return app.screen.query_one("#entries", DataTable).get_cell_at(Coordinate(row, column)).plain


def text(app, selector: str) -> str:
    return plain(app.screen.query_one(selector, Static).content)


async def open_ranklist(pilot) -> RankListScreen:
    await pilot.press("f6")
    await pilot.pause()
    assert isinstance(pilot.app.screen, RankListScreen)
    return pilot.app.screen


async def choose(pilot, containing: str) -> None:
    """Pick the option of the open ChoiceDialog whose label contains `containing`."""
    dialog = pilot.app.screen
    assert isinstance(dialog, ChoiceDialog)
    index = next(i for i, c in enumerate(dialog.choices) if containing in c)
    dialog.query_one(OptionList).highlighted = index
    await pilot.press("enter")
    await pilot.pause()


async def type_into_dialog(pilot, value: str) -> None:
    pilot.app.screen.query_one(Input).value = value
    await pilot.press("enter")
    await pilot.pause()


def make_app(path: Path) -> MatchDeskApp:
    return MatchDeskApp(path, today=TODAY)


async def test_moves_persist_then_add_attach_and_fees(sample_copy) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_ranklist(pilot)
        assert cell(app, 0, 1).startswith("Cedar Hollow") and cell(app, 0, 7) == "▼1"
        await pilot.press("shift+down", "J", "K")  # Cedar 1 -> 2 -> 3 -> 2
        assert order(app.store)[:3] == [LAKEMONT, CEDAR, 3]
        assert cell(app, 0, 1).startswith("Lakemont") and cell(app, 0, 7) == "="
        await pilot.press("ctrl+z")  # undoes the last move only, all its position writes
        await pilot.pause()
        assert order(app.store)[:3] == [LAKEMONT, 3, CEDAR]
        assert cell(app, 2, 1).startswith("Cedar Hollow")
        await pilot.press("m")
        await type_into_dialog(pilot, "6")
        assert order(app.store)[-1] == CEDAR
        await pilot.press("m")
        await type_into_dialog(pilot, "first")  # refused: nothing moves
        assert order(app.store)[-1] == CEDAR
    saved = order(Store.open(sample_copy))
    with Store.open(sample_copy) as store:
        store.set_setting("rank.fee_threshold", 6)

    app = make_app(sample_copy)  # a restart keeps your order
    async with app.run_test(size=SIZE) as pilot:
        await open_ranklist(pilot)
        assert order(app.store) == saved
        assert cell(app, 5, 1).startswith("Cedar Hollow") and cell(app, 5, 0) == "6"
        assert "primary 6/6" in text(app, "#rank-status")
        assert cell(app, 4, 8) == "do not rank"  # Great Lakes, visa confidence 2/5
        await pilot.press("plus")
        await choose(pilot, f"#{PRAIRIE}")
        assert order(app.store)[-1] == PRAIRIE  # warned, not blocked, past the fee threshold
        assert "primary 7/6" in text(app, "#rank-status")
        assert any("extra fee for each beyond 6" in n.message for n in app._notifications)
        assert cell(app, 6, 1).startswith("Prairie State") and cell(app, 6, 8) == "no interview, no PGY-1 list"
        assert "⚠ never interviewed" in text(app, "#entry-detail")

        await pilot.press("l")  # the supplemental list: attach it to Prairie State too
        assert "Serves: Cedar Hollow" in text(app, "#entry-detail")
        await pilot.press("a")
        await choose(pilot, f"#{PRAIRIE}")
        assert app.store.get("rank_lists", 2)["advanced_program_ids"] == "2,1,3,9,20,7"
        assert "Prairie State University Hospital Diagnostic Radiology" in text(app, "#entry-detail")

        await pilot.press("l")  # back on the primary list: detach Great Lakes from it
        app.screen.table.move_cursor(row=4)
        await pilot.press("a")
        await choose(pilot, "Supplemental PGY-1 list")
        assert app.store.get("rank_lists", 2)["advanced_program_ids"] == "2,1,3,9,7"
        assert cell(app, 4, 8) == "do not rank, no PGY-1 list"
        assert cell(app, 6, 8) == "no interview"

        app.screen.table.move_cursor(row=6)
        await pilot.press("x")
        await pilot.pause()
        assert PRAIRIE not in order(app.store) and "primary 6/6" in text(app, "#rank-status")


async def test_odds_suggested_order_versions_and_export(sample_copy, tmp_path) -> None:
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        screen = await open_ranklist(pilot)

        def expected() -> str:
            """The odds panel's numbers, from the scoring functions on the stored list."""
            s = app.store.settings()
            tiers = dict(app.workspace.programs.select("id", "tier").iter_rows())
            entries = app.store.rows("rank_entries", "list_id = 1", order_by="position")
            probabilities = [default_probability(tiers[e["program_id"]], s) if e["match_probability"] is None
                             else e["match_probability"] for e in entries]
            pgy1 = [default_probability(tiers[53], s), default_probability(tiers[57], s)]
            supplemental = [pgy1 if e["program_id"] in {2, 1, 3, 9, 20} else None for e in entries]
            odds = match_odds(probabilities, supplemental=supplemental)
            return (f"P(match anywhere) {odds.anywhere * 100:.1f}%   P(unmatched) {odds.unmatched * 100:.1f}%\n"
                    f"Expected rank {odds.expected_rank:.2f} given a match")

        assert expected() in text(app, "#odds-numbers")
        assert "P(match anywhere) 96.3%" in text(app, "#odds-numbers")
        await pilot.press("p")
        await type_into_dialog(pilot, "1.5")  # refused: the editor stays open with the rule
        assert "from 0 to 1" in plain(app.screen.query_one("#error", Static).content)
        await type_into_dialog(pilot, "0.9")
        assert app.store.rows("rank_entries", "id = 1")[0]["match_probability"] == 0.9
        assert cell(app, 0, 5) == "0.90"
        assert expected() in text(app, "#odds-numbers")
        await pilot.press("J")  # reordering updates the odds at once
        await pilot.pause()
        assert expected() in text(app, "#odds-numbers")
        assert "P(match anywhere) 96.3%" not in text(app, "#odds-numbers")
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert order(app.store)[:2] == [CEDAR, LAKEMONT]

        await pilot.press("s")
        await type_into_dialog(pilot, "as interviewed")
        suggested = screen.view.suggested_ids
        assert suggested != order(app.store)
        await pilot.press("g", "y")
        await pilot.pause()
        assert order(app.store) == suggested
        assert [cell(app, r, 7) for r in range(6)] == ["="] * 6
        await pilot.press("s")
        await type_into_dialog(pilot, "suggested")
        await pilot.press("d")
        await choose(pilot, "as interviewed")
        await choose(pilot, "suggested")
        assert isinstance(app.screen, DiffScreen)
        diff = plain(app.screen.query_one("#diff-body", Static).content)
        assert "▲ Lakemont Regional Medical Center Diagnostic Radiology: 2 → 1" in diff
        assert "▲ Magnolia Bay Medical Center Diagnostic Radiology: 4 → 3" in diff
        await pilot.press("escape", "ctrl+z", "ctrl+z")  # the saved version, then the whole re-order
        await pilot.pause()
        assert order(app.store) == [CEDAR, LAKEMONT, 3, 9, 33, GREAT_LAKES]
        assert [s["name"] for s in app.store.rows("rank_snapshots")] == ["as interviewed"]

        await pilot.press("e")  # the export dialog, on the rank lists
        path = app.screen.query_one("#export-path", Input)
        assert path.value.endswith("sample-copy-rank-lists.csv")
        path.value = str(tmp_path / "final.md")
        await pilot.press("right", "right")  # Format: Markdown
        path.focus()
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        exported = (tmp_path / "final.md").read_text()
        assert exported.index("2311420A0") < exported.index("1204420A0") < exported.index("1204999P0")


def test_rank_list_snapshot(snap_compare, tmp_path) -> None:
    db = tmp_path / "snapshot.db"
    shutil.copyfile(SAMPLE, db)
    assert snap_compare(make_app(db), press=["f6", "down"], terminal_size=SIZE)


async def test_an_ineligible_program_on_the_list_is_shown_apart(sample_copy) -> None:
    with Store.open(sample_copy) as store:  # Harbor Crest DR: graduation limit 3 years
        store.insert_row("rank_entries", {"list_id": 1, "program_id": 6, "position": 7})
    app = make_app(sample_copy)
    async with app.run_test(size=SIZE) as pilot:
        await open_ranklist(pilot)
        side = text(app, "#odds-numbers")  # below the suggested order, with the reason
        assert 6 not in app.screen.view.suggested_ids
        assert ("Harbor Crest University Medical Center Diagnostic Radiology: not suggested: "
                "ineligible (graduated 4 years ago; program limit 3 years)") in " ".join(side.split())
