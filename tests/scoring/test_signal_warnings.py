"""A signal on a program the gates mark ineligible is wasted (DOMAIN 6): the program's row
says so, and the planner lists it."""

from __future__ import annotations

import pytest

from scoring import why
from scoring.signals import wasted_signals
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
