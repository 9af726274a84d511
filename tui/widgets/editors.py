"""Cell editors chosen by the field's kind in the registry.

The editor never writes: it hands the value to `commit`, which saves through the store and
returns an error message when the value is refused, so the editor stays open with the reason
and the old value is untouched.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Checkbox, Input, Label, OptionList, Static, TextArea

from registry.errors import ValidationError
from registry.fields import Field, offered_choices
from tui.actions import bindings_for

UNKNOWN = "(unknown)"
LONG_TEXT = 500  # text fields allowed to be longer than this get a multi-line editor

Commit = Callable[[Any], str | None]


def editor_kind(fld: Field) -> str:
    if fld.kind in ("enum", "rating"):
        return "choice"
    if fld.kind == "bool":
        return "checkbox"
    if fld.kind == "text" and (fld.maximum or 0) > LONG_TEXT:
        return "textarea"
    return "input"


def choices_of(fld: Field, settings: Mapping[str, Any] | None = None, current: Any = None) -> list[str]:
    """What a choice editor lists: the registry's choices (1-5 for ratings; a specialty field's
    narrowed to the user's specialties when the settings are given), then unknown."""
    if fld.kind == "rating":
        options = [str(n) for n in range(1, 6)]
    else:
        options = list(fld.choices if settings is None else offered_choices(fld, settings, current))
    return options if fld.required else [*options, UNKNOWN]


def picked(choice: str) -> str | None:
    return None if choice == UNKNOWN else choice


def refusal(fld: Field, raw: Any) -> str | None:
    """Why the field's own rule refuses `raw`, or None: a refusal shown is taken down as soon
    as what is typed would pass."""
    try:
        fld.parse(raw)
    except ValidationError as error:
        return error.message
    return None


def hint_of(fld: Field) -> str:
    """The editor's line of keys, with the field's help or rule."""
    return {
        "choice": "enter or 1-5 picks · esc cancels" if fld.kind == "rating" else "enter picks · esc cancels",
        "checkbox": "space toggles · enter saves · delete: unknown · esc cancels",
        "textarea": "ctrl+s saves · esc cancels",
        "input": "enter saves · esc cancels" + _rule(fld),
    }[editor_kind(fld)]


def _rule(fld: Field) -> str:
    """The field's help, or its rule when it has one worth saying (not for plain text)."""
    if fld.help:
        return f" · {fld.help}"
    return "" if fld.kind == "text" and not fld.choices else f" · {fld.describe()}"


class EditorPanel(Vertical):
    """The editor itself: a modal dialog wraps it, the spreadsheet places it over the cell.

    Posts Finished(saved) when a value was saved or the edit was cancelled.
    """

    BINDINGS = bindings_for("editor")

    class Finished(Message):
        def __init__(self, panel: EditorPanel, saved: bool) -> None:
            super().__init__()
            self.panel = panel
            self.saved = saved

        @property
        def control(self) -> EditorPanel:
            return self.panel

    def __init__(self, fld: Field, value: Any, commit: Commit, context: str = "", **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.field = fld
        self.value = value
        self.commit = commit
        self.context = context
        self.kind = editor_kind(fld)

    def compose(self) -> ComposeResult:
        yield Label(f"{self.field.label}", classes="dialog-title", markup=False)
        if self.context:
            yield Static(self.context, classes="editor-context", markup=False)
        yield self._make_input()
        yield Static(self._hint(), classes="editor-hint", markup=False)
        yield Static("", id="error", classes="editor-error hidden", markup=False)

    def on_mount(self) -> None:
        self.query_one("#value").focus()

    def _choices(self) -> list[str]:
        workspace = getattr(self.app, "workspace", None)  # None in an app without a database
        return choices_of(self.field, workspace.settings if workspace else None, self.value)

    def _make_input(self):
        if self.kind == "choice":
            options = OptionList(*self._choices(), id="value")
            current = self.field.format(self.value)
            options.highlighted = self._choices().index(current) if current in self._choices() else 0
            return options
        if self.kind == "checkbox":
            return Checkbox(self.field.label, bool(self.value), id="value")
        if self.kind == "textarea":
            return TextArea(self.field.format(self.value), id="value", soft_wrap=True)
        return Input(self.field.format(self.value), id="value", placeholder=self.field.describe())

    def _hint(self) -> str:
        return hint_of(self.field)

    def on_key(self, event) -> None:
        if self.kind == "choice" and self.field.kind == "rating" and event.key in "12345" and len(event.key) == 1:
            event.stop()
            self._try(event.key)
        elif self.kind == "checkbox" and event.key == "enter":
            event.stop()
            self.action_save()

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self._try(picked(self._choices()[event.option_index]))

    @on(Input.Changed)
    @on(TextArea.Changed)
    def _changed(self) -> None:
        if self.has_class("refused"):
            self._show_refusal(refusal(self.field, self._typed()))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self._try(event.value)

    def _typed(self) -> Any:
        widget = self.query_one("#value")
        if isinstance(widget, TextArea):
            return widget.text
        if isinstance(widget, OptionList):
            return None if widget.highlighted is None else picked(self._choices()[widget.highlighted])
        return widget.value

    def action_save(self) -> None:
        widget = self.query_one("#value")
        if not isinstance(widget, OptionList) or widget.highlighted is not None:
            self._try(self._typed())

    def action_clear(self) -> None:
        if self.kind == "checkbox":
            self._try(None)

    def action_cancel(self) -> None:
        self.post_message(self.Finished(self, False))

    def _try(self, raw: Any) -> None:
        error = self.commit(raw)
        if error is None:
            self.post_message(self.Finished(self, True))
        else:
            self._show_refusal(error)

    def _show_refusal(self, error: str | None) -> None:
        message = self.query_one("#error", Static)
        message.update(error or "")
        message.set_class(error is None, "hidden")
        self.set_class(error is not None, "refused")


class CellEditor(ModalScreen[bool]):
    """The editor as a dialog. Dismisses True when a value was saved, False when cancelled."""

    def __init__(self, fld: Field, value: Any, commit: Commit, context: str = "") -> None:
        super().__init__()
        self.panel = EditorPanel(fld, value, commit, context, classes="dialog editor", id="editor")

    def compose(self) -> ComposeResult:
        yield self.panel

    @on(EditorPanel.Finished)
    def _finished(self, event: EditorPanel.Finished) -> None:
        self.dismiss(event.saved)
