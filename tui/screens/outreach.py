"""Outreach (DOMAIN 8): the contact log, follow-ups, and the programs still to ask.

Programs go on the to-do list when flagged "ask by email" or when a gate is unclear, and leave
it as soon as a contact with them is logged.
"""

from __future__ import annotations

import datetime as dt

import polars as pl
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Label, Static

from tui.actions import bindings_for
from tui.widgets.footer import QuietFooter
from tui.screens.dialogs import ConfirmDialog, TextDialog
from tui.widgets.program_picker import ProgramPicker
from desk.column_fit import stretch_width
from tui.widgets.records import RecordColumn, RecordScreen, RecordTable, clip, focus_after

SCOPE = "outreach"
SPECIALTY_WIDTH, WHY_IN_VIEW = 14, 30  # the reason: at least this much of it on screen



def contact_todo(programs: pl.DataFrame, contacts: pl.DataFrame) -> pl.DataFrame:
    """Programs to contact: flagged ask-by-email or eligibility unclear, not withdrawn, no
    contact logged yet; `why` says which."""
    contacted = contacts["program_id"].drop_nulls().unique().to_list()
    flagged = pl.col("ask_by_email").fill_null(False)
    unclear = pl.col("eligibility") == "unclear"
    why = pl.concat_str(
        [pl.when(flagged).then(pl.lit("flagged ask by email")),
         pl.when(unclear).then(pl.format("unclear: {}", pl.col("eligibility_reasons")))],
        separator="; ", ignore_nulls=True)
    return (programs.filter((flagged | unclear) & ~pl.col("id").is_in(contacted)
                            & pl.col("status").ne_missing("withdrawn"))
            .select("id", "name", "specialty", why.alias("why")))


def newest_first(rows: list[dict]) -> list[dict]:
    dated = sorted((r for r in rows if r["date"]), key=lambda r: (r["date"], r["id"]), reverse=True)
    return dated + [r for r in rows if not r["date"]]


def overdue(row: dict, today: dt.date) -> bool:
    follow_up = row.get("follow_up")
    return bool(follow_up) and not row.get("follow_up_done") and follow_up < today.isoformat()


class OutreachScreen(RecordScreen):
    SCOPE = SCOPE
    BINDINGS = bindings_for("outreach")

    def __init__(self) -> None:
        super().__init__()
        self.names: dict[int, str] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="outreach-summary", markup=False)
        yield Label("Contact log", classes="section")
        yield RecordTable("contacts", self.contact_columns(), id="contacts")
        yield Static("", id="contact-detail", markup=False)
        yield Label("", id="todo-title", classes="section", markup=False)
        yield RecordTable("programs", self.todo_columns(self.app.size.width), cursor_type="row", id="todo")
        yield QuietFooter()

    def contact_columns(self) -> list[RecordColumn]:
        return [
            RecordColumn("date", width=10),
            RecordColumn("person", width=20),
            RecordColumn("role", width=16),
            RecordColumn("program_id", width=24, render=self.program_name),
            RecordColumn("channel", width=9),
            RecordColumn("follow_up", width=18, render=self.render_follow_up),
            RecordColumn("follow_up_done", "Done", width=4),
            RecordColumn("questions", width=40),
            RecordColumn("notes", width=40),
        ]

    def todo_columns(self, screen_width: int) -> list[RecordColumn]:
        # the name gives way so the reason stays readable
        name_width = stretch_width(screen_width, [SPECIALTY_WIDTH, WHY_IN_VIEW], least=24, most=44)
        return [
            RecordColumn("name", width=name_width, editable=False),
            RecordColumn("specialty", width=SPECIALTY_WIDTH, editable=False),
            RecordColumn("why", "Why", width=52, editable=False),
        ]

    @property
    def contacts(self) -> RecordTable:
        return self.query_one("#contacts", RecordTable)

    @property
    def todo(self) -> RecordTable:
        return self.query_one("#todo", RecordTable)

    def on_mount(self) -> None:
        super().on_mount()
        self.contacts.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.todo.set_columns(self.todo_columns(event.size.width))

    # --- painting ----------------------------------------------------------------------

    def program_names(self) -> dict[int, str]:
        programs = self.workspace.programs
        return dict(zip(programs["id"].to_list(), programs["name"].to_list(), strict=True))

    def program_name(self, row: dict) -> str:
        program_id = row.get("program_id")
        if program_id is None:
            return ""
        return self.names.get(program_id, f"program {program_id} (deleted)")

    def render_follow_up(self, row: dict):
        if overdue(row, self.today):
            return self.theme_text(f"{row['follow_up']} overdue", "error")
        return row.get("follow_up") or ""

    def show_data(self) -> None:
        self.names = self.program_names()
        rows = newest_first(self.store.rows("contacts"))
        self.contacts.show(rows)
        todo = contact_todo(self.workspace.programs, self.workspace.frames["contacts"])
        self.todo.show(todo.rows(named=True))
        self.query_one("#todo-title", Label).update(
            f"To contact: {todo.height} program(s) flagged ask-by-email or with unclear eligibility "
            f"and nothing logged yet" + ("; enter logs a contact" if todo.height else ""))
        late = sum(overdue(r, self.today) for r in rows)
        self.query_one("#outreach-summary", Static).update(
            f"{len(rows)} contact(s) logged  │  {late} follow-up(s) overdue (before "
            f"{self.today.isoformat()}, not done)  │  {todo.height} program(s) to contact")
        self.show_detail()

    def show_detail(self) -> None:
        row = self.contacts.current_record
        detail = self.query_one("#contact-detail", Static)
        if row is None:
            detail.update("No contacts logged yet. Press a to log one.")
            return
        detail.update(f"Questions: {clip(row.get('questions'), 400) or '-'}\n"
                      f"Answers/notes: {clip(row.get('notes'), 400) or '-'}")

    @on(DataTable.CellHighlighted, "#contacts")
    def _highlighted(self) -> None:
        self.show_detail()

    @on(DataTable.CellSelected, "#contacts")
    def _selected(self) -> None:
        self.action_edit_cell()

    @on(DataTable.RowSelected, "#todo")
    def _todo_selected(self) -> None:
        self.action_add_contact()

    # --- actions -----------------------------------------------------------------------

    def action_edit_cell(self) -> None:
        if self.todo.has_focus:
            self.action_add_contact()
            return
        row, column = self.contacts.current_record, self.contacts.current_column
        if row is None or column is None:
            return
        if column.name == "program_id":
            self.pick_program(row)
        else:
            self.edit_current(self.contacts, context=row["person"])

    def pick_program(self, row: dict) -> None:
        programs = self.workspace.programs.sort("name")
        choices = [(pid, f"{name} ({specialty})") for pid, name, specialty in
                   programs.select("id", "name", "specialty").iter_rows()]
        self.app.push_screen(
            ProgramPicker(choices, row.get("program_id"),
                          self.commit_to("contacts", row["id"], "program_id"),
                          title=f"Program contacted by {row['person']}"),
            focus_after(self.contacts))

    def action_add_contact(self) -> None:
        program = self.todo.current_record if self.todo.has_focus else None
        prompt = "Who did you contact" + (f" at {program['name']}?" if program else "?")

        def named(person: str | None) -> None:
            if not person:
                self.contacts.focus()
                return
            values = {"person": person, "date": self.today.isoformat(),
                      "program_id": program["id"] if program else None}
            ok, contact_id = self.attempt(lambda: self.workspace.insert_row("contacts", values))
            if ok:
                self.contacts.move_to_id(contact_id, column=2 if program else 3)
                self.notify(f"Logged {person}" + (f" at {program['name']}" if program else
                                                  "; pick the program next (enter)"), timeout=3)
            self.contacts.focus()

        self.app.push_screen(TextDialog(prompt), named)

    def action_toggle_follow_up(self) -> None:
        row = self.contacts.current_record
        if row is None:
            return
        done = not row.get("follow_up_done")
        self.attempt(lambda: self.workspace.set_value("contacts", row["id"], "follow_up_done", done))

    def action_delete_contact(self) -> None:
        row = self.contacts.current_record
        if row is None:
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                ok, _ = self.attempt(lambda: self.workspace.delete_row("contacts", row["id"]))
                if ok:
                    self.notify(f"Deleted the contact with {row['person']} (ctrl+z brings it back)", timeout=3)
            self.contacts.focus()

        self.app.push_screen(ConfirmDialog(f"Delete the contact with {row['person']}?"), confirmed)

    def action_switch_list(self) -> None:
        (self.contacts if self.todo.has_focus else self.todo).focus()
