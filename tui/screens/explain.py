"""Why a number is what it is: a scrollable panel of labelled sentences, closed with the key
that opened it."""

from __future__ import annotations

from collections.abc import Sequence

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.actions import bindings_for


def explanation_table(rows: Sequence[tuple[str, str]]) -> Table:
    table = Table.grid(padding=(0, 2))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, sentence in rows:
        table.add_row(Text(label), Text(sentence))
    return table


class ExplainScreen(ModalScreen[None]):
    """Rows of (label, sentence): the asked-about number first, then what it draws on."""

    BINDINGS = bindings_for("explain")

    def __init__(self, title: str, rows: Sequence[tuple[str, str]]) -> None:
        super().__init__()
        self.title_text = title
        self.rows = rows

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog explain", id="explain"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static(explanation_table(self.rows), id="explain-body")

    def on_mount(self) -> None:
        self.query_one("#explain", VerticalScroll).focus()

    def action_dismiss(self) -> None:
        self.dismiss(None)
