"""The interviews screen (F5) and the impressions it reads, on a copy of sample.db."""

from __future__ import annotations

import datetime as dt
import io
import re

from rich.console import Console
from textual.coordinate import Coordinate
from textual.widgets import DataTable, Input, Static

from store import Store
from desk import impressions
from tui.app import MatchDeskApp
from tui.screens.interviews import COLUMNS, InterviewsScreen
from desk.workspace import Workspace

TODAY = dt.date(2026, 11, 26)
LAKEMONT_TY, TY_INTERVIEW, BAYOU_IM = 53, 3, 37  # TY interviewed; IM only invited
COLUMN = {key: index for index, key in enumerate(COLUMNS)}


def plain(renderable) -> str:
    console = Console(width=200, file=io.StringIO(), record=True)
    console.print(renderable)
    return console.export_text()


def test_season_lists_invited_and_interviewed_programs(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    season = impressions.season_programs(ws.scored, ws.frames)
    assert season.height == 12
    assert set(season["status"]) == {"invited", "interviewed"}
    assert season["date"].to_list()[:2] == ["2026-10-21", "2026-10-28"]  # by interview date
    assert season.filter(season["id"] == BAYOU_IM)["interview_id"].to_list() == [None]
    places = impressions.suggestions(ws.scored, ws.frames, ws.settings)
    # after the radiology block and the backup specialty
    assert places[LAKEMONT_TY].position == 6
    assert places[LAKEMONT_TY].reason == "specialty block 3: other specialties; rank score 72.5"
    assert BAYOU_IM not in places


def test_first_and_latest_impression_from_the_change_log(sample_store) -> None:
    untouched = impressions.impressions(sample_store, sample_store.get("interviews", TY_INTERVIEW))
    culture = untouched[0]
    assert (culture.label, culture.first, culture.first_at, culture.latest, culture.changed) == (
        "Culture", 4, None, 4, False)
    impressions.record_value(sample_store, LAKEMONT_TY, TY_INTERVIEW, "culture", "2")
    impressions.record_value(sample_store, LAKEMONT_TY, TY_INTERVIEW, "culture", "3")
    culture = impressions.impressions(sample_store, sample_store.get("interviews", TY_INTERVIEW))[0]
    assert (culture.first, culture.first_at, culture.latest, culture.changed) == (4, None, 3, True)
    assert culture.latest_at is not None  # time-stamped by the change log

    # a record made by the first impression: that first value is the first impression
    assert impressions.record_value(sample_store, BAYOU_IM, None, "culture", "") is None
    assert sample_store.get("programs", BAYOU_IM)["status"] == "invited"
    made = impressions.record_value(sample_store, BAYOU_IM, None, "education", "5")
    assert sample_store.get("programs", BAYOU_IM)["status"] == "interviewed"
    impressions.record_value(sample_store, BAYOU_IM, made, "culture", "4")
    impressions.record_value(sample_store, BAYOU_IM, made, "education", "2")
    by_field = {i.field: i for i in impressions.impressions(sample_store, sample_store.get("interviews", made))}
    assert (by_field["education"].first, by_field["education"].latest) == (5, 2)
    assert by_field["education"].first_at is not None
    assert (by_field["culture"].first, by_field["culture"].latest, by_field["culture"].changed) == (4, 4, False)
    assert by_field["happiness"].first is None
    # the record and the status change were one step
    sample_store.undo()
    sample_store.undo()
    sample_store.undo()
    assert sample_store.rows("interviews", "program_id = ?", (BAYOU_IM,)) == []
    assert sample_store.get("programs", BAYOU_IM)["status"] == "invited"


async def test_ratings_move_the_program_in_the_suggested_order(sample_copy) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f5")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, InterviewsScreen)
        table = screen.query_one("#season", DataTable)
        ids = [int(key.value) for key in table.rows]
        ty_row = ids.index(LAKEMONT_TY)

        def cell(row: int, key: str) -> str:
            return table.get_cell_at(Coordinate(row, COLUMN[key])).plain

        assert (cell(ty_row, "rank_score"), cell(ty_row, "suggested")) == ("72.5", "6")
        table.move_cursor(row=ty_row, column=COLUMN["education"])
        await pilot.press("enter", "1")  # the rating editor takes a digit
        await pilot.pause()
        assert app.store.get("interviews", TY_INTERVIEW)["education"] == 1
        assert (cell(ty_row, "rank_score"), cell(ty_row, "suggested")) == ("60", "6~")
        panel = plain(screen.query_one("#impressions", Static).content)
        assert re.search(r"Education/case mix +3 +— +1 +\d{4}-\d\d-\d\d \d\d:\d\d", panel)
        # the TY keeps its place: only the preliminary year shares its specialty block
        assert any("Rank score 60, suggested 6" in n.message for n in app._notifications)

        table.move_cursor(row=ty_row, column=COLUMN["date"])
        await pilot.press("enter")
        app.screen.query_one(Input).value = "29 Oct"
        await pilot.press("enter")
        assert "YYYY-MM-DD" in plain(app.screen.query_one("#error", Static).content)
        await pilot.press("escape")
        assert app.store.get("interviews", TY_INTERVIEW)["date"] == "2026-10-29"

        bayou_row = ids.index(BAYOU_IM)
        assert cell(bayou_row, "suggested") == "—"
        table.move_cursor(row=bayou_row, column=COLUMN["culture"])
        await pilot.press("enter", "5")
        await pilot.pause()
        record = app.store.rows("interviews", "program_id = ?", (BAYOU_IM,))
        assert [r["culture"] for r in record] == [5]
        assert app.store.get("programs", BAYOU_IM)["status"] == "interviewed"
        assert cell(bayou_row, "status") == "interviewed" and cell(bayou_row, "suggested") != "—"
        await pilot.press("ctrl+z")
        await pilot.pause()
        assert app.store.rows("interviews", "program_id = ?", (BAYOU_IM,)) == []
        assert cell(bayou_row, "status") == "invited" and cell(bayou_row, "suggested") == "—"
    with Store.open(sample_copy) as store:  # what was saved stays saved
        assert store.get("interviews", TY_INTERVIEW)["education"] == 1
