"""Every key and command, read from the command registry."""

from __future__ import annotations

from rich.table import Table
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from tui.actions import all_commands



def scope_title(scope: str) -> str:
    from tui.screens.registry import SCREENS_BY_SCOPE

    entry = SCREENS_BY_SCOPE.get(scope)
    return "Everywhere" if scope == "app" else entry.title if entry else scope.title()


def help_table() -> Table:
    table = Table(show_header=True, header_style="bold", box=None, padding=(0, 2))
    table.add_column("Keys", no_wrap=True)
    table.add_column("Command", no_wrap=True)
    table.add_column("What it does")
    scope = None
    for command in sorted(all_commands(), key=lambda c: c.scope != "app"):
        if command.scope != scope:
            scope = command.scope
            table.add_row("", "", "")
            table.add_row(f"[b]{scope_title(scope)}[/b]", "", "")
        keys = ", ".join(k.replace("question_mark", "?").replace("slash", "/") for k in command.keys.split(","))
        table.add_row(keys, command.name, command.help)
    return table


class HelpScreen(ModalScreen[None]):
    BINDINGS = [Binding("escape,q,question_mark", "dismiss", "Close", id="help.close", tooltip="Close help")]

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys and commands  (ctrl+p searches them all)", classes="dialog-title")
            yield Static(help_table())

    def action_dismiss(self) -> None:
        self.dismiss(None)
