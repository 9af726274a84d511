"""A path input: relative paths are read against a folder, Tab completes names in it, and
ctrl+o picks the file from a list (tui/widgets/file_picker.py)."""

from __future__ import annotations

from pathlib import Path
from typing import Literal

from textual import events
from textual.app import App
from textual.message import Message
from textual.widgets import Input

from desk.paths import FOLDER_PREF, Completion, complete
from importers.files import allowed_folder
from store import MatchDeskError
from tui.actions import bindings_for

NAMES_LISTED = 12
Picking = Literal["open", "save"]


class PathInput(Input):
    BINDINGS = bindings_for("path")

    class Completed(Message):
        def __init__(self, completion: Completion) -> None:
            super().__init__()
            self.completion = completion

    def __init__(self, folder: Path, value: str = "", *, picking: Picking = "open", **kwargs) -> None:
        super().__init__(value, **kwargs)
        self.folder = folder
        self.picking = picking

    def action_browse(self) -> None:
        """Pick the file from a list, starting where the typed path points (or the folder)."""
        # loaded on first use: start-up stays lean
        from tui.widgets.file_picker import FolderFileOpen, FolderFileSave

        typed = Path(self.value.strip()).expanduser() if self.value.strip() else self.folder
        start = typed if typed.is_absolute() else self.folder / typed
        while not start.is_dir() and start != start.parent:
            start = start.parent
        kind = FolderFileOpen if self.picking == "open" else FolderFileSave
        self.app.push_screen(kind(start, allowed_folder()), self.picked)

    def picked(self, path: Path | None) -> None:
        if path is not None:  # inside the folder: as short as if typed there
            self.value = str(path.relative_to(self.folder)) if path.is_relative_to(self.folder) else str(path)
            self.cursor_position = len(self.value)
        self.focus()

    async def _on_key(self, event: events.Key) -> None:
        if event.key != "tab":
            await super()._on_key(event)
            return
        event.stop()
        event.prevent_default()  # Tab completes here instead of moving the focus
        completion = complete(self.value, self.folder)
        self.value = completion.text
        self.cursor_position = len(self.value)
        self.post_message(self.Completed(completion))


def completion_hint(completion: Completion) -> str | None:
    """The names to choose from when Tab found several; None otherwise."""
    if not completion.names:
        return None
    shown = completion.names[:NAMES_LISTED]
    more = len(completion.names) - len(shown)
    return "  ".join(shown) + (f"  … {more} more" if more else "")


def remember_folder(app: App, folder: Path) -> None:
    """The dialogs start here next time. A convenience: a busy or read-only file skips it."""
    if app.workspace is None or app.store.readonly:
        return
    try:
        app.workspace.set_pref(FOLDER_PREF, str(folder))
    except MatchDeskError:
        pass

