"""A signal on a program the gates mark ineligible is wasted (DOMAIN 6): the program's row
says so, and the planner lists it."""

from __future__ import annotations

import pytest

from scoring import why
from scoring.signals import geographic_picks, wasted_signals
from test_scoring_support import score

CASES = [
    ("gold on a program with no visa", {"visa": "none", "signal": "gold"},
     "gold signal to an ineligible program (sponsors no visa; you need J-1): a wasted signal"),
    ("silver on an eligible program", {"visa": "J-1", "signal": "silver"}, None),
    ("silver on an unclear program", {"signal": "silver"}, None),
    ("no signal on an ineligible program", {"visa": "none", "signal": "none"}, None),
]


@pytest.mark.parametrize("case,program,warning", CASES, ids=[c[0] for c in CASES])
def test_signal_warning(case, program, warning):
    scored = score([program])
    assert scored.programs.row(0, named=True)["signal_warning"] == warning
    assert wasted_signals(scored.programs) == ([f"P0: {warning}"] if warning else [])
    sentence = why(scored, 1)["signal_warning"]
    assert sentence.startswith(warning) if warning else sentence.startswith("No signal warning")


GEOGRAPHIC = [
    ("none", (), None),
    ("South Atlantic, east north central", ("South Atlantic", "East North Central"), None),
    ("Pacific, Mountain, New England", ("Pacific", "Mountain", "New England"), None),
    ("Pacific, Mountain, New England, Middle Atlantic",
     ("Pacific", "Mountain", "New England", "Middle Atlantic"),
     "4 divisions picked; the geographic preference allows 3"),
    ("Midwest", (), "not a census division: Midwest"),
]


@pytest.mark.parametrize("text,picked,problem", GEOGRAPHIC)
def test_up_to_three_census_divisions(text, picked, problem):
    found, issue = geographic_picks(text, 3)
    assert found == picked
    assert (issue or "").startswith(problem or "")
    assert (issue is None) is (problem is None)
