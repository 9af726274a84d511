"""A short form that adds one row: a few registry fields, validated on save.

Like the cell editor it never writes: `commit(values)` saves and returns an error message
when the row is refused, so the form stays open with the reason and nothing is added.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, Select, Static

from registry.fields import Field, offered_choices
from tui.actions import bindings_for
from tui.widgets.toggles import MarkedCheckbox

CommitRow = Callable[[dict[str, Any]], str | None]


class RowForm(ModalScreen[bool]):
    """Dismisses True when the row was added, False when cancelled."""

    BINDINGS = bindings_for("form")

    def __init__(self, title: str, fields: Sequence[Field], commit: CommitRow,
                 initial: Mapping[str, Any] | None = None) -> None:
        super().__init__()
        self.form_title = title
        self.fields = tuple(fields)
        self.commit = commit
        self.initial = dict(initial or {})

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog form"):
            yield Label(self.form_title, classes="dialog-title", markup=False)
            for fld in self.fields:
                yield Label(fld.label + (" *" if fld.required else ""), markup=False)
                yield self._input(fld)
            yield Static("enter or ctrl+s adds · esc cancels · * required", classes="editor-hint")
            yield Static("", id="error", classes="editor-error", markup=False)

    def _input(self, fld: Field):
        value = self.initial.get(fld.name, fld.default)
        if fld.kind == "enum":
            workspace = getattr(self.app, "workspace", None)
            offered = offered_choices(fld, workspace.settings, value) if workspace else fld.choices
            options = [(choice, choice) for choice in offered]
            return Select(options, value=value if value in offered else Select.NULL,
                          allow_blank=not fld.required or value is None, id=fld.name)
        if fld.kind == "bool":
            return MarkedCheckbox(fld.label, bool(value), id=fld.name)
        return Input(fld.format(value), id=fld.name, placeholder=fld.help or fld.describe())

    def values(self) -> dict[str, Any]:
        found: dict[str, Any] = {}
        for fld in self.fields:
            widget = self.query_one(f"#{fld.name}")
            if isinstance(widget, Select):
                found[fld.name] = widget.selection
            else:
                found[fld.name] = widget.value
        return found

    def on_input_submitted(self) -> None:
        self.action_save()

    def action_save(self) -> None:
        error = self.commit(self.values())
        if error is None:
            self.dismiss(True)
        else:
            self.query_one("#error", Static).update(error)

    def action_cancel(self) -> None:
        self.dismiss(False)
