"""Every key and command, read from the command registry with the user's keymap applied."""

from __future__ import annotations

from collections.abc import Mapping

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.actions import bindings_for, commands_in, display_keys, scope_title, scopes
from tui.keymap import effective_keys


def help_table(keymap: Mapping[str, str]) -> Table:
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Keys", max_width=18)  # long key lists wrap at their commas
    table.add_column("Command", no_wrap=True)
    table.add_column("What it does")
    for scope in scopes():
        table.add_row("", "", "")
        table.add_row(Text(scope_title(scope), style="bold"), "", "")
        for command in commands_in(scope):
            table.add_row(display_keys(effective_keys(command, keymap)), command.name, command.help)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys and commands  (ctrl+p searches them all)", classes="dialog-title")
            yield Static(help_table(self.app.keymap), id="help-table")

    def action_dismiss(self) -> None:
        self.dismiss(None)
