"""A short form to add a program: the four fields that identify it."""

from __future__ import annotations

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from registry.fields import get_field, offered_choices
from store import MatchDeskError
from tui.actions import bindings_for
from tui.widgets.editors import refusal

FORM_FIELDS = ("name", "city", "state")
PLACEHOLDERS = {"name": "required", "city": "optional", "state": "two-letter code, e.g. OH"}


class ProgramForm(ModalScreen[int | None]):
    """Dismisses with the new program's id, or None when cancelled."""

    BINDINGS = bindings_for("form")

    def __init__(self, workspace) -> None:
        super().__init__()
        self.workspace = workspace

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label("Add a program", classes="dialog-title")
            for name in FORM_FIELDS:
                fld = get_field("programs", name)
                yield Label(fld.label)
                yield Input(id=name, placeholder=PLACEHOLDERS[name])
            specialty = get_field("programs", "specialty")
            offered = offered_choices(specialty, self.workspace.settings)
            yield Label(specialty.label)
            yield Select([(s, s) for s in offered], allow_blank=False, id="specialty",
                         value=specialty.default if specialty.default in offered else offered[0])
            yield Static("enter or ctrl+s adds · esc cancels", classes="editor-hint")
            yield Static("", id="error", classes="editor-error", markup=False)

    def on_input_submitted(self) -> None:
        self.action_save()

    def values(self) -> dict[str, object]:
        values = {name: self.query_one(f"#{name}", Input).value for name in FORM_FIELDS}
        values["specialty"] = self.query_one("#specialty", Select).value
        return values

    @on(Input.Changed)
    @on(Select.Changed)
    def _changed(self) -> None:
        """A refusal shown goes as soon as every field would pass (or says what still fails)."""
        error = self.query_one("#error", Static)
        if str(error.content):
            still = (refusal(get_field("programs", name), raw) for name, raw in self.values().items())
            error.update(next((message for message in still if message), ""))

    def action_save(self) -> None:
        values = self.values()
        try:
            program_id = self.workspace.insert_row("programs", values)
        except MatchDeskError as error:
            self.query_one("#error", Static).update(error.message)
            return
        self.dismiss(program_id)

    def action_cancel(self) -> None:
        self.dismiss(None)
