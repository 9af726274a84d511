"""Editing a program's cell from the spreadsheet: the inline editor (or the text dialog for
long text), saving only over the value the editor showed, and settling a clash with another
window's save once the editor is closed."""

from __future__ import annotations

from typing import Any

import polars as pl

from registry.computed import is_computed
from registry.fields import get_field
from store import MatchDeskError
from store.errors import ConflictError
from tui.screens.dialogs import ConfirmDialog, overwrite_question
from tui.screens.programs_cells import column_label
from tui.widgets.editors import CellEditor, editor_kind
from tui.widgets.inline_editor import InlineEditor


class CellEditing:
    """ProgramsScreen's edit flow (mixed in: it uses the screen's table, workspace, status
    note and repaint). The `Submitted` handler stays on the screen, where Textual finds it."""

    def action_edit_cell(self) -> None:
        key, column = self.table.cursor_key, self.table.cursor_column_name
        if key is None or column is None or self.workspace is None:
            return
        if is_computed(column):
            self.notify(f"{column_label(column)} is computed; press w to see why.", severity="warning")
            return
        fld = get_field("programs", column)
        row = self.workspace.programs.filter(pl.col("id") == key).row(0, named=True)
        self.editing_key, self.editing_shown = key, row[column]
        if editor_kind(fld) == "textarea":  # long text gets room: the dialog's text area
            self.app.push_screen(CellEditor(fld, row[column], lambda raw: self.save_edit(fld, raw),
                                            context=str(row["name"])), lambda _: self.editor_closed())
            return
        self.table.open_editor(InlineEditor(fld, row[column], context=str(row["name"]),
                                            settings=self.workspace.settings))

    def save_edit(self, fld, raw: Any) -> str | None:
        """Save the edited cell and repaint its row; the refusal's message when refused.
        Saved only if the cell still holds what the editor showed: when another window changed
        it meanwhile the editor closes and the user is asked which value to keep."""
        try:
            rows = self.workspace.set_program_value(self.editing_key, fld.name, raw,
                                                    expected=self.editing_shown)
        except ConflictError as conflict:
            if conflict.current == conflict.attempted:  # both windows chose the same value
                rows = self.workspace.refresh_programs([conflict.row_id])
            else:
                self.pending_conflict = conflict
                return None
        except MatchDeskError as error:
            return error.message
        # A status-line note, not a toast: mounting a toast per edit costs more than the edit.
        self.show_note(f"Saved {fld.label}")
        self.repaint(rows)
        return None

    def editor_closed(self) -> None:
        """The dialog editor closed: the table takes the keys again."""
        self.table.focus()
        self.settle_conflict()

    def settle_conflict(self) -> None:
        """Ask about a value another window saved meanwhile, once the editor is closed."""
        conflict, self.pending_conflict = self.pending_conflict, None
        if conflict is not None:
            self.ask_to_overwrite(conflict)

    def ask_to_overwrite(self, conflict: ConflictError) -> None:
        """Yes writes the user's value over the other window's; no keeps the other window's
        value and shows it."""
        fld = get_field("programs", conflict.field)

        def answered(overwrite: bool | None) -> None:
            if overwrite:
                ok, rows = self.attempt(lambda: self.workspace.set_program_value(
                    conflict.row_id, fld.name, conflict.attempted))
                self.show_note(f"Saved {fld.label}" if ok else "")
            else:
                rows = self.workspace.refresh_programs([conflict.row_id])
                self.show_note(f"Kept the other window's {fld.label}")
            if rows is not None:
                self.repaint(rows)

        self.app.push_screen(ConfirmDialog(overwrite_question(fld, conflict)), answered)
