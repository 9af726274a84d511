"""Every key and command, read from the command registry with the user's keymap applied."""

from __future__ import annotations

from collections.abc import Mapping

from rich.console import Console, ConsoleOptions, RenderResult
from rich.measure import Measurement
from rich.segment import Segment
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


class DrawnOnce:
    """A Rich renderable drawn once per width. Textual draws a Static's content to measure its
    height, then again to show it: for the ~200 lines of the help table each drawing takes a
    quarter of a second, the wait between the key and the help on screen."""

    def __init__(self, renderable: Table) -> None:
        self.renderable = renderable
        self.drawn: dict[int, list[Segment]] = {}

    def __rich_console__(self, console: Console, options: ConsoleOptions) -> RenderResult:
        if options.max_width not in self.drawn:
            self.drawn[options.max_width] = list(console.render(self.renderable, options))
        yield from self.drawn[options.max_width]

    def __rich_measure__(self, console: Console, options: ConsoleOptions) -> Measurement:
        return Measurement.get(console, options, self.renderable)


class HelpScreen(ModalScreen[None]):
    BINDINGS = bindings_for("help")
    # The table overflows the dialog: with its scrollbar's place kept from the start, the table
    # is laid out (and drawn) at one width instead of first without the scrollbar, then with it.
    DEFAULT_CSS = "HelpScreen .help { scrollbar-gutter: stable; }"

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help"):
            yield Label("Keys and commands  (ctrl+p searches them all)", classes="dialog-title")
            yield Static(DrawnOnce(help_table(self.app.keymap)), id="help-table")

    def action_dismiss(self) -> None:
        self.dismiss(None)
