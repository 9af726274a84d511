"""The spreadsheet's first screenful, drawn with plain ANSI before Textual is imported.

Importing Textual, Polars and the scoring engine, then scoring, takes from half a second to
well over a second; this module (sqlite3 and the registry only) draws what Textual's first
frame shows — the first programs by name, scores not yet worked out — within a few tens of
milliseconds, then hands the terminal to Textual, which draws the same frame over it.

The terminal is put in the mode Textual uses (no echo, not canonical) but its input is never
read here: keys typed meanwhile wait in the terminal's queue and reach the app. Whoever calls
`paint` must call `Handover.restore` on every way out; the app's driver takes the original
terminal mode over once it has started (tui/terminal.py), so quitting restores it too.
"""

from __future__ import annotations

import json
import math
import os
import signal
import sqlite3
import sys
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from registry.computed import COMPUTED
from registry.fields import TABLES

COLUMNS_PREF = "programs.view"  # the spreadsheet's saved filter, sort and columns
STATUS = "Scoring every program…"
PLACEHOLDER = "/ search, or filter: tier:Target visa:J-1 state:OH,MI fit>60"
MAX_WIDTH = 40  # the grid's cap on a measured column width
NUMERIC_KINDS = ("int", "rating", "float")
# Lines the programs screen spends outside the table: app header and query bar above,
# status line and footer below.
ABOVE, BELOW = 2, 2
MIN_WIDTH, MIN_HEIGHT = 40, 10
HANG_UPS = (signal.SIGTERM, signal.SIGHUP)
OFF = "MATCHDESK_PLAIN_START"  # set (to anything) to start without the first paint

# Colours of the default theme (textual-dark with tui/matchdesk.tcss), as Textual draws the
# screen: the first paint uses them only when the user has not chosen another theme.
PANEL, ROW, TEXT = "#242f38", "#272727", "#e0e0e0"
STYLES = {
    "bar": (TEXT, PANEL, ""),
    "muted": ("#a0a3a6", PANEL, ""),
    "placeholder": ("#777e83", PANEL, ""),
    "status": ("#a7abaf", PANEL, ""),
    "header": (TEXT, PANEL, "1"),
    "row": (TEXT, ROW, ""),
    "row-computed": ("#5684a5", ROW, "3"),
    "cursor": ("#ddedf9", "#0178d4", "1"),
    "cursor-row": (TEXT, "#1f3749", ""),
    "cursor-row-computed": ("#5684a5", "#1f3749", "3"),
    "thumb": ("#272727", "#003054", ""),
    "thumb-end": ("#000000", "#003054", ""),
    "thumb-end-across": ("#003054", "#000000", ""),
    "track": (TEXT, "#000000", ""),
}


def first_program_ids(conn: sqlite3.Connection, count: int) -> list[int]:
    """The first `count` programs in the spreadsheet's default order (name, then id)."""
    found = conn.execute("SELECT id FROM programs ORDER BY lower(name), id LIMIT ?", (count,))
    return [row[0] for row in found]


@dataclass
class Column:
    name: str
    label: str
    kind: str
    computed: bool
    values: list[Any] = field(default_factory=list)

    @property
    def align(self) -> str:
        return "right" if self.kind in NUMERIC_KINDS else "left"


def saved_columns(conn: sqlite3.Connection) -> list[str] | None:
    """The saved view's columns when its first rows are the first programs by name (no filter,
    default sort), else None. Anything unexpected is None too: the app then paints alone."""
    from desk.view_columns import DEFAULT_COLUMNS

    row = conn.execute("SELECT value FROM prefs WHERE key = ?", (COLUMNS_PREF,)).fetchone()
    if row is None:
        return list(DEFAULT_COLUMNS)
    view = json.loads(json.loads(row[0]))
    if not isinstance(view, dict) or view.get("query") or view.get("descending"):
        return None
    if view.get("sort") not in (None, "", "name"):
        return None
    columns = view.get("columns")
    if columns is None or columns == []:
        return list(DEFAULT_COLUMNS)
    if not isinstance(columns, list) or not all(isinstance(c, str) for c in columns):
        return None
    return columns


def read_first_screen(conn: sqlite3.Connection, rows: int) -> list[Column] | None:
    """The columns the spreadsheet shows, each with its values for the first `rows` programs
    (computed ones empty: scoring has not run)."""
    names = saved_columns(conn)
    if names is None:
        return None
    stored = {f.name: f for f in TABLES["programs"]}
    worked_out = {c.name: c for c in COMPUTED}
    columns = []
    for name in names:
        if name in stored:
            columns.append(Column(name, stored[name].label, stored[name].kind, False))
        elif name in worked_out:
            columns.append(Column(name, worked_out[name].short, worked_out[name].kind, True))
    ids = first_program_ids(conn, rows)
    if not ids:
        return None  # the app's empty table says so in words of its own
    read = [c.name for c in columns if not c.computed]
    quoted = ", ".join(f'"{name}"' for name in ["id", *read])
    marks = ", ".join("?" for _ in ids)
    by_id = {r[0]: r[1:] for r in conn.execute(f"SELECT {quoted} FROM programs WHERE id IN ({marks})", ids)}
    values = dict(zip(read, zip(*(by_id[i] for i in ids))))
    for column in columns:
        column.values = [None] * len(ids) if column.computed else list(values[column.name])
    return columns


# --- formatting, as tui/widgets/grid.py measures and draws a frame --------------------------


def formatter(column: Column):
    kind = column.kind
    if kind == "bool":
        return lambda v: "" if v is None else ("yes" if v else "no")
    if kind == "float":
        present = [abs(v) for v in column.values if isinstance(v, (int, float))]
        spec = ".2f" if present and max(present) < 1 else ".1f"
        return lambda v: format(v, spec) if isinstance(v, (int, float)) else ""
    if kind in ("int", "rating"):
        return lambda v: str(v) if isinstance(v, int) else ""
    return lambda v: v.translate(CONTROLS) if isinstance(v, str) else ""


CONTROLS = {code: " " for code in (*range(32), 127)}


def column_width(column: Column, texts: list[str]) -> int:
    from rich.cells import cell_len

    if column.kind == "bool":
        measured = 3 if texts else 0
    elif column.kind in NUMERIC_KINDS:
        measured = max((len(t) for t in texts if t), default=0)
    else:
        measured = max((len(t) for t in texts), default=0)
    return max(cell_len(column.label), min(measured, MAX_WIDTH), 1)


def fit(text: str, width: int, align: str) -> str:
    from rich.cells import cell_len, set_cell_size

    length = cell_len(text)
    if length > width:
        return set_cell_size(text, width - 1) + "…"
    pad = " " * (width - length)
    return pad + text if align == "right" else text + pad


def sgr(style: str, coloured: bool) -> str:
    if not coloured:
        return "\x1b[0;1m" if style in ("header", "cursor") else "\x1b[0m"
    foreground, background, attribute = STYLES[style]
    codes = ["0", *([attribute] if attribute else []), "38;2;" + _rgb(foreground), "48;2;" + _rgb(background)]
    return f"\x1b[{';'.join(codes)}m"


def _rgb(colour: str) -> str:
    return ";".join(str(int(colour[i:i + 2], 16)) for i in (1, 3, 5))


def draw(columns: list[Column], title: str, width: int, height: int, coloured: bool) -> str:
    """The whole screen as one string of escape codes."""
    table_height = height - ABOVE - BELOW  # its header line and the rows, scrollbar included
    count = len(columns[0].values) if columns else 0
    texts = []
    for column in columns:
        show = formatter(column)
        texts.append([show(v) for v in column.values])
    widths = [column_width(c, t) for c, t in zip(columns, texts)]
    table_width = sum(w + 1 for w in widths)
    # Scrollbars as Textual places them: the vertical one (2 cells wide) when the rows overflow,
    # the horizontal one (the table's last line) when the columns do.
    vertical = 2 if count + 1 > table_height or (table_width > width and count + 1 > table_height - 1) else 0
    room = width - vertical
    horizontal = table_width > room
    rows_shown = table_height - 1 - horizontal
    style = lambda name: sgr(name, coloured)  # noqa: E731
    side = scrollbar(table_height - horizontal, count + 1, table_height - horizontal, VERTICAL_BARS) if vertical else []

    def line(y: int, cells: list[tuple[str, str]], end_style: str) -> str:
        out, used = [], 0
        for text, name in cells:
            text = text[: room - used]
            out.append(style(name) + text)
            used += len(text)
        out.append(style(end_style) + " " * (room - used))
        if vertical:
            glyph, name = side[y]
            out.append(style(name) + glyph * 2)
        return "".join(out)

    lines = [_title_line(title, width, coloured),
             style("bar") + " " + style("placeholder") + fit(PLACEHOLDER, width - 2, "left") + style("bar") + " "]
    header = "".join(fit(c.label, w, c.align) + " " for c, w in zip(columns, widths))
    lines.append(line(0, [(header, "header")], "header"))
    for row in range(rows_shown):
        plain = "row" if row else "cursor-row"
        cells = []
        for index, (column, w) in enumerate(zip(columns, widths) if row < count else ()):
            text = fit(texts[index][row], w, column.align)
            cells.append((text, "cursor" if index == 0 and not row else plain + ("-computed" if column.computed else "")))
            cells.append((" ", plain))
        lines.append(line(row + 1, cells, plain if row < count else "row"))
    if horizontal:
        bar = scrollbar(room, table_width, room, HORIZONTAL_BARS)
        lines.append("".join(style(name) + glyph for glyph, name in bar) + style("track") + " " * vertical)
    lines.append(style("bar") + " " + style("status") + fit(STATUS, width - 2, "left") + style("bar") + " ")
    lines.append(style("bar") + " " * width)
    return "\x1b[H" + "\r\n".join(lines) + "\x1b[0m"


VERTICAL_BARS = "▁▂▃▄▅▆▇ "
HORIZONTAL_BARS = "▉▊▋▌▍▎▏ "


def scrollbar(size: int, virtual: int, window: int, bars: str) -> list[tuple[str, str]]:
    """(glyph, style) per cell of a scrollbar at the start, as Textual's ScrollBarRender draws it."""
    if virtual <= size:
        return [(" ", "track")] * size
    thumb = max(1, window / (virtual / size))
    end, part = divmod(math.ceil(thumb * len(bars)), len(bars))
    cells = [(" ", "thumb")] * end + [(" ", "track")] * (size - end)
    glyph = bars[len(bars) - 1 - part]
    if end < size and glyph != " ":
        cells[end] = (glyph, "thumb-end" if bars is VERTICAL_BARS else "thumb-end-across")
    return cells


def _title_line(title: str, width: int, coloured: bool) -> str:
    # Textual's header: an 8-cell icon, then the title centred in what the clock space leaves.
    room = max(0, width - 18)
    name, _, rest = title.partition(" — ")
    shown = f"{name} — {rest}"[:room]
    left = (room - len(shown)) // 2
    head, tail = shown[: len(name)], shown[len(name):]
    return (sgr("bar", coloured) + " ⭘      " + " " * left + head + sgr("muted", coloured) + tail
            + sgr("bar", coloured) + " " * (width - 8 - left - len(shown)))


# --- the terminal ---------------------------------------------------------------------------


@dataclass
class Handover:
    """The terminal as the first paint found it; Textual's driver takes it over (and from then
    on restores it itself) or `restore` puts it back."""

    fd: int
    attributes: list
    taken_over: bool = False

    def restore(self) -> None:
        if self.taken_over:
            return
        import termios

        termios.tcsetattr(self.fd, termios.TCSANOW, self.attributes)
        os.write(sys.__stderr__.fileno(), b"\x1b[0m\x1b[?25h\x1b[?1049l")
        self.taken_over = True  # once

    def driver_class(self) -> type:
        """Textual's terminal driver, restoring the mode found before the first paint (not the
        quiet one it finds) when the app ends."""
        import signal

        from textual.drivers.linux_driver import LinuxDriver

        handover = self

        class TakingOver(LinuxDriver):
            def start_application_mode(self) -> None:
                super().start_application_mode()
                if self.attrs_before is not None:
                    self.attrs_before = handover.attributes
                    handover.taken_over = True
                    for number in HANG_UPS:
                        signal.signal(number, signal.SIG_DFL)

        return TakingOver


def wanted() -> bool:
    """Only for a person at a terminal: not when piped, served to a browser or asked not to."""
    if os.environ.get(OFF) or os.environ.get("TEXTUAL_DRIVER") or sys.platform == "win32":
        return False
    # Textual draws on stderr, so the first paint does too
    return sys.stdin.isatty() and sys.__stderr__ is not None and sys.__stderr__.isatty()


def paint(path: Path) -> Handover | None:
    """Draw the first screenful of `path` in the alternate screen, keys unechoed; None (nothing
    drawn, the terminal untouched) when the file or its saved view does not allow it."""
    if not wanted() or not path.is_file():
        return None
    width, height = os.get_terminal_size(sys.__stderr__.fileno())
    if width < MIN_WIDTH or height < MIN_HEIGHT:
        return None  # too small for the layout drawn here
    try:
        # as_uri() percent-encodes the path, so a "#" or "?" in a folder name stays part of it
        with sqlite3.connect(path.absolute().as_uri() + "?mode=ro", uri=True) as conn:
            columns = read_first_screen(conn, height)
            theme = conn.execute("SELECT value FROM prefs WHERE key = 'theme'").fetchone()
        conn.close()
    except (sqlite3.Error, ValueError, KeyError, TypeError):
        return None  # not a MatchDesk file as this version knows it: the app says what is wrong
    if columns is None:
        return None
    coloured = theme is None or json.loads(theme[0]) == "textual-dark"
    screen = draw(columns, f"MatchDesk — {path.name}", width, height, coloured)
    return take_terminal(screen)


def _leave(number: int, _frame) -> None:
    raise SystemExit(128 + number)  # the caller's `finally` restores the terminal


def take_terminal(screen: str) -> Handover | None:
    import termios

    fd = sys.stdin.fileno()
    try:
        before = termios.tcgetattr(fd)
        quiet = termios.tcgetattr(fd)
        # as Textual's driver sets it: keys are not echoed, not line-edited, not turned into signals,
        # and arrive as typed (the terminal translates a key as it comes in: an Enter typed now
        # would otherwise reach the app as ctrl+j, a ctrl+s would pause the output)
        quiet[0] &= ~(termios.IXON | termios.IXOFF | termios.ICRNL | termios.INLCR | termios.IGNCR)
        quiet[3] &= ~(termios.ECHO | termios.ICANON | termios.IEXTEN | termios.ISIG)
        quiet[6][termios.VMIN] = 1
        termios.tcsetattr(fd, termios.TCSANOW, quiet)
    except termios.error:
        return None
    handover = Handover(fd, before)
    for number in HANG_UPS:  # closed or killed before Textual starts: leave the terminal as found
        signal.signal(number, _leave)
    try:
        os.write(sys.__stderr__.fileno(), ("\x1b[?1049h\x1b[?25l" + screen).encode())
    except BaseException:
        handover.restore()
        raise
    return handover
