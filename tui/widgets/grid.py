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
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass
from operator import itemgetter
from typing import Any, Callable, ClassVar, NamedTuple, Sequence

import polars as pl
from rich.cells import cell_len, set_cell_size
from rich.segment import Segment
from rich.style import Style
from textual import events
from textual.binding import BindingType
from textual.cache import LRUCache
from textual.geometry import Region, Size, Spacing
from textual.message import Message
from textual.reactive import reactive
from textual.scroll_view import ScrollView
from textual.strip import Strip

from tui.actions import bindings_for
from tui.widgets.inline_editor import WIDTH as EDITOR_WIDTH
from tui.widgets.inline_editor import EditorStyles, InlineEditor, Submitted

__all__ = ["GridColumn", "FrameTable", "MAX_WIDTH"]

MAX_WIDTH = 40
"""Cap for measured (auto) column widths."""

CellStyler = Callable[[str, Any], "str | Style | None"]

# Map ASCII control characters (newline, tab, ...) to spaces so user text can
# never break a line or move the terminal cursor.
_CONTROL_TABLE = {code: " " for code in (*range(32), 127)}


SORT_ARROWS = {"asc": "▲", "desc": "▼"}


@dataclass(frozen=True)
class GridColumn:
    name: str  # column name in the frame
    label: str  # header text
    computed: bool = False  # rendered with "frametable--computed"; not editable
    align: str = "left"  # "left" | "right" | "center"
    width: int | None = None  # fixed width; None = measured from data
    sorted: str | None = None  # "asc" or "desc" when the rows are sorted by this column

    @property
    def header(self) -> str:
        """The label, with an arrow on the sorted column."""
        return f"{self.label} {SORT_ARROWS[self.sorted]}" if self.sorted else self.label


class _RowRender(NamedTuple):
    """Cached rendering of one data row (without cursor highlighting)."""

    cells: tuple[tuple[str, Any], ...]  # (formatted text, styler result) per column
    fitted: tuple[str, ...]  # text truncated / padded to column width
    frozen: Strip
    body: Strip


def _sanitize(text: str) -> str:
    if text.isprintable():
        return text
    return text.translate(_CONTROL_TABLE)


def _format_other(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.1f}"
    return _sanitize(str(value))


def _format_str(value: Any) -> str:
    if value is None:
        return ""
    return _sanitize(value) if isinstance(value, str) else _sanitize(str(value))


def _format_int(value: Any) -> str:
    return "" if value is None else str(value)


def _format_bool(value: Any) -> str:
    if value is None:
        return ""
    return "yes" if value else "no"


def _float_formatter(decimals: int) -> Callable[[Any], str]:
    spec = f".{decimals}f"

    def format_float(value: Any) -> str:
        if value is None:
            return ""
        return format(value, spec)

    return format_float


def _fit(text: str, width: int, align: str) -> str:
    """Truncate (with an ellipsis) or pad `text` to exactly `width` cells."""
    if width <= 0:
        return ""
    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    pad = width - length
    if not pad:
        return text
    if align == "right":
        return " " * pad + text
    if align == "center":
        left = pad // 2
        return " " * left + text + " " * (pad - left)
    return text + " " * pad


class FrameTable(ScrollView, can_focus=True):
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
        self._row_cache: LRUCache[int, _RowRender] = LRUCache(1024)
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
            fitted = _fit(text, self._widths[column], "left")
        return fitted.strip(" ")

    def set_frame(self, frame: pl.DataFrame, columns: Sequence[GridColumn]) -> None:
        """Replace the data. Keeps the cursor on the same key (and column) if still present."""
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
        self._pick = self._make_picker(frame.columns)
        height = frame.height
        self._row_total = height
        if self.key_column in frame.schema:
            self._key_series = frame.get_column(self.key_column)
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

    # ------------------------------------------------------------ inline editor

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

    # ----------------------------------------------------------- measurement

    def _measure(self) -> None:
        """Choose a formatter and width for every column (Polars does the heavy lifting)."""
        frame = self._frame
        schema = frame.schema
        exprs: list[pl.Expr] = []
        plans: list[tuple[str, int]] = []  # (kind, first expression index)
        formatters: list[Callable[[Any], str]] = []
        for index, column in enumerate(self._columns):
            dtype = schema[column.name]
            col = pl.col(column.name)
            alias = f"__m{index}_"
            if dtype == pl.String:
                kind = "str"
                formatters.append(_format_str)
                exprs.append(col.str.len_chars().max().alias(alias + "0"))
            elif dtype == pl.Boolean:
                kind = "bool"
                formatters.append(_format_bool)
            elif dtype.is_float():
                kind = "float"
                formatters.append(_format_str)  # replaced below once decimals known
                exprs.append(col.min().alias(alias + "0"))
                exprs.append(col.max().alias(alias + "1"))
                exprs.append(col.abs().max().alias(alias + "2"))
            elif dtype.is_integer():
                kind = "int"
                formatters.append(_format_int)
                exprs.append(col.min().alias(alias + "0"))
                exprs.append(col.max().alias(alias + "1"))
            elif dtype == pl.Null:
                kind = "null"
                formatters.append(_format_other)
            else:
                kind = "other"  # measured separately below: the cast may fail
                formatters.append(_format_other)
            plans.append((kind, len(exprs)))
        stats = frame.select(exprs).row(0) if exprs and frame.height else None
        widths: list[int] = []
        for index, (column, (kind, end)) in enumerate(zip(self._columns, plans)):
            measured = 0
            if kind == "float":
                low, high, abs_max = stats[end - 3 : end] if stats else (None, None, None)
                decimals = 2 if abs_max is not None and abs_max < 1 else 1
                formatters[index] = _float_formatter(decimals)
                fmt = formatters[index]
                measured = max(len(fmt(low)), len(fmt(high)))
            elif kind == "int":
                low, high = stats[end - 2 : end] if stats else (None, None)
                measured = max(len(_format_int(low)), len(_format_int(high)))
            elif kind == "bool":
                measured = 3 if frame.height else 0
            elif kind == "str":
                measured = (stats[end - 1] or 0) if stats else 0
            elif kind == "other" and frame.height:
                dtype = schema[column.name]
                try:
                    if dtype.is_temporal() or dtype.is_nested() or dtype == pl.Object:
                        # str() of these differs from Polars' cast; (near-)fixed width anyway
                        raise TypeError
                    measured = (
                        frame.select(
                            pl.col(column.name).cast(pl.String).str.len_chars().max()
                        ).item()
                        or 0
                    )
                except Exception:  # not castable (lists, structs, objects): sample it
                    sample = frame.get_column(column.name).head(1000).to_list()
                    measured = max((cell_len(_format_other(v)) for v in sample), default=0)
            if column.width is not None:
                width = column.width
            else:
                width = max(cell_len(column.header), min(measured, MAX_WIDTH), 1)
            widths.append(width)
        self._formatters = formatters
        self._widths = widths
        self._layout_columns()

    def _layout_columns(self) -> None:
        offsets: list[int] = []
        x = 0
        for width in self._widths:
            offsets.append(x)
            x += width + 1
        self._offsets = offsets
        self._total_width = x
        self._frozen_count = max(0, min(self.frozen_columns, len(self._widths)))
        self._frozen_width = (
            offsets[self._frozen_count] if self._frozen_count < len(offsets) else x
        )
        self.virtual_size = Size(x, self._row_total + 1)

    # -------------------------------------------------------------- rendering

    def _make_picker(
        self, frame_columns: Sequence[str]
    ) -> Callable[[tuple[Any, ...]], tuple[Any, ...]] | None:
        """A function selecting the displayed columns (in order) from a frame row, or None if identity."""
        if list(frame_columns) == self._names:
            return None
        positions = {name: index for index, name in enumerate(frame_columns)}
        try:
            indices = [positions[name] for name in self._names]
        except KeyError as error:
            raise pl.exceptions.ColumnNotFoundError(str(error)) from None
        if len(indices) == 1:
            only = indices[0]
            return lambda row: (row[only],)
        if not indices:
            return lambda row: ()
        return itemgetter(*indices)

    def _row_values(self, row: int) -> tuple[Any, ...]:
        values = self._overlay.get(row)
        if values is None:
            values = self._frame.row(row)
            if self._pick is not None:
                values = self._pick(values)
        return values

    def _make_cells(self, values: Sequence[Any]) -> tuple[tuple[str, Any], ...]:
        styler = self._cell_styler
        if styler is None:
            return tuple(
                (fmt(value), None) for fmt, value in zip(self._formatters, values)
            )
        return tuple(
            (fmt(value), styler(name, value))
            for fmt, name, value in zip(self._formatters, self._names, values)
        )

    def _styler_style(self, spec: Any) -> Style:
        style = self._styler_styles.get(spec)
        if style is None:
            if isinstance(spec, Style):
                style = spec
            else:
                try:
                    style = Style.parse(spec)
                except Exception:
                    style = Style()
            self._styler_styles[spec] = style
        return style

    def _get_styles(self) -> tuple[Style, ...]:
        """(base, header, computed, cursor, cursor_row_overlay, empty); clears caches if changed."""
        # Resolving component styles is slow-ish (~1.5 ms), and Widget.refresh() clears
        # Textual's own cache, so only re-resolve when something that can change them did.
        key = (self._pseudo_classes_cache_key, self._style_generation, self.app.theme)
        if key == self._styles_key and self._styles is not None:
            return self._styles
        self._styles_key = key
        get = self.get_component_rich_style
        cursor_row = get("frametable--cursor-row")
        styles = (
            self.rich_style,
            get("frametable--header"),
            get("frametable--computed"),
            get("frametable--cursor"),
            Style(bgcolor=cursor_row.bgcolor),
            get("frametable--empty"),
        )
        if styles != self._styles:
            self._styles = styles
            self._row_cache.clear()
            self._header_cache = None
        return styles

    def _build_strips(
        self,
        fitted: Sequence[str],
        cells: Sequence[tuple[str, Any]],
        cursor_column: int | None = None,
    ) -> tuple[Strip, Strip]:
        """Build (frozen, body) strips for a row; `cursor_column` not None = the cursor row."""
        base, _header, computed, cursor, row_overlay, _empty = self._styles  # type: ignore[misc]
        segments: list[Segment] = []
        add = segments.append
        is_cursor_row = cursor_column is not None
        separator = Segment(" ", base + row_overlay if is_cursor_row else base)
        for index, (column, text, (_, spec)) in enumerate(
            zip(self._columns, fitted, cells)
        ):
            style = computed if column.computed else base
            if spec:
                style = style + self._styler_style(spec)
            if is_cursor_row:
                style = style + row_overlay
            if index == cursor_column:
                style = style + cursor
            add(Segment(text, style))
            add(separator)
        split = self._frozen_count * 2
        # simplify() merges neighbouring same-style segments (fewer segments to filter/paint).
        frozen = Strip(segments[:split], self._frozen_width).simplify()
        body = Strip(segments[split:], self._total_width - self._frozen_width).simplify()
        return frozen, body

    def _get_row(self, row: int) -> _RowRender:
        cached = self._row_cache.get(row)
        if cached is not None:
            return cached
        if self._styles is None:
            self._get_styles()
        cells = self._make_cells(self._row_values(row))
        fitted = tuple(
            _fit(text, width, column.align)
            for (text, _), width, column in zip(cells, self._widths, self._columns)
        )
        frozen, body = self._build_strips(fitted, cells)
        render = _RowRender(cells, fitted, frozen, body)
        self._row_cache[row] = render
        return render

    def _get_header(self) -> tuple[Strip, Strip]:
        if self._header_cache is None:
            header_style = self._styles[1]  # type: ignore[index]
            segments: list[Segment] = []
            for column, width in zip(self._columns, self._widths):
                segments.append(Segment(_fit(_sanitize(column.header), width, column.align), header_style))
                segments.append(Segment(" ", header_style))
            split = self._frozen_count * 2
            self._header_cache = (
                Strip(segments[:split], self._frozen_width).simplify(),
                Strip(segments[split:], self._total_width - self._frozen_width).simplify(),
            )
        return self._header_cache

    def _compose_line(
        self, frozen: Strip, body: Strip, fill_style: Style, scroll_x: int
    ) -> Strip:
        view_width, line_width = self._line_widths()
        frozen_width = self._frozen_width
        body_width = max(0, view_width - frozen_width)
        line = Strip.join([frozen, body.crop(scroll_x, scroll_x + body_width)])
        if frozen_width > view_width:
            line = line.crop(0, view_width)
        return line.adjust_cell_length(line_width, fill_style)

    def render_lines(self, crop: Region) -> list[Strip]:
        self._get_styles()
        self._pass_widths = None
        self._pass_widths = self._line_widths()  # computed once per paint, not per line
        try:
            return super().render_lines(crop)
        finally:
            self._pass_widths = None

    def _line_widths(self) -> tuple[int, int]:
        """(visible content width excluding scrollbar, width of the strips to return)."""
        if self._pass_widths is not None:
            return self._pass_widths
        width = self.size.width
        view_width = self.scrollable_content_region.width or width
        return view_width, max(width, view_width)

    def render_line(self, y: int) -> Strip:
        line = self._table_line(y)
        if self._editor is not None and 0 <= y - self._editor_at[1] < len(self._editor_lines):
            return self._with_editor(y, line)
        return line

    def _table_line(self, y: int) -> Strip:
        styles = self._styles if self._styles is not None else self._get_styles()
        base, header_style, _computed, _cursor, row_overlay, empty_style = styles
        width = self._line_widths()[1]
        scroll_x, scroll_y = self.scroll_offset
        if not self._columns:
            return Strip.blank(width, base)
        if y == 0:
            frozen, body = self._get_header()
            return self._compose_line(frozen, body, header_style, scroll_x)
        row = y - 1 + scroll_y
        if row >= self._row_total:
            if y == 1 and not self._row_total:
                text = _fit("no rows", width, "left")
                return Strip([Segment(text, base + empty_style)], width)
            return Strip.blank(width, base)
        render = self._get_row(row)
        if row == self.cursor_row:
            row_style = base + row_overlay
            frozen, body = self._build_strips(
                render.fitted, render.cells, self.cursor_column
            )
            return self._compose_line(frozen, body, row_style, scroll_x)
        return self._compose_line(render.frozen, render.body, base, scroll_x)

    def notify_style_update(self) -> None:
        super().notify_style_update()
        self._style_generation += 1
        self._styles = None
        self._row_cache.clear()
        self._header_cache = None

    def _invalidate_rows(self) -> None:
        self._row_cache.clear()
        self.refresh()

    # ----------------------------------------------------------------- cursor

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
        self.set_reactive(FrameTable.cursor_row, row)
        self.set_reactive(FrameTable.cursor_column, column)
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
