"""FrameTable: a fast, spreadsheet-like table widget backed by a Polars DataFrame.

Built on Textual's Line API: `FrameTable` is a `ScrollView` whose `render_line(y)`
formats only the rows that are on screen.  Loading a frame is O(columns) Polars
work plus one key->row dict; rendering a row happens lazily the first time it
becomes visible and is cached (per row) until the row changes.

Layout of a rendered line (virtual x coordinates)::

    | frozen col 0 | frozen col 1 | scrollable col 2 | scrollable col 3 | ...
    ^ 0            ^ x1           ^ F (= frozen width)

Each column occupies ``width + 1`` cells (the cell text, then a 1-space
separator).  Frozen columns are always drawn at the left edge; the scrollable
part is cropped by ``scroll_x``.  Line 0 of the widget is the header, which
does not scroll vertically.  Virtual line ``r + 1`` is data row ``r``.

The table keeps the state, its public API and the row lookup by key; each other job lives in its own module: grid_cells (columns, cell text,
widths), grid_render (lines and their cache), grid_cursor (cursor,
scrolling, keys and mouse) and grid_editor_host (the inline editor drawn over the rows).
They are mixins rather than helper objects so the per-line path keeps plain attribute lookups.
"""

from __future__ import annotations

from typing import Any, Callable, ClassVar, Sequence

import polars as pl
from rich.cells import cell_len
from rich.style import Style
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Size
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.actions import bindings_for
from tui.widgets.grid_cells import (
    MAX_WIDTH,
    CellStyler,
    GridColumn,
    column_offsets,
    fit,
    measure_columns,
)
from tui.widgets.grid_cursor import CursorMovement
from tui.widgets.grid_editor_host import EditorHost
from tui.widgets.grid_render import RowRender, RowRendering
from tui.widgets.inline_editor import InlineEditor

__all__ = ["GridColumn", "FrameTable", "MAX_WIDTH"]


class FrameTable(RowRendering, EditorHost, CursorMovement, ScrollView, can_focus=True):
    """A spreadsheet-like view of a Polars DataFrame with a cell cursor."""

    ALLOW_SELECT = False

    BINDINGS: ClassVar[list[BindingType]] = bindings_for("grid")

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "frametable--header",
        "frametable--computed",
        "frametable--cursor",
        "frametable--cursor-row",
        "frametable--empty",
        "frametable--editor",
        "frametable--editor-muted",
        "frametable--editor-value",
        "frametable--editor-cursor",
        "frametable--editor-error",
    }

    DEFAULT_CSS = """
    FrameTable {
        background: $surface;
        color: $foreground;
        height: 1fr;
        &:focus {
            background-tint: $foreground 5%;
            & > .frametable--cursor {
                background: $block-cursor-background;
                color: $block-cursor-foreground;
                text-style: $block-cursor-text-style;
            }
            & > .frametable--cursor-row {
                background: $primary 20%;
            }
        }
        & > .frametable--header {
            background: $panel;
            color: $foreground;
            text-style: bold;
        }
        & > .frametable--computed {
            color: $text-secondary;
            text-style: italic;
        }
        & > .frametable--cursor {
            background: $block-cursor-blurred-background;
            color: $block-cursor-blurred-foreground;
            text-style: $block-cursor-blurred-text-style;
        }
        & > .frametable--cursor-row {
            background: $primary 10%;
        }
        & > .frametable--empty {
            color: $foreground-muted;
            text-style: italic;
        }
        & > .frametable--editor {
            background: $surface;
            color: $accent;
        }
        & > .frametable--editor-muted {
            background: $surface;
            color: $text-muted;
        }
        & > .frametable--editor-value {
            background: $boost;
            color: $foreground;
        }
        & > .frametable--editor-cursor {
            background: $foreground;
            color: $surface;
        }
        & > .frametable--editor-error {
            background: $surface;
            color: $text-error;
            text-style: bold;
        }
    }
    """

    cursor_row: reactive[int] = reactive(0, repaint=False, init=False)
    """Index of the row under the cursor."""
    cursor_column: reactive[int] = reactive(0, repaint=False, init=False)
    """Index (into the columns passed to set_frame) of the column under the cursor."""

    class CellActivated(Message):
        """Posted when the user presses enter (or double-clicks) on a cell."""

        def __init__(
            self, table: "FrameTable", key: Any, column: str, row_index: int
        ) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.column = column
            self.row_index = row_index

        @property
        def control(self) -> "FrameTable":
            return self.table

    class CursorMoved(Message):
        """Posted (coalesced, once per batch of changes) when the cursor's key or column changes."""

        def __init__(self, table: "FrameTable", key: Any, column: str | None) -> None:
            super().__init__()
            self.table = table
            self.key = key
            self.column = column

        @property
        def control(self) -> "FrameTable":
            return self.table

    def __init__(
        self,
        *,
        frozen_columns: int = 1,
        key_column: str = "id",
        name: str | None = None,
        id: str | None = None,
        classes: str | None = None,
    ) -> None:
        super().__init__(name=name, id=id, classes=classes)
        self.frozen_columns = frozen_columns
        self.key_column = key_column
        self._cell_styler: CellStyler | None = None
        self._frame: pl.DataFrame = pl.DataFrame()
        self._order: pl.Series | None = None  # row indices into _frame, in display order
        self._columns: tuple[GridColumn, ...] = ()
        self._names: list[str] = []
        self._column_index: dict[str, int] = {}
        self._row_total = 0
        self._key_series: pl.Series | None = None  # None: keys are row indices
        self._key_index: dict[Any, int] | None = None  # built lazily (~6 ms at 50k rows)
        self._overlay: dict[int, tuple[Any, ...]] = {}
        self._formatters: list[Callable[[Any], str]] = []
        self._widths: list[int] = []
        self._offsets: list[int] = []  # virtual x of each column
        self._frozen_count = 0
        self._frozen_width = 0
        self._total_width = 0
        self._row_cache: LRUCache[int, RowRender] = LRUCache(1024)
        self._header_cache: tuple[Strip, Strip] | None = None
        self._styles: tuple[Style, ...] | None = None
        self._styles_key: tuple[Any, ...] | None = None
        self._style_generation = 0
        self._pass_widths: tuple[int, int] | None = None  # set for the duration of render_lines
        self._pick: Callable[[tuple[Any, ...]], tuple[Any, ...]] | None = None
        self._styler_styles: dict[Any, Style] = {}
        self._cursor_message_pending = False
        self._last_cursor_emitted: tuple[Any, str | None] | None = None
        self._editor: InlineEditor | None = None
        self._editor_lines: list[Strip] = []
        self._editor_at = (0, 0)  # (x, y) of the editor's top-left corner, in widget cells

    # ------------------------------------------------------------------ public

    @property
    def cell_styler(self) -> CellStyler | None:
        """Optional `(column_name, value) -> rich style string | None` for per-cell colouring."""
        return self._cell_styler

    @cell_styler.setter
    def cell_styler(self, styler: CellStyler | None) -> None:
        self._cell_styler = styler
        self._invalidate_rows()

    @property
    def row_count(self) -> int:
        return self._row_total

    @property
    def cursor_key(self) -> Any | None:
        if not self._row_total:
            return None
        return self._key_at(min(self.cursor_row, self._row_total - 1))

    @property
    def cursor_column_name(self) -> str | None:
        if not self._names:
            return None
        return self._names[min(self.cursor_column, len(self._names) - 1)]

    def row_for_key(self, key: Any) -> int | None:
        return self._get_key_index().get(key)

    def keys(self) -> list[Any]:
        """The key of every row, in display order."""
        return list(range(self._row_total)) if self._key_series is None else self._key_series.to_list()

    def _key_at(self, row: int) -> Any:
        return row if self._key_series is None else self._key_series[row]

    def _get_key_index(self) -> dict[Any, int]:
        if self._key_index is None:
            if self._key_series is None:
                self._key_index = dict(zip(range(self._row_total), range(self._row_total)))
            else:
                self._key_index = dict(zip(self._key_series.to_list(), range(self._row_total)))
        return self._key_index

    def _find_key(self, key: Any) -> int | None:
        """Row of `key` without necessarily building the key dict (Polars search)."""
        if self._key_index is not None or self._key_series is None:
            return self._get_key_index().get(key)
        try:
            return self._key_series.index_of(key)
        except Exception:  # e.g. key of an incompatible type
            return self._get_key_index().get(key)

    def _shown_first(self, top: int, end: int) -> Callable[[Any], int | None]:
        """Finds a key's row among the rows on screen before searching them all: an edit's row
        is almost always there, and a Polars search of the key column costs ~0.4 ms."""
        if self._key_series is None:
            return self._find_key
        shown = {key: top + offset for offset, key in enumerate(self._key_series.slice(top, end - top).to_list())}

        def find(key: Any) -> int | None:
            row = shown.get(key)
            return self._find_key(key) if row is None else row
        return find

    def cell_text(self, row_index: int, column_name: str) -> str:
        """The cell's text as rendered (truncated to the column width, without alignment padding)."""
        column = self._column_index[column_name]
        if not 0 <= row_index < self._row_total:
            raise IndexError(row_index)
        cached = self._row_cache.get(row_index)
        if cached is not None:
            fitted = cached.fitted[column]
        else:
            text = self._formatters[column](self._row_values(row_index)[column])
            fitted = fit(text, self._widths[column], "left")
        return fitted.strip(" ")

    def set_frame(self, frame: pl.DataFrame, columns: Sequence[GridColumn],
                  order: pl.Series | None = None) -> None:
        """Replace the data, shown in `order` (row indices into `frame`; None: as it is), so a
        sorted view needs no sorted copy of the frame. Keeps the cursor on the same key (and
        column) if still present."""
        old_key = self.cursor_key
        old_column = self.cursor_column_name
        old_row = self.cursor_row

        columns = tuple(columns)
        missing = [c.name for c in columns if c.name not in frame.schema]
        if missing:
            raise pl.exceptions.ColumnNotFoundError(", ".join(missing))
        self._columns = columns
        self._names = [column.name for column in columns]
        self._column_index = {name: index for index, name in enumerate(self._names)}
        self._frame = frame
        self._order = order
        self._pick = self._make_picker(frame.columns)
        height = frame.height
        self._row_total = height
        if self.key_column in frame.schema:
            keys = frame.get_column(self.key_column)
            self._key_series = keys if order is None else keys.gather(order)
        else:
            self._key_series = None
        self._key_index = None
        self._overlay = {}
        self._measure()
        self._row_cache.clear()
        self._header_cache = None

        row = self._find_key(old_key) if old_key is not None else None
        if row is None:
            row = min(old_row, max(0, height - 1))
        column = self._column_index.get(old_column, self.cursor_column) if old_column else 0
        self._set_cursor(row, column)
        self.refresh()
        self._scroll_cursor_into_view()

    def update_rows(self, rows: pl.DataFrame) -> None:
        """Replace rows with matching keys in place, refreshing only changed visible lines."""
        if not rows.height or not self._columns:
            return
        keys = rows.get_column(self.key_column).to_list()
        pick = self._make_picker(rows.columns)
        values = rows.rows() if pick is None else [pick(row) for row in rows.rows()]
        scroll_y = round(self.scroll_y)
        visible_end = scroll_y + max(0, self.scrollable_content_region.height - 1)
        if self._key_index is None and len(keys) <= 8:
            find = self._shown_first(scroll_y, visible_end)  # no 50k-entry dict for a few keys
        else:
            find = self._get_key_index().get
        row_cache = self._row_cache
        auto = [column.width is None for column in self._columns]
        widths = self._widths
        widened = False
        dirty: list[int] = []
        for key, row_values in zip(keys, values):
            row = find(key)
            if row is None:
                continue
            self._overlay[row] = row_values
            cells = self._make_cells(row_values)
            for index, (text, _style) in enumerate(cells):
                if auto[index] and widths[index] < MAX_WIDTH:
                    length = cell_len(text)
                    if length > widths[index]:
                        widths[index] = min(MAX_WIDTH, length)
                        widened = True
            cached = row_cache.get(row)
            if cached is not None:
                if cached.cells == cells:
                    continue
                row_cache.discard(row)
            if scroll_y <= row < visible_end:
                dirty.append(row)
        if widened:
            self._layout_columns()
            self._row_cache.clear()
            self._header_cache = None
            self.refresh()
            return
        for row in dirty:
            self.refresh_lines(row + 1)

    def move_cursor_to_key(self, key: Any, column: str | None = None) -> None:
        """Move the cursor to the row with `key` (and optionally `column`) and scroll it into view."""
        row = self._find_key(key)
        if row is None:
            return
        column_index = self.cursor_column
        if column is not None and column in self._column_index:
            column_index = self._column_index[column]
        self._set_cursor(row, column_index)
        self._scroll_cursor_into_view()

    # ----------------------------------------------------------- measurement

    def _measure(self) -> None:
        self._formatters, self._widths = measure_columns(self._frame, self._columns)
        self._layout_columns()

    def _layout_columns(self) -> None:
        self._offsets, x = column_offsets(self._widths)
        self._total_width = x
        self._frozen_count = max(0, min(self.frozen_columns, len(self._widths)))
        self._frozen_width = (
            self._offsets[self._frozen_count] if self._frozen_count < len(self._offsets) else x
        )
        self.virtual_size = Size(x, self._row_total + 1)
