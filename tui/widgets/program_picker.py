"""Pick a program by typing part of its name, institution or specialty."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from textual import on
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Input, Label, OptionList, Static
from textual.widgets.option_list import Option

from tui.actions import bindings_for

NO_PROGRAM = "none"


class ProgramPicker(ModalScreen[bool]):
    """Like CellEditor: `commit(program_id or None)` saves and returns None, or an error message
    (the dialog stays open and shows it). Dismisses True when saved, False when cancelled."""

    BINDINGS = bindings_for("picker")

    def __init__(self, programs: Sequence[tuple[int, str]], current: int | None,
                 commit: Callable[[int | None], str | None], title: str = "Program") -> None:
        super().__init__()
        self.programs = list(programs)
        self.current = current
        self.commit = commit
        self.title_text = title

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog editor", id="picker"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Input(placeholder="type part of the name, institution or specialty", id="filter")
            yield OptionList(id="choices")
            yield Static("enter picks · down moves into the list · esc cancels", classes="editor-hint")
            yield Static("", id="error", classes="editor-error", markup=False)

    def on_mount(self) -> None:
        self.fill("")
        choices = self.query_one(OptionList)
        if self.current is not None:
            choices.highlighted = choices.get_option_index(str(self.current))

    def fill(self, text: str) -> None:
        words = text.lower().split()
        options = [Option("(no program)", id=NO_PROGRAM)] if not words else []
        options += [Option(label, id=str(pid)) for pid, label in self.programs
                    if all(w in label.lower() for w in words)]
        choices = self.query_one(OptionList)
        choices.set_options(options)
        choices.highlighted = 0 if options else None

    @on(Input.Changed, "#filter")
    def _filtered(self, event: Input.Changed) -> None:
        self.fill(event.value)

    @on(Input.Submitted, "#filter")
    def _submitted(self) -> None:
        choices = self.query_one(OptionList)
        if choices.highlighted is None:
            self.show_error("No program matches; change the filter.")
            return
        self.pick(choices.get_option_at_index(choices.highlighted).id)

    @on(OptionList.OptionSelected)
    def _picked(self, event: OptionList.OptionSelected) -> None:
        self.pick(event.option.id)

    def pick(self, option_id: str | None) -> None:
        error = self.commit(None if option_id == NO_PROGRAM else int(option_id))
        if error is None:
            self.dismiss(True)
        else:
            self.show_error(error)

    def show_error(self, message: str) -> None:
        self.query_one("#error", Static).update(message)
        self.query_one("#picker").add_class("refused")

    def action_to_list(self) -> None:
        self.query_one(OptionList).focus()

    def action_cancel(self) -> None:
        self.dismiss(False)
