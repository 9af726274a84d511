"""Personal statements: one per specialty (and track), their versions, status and length, and
a plain word check that a backup statement does not read as radiology first."""

from __future__ import annotations

from typing import Any

import polars as pl

from scoring.materials import (DISMISSED, WARNING, Check, statement_check, statement_coverage,
                               with_statement_columns)
from store import MatchDeskError
from tui.widgets.materials_table import RecordTab

COLOURS = {"final": "text-success", "mentor-reviewed": "text-primary", "draft": "text-warning",
           "ok": "text-success", "look": "text-warning"}


class StatementsTab(RecordTab):
    TABLE = "statements"
    NOUN = "statement"
    COLUMNS = ("specialty", "track", "version", "status", "words", "check", "body")
    COMPUTED = {"words": "Words", "check": "Check"}
    FORM_FIELDS = ("specialty", "track", "status")

    def display_frame(self) -> pl.DataFrame:
        return with_statement_columns(self.workspace.frames["statements"], self.workspace.scored.facts)

    def current_check(self) -> Check | None:
        row = self.current_row()
        if row is None:
            return None
        return statement_check(row["specialty"], row["body"], row["check_dismissed"],
                               self.workspace.scored.facts)

    def checks(self) -> list[Check]:
        current = self.current_check()
        coverage = statement_coverage(self.workspace.frames["statements"], self.workspace.scored.facts)
        return coverage if current is None else [*coverage, current]

    def style_cell(self, column: str, value: Any) -> str | None:
        if column in ("status", "check") and value is not None:
            return self.themed(COLOURS[value]) if value in COLOURS else "dim"
        return None

    def describe(self, row: dict[str, Any]) -> str:
        return " ".join(str(row[k]) for k in ("specialty", "track") if row[k]) + f" v{row['version']}"

    def toggle_dismissed(self) -> None:
        row, check = self.current_row(), self.current_check()
        if row is None or check is None:
            self.notify("No statement here yet: press a to add one.", severity="warning")
            return
        if check.status not in (WARNING, DISMISSED):
            self.notify(f"Nothing to dismiss: {check.reason}.", timeout=4)
            return
        dismissed = not row["check_dismissed"]
        try:
            self.workspace.set_value(self.TABLE, row["id"], "check_dismissed", dismissed)
        except MatchDeskError as error:
            self.app.show_error(error)
            return
        self.refresh_data()
        self.notify("Check dismissed (x brings it back)" if dismissed else "Check restored", timeout=3)
