"""Small typed modal dialogs: errors, confirmations, a line of text, a choice."""

from __future__ import annotations

from collections.abc import Collection, Sequence
from pathlib import Path

from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.screen import ModalScreen
from textual.widgets import Button, Input, Label, OptionList, SelectionList, Static

from desk.paths import resolve_typed
from registry.fields import Field
from store.errors import ConflictError
from tui.actions import bindings_for
from tui.widgets.path_input import PathInput, completion_hint


def overwrite_question(fld: Field, conflict: ConflictError) -> str:
    """Ask whether to replace another window's value; private values are never quoted."""
    def shown(value) -> str:
        if value is None:
            return "unknown"
        return "its private text" if fld.private else fld.format(value)
    return (f"Another window changed {fld.label} from {shown(conflict.shown)} to "
            f"{shown(conflict.current)} since you opened it. Replace it with {shown(conflict.attempted)}?")


class ErrorDialog(ModalScreen[None]):
    BINDINGS = bindings_for("dialog.message")

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.error_title = title
        self.message = message

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog error-dialog"):
            yield Label(self.error_title, classes="dialog-title")
            yield Static(self.message, markup=False)
            yield Button("Close", variant="error", id="close")

    def on_button_pressed(self) -> None:
        self.dismiss(None)


class ConfirmDialog(ModalScreen[bool]):
    BINDINGS = bindings_for("dialog.confirm")

    def __init__(self, question: str) -> None:
        super().__init__()
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(self.question, markup=False)
            with Horizontal(classes="dialog-buttons"):
                yield Button("Yes (y)", variant="error", id="yes")
                yield Button("No (n)", id="no")

    def action_answer(self, answer: bool) -> None:
        self.dismiss(answer)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        self.dismiss(event.button.id == "yes")


class TickDialog(ModalScreen[tuple[str, ...] | None]):
    """Tick some of a list (space ticks, enter confirms, escape cancels): at least one, and at
    most `most` when given. Dismisses with the ticked choices in list order."""

    BINDINGS = bindings_for("dialog.ticks")

    def __init__(self, title: str, choices: Sequence[str], ticked: Collection[str], *,
                 least: int = 1, most: int | None = None) -> None:
        super().__init__()
        self.title_text, self.choices, self.ticked = title, tuple(choices), set(ticked)
        self.least, self.most = least, most

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield SelectionList[str](*((c, c, c in self.ticked) for c in self.choices), id="ticks")

    def action_confirm(self) -> None:
        ticked = set(self.query_one("#ticks", SelectionList).selected)
        if len(ticked) < self.least:
            self.notify(f"Tick at least {self.least}.", severity="warning")
        elif self.most is not None and len(ticked) > self.most:
            self.notify(f"Tick at most {self.most}; {len(ticked)} are ticked.", severity="warning")
        else:
            self.dismiss(tuple(c for c in self.choices if c in ticked))

    def action_cancel(self) -> None:
        self.dismiss(None)


class TextDialog(ModalScreen[str | None]):
    """Ask for one line of text."""

    BINDINGS = bindings_for("dialog.input")

    def __init__(self, prompt: str, value: str = "") -> None:
        super().__init__()
        self.prompt = prompt
        self.value = value

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt, markup=False)
            yield Input(self.value, id="text")

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file; a relative path is read against `folder`, Tab completes names."""

    BINDINGS = bindings_for("dialog.input")

    def __init__(self, prompt: str, folder: Path) -> None:
        super().__init__()
        self.prompt = prompt
        self.folder = folder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt, markup=False)
            yield PathInput(self.folder, id="path")
            yield Static(self.folder_hint(), id="path-hint", markup=False)

    def folder_hint(self) -> str:
        return f"In {self.folder} · tab completes names · ctrl+o browses · esc cancels"

    def on_path_input_completed(self, event: PathInput.Completed) -> None:
        self.query_one("#path-hint", Static).update(completion_hint(event.completion) or self.folder_hint())

    def on_input_submitted(self, event: Input.Submitted) -> None:
        self.dismiss(resolve_typed(event.value, self.folder) if event.value.strip() else None)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ChoiceDialog(ModalScreen[str | None]):
    """Pick one of a few options by keyboard."""

    BINDINGS = bindings_for("dialog.input")

    def __init__(self, prompt: str, choices: Sequence[str]) -> None:
        super().__init__()
        self.prompt = prompt
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label(self.prompt, markup=False)
            yield OptionList(*self.choices, id="choices")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.choices[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
