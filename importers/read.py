"""Reading a spreadsheet file into rows of text, with the line number of every row.

Only files on disk are read, up to a size limit. CSV and TSV are decoded here (UTF-8 with or
without BOM, UTF-16 with BOM; a line that is not UTF-8 as Windows-1252, and the notes say which)
and split with the delimiter that makes the most consistent rows: with Polars, column-wise,
when it reads the file as the csv module would (importers/read_columns.py), else row by row
with the csv module; a quote without its partner is refused rather than left to merge rows.
XLSX is read through Polars with the fastexcel (calamine) engine. Then the header is located:
title rows above it are skipped, blank header cells under a merged-looking group label take
that label, and blank rows and columns are dropped. Every cell stays text: the coercers decide
what it means.
"""

from __future__ import annotations

import csv
import io
import math
import os
import re
import stat
import sys
from collections import Counter
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from pathlib import Path

from importers.files import check_allowed, size_text
from importers.repeated_texts import texts_from
from registry.errors import MatchDeskError
from registry.settings import IMPORT_MAX_BYTES, IMPORT_MAX_FIELD_BYTES
from store.collector import collection_paused

EXCEL_SUFFIXES = (".xlsx", ".xlsm", ".xlsb", ".xls", ".ods")
DELIMITERS = (",", "\t", ";", "|")
HEADER_SCAN_ROWS = 15
SAMPLE_SCAN_ROWS = 100  # the rows a column's samples are looked for in one by one
_LINE_BREAK = re.compile(r"\r\n|\r|\n")  # the line ends the csv module counts


class ReadError(MatchDeskError):
    """The file could not be read as a table."""

    title = "Cannot read the file"


class TableData:
    """A table read from a file: headers, the cells (every row as long as the headers; '' for
    an empty cell) and where each row sits in the file. A reader gives the cells by row or by
    column; the other form is made when first asked for. Neither is changed once read."""

    def __init__(self, source: str, headers: list[str], rows: list[list[str]] | None = None,
                 lines: list[int] | None = None, notes: list[str] | None = None, header_line: int = 1,
                 consumed: set[str] | None = None, encoding: str | None = None,
                 delimiter: str | None = None, sheet: str | None = None, *,
                 columns: list[Sequence[str]] | None = None) -> None:
        self.source = source  # the file name (and sheet) shown in messages
        self.headers = headers
        self._rows = rows if rows is not None or columns is not None else []
        self._columns = columns
        self.lines = lines if lines is not None else []  # 1-based line (CSV) or row (Excel) number
        self.notes = notes if notes is not None else []
        self.header_line = header_line
        self.consumed = consumed if consumed is not None else set()  # columns a reshaping step read
        self.encoding = encoding
        self.delimiter = delimiter
        self.sheet = sheet

    @property
    def rows(self) -> list[list[str]]:
        if self._rows is None:
            self._rows = list(map(list, zip(*self._columns))) if self._columns else []
        return self._rows

    @property
    def row_count(self) -> int:
        """How many rows, without making the rows of a table read by column."""
        if self._rows is not None:
            return len(self._rows)
        return len(self._columns[0]) if self._columns else 0

    @property
    def columns(self) -> list[Sequence[str]]:
        """The cells column by column, in the order of the headers."""
        if self._columns is None:
            self._columns = (list(zip(*self._rows, strict=True)) if self._rows
                             else [[] for _ in self.headers])
        return self._columns

    def samples(self, limit: int = 5) -> dict[str, list[str]]:
        """Up to `limit` distinct non-empty values of each column, in file order."""
        found: dict[str, list[str]] = {}
        for header, column in zip(self.headers, self.columns, strict=True):
            values = found[header] = []
            # Most columns fill up within a few rows; the rest of one that does not is read a
            # distinct value at a time, in file order.
            _add_samples(values, islice(column, SAMPLE_SCAN_ROWS), limit)
            if len(values) < limit and len(column) > SAMPLE_SCAN_ROWS:
                _add_samples(values, texts_from(column, SAMPLE_SCAN_ROWS), limit)
        return found


def _add_samples(values: list[str], cells: Iterable[str], limit: int) -> None:
    for cell in cells:
        if len(values) == limit:
            return
        if cell.strip() and cell not in values:
            values.append(cell)


# --- entry point ----------------------------------------------------------------------------


@collection_paused
def read_table(path: str | Path, sheet: str | int | None = None) -> TableData:
    """Read a CSV, TSV or Excel file. `sheet` is a sheet name or a 1-based sheet number."""
    path = check_allowed(path)
    if path.suffix.lower() in EXCEL_SUFFIXES:
        os.close(open_file(path))
        return _read_excel(path, sheet)
    if sheet is not None:
        raise ReadError(f"{path.name} is a text file and has no sheets; leave out the sheet.")
    return read_text(read_bytes(path), path.name, tab=path.suffix.lower() in (".tsv", ".tab"))


# --- the file itself ------------------------------------------------------------------------

_NOT_FILES = ((stat.S_ISFIFO, "a named pipe"), (stat.S_ISCHR, "a device"), (stat.S_ISBLK, "a device"),
              (stat.S_ISSOCK, "a socket"))


def open_file(path: Path) -> int:
    """A descriptor on `path` when it is a file on disk no larger than an import reads; else a
    ReadError that says what it is. Pipes and devices are refused before a read could wait on
    them forever or never end."""
    if not path.exists():
        if path.is_symlink():
            raise ReadError(f"{path} is a link to {os.readlink(path)}, which does not exist.")
        raise ReadError(f"{path} does not exist.")
    if path.is_dir():
        raise ReadError(f"{path} is a folder, not a file.")
    descriptor = os.open(path, os.O_RDONLY | os.O_NONBLOCK)  # opening a pipe must not wait
    mode, size = (info := os.fstat(descriptor)).st_mode, info.st_size
    kind = next((name for test, name in _NOT_FILES if test(mode)), None)
    if kind is not None or not stat.S_ISREG(mode):
        os.close(descriptor)
        raise ReadError(f"{path} is {kind or 'not a regular file'}, not a file on disk: save the "
                        "data to a file and import that.")
    if size > IMPORT_MAX_BYTES:
        os.close(descriptor)
        raise ReadError(f"{path.name} is {size_text(size)}; an import reads at most "
                        f"{size_text(IMPORT_MAX_BYTES)}. Split the file, or keep only the columns "
                        "you need.")
    return descriptor


def read_bytes(path: Path) -> bytes:
    """The file's bytes, never more than an import reads (a file may grow while it is read)."""
    with os.fdopen(open_file(path), "rb") as handle:
        data = handle.read(IMPORT_MAX_BYTES + 1)
    if len(data) > IMPORT_MAX_BYTES:
        raise ReadError(f"{path.name} is over {size_text(IMPORT_MAX_BYTES)}, the most an import reads.")
    return data


# --- text files -----------------------------------------------------------------------------


@dataclass
class Decoded:
    text: str
    encoding: str
    fallback_lines: list[int] = field(default_factory=list)  # lines read as Windows-1252


def decode(data: bytes, source: str) -> Decoded:
    """The text, the encoding that produced it, and the lines that were not UTF-8."""
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return Decoded(_utf16(data, source), "UTF-16")
    bom = data.startswith(b"\xef\xbb\xbf")
    body = data[3:] if bom else data
    try:
        return Decoded(body.decode("utf-8"), "UTF-8 with BOM" if bom else "UTF-8")
    except UnicodeDecodeError:
        pass
    # Decoded line by line: a file pasted together from two sources mixes encodings.
    lines, fallback, utf8 = [], [], False
    for number, line in enumerate(body.split(b"\n"), start=1):
        try:
            lines.append(line.decode("utf-8"))
            utf8 = utf8 or not line.isascii()
        except UnicodeDecodeError:
            lines.append(_legacy(line))
            fallback.append(number)
    return Decoded("\n".join(lines), "UTF-8 and Windows-1252" if utf8 else "Windows-1252", fallback)


def _legacy(line: bytes) -> str:
    try:
        return line.decode("cp1252")
    except UnicodeDecodeError:  # the five bytes Windows-1252 leaves undefined
        return line.decode("latin-1")


def _utf16(data: bytes, source: str) -> str:
    try:
        return data.decode("utf-16")
    except UnicodeDecodeError as error:
        line = data[: error.start - error.start % 2].decode("utf-16", errors="replace").count("\n") + 1
        problem = ("it has an odd number of bytes, so its last character is cut in half"
                   if len(data) % 2 else "a character is half of a pair (an unpaired surrogate)")
        raise ReadError(f"{source} is UTF-16 text, damaged at line {line}: {problem}. Save it "
                        "again from the program that made it (UTF-8 is best).") from None


def _first_lines(text: str, count: int) -> list[str]:
    """text.splitlines()[:count], splitting only as much of the text as those lines take."""
    size = 1 << 16
    while True:
        lines = text[:size].splitlines()
        if len(lines) > count or size >= len(text):  # with a line after them, the first are whole
            return lines[:count]
        size *= 4


def sniff_delimiter(text: str, *, tab: bool = False) -> str:
    """The delimiter that splits the first lines into the most rows of one common width."""
    head = [line for line in _first_lines(text, 40) if line.strip()][:25]
    best, best_score = ("\t" if tab else ","), (0, 0)
    for delimiter in DELIMITERS:
        try:
            widths = [len(row) for row in csv.reader(head, delimiter=delimiter)]
        except csv.Error:  # a cell over the limit: reading the file says so, with its line
            continue
        width, count = Counter(widths).most_common(1)[0] if widths else (1, 0)
        if width < 2:
            continue
        score = (count, width)
        preferred = delimiter == ("\t" if tab else ",")
        if score > best_score or (score == best_score and preferred):
            best, best_score = delimiter, score
    return best


def read_text(data: bytes, source: str, *, tab: bool = False) -> TableData:
    decoded = decode(data, source)
    text = decoded.text
    if "\x00" in text:
        raise ReadError(f"{source} looks like a binary file, not CSV or TSV text.")
    csv.field_size_limit(IMPORT_MAX_FIELD_BYTES)
    delimiter = sniff_delimiter(text, tab=tab)
    table = None
    if decoded.encoding in ("UTF-8", "UTF-8 with BOM"):
        from importers.read_columns import csv_table

        table = csv_table(data[3:] if decoded.encoding == "UTF-8 with BOM" else data, text, delimiter, source)
    if table is None:
        table = read_rows_with_csv(text, delimiter, source)
    table.encoding, table.delimiter = decoded.encoding, delimiter
    if decoded.fallback_lines and decoded.encoding != "Windows-1252":
        shown = ", ".join(str(n) for n in decoded.fallback_lines[:20])
        more = f" and {len(decoded.fallback_lines) - 20} more" if len(decoded.fallback_lines) > 20 else ""
        table.notes.insert(0, f"Line(s) {shown}{more} are not UTF-8: read as Windows-1252. Check "
                              "their accented letters.")
    elif decoded.encoding not in ("UTF-8", "UTF-8 with BOM"):
        table.notes.insert(0, f"Read as {decoded.encoding} text.")
    return table


def read_rows_with_csv(text: str, delimiter: str, source: str) -> TableData:
    """The table of a text file read row by row with the csv module."""
    reader = csv.reader(_lines(text), delimiter=delimiter)
    raw: list[tuple[int, list[str]]] = []
    spans: list[tuple[int, int]] = []  # first and last line of each record over several lines
    next_line = 1
    try:
        for cells in reader:
            # Interned as read, the many equal cells of a column ("FL", "J-1") are one string
            # rather than one each, and the parser's copies go at once.
            raw.append((next_line, list(map(sys.intern, cells))))
            if reader.line_num > next_line:
                spans.append((next_line, reader.line_num))
            next_line = reader.line_num + 1
    except csv.Error as error:
        if "field limit" in str(error):
            raise ReadError(f"{source}, line {next_line}: a cell is longer than "
                            f"{IMPORT_MAX_FIELD_BYTES // 1024} KB, the most one cell may hold. Is "
                            "a quote there missing its partner?") from None
        raise ReadError(f"{source}, line {next_line}: {error}") from None
    if raw and (not spans or spans[-1][0] != raw[-1][0]):
        spans.append((raw[-1][0], reader.line_num))  # a quote left open ends the last record
    check_quotes(text, raw, spans, delimiter, source)
    return build_table(raw, source)


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their ends, as io.StringIO(text, newline="") gives them, one at
    a time: a StringIO holds a copy of the text at four bytes a character."""
    return (match.group() for match in _LINE.finditer(text))


def _span_lines(text: str, spans: list[tuple[int, int]]) -> Iterator[list[str]]:
    """The lines first..last of each span (in file order), without their ends: only those lines
    are cut out of the text, not all of it."""
    lines = _lines(text)
    at = 1  # the number of the next line `lines` gives
    for first, last in spans:
        yield [line.rstrip("\r\n") for line in islice(lines, first - at, last - at + 1)]
        at = last + 1


def check_quotes(text: str, raw: list[tuple[int, list[str]]], spans: list[tuple[int, int]],
                 delimiter: str, source: str) -> None:
    """Refuse a quote without its partner: it would make the rows after it one cell. A quoted
    cell may hold line breaks (a note); one that runs to the end of the file, or holds lines
    that look like rows of their own, is a missing quote."""
    if not spans:
        return
    widths = Counter(len(cells) for _, cells in raw if len(cells) > 1)
    row_delimiters = max((widths.most_common(1)[0][0] if widths else 2) - 1, 1)
    firsts = {first for first, _ in spans}
    records = {line: cells for line, cells in raw if line in firsts}
    for (first, last), span_lines in zip(spans, _span_lines(text, spans), strict=True):
        try:
            list(csv.reader(io.StringIO("\n".join(span_lines), newline=""),
                            delimiter=delimiter, strict=True))
            where = None
        except csv.Error as error:
            where = (f"runs to the end of the file (line {last})"
                     if "unexpected end of data" in str(error) else None)
        line, rows = first, []
        for cell in records[first]:
            pieces = _LINE_BREAK.split(cell)
            rows += [line + i for i, piece in enumerate(pieces) if i and piece.count(delimiter) >= row_delimiters]
            line += len(pieces) - 1
        if where is None and rows:
            where = f"takes in line(s) {', '.join(map(str, rows[:5]))}, which look like rows"
        if where:
            raise ReadError(f"{source}, line {first}: a quote opens a cell here and {where}. A quote "
                            "is probably missing its partner: fix the quotes and import again.")


# --- Excel ----------------------------------------------------------------------------------


def sheet_names(path: str | Path) -> list[str]:
    import fastexcel

    try:
        return list(fastexcel.read_excel(str(path)).sheet_names)
    except Exception as error:  # fastexcel raises its own error types for damaged files
        raise ReadError(f"{Path(path).name} is not a readable Excel file ({error}).") from None


def _read_excel(path: Path, sheet: str | int | None) -> TableData:
    import polars as pl

    names = sheet_names(path)
    if not names:
        raise ReadError(f"{path.name} has no sheets.")
    if sheet is None:
        index = 0
    elif isinstance(sheet, int) or (isinstance(sheet, str) and sheet.strip().isdigit()
                                    and sheet.strip() not in names):
        index = int(sheet) - 1
        if not 0 <= index < len(names):
            raise ReadError(f"{path.name} has {len(names)} sheet(s); there is no sheet {sheet}. "
                            f"Sheets: {', '.join(names)}.")
    else:
        folded = {n.strip().lower(): i for i, n in enumerate(names)}
        if sheet.strip().lower() not in folded:
            raise ReadError(f"{path.name} has no sheet named '{sheet}'. Sheets: {', '.join(names)}.")
        index = folded[sheet.strip().lower()]
    name = names[index]
    try:
        # skip_rows=0 keeps leading blank rows, so row numbers are the sheet's own.
        frame = pl.read_excel(
            path, sheet_id=index + 1, engine="calamine", has_header=False,
            read_options={"skip_rows": 0, "dtypes": "string"},
            drop_empty_rows=False, drop_empty_cols=False, raise_if_empty=False,
        )
    except Exception as error:
        raise ReadError(f"{path.name}, sheet '{name}': {error}") from None
    from importers.coerce_columns import python_whitespace
    from importers.read_columns import frame_table

    label = f"{path.name} [{name}]" if len(names) > 1 else path.name
    table = frame_table(frame, label, whitespace=python_whitespace()) or build_table(
        [(number, ["" if v is None else str(v) for v in row])
         for number, row in enumerate(frame.iter_rows(), start=1)], label)
    table.sheet = name
    if len(names) > 1:
        table.notes.insert(0, f"Read sheet '{name}' ({index + 1} of {len(names)}: {', '.join(names)}).")
    return table


# --- header location ------------------------------------------------------------------------


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


_NUMERIC_CELL = re.compile(r"^[-+$]?[\d.,]+%?$")


def _names_more(row: list[str], below: list[str]) -> bool:
    named = [(i, c) for i, c in enumerate(below) if c.strip()]
    if _filled(row) > 0.75 * len(named) or any(_NUMERIC_CELL.match(c.strip()) for _, c in named):
        return False
    # the row below names columns this one leaves blank: the rest of a merged span
    return any(i >= len(row) or not row[i].strip() for i, _ in named)


def locate_header(head: list[list[str]]) -> int:
    """Which of the first rows with values (trimmed cells) is the header."""
    widest = max(_filled(cells) for cells in head)
    need = max(2, math.ceil(widest * 0.5)) if widest >= 2 else 1
    position = next(k for k, cells in enumerate(head) if _filled(cells) >= need)
    # A row of group labels over merged cells sits above the real header: the row below it
    # names more columns, all with words rather than numbers.
    while position + 1 < len(head) and _names_more(head[position], head[position + 1]):
        position += 1
    return position


def title_notes(titles: list[tuple[int, list[str]]], header_line: int) -> list[str]:
    """What the notes say of the title rows (line, cells) above the header."""
    if not titles:
        return []
    shown = " / ".join(" ".join(c for c in cells if c) for _, cells in titles)
    lines = ", ".join(str(line) for line, _ in titles)
    return [f"Header found on line {header_line}; line(s) {lines} read as a title: '{shown}'."]


def name_columns(header_cells: list[str], titles: list[list[str]], keep: list[int]) -> list[str]:
    """The names of the columns kept. A blank header cell takes a label directly above it (a
    merged group or a cell merged down); otherwise the column is named by its position."""
    headers: list[str] = []
    for col in keep:
        name = header_cells[col]
        if not name:
            for above in reversed(titles):
                if col < len(above) and above[col]:
                    name = above[col]
                    break
        headers.append(name or f"Column {_letters(col)}")
    return _unique(headers)


def build_table(raw: list[tuple[int, list[str]]], source: str) -> TableData:
    """Find the header among the first rows, clean it, and keep the non-blank rows under it.
    The cells of `raw` are trimmed in place and its lists become the table's rows: a large file
    is not held twice."""
    head = []  # the first rows with values: the header is among them
    for i, (line, cells) in enumerate(raw):
        cells[:] = map(sys.intern, map(str.strip, cells))
        if any(cells):  # trimmed, a cell is filled when it is not empty
            head.append((i, line, cells))
            if len(head) == HEADER_SCAN_ROWS:
                break
    if not head:
        raise ReadError(f"{source} is empty: no rows with values.")
    position = locate_header([cells for _, _, cells in head])
    header_index, header_line, header_cells = head[position]
    titles = [(line, cells) for _, line, cells in head[:position]]
    body: list[tuple[int, list[str]]] = []
    for line, cells in islice(raw, header_index + 1, None):
        cells[:] = map(sys.intern, map(str.strip, cells))
        if any(cells):
            body.append((line, cells))

    width = max([len(header_cells), *(len(cells) for _, cells in body)])
    header_cells = header_cells + [""] * (width - len(header_cells))
    title_cells = [cells for _, cells in titles]
    keep = [col for col in range(width)
            if header_cells[col] or any(col < len(above) and above[col] for above in title_cells)
            or any(col < len(cells) and cells[col] for _, cells in body)]
    if len(keep) == width:  # no blank column: each row is kept as it is, short ones padded
        table_rows = [cells if len(cells) == width else cells + [""] * (width - len(cells))
                      for _, cells in body]
    else:
        table_rows = [[(cells[col] if col < len(cells) else "") for col in keep] for _, cells in body]
    return TableData(source=source, headers=name_columns(header_cells, title_cells, keep), rows=table_rows,
                     lines=[line for line, _ in body], notes=title_notes(titles, header_line),
                     header_line=header_line)


def _letters(index: int) -> str:
    letters = ""
    index += 1
    while index:
        index, rem = divmod(index - 1, 26)
        letters = chr(65 + rem) + letters
    return letters


def _unique(headers: list[str]) -> list[str]:
    seen: Counter[str] = Counter()
    out = []
    for header in headers:
        seen[header] += 1
        out.append(header if seen[header] == 1 else f"{header} ({seen[header]})")
    return out
