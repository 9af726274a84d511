"""The command registry is the only source of keys: no key bound twice where it is pressed,
the user's keymap is checked and applied, and help shows the keys in effect."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from rich.console import Console
from textual.widgets import Static

from store import Store
from tui.actions import COMMANDS_BY_ID, bindings_for, scopes
from tui.app import MatchDeskApp
from tui.keymap import clashes, validate
from tui.screens.registry import SCREENS

TODAY = dt.date(2026, 11, 26)


def test_no_key_is_bound_twice_where_it_is_pressed() -> None:
    found = [(a.id, b.id, key) for a, b, key in clashes({})]
    assert found == []


def test_every_scope_builds_bindings_with_registry_ids() -> None:
    for scope in scopes():
        for binding in bindings_for(scope):
            assert COMMANDS_BY_ID[binding.id].scope == scope


def test_screens_take_their_bindings_from_the_registry() -> None:
    for entry in SCREENS:
        screen = entry.load()
        ids = {binding.id for binding in screen.BINDINGS}
        assert ids == {b.id for b in bindings_for(entry.scope)}, entry.scope
        assert not hasattr(screen, "SCREEN_COMMANDS")


def test_keymap_refuses_unknown_ids_and_keys_in_use_and_keeps_the_rest() -> None:
    accepted, problems = validate({"programs.srot": "S", "programs.sort": "a", "programs.columns": "C",
                                   "app.help": "e", "ranklist.export": " "})
    assert accepted == {"programs.columns": "C"}
    assert any("No command has the id 'programs.srot'" in p for p in problems)
    assert any(p.startswith("'programs.sort': a is already Add (programs.add)") for p in problems)
    # an app-wide key may not hide a screen's key, nor the reverse
    assert any("'app.help': e is already Edit" in p for p in problems)
    assert any("'ranklist.export' needs a key" in p for p in problems)
    assert clashes(accepted) == []
    assert validate(["not", "a", "map"])[0] == {}


def test_keymap_may_swap_two_keys() -> None:
    accepted, problems = validate({"programs.sort": "a", "programs.add": "s"})
    assert problems == []
    assert clashes(accepted) == []


def test_every_keymap_the_validator_accepts_is_free_of_clashes() -> None:
    ids = sorted(COMMANDS_BY_ID)
    for index, command_id in enumerate(ids):
        # give each command the key of a neighbour: most are refused, none may slip through
        neighbour = COMMANDS_BY_ID[ids[(index + 7) % len(ids)]]
        accepted, _ = validate({command_id: neighbour.keys})
        assert clashes(accepted) == [], command_id


def help_text(app: MatchDeskApp) -> str:
    console = Console(width=200, record=True, color_system=None)
    console.print(app.screen.query_one("#help-table", Static).content)
    return console.export_text()


async def test_help_lists_the_keys_of_the_users_keymap(sample_copy: Path) -> None:
    with Store.open(sample_copy) as store:
        store.set_pref("keymap", {"programs.sort": "ctrl+o", "programs.bogus": "x"})
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert any("programs.bogus" in n.message for n in app._notifications)
        await pilot.press("question_mark")
        await pilot.pause()
        text = help_text(app)
        assert re.search(r"ctrl\+o\s+Sort\s+Sort by the current column", text)
        assert not re.search(r"\n\s*s\s+Sort\s", text)
        assert re.search(r"f6\s+Rank list", text)
        assert re.search(r"s\s+Save version", text)  # another screen's commands are listed too
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+o")
        await pilot.pause()
        assert app.screen.state.sort is not None  # the new key runs the command
