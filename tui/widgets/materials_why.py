"""Why this program: a short note per program for the personal statement paragraph and for
"why our program?" at interview, previewed as the one-page interview brief it prints into."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import Any

import polars as pl
from rich.markdown import Markdown
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Static

from registry.computed import computed
from registry.errors import MatchDeskError
from scoring import why
from desk.brief import brief_filename, interview_brief, save_brief
from tui.screens.dialogs import TextDialog
from tui.widgets.grid import FrameTable
from tui.widgets.materials_table import RecordTab


class WhyTab(RecordTab):
    TABLE = "programs"
    NOUN = "program"
    COLUMNS = ("name", "specialty", "why_program", "status", "tier")
    COMPUTED = {"tier": computed("tier").short}
    WIDTHS = {"name": 30, "specialty": 9, "why_program": 28}

    def compose(self) -> ComposeResult:
        with Horizontal(classes="why-body"):
            yield FrameTable(frozen_columns=1, id="why-table")
            with VerticalScroll(id="brief-preview"):
                yield Static("", id="brief-text")

    def display_frame(self) -> pl.DataFrame:
        return self.workspace.programs

    @property
    def today(self) -> dt.date:
        return self.app.today or dt.date.today()

    def brief(self, program: dict[str, Any]) -> str:
        contacts = self.workspace.frames["contacts"].filter(pl.col("program_id") == program["id"])
        return interview_brief(program, why(self.workspace.scored, program["id"]),
                               contacts.rows(named=True), self.today)

    def update_panel(self) -> None:
        program = self.current_row()
        preview = self.query_one("#brief-preview", VerticalScroll)
        preview.border_title = "Interview brief (b saves it as Markdown)"
        text = self.brief(program) if program else "No programs yet: add them on the Programs screen (F1)."
        self.query_one("#brief-text", Static).update(Markdown(text))

    def edit_current(self, column: str | None = None) -> None:
        super().edit_current("why_program")

    def add_row(self) -> None:
        self.notify("Programs are added on the Programs screen (F1).", severity="warning")

    def delete_current(self) -> None:
        self.notify("Programs are deleted on the Programs screen (F1).", severity="warning")

    def export_brief(self) -> None:
        program = self.current_row()
        if program is None:
            self.notify("No program to brief.", severity="warning")
            return
        default = self.app.path.expanduser().resolve().parent / brief_filename(program)

        def chosen(path: str | None) -> None:
            if path:
                self.write_brief(Path(path).expanduser(), program)
            self.table.focus()

        self.app.push_screen(TextDialog(f"Save the interview brief for {program['name']} to", str(default)),
                             chosen)

    def write_brief(self, path: Path, program: dict[str, Any]) -> None:
        try:
            save_brief(path, self.brief(program))
        except MatchDeskError as error:
            self.notify(error.message, title="Brief not saved", severity="error", timeout=8, markup=False)
            return
        except OSError as error:
            self.notify(f"{path}: {error.strerror or error}", title="Brief not saved", severity="error",
                        timeout=8, markup=False)
            return
        self.notify(f"Saved {path}", title="Interview brief", timeout=5)
