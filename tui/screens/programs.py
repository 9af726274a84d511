"""The research spreadsheet: every program, editable in place, with live scores."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import polars as pl
from textual import on
from textual.app import ComposeResult, SystemCommand
from textual.containers import Horizontal
from textual.timer import Timer
from textual.widgets import Header, Input, Static

from registry.computed import is_computed
from importers.frames import read_frame
from registry.schema import computed_schema
from scoring import why
from registry.choices import SOURCES
from store.errors import ConflictError
from registry.specialties import is_pgy1
from tui.actions import bindings_for
from tui.first_paint import COLUMNS_PREF, PLACEHOLDER, STATUS, first_program_ids
from tui.screens.programs_cells import column_label, grid_columns, style_cell
from tui.screens.programs_editing import CellEditing
from tui.screens.programs_views import notes_search, saved_view_row, view_from_saved
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog, PathDialog, TextDialog
from tui.widgets.path_input import remember_folder
from desk.paths import FOLDER_PREF, start_folder
from tui.widgets.inline_editor import Submitted
from tui.widgets.grid import FrameTable, GridColumn
from tui.messages import DataChanged
from tui.screens.base import WorkspaceScreen
from desk.query import QueryError
from desk.view import DEFAULT_COLUMNS, ViewState, apply_view, next_sort, view_order
from scoring.history import HISTORY_COLUMNS
from tui.widgets.detail import DetailPane, why_lines
from tui.widgets.footer import QuietFooter
from tui.widgets.status_line import StatusLine


class ProgramsScreen(CellEditing, WorkspaceScreen):
    SCOPE = "programs"
    BINDINGS = bindings_for("programs")
    AUTO_FOCUS = "#programs"  # keys typed during the first paint move in the table
    NOTE_SECONDS = 3.0  # a status-line note ("Saved Name") stays this long after the last one

    def __init__(self) -> None:
        super().__init__()
        self.state = ViewState(columns=list(DEFAULT_COLUMNS))
        self.status_note = ""
        self.note_timer: Timer | None = None  # takes the note down
        self.editing_key: int | None = None
        self.editing_shown: Any = None  # the cell's value when the editor opened
        self.pending_conflict: ConflictError | None = None  # asked about once the editor closes

    # --- layout ------------------------------------------------------------------------

    def compose(self) -> ComposeResult:
        yield Header()
        yield Input(placeholder=PLACEHOLDER, id="query")
        with Horizontal(id="programs-body"):
            yield FrameTable(frozen_columns=1, id="programs")
            yield DetailPane(id="detail", classes="hidden")
        yield Static("", id="query-error", classes="hidden", markup=False)
        yield StatusLine("", id="status", markup=False)
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
        if self.workspace is None:
            self.show_first_rows()  # the app reads and scores everything after this frame
        else:
            self.rebuild()
        self.table.focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        # The first rows show before the workspace is read: until then, move and search only.
        return self.workspace is not None or action in ("focus_query", "clear_query")

    # --- rendering ---------------------------------------------------------------------

    def show_first_rows(self) -> None:
        """The first screenful in the default order (name, then id), scores still empty.
        With a saved filter or another sort the first rows are not known before scoring."""
        if self.state.query or self.state.sort not in (None, "name") or self.state.descending:
            return
        ids = first_program_ids(self.store.conn, max(1, self.size.height))
        rows = read_frame(self.store, "programs", ids)[0]
        rows = rows.with_columns(pl.lit(None, dtype).alias(name) for name, dtype in computed_schema().items())
        self.table.set_frame(apply_view(rows, self.state), self.grid_columns(rows))
        self.query_one("#status", Static).update(STATUS)

    def grid_columns(self, frame: pl.DataFrame | None = None) -> list[GridColumn]:
        return grid_columns(self.workspace.programs if frame is None else frame, self.state)

    def rebuild(self) -> None:
        """Filter and sort from scratch; the cursor stays on the same program."""
        try:
            view, order = view_order(self.workspace.programs if self.state.query else self.shown_columns(),
                                     self.state)
        except QueryError as error:
            self.show_query_error(str(error))
            view, order = view_order(self.shown_columns(), replace(self.state, query=""))
        else:
            self.show_query_error(None)
        columns = self.grid_columns()
        self.table.set_frame(view, columns, order)
        self.seen_version = self.workspace.version
        self.update_status()
        self.update_detail()

    def shown_columns(self) -> pl.DataFrame:
        """The programs with only what the table shows and sorts by (a selection, not a copy):
        each row drawn reads only these values. A filter may name any column, so a filtered
        view is cut from all of them."""
        programs = self.workspace.programs
        wanted = dict.fromkeys(["id", "name", *([self.state.sort] if self.state.sort else []), *self.state.columns])
        return programs.select([name for name in wanted if name in programs.schema])

    def repaint(self, rows: pl.DataFrame) -> None:
        """Only the rows an edit changed are repainted; cursor and scroll stay where they are."""
        self.table.update_rows(rows)
        self.seen_version = self.workspace.version
        self.update_status()
        self.update_detail()

    def update_status(self) -> None:
        # the balance the applicant's assessment holds: counted once per change, not per draw
        self.query_one("#status", StatusLine).show(
            self.table.row_count, self.workspace.programs.height,
            self.workspace.scored.applicant.balance, self.status_note)

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
        words = notes_search(event.value)
        if words is not None:  # a search of the notes, not a filter
            event.input.value = self.state.query
            self.app.action_search_notes(words)
            return
        self.apply_query(event.value)
        self.table.focus()

    @on(Input.Changed, "#query")
    def _query_changed(self, event: Input.Changed) -> None:
        if notes_search(event.value) is None:
            self.apply_query(event.value)

    def apply_query(self, text: str) -> None:
        if text == self.state.query:
            return
        self.state = replace(self.state, query=text)
        if self.workspace is None:
            return  # still reading: the table is built with this filter once it is read
        self.save_view_state()
        self.rebuild()

    def save_view_state(self) -> None:
        """Remember filter, sort and columns; a busy or full disk is reported, the view still changes."""
        if not self.store.readonly:
            self.attempt(lambda: self.workspace.set_pref(COLUMNS_PREF, self.state.to_json()))

    # --- actions -----------------------------------------------------------------------

    @on(Submitted)
    def _inline_submitted(self, event: Submitted) -> None:
        event.stop()
        refusal = self.save_edit(event.field, event.raw)
        if refusal is None:
            # Focus never left the table, and focusing it again would repaint all of it.
            self.table.close_editor()
            self.settle_conflict()
        else:
            self.table.refuse_edit(refusal)

    def show_note(self, text: str) -> None:
        """Put `text` on the status line (drawn by the next repaint) until NOTE_SECONDS after
        the last note: one timer, so edits in a row keep their note up and redraw it once."""
        self.status_note = text
        if self.note_timer is not None:
            self.note_timer.stop()
        self.note_timer = self.set_timer(self.NOTE_SECONDS, self.clear_status_note)

    def clear_status_note(self) -> None:
        self.status_note = ""
        self.update_status()

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

    def action_focus_pane(self) -> None:
        """Into the detail pane (shown if hidden), where the arrow keys scroll it; again: back."""
        pane = self.query_one(DetailPane)
        if pane.has_focus:
            self.table.focus()
            return
        if pane.has_class("hidden"):
            self.action_toggle_detail()
        pane.focus()

    def action_add_program(self) -> None:
        from tui.screens.program_form import ProgramForm

        def added(program_id: int | None) -> None:
            if program_id is not None:
                self.after_structure_change(f"Added program {program_id}")
                self.table.move_cursor_to_key(program_id)
            self.table.focus()

        self.app.push_screen(ProgramForm(self.workspace), added)

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
                ok, _ = self.attempt(lambda: self.workspace.set_provenance(key, column, source))
                if ok:
                    self.update_detail()
                    self.notify(f"{column_label(column)}: source {source}", timeout=2)

        self.app.push_screen(ChoiceDialog(f"Where did {column_label(column)} come from?", SOURCES), chosen)

    def action_save_view(self) -> None:
        def named(name: str | None) -> None:
            if name:
                ok, _ = self.attempt(lambda: self.workspace.insert_row("saved_views", {
                    **saved_view_row(name, self.state)}))
                if ok:
                    self.notify(f"Saved view '{name}' (recall it from ctrl+p)")

        self.app.push_screen(TextDialog("Name this view"), named)

    def action_explain_cell(self) -> None:
        """A score: a panel with its sentence first, then every other worked-out value's.
        Anything else: one line saying there is nothing to explain."""
        from tui.screens.explain import ExplainScreen

        key, column = self.table.cursor_key, self.table.cursor_column_name
        if key is None or column is None:
            return
        if not is_computed(column):
            self.notify(f"{column_label(column)} is not a score: there is nothing to explain here "
                        "(w explains the worked-out columns, such as Fit or Tier).", timeout=4)
            return
        sentences = why(self.workspace.scored, key)
        shared = HISTORY_COLUMNS if column in HISTORY_COLUMNS else ()  # one sentence for all of them
        rest = {name: text for name, text in sentences.items() if name != column and name not in shared}
        rows = [(column_label(column), sentences[column]), *why_lines(rest)]
        name = self.workspace.programs.filter(pl.col("id") == key)["name"][0]
        self.app.push_screen(ExplainScreen(f"Why: {column_label(column)}, {name}", rows))

    def action_rank_program(self) -> None:
        from desk import rank_lists

        key = self.table.cursor_key
        if key is None:
            return
        row = self.store.get("programs", key)
        list_id = None
        if is_pgy1(row["specialty"], row["track"]):
            supplemental = [r for r in rank_lists.rank_lists(self.workspace.frames) if r.kind == rank_lists.SUPPLEMENTAL]
            if not supplemental:
                self.notify("Make a supplemental PGY-1 list on the rank list screen (F6) first.", severity="warning")
                return
            list_id = supplemental[0].id
        ok, _ = self.attempt(lambda: self.workspace.add_to_rank_list(key, list_id))
        if ok:
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

        def chosen(path: Path | None) -> None:
            if path:
                remember_folder(self.app, path.parent)
                self.app.push_screen(ImportScreen(str(path)), imported)

        folder = start_folder(self.store.path, self.store.get_pref(FOLDER_PREF))
        self.app.push_screen(PathDialog("File to import (CSV, TSV or XLSX)", folder), chosen)

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
        self.redraw_if_stale()
        self.notify(message, timeout=3)
