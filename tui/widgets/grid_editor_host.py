"""The inline editor drawn over the grid: where it goes (below the cursor cell, above it near
the bottom), how its lines overlay the table's, and the keys and pastes it takes while open.
"""

from __future__ import annotations

from textual import events
from textual.geometry import Region
from textual.strip import Strip

from tui.widgets.inline_editor import WIDTH as EDITOR_WIDTH
from tui.widgets.inline_editor import EditorStyles, InlineEditor, Submitted


class EditorHost:
    """FrameTable's inline editor (mixed in: the editor is placed by the table's cursor and drawn in its lines)."""

    _editor: InlineEditor | None
    _editor_lines: list[Strip]
    _editor_at: tuple[int, int]

    @property
    def editor(self) -> InlineEditor | None:
        """The open inline editor, if any; while open it takes every key but priority bindings."""
        return self._editor

    def open_editor(self, editor: InlineEditor) -> None:
        """Draw `editor` over the rows below the cursor cell (above it near the bottom)."""
        self._take_editor_down()
        self._editor = editor
        self._place_editor()

    def close_editor(self) -> None:
        """Take the editor down and draw the frame at once: after a save this is what the
        person waits to see, the saved row included (repainted before the editor closes)."""
        if self._editor is not None:
            self._take_editor_down()
            self._draw_now()

    def _take_editor_down(self) -> None:
        if self._editor is not None:
            self._refresh_editor_lines()
            self._editor = None
            self._editor_lines = []

    def _draw_now(self) -> None:
        """The screen's next frame, drawn now rather than after this widget's idle, the screen's
        idle and its update timer's tick (~0.6 ms of hops). Textual's Pilot forces a frame the
        same way; widgets refreshed meanwhile elsewhere follow in their own frame."""
        screen = self.screen
        if screen.is_current and not self.app._batch_count:
            screen._dirty_widgets.add(self)
            screen._on_timer_update()

    def refuse_edit(self, message: str) -> None:
        """Show why the value was refused; the editor stays open with what was typed."""
        if self._editor is not None:
            self._refresh_editor_lines()
            self._editor.error = message
            self._place_editor()

    def _editor_styles(self) -> EditorStyles:
        get = self.get_component_rich_style
        return EditorStyles(get("frametable--editor"), get("frametable--editor-muted"),
                            get("frametable--editor-value"), get("frametable--editor-cursor"),
                            get("frametable--editor-error"))

    def _place_editor(self) -> None:
        if self._editor is None:
            return
        view_width, _ = self._line_widths()
        width = min(EDITOR_WIDTH, view_width)
        lines = self._editor.strips(width, self._editor_styles())
        cell_x, cell_y = self.cursor_screen_offset()
        content = self.scrollable_content_region
        x = max(0, min(cell_x - content.x, view_width - width))
        below = cell_y - content.y + 1
        height = content.height or self.size.height
        y = below if below + len(lines) <= height else max(0, below - 1 - len(lines))
        self._editor_lines = lines
        self._editor_at = (x, y)
        self._refresh_editor_lines()

    def _refresh_editor_lines(self) -> None:
        """Repaint the cells the editor covers: only they change while it is open or closes."""
        if self._editor_lines:
            x, y = self._editor_at
            self.refresh(Region(x, y, self._editor_lines[0].cell_length, len(self._editor_lines)))

    def _with_editor(self, y: int, line: Strip) -> Strip:
        x, top = self._editor_at
        box = self._editor_lines[y - top]
        width = line.cell_length
        return Strip.join([line.crop(0, x), box, line.crop(x + box.cell_length, width)]).crop(0, width)

    async def _on_key(self, event: events.Key) -> None:
        if self._editor is None:
            return
        event.stop()
        event.prevent_default()
        outcome = self._editor.key(event.key, event.character)
        if outcome is None:
            self._place_editor()
        elif outcome[0] == "cancel":
            self.close_editor()
        else:
            self.post_message(Submitted(self._editor.field, outcome[1]))

    def _on_paste(self, event: events.Paste) -> None:
        if self._editor is not None:
            event.stop()
            self._editor.insert(event.text)
            self._place_editor()
