"""Messages the app posts between its parts."""

from __future__ import annotations

from textual.message import Message


class DataChanged(Message):
    """Data changed under a screen (undo, redo, an edit elsewhere).

    `rows` holds the rescored program rows to repaint, or None when the whole view must be
    rebuilt; `changes` lists what the store did.
    """

    def __init__(self, rows, changes) -> None:
        super().__init__()
        self.rows = rows
        self.changes = changes
