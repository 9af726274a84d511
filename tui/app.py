"""The MatchDesk Textual application."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from store import MatchDeskError, Store
from tui.actions import COMMANDS, bindings_for, bindings_from, navigation_commands
from tui.dialogs import ErrorDialog
from tui.screens.registry import available


class MatchDeskApp(App[None]):
    TITLE = "MatchDesk"
    CSS_PATH = Path(__file__).parent / "matchdesk.tcss"
    BINDINGS = [*bindings_for("app"), *bindings_from(navigation_commands())]

    def __init__(self, path: str | Path, *, first_run: bool = False, today=None) -> None:
        super().__init__()
        self.path = Path(path)
        self.first_run = first_run
        self.today = today
        self.store: Store | None = None
        self.workspace = None

    def on_mount(self) -> None:
        self.sub_title = self.path.name
        try:
            self.store = Store.open(self.path)
            from tui.workspace import Workspace

            self.workspace = Workspace(self.store, today=self.today)
        except MatchDeskError as error:
            self.push_screen(ErrorDialog(error.title, error.message), lambda _: self.exit(return_code=1))
            return
        keymap = self.store.get_pref("keymap", {})
        if keymap:
            self.set_keymap(keymap)
        theme = self.store.get_pref("theme")
        if theme in self.available_themes:
            self.theme = theme
        for entry in available():
            self.add_mode(entry.scope, lambda e=entry: e.load()())
        self.switch_mode("programs")
        if self.store.readonly:
            self.notify(f"{self.path.name} is read-only: you can look, not change.", severity="warning")
        if self.first_run:
            self.notify("This is your new, empty database. To look around first, run: matchdesk --sample",
                        title="Welcome", timeout=10)

    def watch_theme(self, theme: str) -> None:
        if self.store is not None and not self.store.readonly:
            self.store.set_pref("theme", theme)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # --- app-wide actions --------------------------------------------------------------

    def action_show_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_undo(self) -> None:
        self._replay(self.store.undo, "Undid", "Nothing to undo")

    def action_redo(self) -> None:
        self._replay(self.store.redo, "Redid", "Nothing to redo")

    def _replay(self, step, verb: str, nothing: str) -> None:
        try:
            changes = step()
        except MatchDeskError as error:
            self.show_error(error)
            return
        if not changes:
            self.notify(nothing, severity="warning")
            return
        rows = self.workspace.apply_changes(changes)
        self.notify(f"{verb}: {changes[0].label or changes[0].action}")
        from tui.messages import DataChanged

        self.screen.post_message(DataChanged(rows, changes))

    def show_error(self, error: MatchDeskError) -> None:
        self.notify(error.message, title=error.title, severity="error", timeout=8)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        scope = getattr(screen, "SCOPE", None)
        screen_commands = getattr(screen, "SCREEN_COMMANDS", ())
        for command in (*COMMANDS, *navigation_commands(), *screen_commands):
            if command.id in ("app.quit", "app.theme"):
                continue  # Textual's palette already offers these
            if command.scope not in ("app", scope):
                continue
            target = self if command.scope == "app" else screen
            action = command.action.removeprefix("app.")
            title = f"Go to {command.name}" if command.id.startswith("goto.") else command.name
            yield SystemCommand(title, command.help, lambda t=target, a=action: self.call_later(t.run_action, a))
        yield from getattr(screen, "palette_commands", lambda: ())()
