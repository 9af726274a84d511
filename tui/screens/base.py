"""What every screen drawn from the workspace shares."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from textual import on
from textual.screen import Screen

from store import MatchDeskError
from tui.messages import DataChanged


class WorkspaceScreen(Screen):
    """Draws from app.workspace; writes go through the workspace, which rescores and tells the
    app, which posts DataChanged here. A screen redraws once per workspace version: at once
    after its own write (so it can put the cursor on what it wrote), on DataChanged after a
    change made elsewhere or an undo, and when it comes back. Subclasses implement `rebuild`
    and set `seen_version` there."""

    def __init__(self) -> None:
        super().__init__()
        self.seen_version = -1

    @property
    def workspace(self):
        return self.app.workspace

    @property
    def store(self):
        return self.app.store

    @property
    def today(self) -> dt.date:
        return self.app.today or dt.date.today()

    def rebuild(self) -> None:
        raise NotImplementedError

    def on_screen_resume(self) -> None:
        self.redraw_if_stale()

    def redraw_if_stale(self) -> None:
        if self.workspace is not None and self.seen_version != self.workspace.version:
            self.rebuild()

    @on(DataChanged)
    def _on_data_changed(self, event: DataChanged) -> None:
        if self.seen_version != self.workspace.version:  # not yet drawn from this version
            self.data_changed(event)

    def data_changed(self, event: DataChanged) -> None:
        self.rebuild()

    def attempt(self, write: Callable[[], Any], message: str | None = None) -> tuple[bool, Any]:
        """Run a workspace write, redraw and say `message`; on a refusal show why and report
        failure instead of raising (nothing changed)."""
        try:
            result = write()
        except MatchDeskError as error:
            self.app.show_error(error)
            return False, None
        self.redraw_if_stale()
        if message:
            self.notify(message, timeout=3)
        return True, result
