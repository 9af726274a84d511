"""What the interview-season screens (interviews, rank list) share: they draw everything from
the workspace, so any change (an edit here, undo/redo, an edit on another screen) is one
rebuild."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from textual import on
from textual.screen import Screen

from store import MatchDeskError
from tui.messages import DataChanged


class SeasonScreen(Screen):
    def __init__(self) -> None:
        super().__init__()
        self.seen_version = -1

    @property
    def workspace(self):
        return self.app.workspace

    @property
    def store(self):
        return self.app.store

    def rebuild(self) -> None:
        """Redraw from the workspace and set `seen_version`."""
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        if self.seen_version != self.workspace.version:
            self.rebuild()

    @on(DataChanged)
    def _data_changed(self) -> None:
        self.rebuild()

    def saved(self) -> None:
        """After a write: rescore and redraw."""
        self.workspace.reload()
        self.rebuild()

    def write(self, change: Callable[[], Any], message: str | None = None) -> tuple[bool, Any]:
        """Run one store operation; refused: say why, nothing changed. Then redraw."""
        try:
            result = change()
        except MatchDeskError as error:
            self.app.show_error(error)
            return False, None
        self.saved()
        if message:
            self.notify(message, timeout=3)
        return True, result
