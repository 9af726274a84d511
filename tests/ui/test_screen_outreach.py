"""Outreach screen: the contact log, overdue follow-ups and the programs still to contact."""

from __future__ import annotations

import datetime as dt

import polars as pl
from textual.widgets import Static

from store import Store
from tui.app import MatchDeskApp
from tui.screens.outreach import OutreachScreen, contact_todo

TODAY = dt.date(2026, 11, 26)
NORTHGATE_DR = 4  # eligible, never contacted in the sample
THREE_RIVERS_DR = 17


def test_the_todo_list_is_flagged_or_unclear_programs_with_no_contact():
    programs = pl.DataFrame({
        "id": [1, 2, 3, 4, 5, 6],
        "name": ["flagged", "unclear", "both", "contacted", "withdrawn", "eligible"],
        "specialty": ["DR"] * 6,
        "status": ["researching", None, "applied", "applied", "withdrawn", "applied"],
        "ask_by_email": [True, None, True, True, True, False],
        "eligibility": ["eligible", "unclear", "unclear", "unclear", "unclear", "eligible"],
        "eligibility_reasons": ["", "visa policy unknown: ask by email", "fail policy not stated", "x", "x", ""],
    })
    contacts = pl.DataFrame({"program_id": [4, None]}, schema={"program_id": pl.Int64})
    todo = contact_todo(programs, contacts)
    assert todo["id"].to_list() == [1, 2, 3]
    assert todo["why"].to_list() == [
        "flagged ask by email", "unclear: visa policy unknown: ask by email",
        "flagged ask by email; unclear: fail policy not stated"]


def summary(screen) -> str:
    return str(screen.query_one("#outreach-summary", Static).render())


IRONWOOD_DR, LAKESHORE_IRDR = 10, 32


async def test_logging_a_contact_takes_the_program_off_the_todo_list(sample_copy):
    with Store.open(sample_copy) as store:
        store.set_value("programs", NORTHGATE_DR, "ask_by_email", True)
        # the sample's two programs with a graduation limit still to research: looked up now
        for program in (IRONWOOD_DR, LAKESHORE_IRDR):
            store.set_value("programs", program, "grad_limit_none", True)
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f7")
        screen = app.screen
        assert isinstance(screen, OutreachScreen)
        assert list(screen.todo.records) == [NORTHGATE_DR]
        assert "4 follow-up(s) overdue" in summary(screen)
        assert "overdue" in str(screen.contacts.get_cell("2", "follow_up"))  # due 2026-11-10

        await pilot.press("t", "a", *"Ms. Rivera", "enter")  # from the to-do list: with its program
        contact = app.store.rows("contacts")[-1]
        assert (contact["person"], contact["program_id"], contact["date"]) == (
            "Ms. Rivera", NORTHGATE_DR, TODAY.isoformat())
        assert screen.todo.row_count == 0
        assert "0 program(s) to contact" in summary(screen)
        assert screen.contacts.current_id == contact["id"]

        # the program is picked by name; the to-do list follows the log
        await pilot.press("right", "e", *"three riv", "enter")
        assert app.store.get("contacts", contact["id"])["program_id"] == THREE_RIVERS_DR
        assert list(screen.todo.records) == [NORTHGATE_DR]

        screen.contacts.move_to_id(2)
        await pilot.press("f")
        assert app.store.get("contacts", 2)["follow_up_done"] is True
        assert "3 follow-up(s) overdue" in summary(screen)
        assert "overdue" not in str(screen.contacts.get_cell("2", "follow_up"))
