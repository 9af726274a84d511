"""Builders for the conformance suite (no tests here): applicants and programs written into a
real database, scored, and read back as the text the user reads (`matchdesk summary` and the
profile screen, F2)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

from importers.frames import read_frames
from importers.summary import summary_text
from scoring import score_all
from store.store import Store
from tui.screens.profile import strategy_text

TODAY = dt.date(2026, 6, 1)  # a graduation year of 2024 is 2 years ago

RAD_OBS = {"type": "observership", "specialty": "Radiology", "months": 2.0, "radiology": True}
IM_ELECTIVE = {"type": "elective", "specialty": "Internal medicine", "months": 2.0}
IM_SUBI = {"type": "sub-internship", "specialty": "Internal medicine", "months": 1.0}

# Higher-likelihood on every rule of guide 002 section 1.3, Strong in 6 categories.
HIGHER = {"visa_need": "J-1", "step1_result": "pass", "step1_attempts": 1, "step2_score": 250,
          "step2_attempts": 1, "failed_attempt": False, "graduation_year": 2024,
          "radiology_publications": 2, "english_test": "TOEFL 110", "step3_status": "planned"}
PALETTE = {"success": "green", "warning": "yellow", "error": "red", "plain": "", "muted": "dim"}


def fill_store(store: Store, profile: dict[str, Any] | None, usce: tuple[dict, ...] = (),
               programs: tuple[dict, ...] = (), settings: dict[str, Any] | None = None) -> None:
    profile_id = store.rows("profile")[0]["id"]
    for name, value in (profile or {}).items():
        if value is not None:
            store.set_value("profile", profile_id, name, value)
    for row in usce:
        store.insert_row("usce", row)
    for index, row in enumerate(programs):
        store.insert_row("programs", {"name": f"Program {index + 1}", "specialty": "DR", **row})
    for key, value in (settings or {}).items():
        store.set_setting(key, value)


def scored_store(path: Path, profile: dict[str, Any] | None, usce: tuple[dict, ...] = (),
                 programs: tuple[dict, ...] = (), settings: dict[str, Any] | None = None):
    """(scored frames, summary text, F2 strategy text) of one database."""
    with Store.open(path) as store:
        fill_store(store, profile, usce, programs, settings)
        scored = score_all(read_frames(store)[0], store.settings(), today=TODAY)
        summary = summary_text(store, today=TODAY)
    return scored, summary, strategy_text(scored.applicant, PALETTE).plain
