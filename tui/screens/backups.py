"""Pick a backup of the open database to restore: newest first, with what it holds."""

from __future__ import annotations

from collections.abc import Sequence

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen
from textual.widgets import Label, OptionList, Static

from store.backup import BackupDetails
from tui.actions import bindings_for


class BackupPicker(ModalScreen[BackupDetails | None]):
    """Enter picks the highlighted backup (the app asks before restoring it); escape closes."""

    BINDINGS = bindings_for("dialog.input")

    def __init__(self, backups: Sequence[BackupDetails]) -> None:
        super().__init__()
        self.backups = list(backups)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Label("Restore a backup", classes="dialog-title")
            yield Static("Taken, why, size, programs. Enter restores the highlighted one "
                         "(after asking); escape closes.", markup=False)
            yield OptionList(*(Text(backup.label()) for backup in self.backups), id="backups")

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.backups[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)
