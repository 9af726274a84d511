"""Searching everything the user wrote: from the palette's key and the filter bar's prefix,
grouped by screen, enter opens the screen on the row; red flags only with the setting on."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual.widgets import Input, OptionList

from store import Store
from tui.app import MatchDeskApp
from tui.screens.search import SearchScreen

TODAY = dt.date(2026, 11, 26)
BRIGHTWATER_IM, CHIEFS_INTERVIEW = 33, 5  # "Supportive chiefs" is in its interview's positives
RED_FLAG_WORD = "father"  # only in a red flag's explanation


async def type_text(pilot, text: str) -> None:
    await pilot.press(*("space" if c == " " else c for c in text))
    await pilot.pause()


def result_lines(screen: SearchScreen) -> list[str]:
    listing = screen.query_one("#search-results", OptionList)
    return [str(listing.get_option_at_index(i).prompt).split("\n")[0] for i in range(listing.option_count)]


async def test_a_word_of_an_interview_note_opens_the_interviews_screen_on_it(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+f")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        await type_text(pilot, "chiefs")
        lines = result_lines(app.screen)
        # grouped by screen: the program's culture note, then the interview note
        assert lines == ["Programs (F1)", "Brightwater Health System Internal Medicine  ·  Culture",
                         "Interviews (F5)", "Brightwater Health System Internal Medicine  ·  Positives"]
        await pilot.press("down", "down")  # into the list (first result), then the interview's
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "interviews"
        assert app.screen.current["id"] == BRIGHTWATER_IM
        assert app.screen.current["interview_id"] == CHIEFS_INTERVIEW
        assert app.screen.table.has_focus


async def test_the_filter_bar_searches_with_a_slash_and_opens_the_program(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("slash")
        await type_text(pilot, "/observership")
        assert app.screen.table.row_count == app.workspace.programs.height  # not used as a filter
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)
        assert app.screen.query_one("#search-text", Input).value == "observership"
        await pilot.press("enter")  # the first result
        await pilot.pause()
        assert app.current_mode == "programs"
        assert app.screen.query_one("#query", Input).value == ""
        assert app.screen.table.cursor_key == 24
        assert not app.screen.query_one("#detail").has_class("hidden")  # Notes is not a column shown


async def test_red_flag_explanations_are_found_only_with_the_setting_on(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_search_notes(RED_FLAG_WORD)
        await pilot.pause()
        assert result_lines(app.screen) == []
        await pilot.press("escape")
        app.workspace.set_setting("search.include_red_flags", True)
        app.action_search_notes(RED_FLAG_WORD)
        await pilot.pause()
        assert result_lines(app.screen) == ["Red flags (F8)", "gap over 3-6 months  ·  Explanation draft"]
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "redflags"
        assert app.screen.flags.current_id == 1
    with Store.open(sample_copy) as store:
        store.set_setting("search.include_red_flags", False)
        assert store.search(RED_FLAG_WORD) == []


async def test_the_palette_offers_the_search(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await pilot.press("ctrl+p")
        await type_text(pilot, "search notes")
        await pilot.pause(0.4)
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, SearchScreen)


async def test_outreach_and_why_results_open_their_screens_on_the_row(sample_copy: Path) -> None:
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.action_search_notes("neuroradiology research")
        await pilot.pause()
        assert [line for line in result_lines(app.screen) if "(F" in line] == [
            "Outreach (F7)", "Materials: why this program (F9)"]
        await pilot.press("enter")  # the first: the contact's question
        await pilot.pause()
        assert app.current_mode == "outreach" and app.screen.contacts.current_id == 6
        app.action_search_notes("diverse")
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert app.current_mode == "materials"
        assert app.screen.active_tab.table.cursor_key == BRIGHTWATER_IM
