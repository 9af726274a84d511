"""The command palette's entries: every command of every screen, found from anywhere.

Choosing a command of another screen switches to that screen and runs it there. Each entry
shows the key that runs it directly, with the user's keymap applied.
"""

from __future__ import annotations

from collections.abc import Iterable

from textual.app import App, SystemCommand
from textual.screen import Screen

from tui.actions import COMMANDS, SCREEN_SCOPES, SHARED_SCOPES, Command, display_keys, scope_title
from tui.keymap import effective_keys

# Textual's palette offers these already.
OFFERED_BY_TEXTUAL = ("app.quit", "app.theme")


def entry_title(command: Command, keymap: dict[str, str], current_scope: str | None) -> str:
    keys = display_keys(effective_keys(command, keymap))
    if command.scope == "goto":
        return f"Go to {command.name} (key {keys})"
    if command.scope in SHARED_SCOPES or command.scope == current_scope:
        return f"{command.name} (key {keys})"
    return f"{command.name} ({scope_title(command.scope)}, key {keys})"


def palette_entries(app: App, screen: Screen) -> Iterable[SystemCommand]:
    current_scope = getattr(screen, "SCOPE", None)
    for command in COMMANDS:
        if command.id in OFFERED_BY_TEXTUAL:
            continue
        if command.scope in (*SHARED_SCOPES, current_scope, *SCREEN_SCOPES):
            yield SystemCommand(entry_title(command, app.keymap, current_scope), command.help,
                                lambda c=command: app.call_later(run_command, app, screen, c))


async def run_command(app: App, screen: Screen, command: Command) -> None:
    """Run on the screen the command belongs to, switching to it first when needed."""
    if command.scope in SHARED_SCOPES:
        await app.run_action(command.action.removeprefix("app."))
        return
    if command.scope != getattr(screen, "SCOPE", None):
        await app.switch_mode(command.scope)
        screen = app.screen
    await screen.run_action(command.action)
