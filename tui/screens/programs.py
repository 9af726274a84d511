"""The research spreadsheet: every program, editable in place, with live scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from typing import Any

import polars as pl
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.widgets import Header, Input, Static

from registry.computed import computed, is_computed
from scoring import balance, why
from store import MatchDeskError
from registry.fields import SOURCES, get_field
from registry.specialties import is_pgy1
from tui.actions import bindings_for
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from tui.widgets.editors import EditorPanel
from tui.widgets.grid import FrameTable, GridColumn
from tui.messages import DataChanged
from tui.screens.base import WorkspaceScreen
from desk.query import QueryError
from desk.view import DEFAULT_COLUMNS, ViewState, apply_view, next_sort
from tui.widgets.detail import DetailPane, why_lines
from tui.widgets.footer import QuietFooter

COLUMNS_PREF = "programs.view"
NUMERIC = (pl.Int64, pl.Int32, pl.Float64, pl.Float32, pl.UInt32)
ELIGIBILITY_STYLES = {"eligible": "green", "ineligible": "bold red", "unclear": "yellow"}
TIER_STYLES = {"Reach": "magenta", "Target": "cyan", "Safety": "green"}


def column_label(name: str) -> str:
    if is_computed(name):
        return computed(name).short
    return get_field("programs", name).label


def style_cell(column: str, value: Any) -> str | None:
    if column == "eligibility":
        return ELIGIBILITY_STYLES.get(value)
    if column == "tier":
        return TIER_STYLES.get(value)
    return None


def balance_mark(line) -> str:
    """↑ above the recommended band, ↓ below it."""
    return "↑" if line.percent > line.high else "↓" if line.percent < line.low else ""


def saved_view_row(name: str, state: ViewState) -> dict[str, str]:
    sort = f"{state.sort} {'desc' if state.descending else 'asc'}" if state.sort else ""
    return {"name": name, "filter": state.query, "sort": sort, "columns": ",".join(state.columns)}


def view_from_saved(row: dict) -> ViewState:
    sort, _, direction = (row.get("sort") or "").partition(" ")
    columns = [c for c in (row.get("columns") or "").split(",") if c] or list(DEFAULT_COLUMNS)
    return ViewState(query=row.get("filter") or "", sort=sort or None, descending=direction == "desc",
                     columns=columns)


class ProgramsScreen(WorkspaceScreen):
    SCOPE = "programs"
    BINDINGS = bindings_for("programs")

    def __init__(self) -> None:
        super().__init__()
        self.state = ViewState(columns=list(DEFAULT_COLUMNS))
        self.status_note = ""

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder="/ search, or filter: tier:Target visa:J-1 state:OH,MI fit>60",
                    id="query")
        with Horizontal(id="programs-body"):
            yield FrameTable(frozen_columns=1, id="programs")
            yield DetailPane(id="detail", classes="hidden")
        yield Static("", id="query-error", classes="hidden", markup=False)
        yield Static("", id="status", markup=False)
        yield QuietFooter()

    @property
    def table(self) -> FrameTable:
        return self.query_one("#programs", FrameTable)

    def on_mount(self) -> None:
        saved = self.store.get_pref(COLUMNS_PREF)
        if saved:
            self.state = ViewState.from_json(saved)
            self.query_one("#query", Input).value = self.state.query
        self.table.cell_styler = style_cell
        self.rebuild()
        self.table.focus()

    # --- rendering ---------------------------------------------------------------------

    def grid_columns(self) -> list[GridColumn]:
        frame = self.workspace.programs
        columns = []
        for name in self.state.columns:
            if name not in frame.columns:
                continue
            numeric = frame.schema[name] in NUMERIC
            columns.append(GridColumn(name, column_label(name), computed=is_computed(name),
                                      align="right" if numeric else "left"))
        return columns

    def rebuild(self) -> None:
        """Filter and sort from scratch; the cursor stays on the same program."""
        try:
            view = apply_view(self.workspace.programs, self.state)
        except QueryError as error:
            self.show_query_error(str(error))
            view = apply_view(self.workspace.programs, replace(self.state, query=""))
        else:
            self.show_query_error(None)
        columns = self.grid_columns()
        self.table.set_frame(view, columns)
        self.seen_version = self.workspace.version
        self.update_status()
        self.update_detail()

    def repaint(self, rows: pl.DataFrame) -> None:
        """Only the rows an edit changed are repainted; cursor and scroll stay where they are."""
        self.table.update_rows(rows)
        self.seen_version = self.workspace.version
        self.update_status()
        self.update_detail()

    def update_status(self) -> None:
        shares = balance(self.workspace.scored, self.workspace.settings)
        tiers = "  ".join(f"{line.tier} {line.count} ({line.percent:.0f}%{balance_mark(line)})"
                          for line in shares)
        text = f"{self.table.row_count} of {self.workspace.programs.height} programs  │  Radiology list: {tiers}"
        if any(line.advice for line in shares):
            text += "  │  F4: balance advice"
        if self.status_note:
            text = f"✓ {self.status_note}  │  {text}"
        self.query_one("#status", Static).update(text)

    def update_detail(self) -> None:
        pane = self.query_one(DetailPane)
        if pane.has_class("hidden"):
            return
        key = self.table.cursor_key
        if key is None:
            pane.show(None, {}, {}, today=self.today, stale_after_days=self.stale_days)
            return
        row = self.workspace.programs.filter(pl.col("id") == key).row(0, named=True)
        record = self.workspace.frames["match_history"].filter(pl.col("program_id") == key).sort("year")
        pane.show(row, self.store.provenance(key), why(self.workspace.scored, key),
                  today=self.today, stale_after_days=self.stale_days,
                  current_field=self.table.cursor_column_name,
                  history=record.select("year", "quota", "matched").rows())

    @property
    def stale_days(self) -> int:
        return int(self.workspace.settings["stale_after_days"])

    def show_query_error(self, message: str | None) -> None:
        label = self.query_one("#query-error", Static)
        label.set_class(message is None, "hidden")
        label.update(message or "")

    # --- events ------------------------------------------------------------------------

    @on(FrameTable.CellActivated)
    def _activated(self) -> None:
        self.action_edit_cell()

    @on(FrameTable.CursorMoved)
    def _moved(self) -> None:
        self.update_detail()

    def data_changed(self, event: DataChanged) -> None:
        if event.rows is None:
            self.rebuild()
        else:
            self.repaint(event.rows)

    @on(Input.Submitted, "#query")
    def _query_submitted(self, event: Input.Submitted) -> None:
        self.apply_query(event.value)
        self.table.focus()

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        self.apply_query(event.value)

    def apply_query(self, text: str) -> None:
        if text == self.state.query:
            return
        self.state = replace(self.state, query=text)
        self.save_view_state()
        self.rebuild()

    def save_view_state(self) -> None:
        """Remember filter, sort and columns; a busy or full disk is reported, the view still changes."""
        if not self.store.readonly:
            self.attempt(lambda: self.store.set_pref(COLUMNS_PREF, self.state.to_json()))

    # --- actions -----------------------------------------------------------------------

    def action_edit_cell(self) -> None:
        key, column = self.table.cursor_key, self.table.cursor_column_name
        if key is None or column is None:
            return
        if is_computed(column):
            self.notify(f"{column_label(column)} is computed; press w to see why.", severity="warning")
            return
        fld = get_field("programs", column)
        row = self.workspace.programs.filter(pl.col("id") == key).row(0, named=True)

        def commit(raw: Any) -> str | None:
            try:
                rows = self.workspace.set_program_value(key, column, raw)
            except MatchDeskError as error:
                return error.message
            self.repaint(rows)
            return None

        self.close_inline_editor()
        x, y = self.table.cursor_screen_offset()
        panel = EditorPanel(fld, row[column], commit, context=str(row["name"]), id="inline-editor",
                            classes="editor inline-editor")
        # Over the cell, or as close as the screen allows.
        panel.styles.offset = (max(0, min(x - 2, self.size.width - 62)),
                               max(0, min(y + 1, self.size.height - 16)))
        self.query_one(QuietFooter).held = True  # the editor's own hint line lists its keys
        self.mount(panel)

    @on(EditorPanel.Finished)
    def _editor_finished(self, event: EditorPanel.Finished) -> None:
        event.stop()
        if event.saved:
            # A status-line note, not a toast: mounting a toast per edit costs more than the edit.
            self.status_note = f"Saved {event.control.field.label}"
            self.update_status()
            self.set_timer(3, self.clear_status_note)
        self.close_inline_editor()

    def clear_status_note(self) -> None:
        self.status_note = ""
        self.update_status()

    def close_inline_editor(self) -> None:
        for panel in self.query("#inline-editor"):
            panel.remove()
        self.table.focus()
        self.query_one(QuietFooter).held = False

    def action_sort_column(self) -> None:
        column = self.table.cursor_column_name
        if column is None:
            return
        self.state = next_sort(self.state, column)
        self.save_view_state()
        self.rebuild()
        direction = "descending" if self.state.descending else "ascending"
        self.notify(f"Sorted by {column_label(column)}, {direction}", timeout=2)

    def action_focus_query(self) -> None:
        self.query_one("#query", Input).focus()

    def action_clear_query(self) -> None:
        query = self.query_one("#query", Input)
        if query.has_focus or query.value:
            query.value = ""
            self.apply_query("")
        self.table.focus()

    def action_toggle_detail(self) -> None:
        pane = self.query_one(DetailPane)
        pane.toggle_class("hidden")
        self.update_detail()

    def action_add_program(self) -> None:
        from tui.screens.program_form import ProgramForm

        def added(program_id: int | None) -> None:
            if program_id is not None:
                self.workspace.reload()
                self.after_structure_change(f"Added program {program_id}")
                self.table.move_cursor_to_key(program_id)
            self.table.focus()

        self.app.push_screen(ProgramForm(self.store), added)

    def action_delete_program(self) -> None:
        key = self.table.cursor_key
        if key is None:
            return
        name = self.workspace.programs.filter(pl.col("id") == key)["name"][0]

        def confirmed(yes: bool | None) -> None:
            if yes:
                ok, _ = self.attempt(lambda: self.workspace.delete_row("programs", key))
                if ok:
                    self.after_structure_change(f"Deleted {name} (ctrl+z brings it back)")

        self.app.push_screen(ConfirmDialog(f"Delete {name}? Its interviews, contacts and rank entries go too."),
                             confirmed)

    def action_duplicate_program(self) -> None:
        key = self.table.cursor_key
        if key is None:
            return
        row = self.store.get("programs", key)
        row.pop("id")
        row["name"] = f"{row['name']} (copy)"
        ok, new_id = self.attempt(lambda: self.workspace.insert_row("programs", row))
        if ok:
            self.after_structure_change(f"Duplicated as {row['name']}")
            self.table.move_cursor_to_key(new_id)

    def action_choose_columns(self) -> None:
        from tui.screens.columns import ColumnChooser

        def chosen(columns: list[str] | None) -> None:
            if columns:
                self.state = replace(self.state, columns=columns)
                self.save_view_state()
                self.rebuild()
            self.table.focus()

        self.app.push_screen(ColumnChooser(self.state.columns, column_label), chosen)

    def action_set_source(self) -> None:
        key, column = self.table.cursor_key, self.table.cursor_column_name
        if key is None or column is None or is_computed(column):
            self.notify("Choose an editable cell to record its source.", severity="warning")
            return

        def chosen(source: str | None) -> None:
            if source:
                ok, _ = self.attempt(lambda: self.store.set_provenance(key, column, source))
                if ok:
                    self.update_detail()
                    self.notify(f"{column_label(column)}: source {source}", timeout=2)

        self.app.push_screen(ChoiceDialog(f"Where did {column_label(column)} come from?", SOURCES), chosen)

    def action_save_view(self) -> None:
        def named(name: str | None) -> None:
            if name:
                ok, _ = self.attempt(lambda: self.store.insert_row("saved_views", {
                    **saved_view_row(name, self.state)}))
                if ok:
                    self.notify(f"Saved view '{name}' (recall it from ctrl+p)")

        self.app.push_screen(TextDialog("Name this view"), named)

    def action_explain_cell(self) -> None:
        key, column = self.table.cursor_key, self.table.cursor_column_name
        if key is None:
            return
        sentences = why(self.workspace.scored, key)
        sentence = sentences.get(column) or "\n".join(f"{k}: {v}" for k, v in why_lines(sentences))
        self.notify(sentence, title=column_label(column) if column else "Why", timeout=10)

    def action_rank_program(self) -> None:
        from desk import ranking

        key = self.table.cursor_key
        if key is None:
            return
        row = self.store.get("programs", key)
        list_id = None
        if is_pgy1(row["specialty"], row["track"]):
            supplemental = [r for r in ranking.rank_lists(self.workspace.frames) if r.kind == ranking.SUPPLEMENTAL]
            if not supplemental:
                self.notify("Make a supplemental PGY-1 list on the rank list screen (F6) first.", severity="warning")
                return
            list_id = supplemental[0].id
        ok, _ = self.attempt(lambda: ranking.add_program(self.store, key, list_id))
        if ok:
            self.workspace.reload()
            self.notify(f"{row['name']} is on the rank list (F6 to order it)", timeout=3)

    def action_import_file(self) -> None:
        from tui.screens.importing import ImportScreen

        def imported(result) -> None:
            if result is not None:
                self.workspace.reload()
                self.app.mark_file_seen()  # the import wrote through its own connection
                self.rebuild()
                self.notify(f"Imported: {result} (ctrl+z undoes the whole import)")
            self.table.focus()

        def chosen(path: str | None) -> None:
            if path:
                self.app.push_screen(ImportScreen(path), imported)

        self.app.push_screen(TextDialog("File to import (CSV, TSV or XLSX)"), chosen)

    def action_export_view(self) -> None:
        from tui.screens.exporting import ExportScreen

        self.app.push_screen(ExportScreen(program_ids=self.table.keys(), columns=list(self.state.columns)),
                             lambda _: self.table.focus())

    def apply_saved_view(self, view: dict) -> None:
        self.state = view_from_saved(view)
        self.query_one("#query", Input).value = self.state.query
        self.save_view_state()
        self.rebuild()
        self.notify(f"View '{view['name']}'", timeout=2)

    def palette_commands(self) -> Iterable[SystemCommand]:
        for view in self.store.rows("saved_views"):
            yield SystemCommand(f"View: {view['name']}", f"filter {view['filter'] or '-'}; sort {view['sort'] or '-'}",
                                lambda v=view: self.apply_saved_view(v))

    # --- helpers -----------------------------------------------------------------------

    def after_structure_change(self, message: str) -> None:
        self.rebuild()
        self.notify(message, timeout=3)
