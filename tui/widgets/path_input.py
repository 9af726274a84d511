"""A path input: relative paths are read against a folder, Tab completes names in it."""

from __future__ import annotations

from pathlib import Path

from textual import events
from textual.app import App
from textual.message import Message
from textual.widgets import Input

from desk.paths import FOLDER_PREF, Completion, complete
from store import MatchDeskError

NAMES_LISTED = 12


class PathInput(Input):
    class Completed(Message):
        def __init__(self, completion: Completion) -> None:
            super().__init__()
            self.completion = completion

    def __init__(self, folder: Path, value: str = "", **kwargs) -> None:
        super().__init__(value, **kwargs)
        self.folder = folder

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
