"""Where toasts go: in the half of the screen away from the cursor's row, so a message about
a row never covers it. Textual stacks them bottom-right; a cursor row in the lower half sends
them to the top instead.
"""

from __future__ import annotations

from textual.app import App, ScreenStackError
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.widget import Widget
from textual.widgets import DataTable
from textual.widgets._toast import ToastRack

from tui.widgets.grid import FrameTable


def cursor_row_y(table: Widget) -> int | None:
    """The screen line of a table's cursor row."""
    if isinstance(table, FrameTable):
        return table.cursor_screen_offset()[1] if table.row_count else None
    if isinstance(table, DataTable) and table.row_count:
        # the row's region counts the fixed header; only the rows scroll
        return table.content_region.y + table._get_row_region(table.cursor_row).y - round(table.scroll_y)
    return None


def cursor_table(screen: Screen) -> Widget | None:
    """The focused table, else the first one shown (a dialog just closed: nothing has focus)."""
    if isinstance(screen.focused, (FrameTable, DataTable)):
        return screen.focused
    return next((table for table in screen.query("FrameTable, DataTable") if table.display), None)


def place_toasts(app: App) -> None:
    """On the screen in front now (a dialog may have closed since the toast was asked for)."""
    try:
        screen = app.screen
        rack = screen.get_child_by_type(ToastRack)
    except (ScreenStackError, NoMatches):
        return
    table = cursor_table(screen)
    y = None if table is None else cursor_row_y(table)
    top = y is not None and y >= screen.size.height // 2
    rack.styles.dock = "top" if top else "bottom"
    rack.styles.align_vertical = "top" if top else "bottom"
