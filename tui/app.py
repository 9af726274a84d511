"""The MatchDesk Textual application."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterable
from pathlib import Path

from textual.app import App, SystemCommand
from textual.screen import Screen

from registry.errors import MatchDeskError
from tui.actions import COMMANDS, bindings_for, bindings_from, navigation_commands
from tui.screens.dialogs import ErrorDialog
from tui.screens.registry import SCREENS


class MatchDeskApp(App[None]):
    TITLE = "MatchDesk"
    CSS_PATH = Path(__file__).parent / "matchdesk.tcss"
    BINDINGS = [*bindings_for("app"), *bindings_from(navigation_commands())]
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    CHANGE_POLL_SECONDS = 2.0  # how often to look for writes by another window

    def __init__(self, path: str | Path, *, first_run: bool = False, today=None,
                 first_rows_early: bool | None = None) -> None:
        super().__init__()
        self.path = Path(path)
        self.first_run = first_run
        self.today = today
        # Paint the first screenful before reading and scoring everything: in a terminal by
        # default; headless (tests, probes) reads first unless asked, so one pause sees scores.
        self.first_rows_early = first_rows_early
        self.store = None  # a store.Store once open
        self.workspace = None
        self.seen_data_version: int | None = None
        self.outside_change_noticed = False

    def on_mount(self) -> None:
        self.sub_title = self.path.name
        try:
            from store import Store

            self.store = Store.open(self.path)
        except MatchDeskError as error:
            self.fail_to_open(error)
            return
        keymap = self.store.get_pref("keymap", {})
        if keymap:
            self.set_keymap(keymap)
        theme = self.store.get_pref("theme")
        if theme in self.available_themes:
            self.theme = theme
        for entry in SCREENS:
            self.add_mode(entry.scope, lambda e=entry: e.load()())
        early = not self.is_headless if self.first_rows_early is None else self.first_rows_early
        if early:
            self.switch_mode("programs")
            self.call_after_refresh(self.open_workspace)
        elif self.open_workspace():
            self.switch_mode("programs")

    def fail_to_open(self, error: MatchDeskError) -> None:
        self.push_screen(ErrorDialog(error.title, error.message), lambda _: self.exit(return_code=1))

    def open_workspace(self) -> bool:
        """Read every table and score; False (an error shown) when the file cannot be read."""
        from desk.workspace import Workspace
        from tui.messages import DataChanged

        try:
            self.workspace = Workspace(self.store, today=self.today)
        except MatchDeskError as error:
            self.fail_to_open(error)
            return False
        if self.current_mode == "programs":  # it showed its first rows: fill it in
            self.screen.post_message(DataChanged(None, []))
        self.mark_file_seen()
        self.set_interval(self.CHANGE_POLL_SECONDS, self.check_outside_changes)
        if self.store.readonly:
            self.notify(f"{self.path.name} is read-only: you can look, not change.", severity="warning")
        if self.first_run:
            self.notify("This is your new, empty database. To look around first, run: matchdesk --sample",
                        title="Welcome", timeout=10)
        return True

    def watch_theme(self, theme: str) -> None:
        if self.store is not None and not self.store.readonly:
            try:
                self.store.set_pref("theme", theme)
            except MatchDeskError as error:  # busy or full: the theme still changes
                self.show_error(error)

    def on_unmount(self) -> None:
        if self.store is not None:
            self.store.close()

    # --- app-wide actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.workspace is None and action in ("undo", "redo", "reload", "switch_mode"):
            return False  # not open (yet, or at all): there is nothing to act on
        return True

    async def action_quit(self) -> None:
        # A database that did not open makes a failed run, however the user leaves.
        self.exit(return_code=0 if self.workspace is not None else 1)

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

    def check_outside_changes(self) -> None:
        """Another window (or an import) committed to the file: say so once, until reloaded."""
        if self.outside_change_noticed:
            return
        try:
            changed = self.store.data_version() != self.seen_data_version
        except sqlite3.Error:
            return  # a missed look is harmless: the next one sees the change
        if changed:
            self.outside_change_noticed = True
            self.notify(f"{self.path.name} was changed by another window — press ctrl+r to reload.",
                        title="File changed", severity="warning", timeout=10)

    def mark_file_seen(self) -> None:
        """The workspace now shows the file as it is: only later outside writes are news."""
        self.seen_data_version = self.store.data_version()
        self.outside_change_noticed = False

    def action_reload(self) -> None:
        """Read the file again and rebuild the current screen."""
        try:
            self.workspace.reload()
        except MatchDeskError as error:
            self.show_error(error)
            return
        self.mark_file_seen()
        from tui.messages import DataChanged

        self.screen.post_message(DataChanged(None, []))
        self.notify("Reloaded from the file", timeout=2)

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
