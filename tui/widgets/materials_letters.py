"""Letters of recommendation: who writes them, how far each has got, where each goes."""

from __future__ import annotations

from typing import Any

import polars as pl

from scoring.materials import Check, letter_checks, normalize_assignment, with_letter_columns
from registry.specialties import DIAGNOSTIC
from tui.widgets.materials_table import RecordTab

STAGE_COLOURS = {"uploaded": "text-success", "received": "text-primary", "requested": "text-warning"}


class LettersTab(RecordTab):
    TABLE = "letters"
    NOUN = "letter"
    COLUMNS = ("writer", "stage", "role", "writer_specialty", "us_based", "assigned_to",
               "requested", "received", "uploaded")
    COMPUTED = {"stage": "Stage"}
    WIDTHS = {"role": 16, "writer_specialty": 14}
    FORM_FIELDS = ("writer", "role", "writer_specialty", "us_based", "assigned_to", "requested")

    def display_frame(self) -> pl.DataFrame:
        return with_letter_columns(self.workspace.frames["letters"])

    def checks(self) -> list[Check]:
        return letter_checks(self.workspace.frames["letters"], self.workspace.scored.facts,
                             self.workspace.settings)

    def style_cell(self, column: str, value: Any) -> str | None:
        if column != "stage":
            return None
        return self.themed(STAGE_COLOURS[value]) if value in STAGE_COLOURS else "dim"

    def prepare(self, column: str, raw: Any) -> Any:
        return normalize_assignment(raw) if column == "assigned_to" else raw

    def initial_values(self) -> dict[str, Any]:
        return {"assigned_to": DIAGNOSTIC}
