"""Dashboard: signals, fees and the timeline change from the keyboard; the overview snapshot."""

from __future__ import annotations

import datetime as dt

from textual.widgets import Static

from tui.app import MatchDeskApp
from tui.screens.dashboard import DashboardScreen
from tui.widgets.records import RecordTable

TODAY = dt.date(2026, 11, 26)
DR_POOL, IM_POOL = "1", "2"  # signal_rules ids in the sample
BAYOU_IM = 37  # no signal yet
CEDAR_HOLLOW_IR = 27  # same institution as the DR program that holds a gold signal
INTERVIEWS_TASK = 11


def cell(screen, table: str, row: str | int, column: str) -> str:
    return str(screen.query_one(f"#{table}", RecordTable).get_cell(str(row), column))


def text_of(screen, selector: str) -> str:
    return str(screen.query_one(selector, Static).render())


async def test_signals_fees_and_timeline_change_from_the_keyboard(sample_copy):
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "s")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        assert (cell(screen, "pools", IM_POOL, "gold_left"), cell(screen, "pools", IM_POOL, "silver_left")) == ("2", "9")

        screen.query_one("#signal-programs", RecordTable).move_to_id(BAYOU_IM)
        await pilot.press("g")
        assert app.store.get("programs", BAYOU_IM)["signal"] == "gold"
        assert cell(screen, "pools", IM_POOL, "gold_left") == "1"
        assert "IM gold 1" in text_of(screen, "#glance")
        await pilot.press("g")  # gold -> silver: the gold comes back, a silver goes
        assert (cell(screen, "pools", IM_POOL, "gold_left"), cell(screen, "pools", IM_POOL, "silver_left")) == ("2", "8")

        # DR and IR/DR at Cedar Hollow: one institution, one signal
        assert cell(screen, "pools", DR_POOL, "gold_used") == "6"
        screen.query_one("#signal-programs", RecordTable).move_to_id(CEDAR_HOLLOW_IR)
        await pilot.press("g")
        assert app.store.get("programs", CEDAR_HOLLOW_IR)["signal"] == "gold"
        assert cell(screen, "pools", DR_POOL, "gold_used") == "6"
        assert "Cedar Hollow University Hospital: DR and IR/DR share one gold signal" in text_of(screen, "#shared")

        # fees: 27 programs applied to or further, all within the first 30 of their specialty
        assert "Estimated cost $297" in text_of(screen, "#glance")
        await pilot.press("c", "right", "right", "right", "enter", "backspace", "backspace", "1", "2", "enter")
        assert app.store.get("fee_schedule", 1)["fee"] == 12.0
        assert "Estimated cost: $324" in text_of(screen, "#cost-summary")
        assert "DR 15: 15x$12 = $180" in text_of(screen, "#cost-summary")

        await pilot.press("enter", *"abc", "enter")  # refused: the old fee stays
        assert "Fee (USD) must be a number" in text_of(app.screen, "#error")
        await pilot.press("escape")
        assert app.store.get("fee_schedule", 1)["fee"] == 12.0

        await pilot.press("v", "backspace", *"150", "enter")  # travel per in-person interview
        assert "2 in-person interview(s) x $150 = $300" in text_of(screen, "#cost-summary")
        assert "Estimated cost: $624" in text_of(screen, "#cost-summary")

        await pilot.press("t")
        screen.query_one("#timeline", RecordTable).move_to_id(INTERVIEWS_TASK)
        # interviews run September-January: open in late November, not overdue
        assert cell(screen, "timeline", INTERVIEWS_TASK, "state") == "open"
        await pilot.press("space")
        assert app.store.get("timeline", INTERVIEWS_TASK)["done"] is True
        assert cell(screen, "timeline", INTERVIEWS_TASK, "state") == "done"
        assert "11 of 13 tasks done" in text_of(screen, "#timeline-summary")
        await pilot.press("space")
        assert app.store.get("timeline", INTERVIEWS_TASK)["done"] is False


def test_dashboard_overview_snapshot(sample_copy, snap_compare):
    app = MatchDeskApp(sample_copy, today=TODAY)
    assert snap_compare(app, press=["f4"], terminal_size=(120, 40))


async def test_a_signal_on_an_ineligible_program_is_flagged(sample_copy):
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        # Harbor Crest and Lakeshore DR (graduation limit 3 years) and Red River IM (H-1B only)
        assert "Wasted signals: 3 on ineligible programs" in text_of(app.screen, "#glance")
        await pilot.press("s")
        assert "Geographic preference: none picked (0 of 3" in text_of(app.screen, "#shared")
        assert ("Wasted: Red River Valley Hospital Internal Medicine: silver signal to an "
                "ineligible program (sponsors H-1B only; you need J-1)") in text_of(app.screen, "#shared")


async def test_the_overview_counts_new_programs_and_unfilled_years_of_the_radiology_list(sample_copy):
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4")
        screen = app.screen
        assert isinstance(screen, DashboardScreen)
        line = "Match history: 7 new programs, 5 with unfilled years among your radiology list"
        assert line in " ".join(text_of(screen, "#glance").split())


async def test_the_planner_picks_up_to_three_census_divisions(sample_copy):
    from textual.widgets import SelectionList

    from tui.screens.dialogs import TickDialog

    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "s", "d")
        await pilot.pause()
        assert isinstance(app.screen, TickDialog)
        ticks = app.screen.query_one("#ticks", SelectionList)
        for index in range(4):  # one more than the pool allows: refused, nothing saved
            ticks.select(ticks.get_option_at_index(index))
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TickDialog)
        assert app.workspace.settings["signals.divisions"] == "none"
        ticks.deselect(ticks.get_option_at_index(3))
        await pilot.press("enter")
        await pilot.pause()
        assert not isinstance(app.screen, TickDialog)
        assert app.store.settings()["signals.divisions"] == "New England, Middle Atlantic, East North Central"
        assert ("Geographic preference: New England, Middle Atlantic, East North Central (3 of 3"
                in text_of(app.screen, "#shared"))


async def test_an_added_specialty_gets_a_signal_rule_from_the_planner(sample_copy):
    from registry.specialties import MINE_KEY
    from tui.screens.dialogs import ChoiceDialog

    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f4", "s")
        await pilot.pause()
        screen = app.screen
        app.workspace.set_setting(MINE_KEY, f"{app.workspace.settings[MINE_KEY]}, Psychiatry")
        app.workspace.insert_row("programs", {"name": "Harbor Psychiatry", "specialty": "Psychiatry",
                                              "status": "applied", "institution": "Harbor Health"})
        await pilot.pause()
        assert "Psychiatry: no signal rule this cycle" in text_of(screen, "#shared")
        await pilot.press("a")  # several of your specialties lack a rule: pick one
        await pilot.pause()
        assert isinstance(app.screen, ChoiceDialog) and "Psychiatry" in app.screen.choices
        app.screen.dismiss("Psychiatry")
        await pilot.pause()
        rule = next(r for r in app.store.rows("signal_rules") if r["pool"] == "Psychiatry")
        assert (rule["gold"], rule["silver"], rule["cycle"]) == (0, 0, "2026")
        assert "Psychiatry: no signal rule" not in text_of(screen, "#shared")
        assert str(rule["id"]) in [str(key.value) for key in screen.query_one("#pools", RecordTable).rows]
