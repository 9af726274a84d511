"""The grid's lines: a data row formatted, styled and cached as strips, the header, and the
line Textual asks for (frozen columns joined to the horizontally scrolled body).

`render_line` is the hot path: it stays a method on the table (mixed in), so a line costs no
more lookups than before the table was split into modules.
"""

from __future__ import annotations

from operator import itemgetter
from typing import Any, Callable, NamedTuple, Sequence

import polars as pl
from rich.segment import Segment
from rich.style import Style
from textual.geometry import Region
from textual.strip import Strip

from tui.widgets.grid_cells import fit, sanitize


class RowRender(NamedTuple):
    """Cached rendering of one data row (without cursor highlighting)."""

    cells: tuple[tuple[str, Any], ...]  # (formatted text, styler result) per column
    fitted: tuple[str, ...]  # text truncated / padded to column width
    frozen: Strip
    body: Strip


class RowRendering:
    """Formatting, styling and caching of FrameTable's lines (mixed in: it shares the table's state)."""

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
            values = self._frame.row(row if self._order is None else self._order[row])
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

    def _get_row(self, row: int) -> RowRender:
        cached = self._row_cache.get(row)
        if cached is not None:
            return cached
        if self._styles is None:
            self._get_styles()
        cells = self._make_cells(self._row_values(row))
        fitted = tuple(
            fit(text, width, column.align)
            for (text, _), width, column in zip(cells, self._widths, self._columns)
        )
        frozen, body = self._build_strips(fitted, cells)
        render = RowRender(cells, fitted, frozen, body)
        self._row_cache[row] = render
        return render

    def _get_header(self) -> tuple[Strip, Strip]:
        if self._header_cache is None:
            header_style = self._styles[1]  # type: ignore[index]
            segments: list[Segment] = []
            for column, width in zip(self._columns, self._widths):
                segments.append(Segment(fit(sanitize(column.header), width, column.align), header_style))
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
                text = fit("no rows", width, "left")
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
