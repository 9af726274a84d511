"""The grid's cell cursor: keeping it in range, repainting the rows it leaves and enters,
scrolling it into view (frozen columns never scroll), telling listeners where it is (once per
batch of moves), and moving it by key bindings and clicks.
"""

from __future__ import annotations

from bisect import bisect_right

from textual import events
from textual.geometry import Region, Spacing


class CursorMovement:
    """FrameTable's cursor (mixed in: `cursor_row` / `cursor_column` are the table's reactives)."""

    def validate_cursor_row(self, value: int) -> int:
        return max(0, min(value, self._row_total - 1))

    def validate_cursor_column(self, value: int) -> int:
        return max(0, min(value, len(self._names) - 1))

    def watch_cursor_row(self, old: int, new: int) -> None:
        self._refresh_row(old)
        self._refresh_row(new)
        self._scroll_cursor_into_view()
        self._queue_cursor_message()

    def watch_cursor_column(self, old: int, new: int) -> None:
        self._refresh_row(self.cursor_row)
        self._scroll_cursor_into_view()
        self._queue_cursor_message()

    def _set_cursor(self, row: int, column: int) -> None:
        """Set both cursor coordinates, without intermediate scrolling."""
        row = self.validate_cursor_row(row)
        column = self.validate_cursor_column(column)
        old_row = self.cursor_row
        self.set_reactive(type(self).cursor_row, row)
        self.set_reactive(type(self).cursor_column, column)
        self._refresh_row(old_row)
        self._refresh_row(row)
        self._queue_cursor_message()

    def _refresh_row(self, row: int) -> None:
        if self.is_mounted and 0 <= row < self._row_total:
            self.refresh_lines(row + 1)

    def _queue_cursor_message(self) -> None:
        if self._cursor_message_pending or not self.is_mounted:
            return
        self._cursor_message_pending = True
        self.call_next(self._emit_cursor_moved)

    def _emit_cursor_moved(self) -> None:
        self._cursor_message_pending = False
        state = (self.cursor_key, self.cursor_column_name)
        if state != self._last_cursor_emitted:
            self._last_cursor_emitted = state
            self.post_message(self.CursorMoved(self, *state))

    def cursor_screen_offset(self) -> tuple[int, int]:
        """Where the cursor cell is drawn on screen (x, y), e.g. to open an editor over it."""
        column = self.cursor_column
        content = self.scrollable_content_region
        y = content.y + 1 + self.cursor_row - round(self.scroll_y)
        if not self._widths:
            return content.x, y
        x = self._offsets[column]
        if column >= self._frozen_count:
            x -= round(self.scroll_x)
        return content.x + max(0, x), y

    def _cursor_region(self) -> Region:
        column = self.cursor_column
        y = self.cursor_row + 1
        if not self._widths:
            return Region(0, y, 1, 1)
        if column < self._frozen_count:
            # Frozen columns are always visible: keep the horizontal scroll as is.
            return Region(round(self.scroll_x) + self._frozen_width, y, 1, 1)
        return Region(self._offsets[column], y, self._widths[column], 1)

    def _scroll_cursor_into_view(self, retry: bool = True) -> None:
        if not self.is_mounted:
            return
        if not self.scrollable_content_region.height:
            # Not laid out yet (or hidden): try once more after the next refresh; a later
            # Resize (e.g. when shown) scrolls the cursor into view again.
            if retry:
                self.call_after_refresh(self._scroll_cursor_into_view, False)
            return
        self.scroll_to_region(
            self._cursor_region(),
            spacing=Spacing(1, 0, 0, self._frozen_width),
            animate=False,
            force=True,
            immediate=True,
        )

    def _on_resize(self, event: events.Resize) -> None:
        self.call_after_refresh(self._scroll_cursor_into_view)
        if self._editor is not None:  # keep the editor by its cell, inside the new size
            self.call_after_refresh(self._place_editor)

    # ---------------------------------------------------------------- actions

    @property
    def _page_height(self) -> int:
        return max(1, self.scrollable_content_region.height - 1)

    def action_cursor_up(self) -> None:
        self.cursor_row -= 1

    def action_cursor_down(self) -> None:
        self.cursor_row += 1

    def action_cursor_left(self) -> None:
        self.cursor_column -= 1

    def action_cursor_right(self) -> None:
        self.cursor_column += 1

    def action_cursor_page_up(self) -> None:
        self.cursor_row -= self._page_height

    def action_cursor_page_down(self) -> None:
        self.cursor_row += self._page_height

    def action_cursor_first_column(self) -> None:
        self.cursor_column = 0

    def action_cursor_last_column(self) -> None:
        self.cursor_column = len(self._names) - 1

    def action_cursor_top(self) -> None:
        self.cursor_row = 0

    def action_cursor_bottom(self) -> None:
        self.cursor_row = self._row_total - 1

    def action_activate_cell(self) -> None:
        self._post_activated()

    def _post_activated(self) -> None:
        if not self._row_total or not self._names:
            return
        self.post_message(
            self.CellActivated(
                self, self.cursor_key, self.cursor_column_name or "", self.cursor_row
            )
        )

    # ------------------------------------------------------------------ mouse

    def _column_at(self, x: int) -> int | None:
        """Column index under content-relative screen x, or None."""
        view_width = self.scrollable_content_region.width or self.size.width
        if x < 0 or x >= view_width or not self._offsets:
            return None
        if x < self._frozen_width:
            virtual_x = x
        else:
            virtual_x = x + round(self.scroll_x)
        index = bisect_right(self._offsets, virtual_x) - 1
        if index < 0 or virtual_x >= self._total_width:
            return None
        if index >= self._frozen_count and x < self._frozen_width:
            return None
        return index

    async def _on_click(self, event: events.Click) -> None:
        if self._editor is not None:  # a click elsewhere leaves the edit, as escape does
            self._take_editor_down()  # drawn with the cursor's move
        offset = event.get_content_offset(self)
        if offset is None:
            return
        x, y = offset
        if y < 1:
            return
        row = y - 1 + round(self.scroll_y)
        if row >= self._row_total:
            return
        column = self._column_at(x)
        if column is None:
            return
        event.stop()
        self._set_cursor(row, column)
        self._scroll_cursor_into_view()
        if event.chain == 2:
            self._post_activated()
