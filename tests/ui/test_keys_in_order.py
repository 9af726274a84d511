"""Keys that reach the app in one burst (a paste, a fast typist) act in the order typed, each
after the one before has taken effect (tui/keys_in_order.py): the text after "e" goes into the
editor it opens, the text after "/" into the search box."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from textual import events

from tests.ui.test_start_type_ahead import first_by_name, program_names, renamed
from tui.app import MatchDeskApp
from tui.keys_in_order import KeysInOrder
from tui.screens.programs import ProgramsScreen
from tui.widgets.grid import FrameTable

TODAY = dt.date(2026, 11, 26)
NEW_NAME = "Aaa Test Bayou"  # its "a" is the add-program key, its "x" the export key


def burst(text: str) -> list[events.Key]:
    named = {" ": "space", "\r": "enter", "\x15": "ctrl+u", "/": "slash", ":": "colon"}
    return [events.Key(named.get(c, c), None if c == "\x15" else c) for c in text]


async def type_in_one_burst(sample_copy: Path, text: str) -> MatchDeskApp:
    """Load the sample at 80x24, then post every key of `text` before the app handles any."""
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.workspace is not None
        for key in burst(text):
            app.post_message(key)
        for _ in range(len(text)):
            await pilot.pause()
        assert isinstance(app.screen, ProgramsScreen)  # no dialog, export or add form opened
        assert app.screen.query_one("#programs", FrameTable).editor is None
        app.shown_keys = app.screen.query_one("#programs", FrameTable).keys()
    return app


async def test_an_edit_typed_in_one_burst_saves_the_text_typed_after_it(sample_copy: Path) -> None:
    before, first = program_names(sample_copy), first_by_name(sample_copy)[0]
    await type_in_one_burst(sample_copy, "e\x15" + NEW_NAME + "\r")
    assert renamed(before, sample_copy) == [first]  # and no program added
    assert program_names(sample_copy)[first] == NEW_NAME
    written = {p.name for p in sample_copy.parent.iterdir() if not p.name.startswith("sample-copy")}
    assert written <= {"backups"}  # nothing exported


async def test_a_search_typed_in_one_burst_filters_then_the_next_keys_act_on_what_it_shows(sample_copy: Path) -> None:
    [only_in_arizona] = first_by_name(sample_copy, "state = 'AZ'")
    before = program_names(sample_copy)
    app = await type_in_one_burst(sample_copy, "/state:AZ\re\x15" + NEW_NAME + "\r")
    assert app.shown_keys == [only_in_arizona]
    assert renamed(before, sample_copy) == [only_in_arizona]


async def test_a_dialog_key_then_text_in_one_burst_fills_the_dialog_and_the_keys_after_it_go_on(sample_copy: Path) -> None:
    before = program_names(sample_copy)
    # "a" opens "Add a program", the name goes into it, Enter adds it and closes it; the "e" and
    # the text after it are not held back by the dialog that went
    app = await type_in_one_burst(sample_copy, "aZzz New Program\re\x15" + NEW_NAME + "\r")
    after = program_names(sample_copy)
    [added] = set(after) - set(before)
    assert {i: after[i] for i in before} == before
    assert after[added] == NEW_NAME  # the edit acted on the program just added, under the cursor
    assert app.shown_keys


async def test_a_key_whose_screen_never_refreshes_again_does_not_hold_the_keys_after_it(sample_copy: Path) -> None:
    """A key can replace its screen before that screen refreshes (ctrl+o opening the file
    picker), leaving the screen's after-refresh list unrun: the keys behind it still come."""
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        screen, table = app.screen, app.screen.query_one("#programs", FrameTable)
        start = table.cursor_row
        schedule = screen._invoke_later

        def never_refreshed(callback, sender) -> None:  # this screen's list keeps the watch
            function = getattr(callback, "func", callback)
            if getattr(function, "__func__", None) is not KeysInOrder.watch:
                schedule(callback, sender)

        screen._invoke_later = never_refreshed
        app.post_message(events.Key("down", None))
        app.post_message(events.Key("down", None))
        for _ in range(40):
            await pilot.pause(0.02)
            if table.cursor_row == start + 2:
                break
        assert table.cursor_row == start + 2
