"""Red flags (DOMAIN 7): each flag's type, dates, explanation draft and mentor review.

The most private data in the app: the screen says so, and exports leave the table out unless
the user asks for private data.
"""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static, TextArea

from store import MatchDeskError
from registry.choices import RED_FLAG_TYPES
from tui.actions import bindings_for
from tui.widgets.footer import QuietFooter
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.widgets.records import RecordColumn, RecordScreen, RecordTable
from tui.widgets.sentences import SentenceCount, count_sentences, guidance, within_guidance

SCOPE = "redflags"
PRIVATE_NOTE = ("Private: red flags and their drafts are never exported unless you ask "
                "(matchdesk export --include-private).")



class RedFlagsScreen(RecordScreen):
    SCOPE = SCOPE
    BINDINGS = bindings_for("redflags")

    def __init__(self) -> None:
        super().__init__()
        self.draft_id: int | None = None  # the flag whose explanation is in the editor
        self.draft_saved = ""  # its explanation as stored

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(PRIVATE_NOTE, id="private-note", markup=False)
        yield RecordTable("red_flags", self.columns(), id="flags")
        yield Static("", id="draft-title", markup=False)
        low, high = guidance(self.app.workspace.settings)
        yield Static(f"What happened, why, what changed and the evidence of improvement, in "
                     f"{low}-{high} sentences. ctrl+s saves; esc saves and goes back to the list.",
                     id="draft-guidance", markup=False)
        yield TextArea("", id="draft", soft_wrap=True)
        yield SentenceCount("", id="draft-count")
        yield QuietFooter()

    def columns(self) -> list[RecordColumn]:
        return [
            RecordColumn("type", width=30),
            RecordColumn("start_date", width=10),
            RecordColumn("end_date", width=10),
            RecordColumn("explanation", "Draft", width=30, render=self.render_count, editable=False),
            RecordColumn("mentor_reviewed", width=15),
        ]

    def render_count(self, row: dict):
        count = count_sentences(row.get("explanation"))
        label = f"{count} sentence{'' if count == 1 else 's'}"
        within = within_guidance(count, self.app.workspace.settings)
        return self.theme_text(label, "success" if within else "warning")

    @property
    def flags(self) -> RecordTable:
        return self.query_one("#flags", RecordTable)

    @property
    def draft(self) -> TextArea:
        return self.query_one("#draft", TextArea)

    def on_mount(self) -> None:
        super().on_mount()
        self.flags.focus()

    # --- painting ----------------------------------------------------------------------

    def show_data(self) -> None:
        self.flags.show(self.store.rows("red_flags"))
        self.load_draft()

    def load_draft(self) -> None:
        """Put the current flag's draft in the editor, unless unsaved typing is there."""
        row = self.flags.current_record
        title = self.query_one("#draft-title", Static)
        self.draft.disabled = row is None
        if row is None:
            self.draft_id, self.draft_saved = None, ""
            self.draft.load_text("")
            title.update("No red flags recorded. Press a to add one.")
            self.query_one(SentenceCount).show("")
            return
        stored = row.get("explanation") or ""
        if row["id"] != self.draft_id or not self.dirty:
            if self.draft.text.strip() != stored.strip():
                self.draft.load_text(stored)
            self.draft_id, self.draft_saved = row["id"], stored
        dates = " to ".join(d for d in (row.get("start_date"), row.get("end_date")) if d)
        title.update(f"Explanation draft: {row['type']}" + (f" ({dates})" if dates else ""))
        self.query_one(SentenceCount).show(self.draft.text)

    @property
    def dirty(self) -> bool:
        return self.draft_id is not None and self.draft.text.strip() != self.draft_saved.strip()

    # --- events ------------------------------------------------------------------------

    @on(DataTable.CellHighlighted, "#flags")
    def _highlighted(self) -> None:
        if self.flags.current_id != self.draft_id and not self.save_draft():
            self.flags.move_to_id(self.draft_id)  # a refused draft stays on screen to fix
            return
        self.load_draft()

    @on(DataTable.CellSelected, "#flags")
    def _selected(self) -> None:
        self.action_edit_cell()

    @on(TextArea.Changed, "#draft")
    def _typed(self) -> None:
        self.query_one(SentenceCount).show(self.draft.text)

    def on_descendant_blur(self, event) -> None:
        if event.widget is self.draft:
            self.save_draft()

    def on_screen_suspend(self) -> None:
        self.save_draft()

    # --- actions -----------------------------------------------------------------------

    def save_draft(self) -> bool:
        """Save unsaved typing; False when the store refused it (the text stays to fix)."""
        if not self.dirty:
            return True
        try:
            self.workspace.set_value("red_flags", self.draft_id, "explanation", self.draft.text)
        except MatchDeskError as error:
            self.app.show_error(error)
            return False
        self.draft_saved = self.draft.text
        self.rebuild()
        self.notify("Draft saved", timeout=2)
        return True

    def action_save_draft(self) -> None:
        if not self.dirty:
            self.notify("Nothing new to save", timeout=2)
        self.save_draft()

    def action_back_to_list(self) -> None:
        if self.save_draft():
            self.flags.focus()

    def action_write_draft(self) -> None:
        if self.flags.current_record is not None:
            self.draft.focus()

    def action_edit_cell(self) -> None:
        column = self.flags.current_column
        if column is not None and column.name == "explanation":
            self.action_write_draft()
            return
        row = self.flags.current_record
        self.edit_current(self.flags, context=row["type"] if row else "")

    def action_add_flag(self) -> None:
        def chosen(flag_type: str | None) -> None:
            if flag_type is None:
                self.flags.focus()
                return
            ok, flag_id = self.attempt(lambda: self.workspace.insert_row("red_flags", {"type": flag_type}))
            if ok:
                self.flags.move_to_id(flag_id, column=0)
                self.load_draft()
                self.call_after_refresh(self.draft.focus)

        self.app.push_screen(ChoiceDialog("What kind of red flag?", RED_FLAG_TYPES), chosen)

    def action_toggle_mentor(self) -> None:
        row = self.flags.current_record
        if row is None:
            return
        reviewed = not row.get("mentor_reviewed")
        ok, _ = self.attempt(lambda: self.workspace.set_value("red_flags", row["id"], "mentor_reviewed", reviewed))
        if ok:
            self.notify(f"{row['type']}: {'mentor reviewed' if reviewed else 'not reviewed yet'}", timeout=2)

    def action_delete_flag(self) -> None:
        row = self.flags.current_record
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.draft_id = None  # the unsaved draft goes with the flag
                ok, _ = self.attempt(lambda: self.workspace.delete_row("red_flags", row["id"]))
                if ok:
                    self.notify(f"Deleted {row['type']} (ctrl+z brings it back)", timeout=3)
            self.flags.focus()

        self.app.push_screen(ConfirmDialog(f"Delete the red flag '{row['type']}' and its draft?"), confirmed)
