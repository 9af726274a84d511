"""A specialty the user adds (Psychiatry) is a first-class backup: its own fee count, its own
typical-score estimate (none until set, labelled an estimate), and a signal line saying no rule
covers it."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from desk.workspace import Workspace
from registry.fields import get_field, offered_choices
from registry.settings import SETTINGS_BY_KEY
from registry.specialties import DEFAULT_MINE, MINE_KEY
from scoring import why
from scoring.costs import estimate_costs
from scoring.signals import signal_usage, unruled
from store import MatchDeskError

TODAY = dt.date(2026, 11, 26)


def add_psychiatry_programs(ws: Workspace, count: int) -> list[int]:
    return [ws.insert_row("programs", {"name": f"Psychiatry {i}", "specialty": "Psychiatry",
                                       "status": "applied", "institution": f"Hospital {i}",
                                       "program_type": "community"}) for i in range(count)]


def test_a_list_naming_an_unknown_specialty_is_refused_and_changes_nothing(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    with pytest.raises(MatchDeskError, match="not a specialty: Cardiology"):
        ws.set_setting(MINE_KEY, "DR, Cardiology")
    with pytest.raises(MatchDeskError, match="at least one specialty"):
        ws.set_setting(MINE_KEY, " , ")
    assert ws.settings[MINE_KEY] == SETTINGS_BY_KEY[MINE_KEY].default == ", ".join(DEFAULT_MINE)


def test_an_added_specialty_has_its_own_fees_estimate_and_signal_line(sample_store) -> None:
    ws = Workspace(sample_store, today=TODAY)
    assert "Psychiatry" not in offered_choices(get_field("programs", "specialty"), ws.settings)
    assert ws.set_setting(MINE_KEY, "dr, ir/dr, im, ty, psychiatry") == "DR, IR/DR, IM, TY, Psychiatry"
    assert offered_choices(get_field("profile", "backup_specialty"), ws.settings) == ("IM", "Psychiatry")
    ids = add_psychiatry_programs(ws, 32)

    # the ERAS count restarts for psychiatry: 30 at $11, then $30 each
    costs = estimate_costs(ws.programs, ws.frames["interviews"], sample_store.rows("fee_schedule"), 0)
    psychiatry = next(line for line in costs.fees if line.specialty == "Psychiatry")
    assert psychiatry.explain() == "Psychiatry 32: 30x$11 + 2x$30 = $390"

    # no typical-score estimate until the user sets one: no tier, never a guess
    first = ws.programs.filter(pl.col("id") == ids[0]).row(0, named=True)
    assert first["typical_step2_used"] is None and first["tier"] is None
    assert "no estimate for Psychiatry" in why(ws.scored, ids[0])["tier"]
    ws.set_setting("typical.Psychiatry", 232)
    first = ws.programs.filter(pl.col("id") == ids[0]).row(0, named=True)
    assert first["typical_step2_used"] == 232 and first["typical_estimated"]
    assert "estimated for Psychiatry programs: estimate, no published source" in why(ws.scored, ids[0])["tier"]

    # no signal rule covers psychiatry: said once, not counted against another pool
    usages = signal_usage(ws.programs, sample_store.rows("signal_rules"))
    lines = unruled(ws.programs, usages)
    assert sum(line.startswith("Psychiatry: no signal rule") for line in lines) == 1
    assert not any("Psychiatry" in u.specialties for u in usages)
