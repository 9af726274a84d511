"""The import screen's choosers: the field a file's column fills, and the specialties an NRMP
file's rows are imported for."""

from __future__ import annotations

from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList
from textual.widgets.option_list import Option

from importers.mapping import ColumnMapping
from importers.mapping import closest_fields, target_label, targets
from registry.fields import SPECIALTIES
from tui.actions import bindings_for
from tui.screens.dialogs import TickDialog

TABLE = "programs"
FIELDS = targets(TABLE)


IGNORE = "__ignore__"
KEEP_CHOICE = "__keep__"


class FieldChooser(ModalScreen[str | None]):
    """Pick the field a column fills: type to narrow the list, arrows to move, enter to choose.

    Dismisses with a field name, KEEP_CHOICE, IGNORE, or None when cancelled. The fields whose
    names read most like the column come first.
    """

    BINDINGS = bindings_for("import.chooser")

    def __init__(self, column: str, mapping: list[ColumnMapping]) -> None:
        super().__init__()
        self.column = column
        self.current = next((m.field for m in mapping if m.source == column), None)
        self.taken = {m.field: m.source for m in mapping if m.field and m.source != column}

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog field-chooser"):
            yield Label(Text(f"Import column '{self.column}' into…"), classes="dialog-title")
            yield Input(placeholder="type to narrow the list", id="filter")
            yield OptionList(id="fields")

    def on_mount(self) -> None:
        self.query_one("#fields", OptionList).can_focus = False
        self.show_options("")
        self.query_one("#filter", Input).focus()

    def options(self, text: str) -> list[Option]:
        words = text.lower().split()
        choices = [
            (KEEP_CHOICE, Text("(keep as a note in each program's notes)", style="italic"),
             "keep note notes"),
            (IGNORE, Text("(leave this column out)", style="italic"), "ignore skip none leave out"),
        ]
        closest = closest_fields(self.column, table=TABLE)
        for name in [*closest, *(n for n in FIELDS if n not in closest)]:
            label = target_label(name, table=TABLE)
            prompt = Text.assemble(label, ("  " + name, "dim"))
            if name in closest:
                prompt.append("  closest", style="italic green")
            if name in self.taken:
                prompt.append(f"  now from '{self.taken[name]}'", style="italic dim")
            choices.append((name, prompt, f"{label} {name}".lower()))
        return [Option(prompt, id=key) for key, prompt, haystack in choices
                if all(word in haystack for word in words)]

    def show_options(self, text: str) -> None:
        fields = self.query_one("#fields", OptionList)
        options = self.options(text)
        fields.set_options(options)
        ids = [option.id for option in options]
        current = self.current if self.current in ids and not text else None
        fields.highlighted = ids.index(current) if current else (0 if ids else None)

    @on(Input.Changed, "#filter")
    def _filter(self, event: Input.Changed) -> None:
        self.show_options(event.value)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        option = self.query_one("#fields", OptionList).highlighted_option
        if option is not None:
            self.dismiss(option.id)

    @on(OptionList.OptionSelected, "#fields")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(event.option.id)

    def action_move(self, step: int) -> None:
        fields = self.query_one("#fields", OptionList)
        if fields.option_count:
            fields.highlighted = ((fields.highlighted or 0) + step) % fields.option_count

    def action_cancel(self) -> None:
        self.dismiss(None)


class SpecialtyChooser(TickDialog):
    """Tick the specialties an NRMP file's rows are imported for: any NRMP Main Match specialty,
    the ones ticked now (the user's, by default) listed first."""

    def __init__(self, chosen: set[str]) -> None:
        ordered = sorted(SPECIALTIES, key=lambda code: code not in chosen)  # stable: registry order
        super().__init__("Import the rows of these specialties (space ticks, enter confirms)",
                         ordered, chosen)
