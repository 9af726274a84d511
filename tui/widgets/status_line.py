"""The programs screen's status line, drawn in the longest form that fits its width."""

from __future__ import annotations

from textual.widgets import Static

from desk.program_status import status_line


class StatusLine(Static):
    """The width is known only when the line is drawn, after layout: a line made before the
    terminal's size arrived is not left in a narrow form, and a resize redraws it."""

    parts: tuple = ()

    def show(self, *parts) -> None:
        """The line's parts (shown, total, tier shares, note), shortened when drawn."""
        if parts == self.parts:
            return  # the line as drawn: no repaint (so a frame need not span the screen to it)
        self.parts = parts
        self.refresh()  # one line, fixed size: no layout pass

    def update(self, content="", *, layout: bool = True) -> None:
        self.parts = ()  # plain text again (the first rows' "Scoring…")
        super().update(content, layout=layout)

    def render(self):
        if not self.parts:
            return super().render()
        return status_line(*self.parts, self.content_size.width)
