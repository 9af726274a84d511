"""The MatchDesk Textual application."""

from __future__ import annotations

import asyncio
import gc
import sqlite3
from collections.abc import Iterable
from pathlib import Path

from rich.text import Text
from textual import events
from textual.app import App, SystemCommand
from textual.screen import Screen

from registry.errors import MatchDeskError
from tui import keymap
from tui.actions import SHARED_SCOPES, bindings_for
from tui.palette import palette_entries
from tui.screens.dialogs import ConfirmDialog, ErrorDialog
from tui.screens.registry import SCREENS
from tui.keys_in_order import KeysInOrder


class MatchDeskApp(App[None]):
    TITLE = "MatchDesk"
    # Each screen's own rules first, so the shared stylesheet wins a tie, as it did over DEFAULT_CSS.
    CSS_PATH = [*sorted((Path(__file__).parent / "screens").glob("*.tcss")), Path(__file__).parent / "matchdesk.tcss"]
    BINDINGS = bindings_for(*SHARED_SCOPES)
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (100, "-wide")]
    CHANGE_POLL_SECONDS = 2.0  # how often to look for writes by another window

    def __init__(self, path: str | Path, *, first_run: bool = False, today=None,
                 first_rows_early: bool | None = None, handover=None) -> None:
        # `handover`: the terminal as found before tui/first_paint.py drew the first screen
        super().__init__(driver_class=None if handover is None else handover.driver_class())
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
        self.open_failed = False
        self.keymap: keymap.Keymap = {}  # the user's keys that are in use, by command id
        self.keys_in_order = KeysInOrder(self)  # keys typed in a burst, or before the spreadsheet shows

    async def on_event(self, event: events.Event) -> None:
        if not self.keys_in_order.holds(event):
            await super().on_event(event)
            self.keys_in_order.sent(event)

    def on_mount(self) -> None:
        self.sub_title = self.path.name
        try:
            from store import Store

            self.store = Store.open(self.path)
        except MatchDeskError as error:
            self.fail_to_open(error)
            return
        self.apply_keymap(self.store.get_pref("keymap", {}))
        theme = self.store.get_pref("theme")
        if theme in self.available_themes:
            self.theme = theme
        for entry in SCREENS:
            self.add_mode(entry.scope, lambda e=entry: e.load()())
        early = not self.is_headless if self.first_rows_early is None else self.first_rows_early
        if early:
            self.switch_mode("programs")
            self.screen.call_after_refresh(self.spreadsheet_shown, read=True)
        elif self.open_workspace():
            self.switch_mode("programs")
            self.screen.call_after_refresh(self.spreadsheet_shown, read=False)

    def spreadsheet_shown(self, read: bool) -> None:
        """The spreadsheet's first frame is drawn: the keys typed meanwhile go to it now, then
        (with only the first rows read) every program is read and scored."""
        self.run_worker(self.keys_in_order.deliver_typed_while_starting(self.open_workspace if read else None),
                        group="keys-in-order")

    def fail_to_open(self, error: MatchDeskError) -> None:
        self.open_failed = True
        self.keys_in_order.drop()
        self.push_screen(ErrorDialog(error.title, error.message), lambda _: self.exit(return_code=1))

    def open_workspace(self) -> bool:
        """Read every table and score; False (an error shown) when the file cannot be read.
        With the first rows on screen the tables are read in a worker, a chunk at a time, so
        keys are handled meanwhile (True: reading has started)."""
        from importers.frames import read_frames

        if self.current_mode == "programs":
            self.run_worker(self.read_in_steps(), group="open")
            return True
        try:
            return self.workspace_read(read_frames(self.store), self.store.data_version())
        except MatchDeskError as error:
            self.fail_to_open(error)
            return False

    async def read_in_steps(self) -> None:
        from importers.frames import read_frames_in_steps

        seen = self.store.data_version()
        steps = read_frames_in_steps(self.store)
        try:
            while True:
                next(steps)
                await asyncio.sleep(0)  # keys typed meanwhile are handled here
        except StopIteration as done:
            read = done.value
        except MatchDeskError as error:
            self.fail_to_open(error)
            return
        self.workspace_read(read, seen)

    def workspace_read(self, read, seen_data_version: int) -> bool:
        """Score what was read and show it; `seen_data_version` from before reading, so that a
        write by another window meanwhile is noticed."""
        from desk.workspace import Workspace
        from tui.messages import DataChanged

        try:
            self.workspace = Workspace(self.store, today=self.today, read=read)
        except MatchDeskError as error:
            self.fail_to_open(error)
            return False
        self.workspace.subscribers.append(self.workspace_changed)
        # What the open made lives as long as the app: out of the collector's full passes,
        # which walk every object (50-130 ms at 5,000 programs) and landed inside an edit.
        # Not collected first: that would be one such pause now (the start's few thousand
        # unreachable objects, about 0.5 MB, stay).
        gc.freeze()
        self.keys_in_order.workspace_ready()
        if self.current_mode == "programs":  # it showed its first rows: fill it in
            self.screen.post_message(DataChanged(None, []))
        self.screen.refresh_bindings()  # the footer offers the keys that waited for the scores
        self.seen_data_version, self.outside_change_noticed = seen_data_version, False
        if not self.store.readonly:
            self.run_worker(self.daily_backup, thread=True, group="backup", exit_on_error=False)
        self.set_interval(self.CHANGE_POLL_SECONDS, self.check_outside_changes)
        if self.store.readonly:
            self.notify(f"{self.path.name} is read-only: you can look, not change.", severity="warning")
        if self.workspace.bad_cells:
            first = self.workspace.bad_cells[0]
            self.notify(f"{len(self.workspace.bad_cells)} value(s) in {self.path.name} do not fit their "
                        f"column and are shown as unknown. First: {first.table} row {first.row_id}, "
                        f"{first.message}", title="Unreadable values", severity="warning", timeout=15,
                        markup=False)  # the message quotes text from the file
        if self.first_run:
            self.notify("This is your new, empty database. To look around first, run: matchdesk --sample",
                        title="Welcome", timeout=10)
        return True

    def daily_backup(self) -> None:
        """In a worker thread, on a connection of its own: the first paint never waits for it."""
        from store.backup import backup_if_due

        try:
            backup_if_due(self.path)
        except MatchDeskError as error:
            self.call_from_thread(self.show_error, error)

    def apply_keymap(self, raw: object) -> None:
        """Use the user's keys; say which entries were refused and why (their commands keep
        their default keys)."""
        self.keymap, problems = keymap.validate(raw)
        self.set_keymap(self.keymap)
        if problems:
            self.notify("\n".join(problems), title="Keymap entries not used", severity="warning", timeout=15)

    def watch_theme(self, theme: str) -> None:
        if self.store is not None and not self.store.readonly:
            try:
                self.store.set_pref("theme", theme)
            except MatchDeskError as error:  # busy or full: the theme still changes
                self.show_error(error)

    def on_unmount(self) -> None:
        gc.unfreeze()  # the app's objects can be collected once it is gone
        self.keys_in_order.stop()
        if self.store is not None:
            self.store.close()

    # --- app-wide actions --------------------------------------------------------------

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if self.workspace is None and action in ("undo", "redo", "reload", "switch_mode", "restore_backup",
                                                 "forget_history", "search_notes", "command_palette"):
            return False  # not open (yet, or at all): there is nothing to act on
        return True

    async def action_quit(self) -> None:
        # A database that did not open makes a failed run, however the user leaves (quitting
        # while it is still being read, e.g. a key typed during the first paint, is no failure).
        self.exit(return_code=1 if self.open_failed else 0)

    def action_show_help(self) -> None:
        from tui.screens.help import HelpScreen

        self.push_screen(HelpScreen())

    def action_search_notes(self, text: str = "") -> None:
        from tui.screens.search import open_search

        open_search(self, text)

    def action_undo(self) -> None:
        self._replay(self.store.undo, "Undid", "Nothing to undo")

    def action_redo(self) -> None:
        self._replay(self.store.redo, "Redid", "Nothing to redo")

    def _replay(self, step, verb: str, nothing: str) -> None:
        from desk.step_names import step_name

        try:
            changes = step()
        except MatchDeskError as error:
            self.show_error(error)
            return
        if not changes:
            self.notify(nothing, severity="warning")
            return
        self.workspace.apply_changes(changes)  # rescores; workspace_changed tells the screens
        self.notify(f"{verb}: {step_name(self.store, changes)}", markup=False)  # names are user text

    def workspace_changed(self, rows, changes) -> None:
        """The workspace changed: the screens of this mode hear it (the others redraw when
        they come back, by the workspace version)."""
        from tui.messages import DataChanged

        for screen in self.screen_stack:
            screen.post_message(DataChanged(rows, changes))

    def check_outside_changes(self) -> None:
        """Another window (or an import) committed to the file: say so once, until reloaded."""
        if self.outside_change_noticed:
            return
        try:
            self.store.check_file()  # deleted, moved or replaced: say so before the next edit
            changed = self.store.data_version() != self.seen_data_version
        except sqlite3.Error:
            return  # a missed look is harmless: the next one sees the change
        except MatchDeskError as error:
            self.outside_change_noticed = True
            self.show_error(error)
            return
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
        self.notify("Reloaded from the file", timeout=2)

    # --- backups and history ------------------------------------------------------------

    def action_restore_backup(self) -> None:
        from store.backup import list_backup_details
        from tui.screens.backups import BackupPicker

        backups = list_backup_details(self.path)
        if not backups:
            self.notify(f"{self.path.name} has no backups yet (one is made on the first start of each day).",
                        severity="warning")
            return
        self.push_screen(BackupPicker(backups), self.confirm_restore)

    def confirm_restore(self, chosen) -> None:
        if chosen is None:
            return
        question = (f"Restore the backup taken {chosen.label()}?\n\nIts contents replace {self.path.name}. "
                    "The current file is backed up first, so this restore can itself be undone "
                    "by restoring that backup.")
        self.push_screen(ConfirmDialog(question), lambda yes: self.start_restore(chosen.backup.path) if yes else None)

    def start_restore(self, backup: Path) -> None:
        self.run_worker(lambda: self.restore_in_thread(backup), thread=True, group="restore", exit_on_error=False)

    def restore_in_thread(self, backup: Path) -> None:
        """On connections of its own: the app's connection stays in the main thread."""
        from store.backup import restore_backup

        try:
            before = restore_backup(backup, self.path)
        except MatchDeskError as error:
            self.call_from_thread(self.show_error, error)
            return
        self.call_from_thread(self.restored, backup, before)

    def restored(self, backup: Path, before: Path | None) -> None:
        """Open the file again (an older backup is migrated on open) and show what it holds."""
        from store import Store

        try:
            store = Store.open(self.path)
        except MatchDeskError as error:
            self.show_error(error)
            return
        self.store.close()
        self.store = store
        self.workspace.use_store(store)
        self.mark_file_seen()
        kept = f" The file as it was is in {before.name}." if before else ""
        self.notify(f"Restored {backup.name}.{kept}", title="Backup restored", timeout=10)

    def action_forget_history(self) -> None:
        question = ("Forget the undo history?\n\nUndo will have nothing to undo, and text you deleted "
                    f"(red flags, old statements) is wiped from {self.path.name}. A backup of the file "
                    "as it is now is made first.")
        self.push_screen(ConfirmDialog(question), lambda yes: self.forget_history() if yes else None)

    def forget_history(self) -> None:
        try:
            backup = self.workspace.forget_history()
        except MatchDeskError as error:
            self.show_error(error)
            return
        self.notify(f"Undo history forgotten. The file as it was is in {backup.name}.", title="History forgotten")

    def _handle_exception(self, error: Exception) -> None:
        # Textual prints a traceback with every frame's local variables, which hold the user's
        # private text (red flags, statements): keep its bookkeeping, print a short message
        # instead, and put the traceback (without locals) in a private report.
        from importers.files import report_crash

        shown = len(self._exit_renderables)
        super()._handle_exception(error)
        del self._exit_renderables[shown:]
        self._exit_renderables.append(Text(report_crash(error)))
        self.error_console.soft_wrap = True  # the terminal wraps: the report's path stays one line

    def notify(self, message: str, **options) -> None:
        from tui.toast_place import place_toasts

        super().notify(message, **options)
        # once the caller has moved the cursor (to the row it names, say): away from that row
        self.call_after_refresh(place_toasts, self)

    def show_error(self, error: MatchDeskError) -> None:
        self.notify(error.message, title=error.title, severity="error", timeout=8)

    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        yield from palette_entries(self, screen)
        yield from getattr(screen, "palette_commands", lambda: ())()
