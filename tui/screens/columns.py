"""Choose which program columns show and in what order."""

from __future__ import annotations

from collections.abc import Callable

from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, SelectionList, Static
from textual.widgets.selection_list import Selection

from desk.view import all_columns
from tui.actions import bindings_for


class ColumnChooser(ModalScreen[list[str] | None]):
    """Dismisses with the visible columns in order, or None when cancelled."""

    BINDINGS = bindings_for("columns")

    def __init__(self, visible: list[str], label: Callable[[str], str]) -> None:
        super().__init__()
        rest = [c for c in all_columns() if c not in visible]
        self.order = [*visible, *rest]
        self.chosen = set(visible)
        self.label = label

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog columns"):
            yield Label("Columns", classes="dialog-title")
            yield SelectionList[str](*self._selections(), id="columns")
            yield Static("space shows/hides · K/J or ctrl+up/down reorders · enter applies · esc cancels",
                         classes="editor-hint")

    def _selections(self) -> list[Selection]:
        return [Selection(self.label(c), c, c in self.chosen) for c in self.order]

    def _sync(self) -> None:
        self.chosen = set(self.query_one(SelectionList).selected)

    def action_move(self, step: int) -> None:
        options = self.query_one(SelectionList)
        index = options.highlighted
        if index is None or not 0 <= index + step < len(self.order):
            return
        self._sync()
        self.order[index], self.order[index + step] = self.order[index + step], self.order[index]
        options.clear_options()
        options.add_options(self._selections())
        options.highlighted = index + step

    def action_apply(self) -> None:
        self._sync()
        columns = [c for c in self.order if c in self.chosen]
        if "name" in columns:
            columns.remove("name")
        self.dismiss(["name", *columns])

    def action_cancel(self) -> None:
        self.dismiss(None)
