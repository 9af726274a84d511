"""Reading a sheet column by column with Polars: the common CSV file, and every Excel sheet.

Polars parses a CSV file as the csv module does when the file is UTF-8 (with or without BOM),
its lines end in LF or CRLF, and every quote opens or closes a whole cell on one line (with
doubled quotes inside). For any other file `csv_table` returns None and the csv module reads
it: a lone CR ends lines that Polars would join; a quote inside an unquoted cell or after a
closing quote is read differently; a quoted cell over several lines needs the csv module's
record spans for its line numbers and the missing-quote check. A row wider than the first
rows is refused by Polars and read by the csv module too.

The header is then located as read.build_table does, from the first rows with values; the
rest is kept in columns of trimmed, interned text.
"""

from __future__ import annotations

import functools
import re

import polars as pl

from importers.coerce_columns import python_whitespace
from importers.read import (
    HEADER_SCAN_ROWS,
    ReadError,
    TableData,
    locate_header,
    name_columns,
    title_notes,
)
from importers.repeated_texts import RepeatedTexts
from registry.settings import IMPORT_MAX_FIELD_BYTES

WIDTH_SCAN_ROWS = 1000  # the rows Polars reads to learn how many columns the file has
SAMPLE_ROWS = 1000  # the rows that tell whether a column repeats its values
ROW = "__row__"


# str.strip() removes these four besides the whitespace Polars' strip_chars() removes.
_PYTHON_ONLY_SPACE = "\x1c\x1d\x1e\x1f"


@functools.cache
def _whole_quoted_cell(delimiter: str) -> re.Pattern[str]:
    edge = re.escape(delimiter) + r"\r\n"
    # a quote after a cell's start, its text on one line (quotes doubled), closed at the cell's end
    return re.compile(rf'"(?<![^{edge}]")[^"\r\n]*(?:""[^"\r\n]*)*"(?![^{edge}])')


def quotes_are_whole_cells(text: str, delimiter: str) -> bool:
    """True when every quote in `text` belongs to a whole quoted cell on one line."""
    return '"' not in text or '"' not in _whole_quoted_cell(delimiter).sub("", text)


def csv_table(body: bytes, text: str, delimiter: str, source: str) -> TableData | None:
    """The table of a UTF-8 text file (`body`: its bytes without a BOM; `text`: decoded), or
    None when the csv module must read it (see the module's docstring)."""
    if "\r" in text and text.count("\r") != text.count("\r\n"):
        return None
    if not quotes_are_whole_cells(text, delimiter):
        return None
    options = {"has_header": False, "separator": delimiter, "quote_char": '"', "encoding": "utf8",
               "truncate_ragged_lines": False, "raise_if_empty": False}
    try:
        frame = pl.read_csv(body, infer_schema=False, **options)  # as wide as the first row
    except pl.exceptions.PolarsError:  # a wider row below (under a title): as wide as the widest
        try:
            width = pl.read_csv(body, n_rows=WIDTH_SCAN_ROWS, infer_schema_length=WIDTH_SCAN_ROWS, **options)
            frame = pl.read_csv(body, infer_schema_length=WIDTH_SCAN_ROWS, **options,
                                schema_overrides=dict.fromkeys(width.columns, pl.String))
        except pl.exceptions.PolarsError:  # wider still further down
            return None
    if len(text) > IMPORT_MAX_FIELD_BYTES and frame.width and (frame.select(
            pl.max_horizontal(pl.all().str.len_chars().max())).item() or 0) > IMPORT_MAX_FIELD_BYTES:
        return None  # a cell over the limit: the csv module refuses it, saying on which line
    odd_space = any(space in text for space in _PYTHON_ONLY_SPACE)
    return frame_table(frame, source, whitespace=python_whitespace() if odd_space else None)


def frame_table(frame: pl.DataFrame, source: str, *, whitespace: str | None) -> TableData | None:
    """The table of a frame holding a sheet's cells (row k of the frame is line k + 1), or
    None when only the row-wise reader can tell its columns apart (below). Cells are trimmed
    as str.strip() trims them: of python_whitespace(), or of Polars' own whitespace (None)
    when the cells hold none of the four characters only str.strip() removes."""
    names = [f"c{i}" for i in range(frame.width)]
    filled = frame.lazy().select(
        pl.col(old).cast(pl.String).fill_null("").str.strip_chars(whitespace).alias(new)
        for old, new in zip(frame.columns, names, strict=True)
    ).with_row_index(ROW).filter(pl.any_horizontal(pl.col(n) != "" for n in names)).collect() \
        if names else pl.DataFrame()
    if filled.is_empty():
        raise ReadError(f"{source} is empty: no rows with values.")
    head = [list(row) for row in filled.head(HEADER_SCAN_ROWS).select(names).iter_rows()]
    position = locate_header(head)
    row_numbers = filled[ROW]
    header_line = row_numbers[position] + 1
    header_cells, titles = head[position], head[:position]
    body = filled.slice(position + 1)
    body_filled = body.select((pl.col(n) != "").any() for n in names).row(0) if body.height \
        else (False,) * len(names)
    # A title's cell right of every cell of the header and the rows: the csv module's rows say
    # whether the column reaches it (their own lengths), a frame's rows do not.
    extent = max((col + 1 for col, cell in enumerate(header_cells) if cell), default=0)
    extent = max(extent, max((col + 1 for col, any_filled in enumerate(body_filled) if any_filled), default=0))
    if any(any(above[extent:]) for above in titles):
        return None
    keep = [col for col in range(len(names))
            if header_cells[col] or any(above[col] for above in titles) or body_filled[col]]
    columns = [_texts(body[names[col]]) for col in keep]
    title_lines = [(row_numbers[k] + 1, cells) for k, cells in enumerate(titles)]
    return TableData(source=source, headers=name_columns(header_cells, titles, keep), columns=columns,
                     lines=(body[ROW] + 1).to_list(), notes=title_notes(title_lines, header_line),
                     header_line=header_line)


def _texts(cells: pl.Series) -> list[str] | RepeatedTexts:
    """The cells as Python strings; a column that repeats its values ("FL", "J-1") as each
    value once and where it is, as a large file would not fit otherwise."""
    if cells.head(SAMPLE_ROWS).n_unique() * 2 > min(len(cells), SAMPLE_ROWS):  # names, codes: all differ
        return cells.to_list()
    distinct = cells.unique().to_list()
    return RepeatedTexts(distinct, cells.cast(pl.Enum(distinct)).to_physical().to_list())
