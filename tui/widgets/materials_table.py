"""What every tab of the materials screen shares: a table of rows edited in place (saved at
once, undoable, validated by the registry) above a panel of live checks."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any, ClassVar

import polars as pl
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.content import Content
from textual.widgets import Static

from scoring.materials import DISMISSED, INFO, NOT_NEEDED, OK, PROBLEM, WARNING, Check
from store import MatchDeskError
from registry.fields import get_field
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.editors import CellEditor
from tui.widgets.grid import FrameTable, GridColumn
from tui.widgets.materials_form import RowForm

CHECK_MARKS = {OK: ("✓", "$success"), WARNING: ("!", "$warning"), PROBLEM: ("✗", "$error"),
               NOT_NEEDED: ("·", "$text-muted"), DISMISSED: ("✓", "$text-muted"),
               INFO: ("i", "$primary")}
NUMERIC = (pl.Int64, pl.Int32, pl.Float64)


def checks_content(checks: Iterable[Check]) -> Content:
    """One line per check: a mark coloured by its status, the check's name, and its reason."""
    lines = []
    for check in checks:
        mark, style = CHECK_MARKS[check.status]
        lines.append(Content.assemble((f" {mark} ", f"bold {style}"), (check.name, "bold"),
                                      f": {check.reason}"))
    return Content("\n").join(lines)


class RecordTab(Vertical):
    """A table of one store table's rows, plus the checks below it."""

    TABLE: ClassVar[str]
    NOUN: ClassVar[str]  # "letter": used in messages
    COLUMNS: ClassVar[tuple[str, ...]]  # display order; stored fields and COMPUTED names
    COMPUTED: ClassVar[dict[str, str]] = {}  # computed column -> header label
    WIDTHS: ClassVar[dict[str, int]] = {}  # fixed widths, so the table fits 120 columns
    FORM_FIELDS: ClassVar[tuple[str, ...]] = ()

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.seen_version = -1

    def compose(self) -> ComposeResult:
        yield FrameTable(frozen_columns=1, id=f"{self.TABLE}-table")
        yield Static("", classes="materials-checks", id=f"{self.TABLE}-checks")

    @property
    def workspace(self):
        return self.app.workspace

    @property
    def table(self) -> FrameTable:
        return self.query_one(FrameTable)

    def on_mount(self) -> None:
        self.table.cell_styler = self.style_cell

    # --- what a subclass says --------------------------------------------------------------

    def display_frame(self) -> pl.DataFrame:
        """The stored rows plus the COMPUTED columns."""
        return self.workspace.frames[self.TABLE]

    def checks(self) -> list[Check]:
        return []

    def style_cell(self, column: str, value: Any) -> str | None:
        return None

    def themed(self, variable: str) -> str:
        """A theme colour for the table's cell styler, which takes Rich styles, not CSS."""
        return self.app.theme_variables.get(variable, "")

    def prepare(self, column: str, raw: Any) -> Any:
        """A hook to check or normalise a typed value before the store validates it."""
        return raw

    def initial_values(self) -> dict[str, Any]:
        return {}

    def describe(self, row: dict[str, Any]) -> str:
        return str(row[self.COLUMNS[0]])

    # --- showing ------------------------------------------------------------------------------

    def label(self, name: str) -> str:
        return self.COMPUTED.get(name) or get_field(self.TABLE, name).label

    def refresh_data(self) -> None:
        frame = self.display_frame()
        columns = [GridColumn(name, self.label(name), computed=name in self.COMPUTED,
                              align="right" if frame.schema[name] in NUMERIC else "left",
                              width=self.WIDTHS.get(name))
                   for name in self.COLUMNS]
        self.table.set_frame(frame, columns)
        self.seen_version = self.workspace.version
        self.update_panel()

    def refresh_if_stale(self) -> None:
        if self.seen_version != self.workspace.version:
            self.refresh_data()

    def update_panel(self) -> None:
        """Redraw what sits beside the table (the checks, by default) for the current row."""
        self.query_one(".materials-checks", Static).update(checks_content(self.checks()))

    def current_row(self) -> dict[str, Any] | None:
        key = self.table.cursor_key
        if key is None:
            return None
        found = self.display_frame().filter(pl.col("id") == key)
        return found.row(0, named=True) if found.height else None

    @on(FrameTable.CellActivated)
    def _activated(self, event: FrameTable.CellActivated) -> None:
        event.stop()
        self.edit_current()

    @on(FrameTable.CursorMoved)
    def _moved(self, event: FrameTable.CursorMoved) -> None:
        event.stop()
        self.update_panel()

    # --- changing -----------------------------------------------------------------------------

    def save(self, write) -> str | None:
        """Run a write through the workspace; the refusal's message, or None when saved."""
        try:
            write()
        except MatchDeskError as error:
            return error.message
        self.refresh_data()
        return None

    def edit_current(self, column: str | None = None) -> None:
        row = self.current_row()
        column = column or self.table.cursor_column_name
        if row is None or column is None:
            self.notify(f"Nothing to edit: no {self.NOUN} here yet.", severity="warning")
            return
        if column in self.COMPUTED:
            self.notify(f"{self.label(column)} is worked out for you; the checks below say how.",
                        severity="warning")
            return
        fld = get_field(self.TABLE, column)

        def commit(raw: Any) -> str | None:
            return self.save(lambda: self.workspace.set_value(
                self.TABLE, row["id"], column, self.prepare(column, raw)))

        self.app.push_screen(CellEditor(fld, row[column], commit, context=self.describe(row)),
                             lambda saved: self.table.focus())

    def add_row(self) -> None:
        fields = [get_field(self.TABLE, name) for name in self.FORM_FIELDS]
        added: list[int] = []

        def commit(values: dict[str, Any]) -> str | None:
            def insert() -> None:
                prepared = {name: self.prepare(name, raw) for name, raw in values.items()}
                added.append(self.workspace.insert_row(self.TABLE, prepared))
            return self.save(insert)

        def done(saved: bool | None) -> None:
            if saved and added:
                self.table.move_cursor_to_key(added[0])
                self.notify(f"Added the {self.NOUN} (ctrl+z takes it back)", timeout=3)
            self.table.focus()

        self.app.push_screen(RowForm(f"Add a {self.NOUN}", fields, commit, self.initial_values()), done)

    def delete_current(self) -> None:
        row = self.current_row()
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                try:
                    self.workspace.delete_row(self.TABLE, row["id"])
                except MatchDeskError as error:
                    self.app.show_error(error)
                else:
                    self.refresh_data()
                    self.notify(f"Deleted the {self.NOUN} (ctrl+z brings it back)", timeout=3)
            self.table.focus()

        self.app.push_screen(ConfirmDialog(f"Delete the {self.NOUN} '{self.describe(row)}'?"), confirmed)
