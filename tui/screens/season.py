"""What the interview-season screens (interviews, rank list) share: they draw everything from
the workspace, so any change (an edit here, undo/redo, an edit on another screen) is one
rebuild."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from tui.screens.base import WorkspaceScreen


class SeasonScreen(WorkspaceScreen):
    def saved(self) -> None:
        """After a write: rescore and redraw."""
        self.workspace.reload()
        self.rebuild()

    def write(self, change: Callable[[], Any], message: str | None = None) -> tuple[bool, Any]:
        """Run one store operation; refused: say why, nothing changed. Then redraw."""
        ok, result = self.attempt(change)
        if not ok:
            return False, None
        self.saved()
        if message:
            self.notify(message, timeout=3)
        return True, result
