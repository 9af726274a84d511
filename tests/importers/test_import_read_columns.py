"""The column-wise reader (Polars) gives what the csv module's reader gives, or steps aside.

A text file Polars may misread (a quote inside a cell, a lone CR, a quoted cell over several
lines) is left to the csv module; every other file must come out the same either way: headers,
cells, line numbers, header line and notes.
"""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.read import ReadError, read_rows_with_csv, read_table, sniff_delimiter
from importers.read_columns import csv_table

CELLS = ["", " ", "A", "b c", " padded ", "0123", "2.50", "35%", "x\x1cy", "\x1fedge\x1c", "\u00a0nb\u00a0",
         "Total", "Grand total", "* starred note", "a note: long enough to read as one", "é",
         '"quoted"', '"with, comma"', '"dou""bled"', '"line\nbreak"', 'mid"quote', '"closed"after',
         '""x""', "\t", ";", "|"]


def _text(rows: list[list[str]], delimiter: str, line_end: str) -> str:
    return "".join(delimiter.join(cells) + line_end for cells in rows)


def _same(fast, slow) -> None:
    assert (fast.headers, fast.rows, fast.lines, fast.header_line, fast.notes) == \
        (slow.headers, slow.rows, slow.lines, slow.header_line, slow.notes)


@given(rows=st.lists(st.lists(st.sampled_from(CELLS), min_size=0, max_size=6), min_size=1, max_size=12),
       delimiter=st.sampled_from([",", ";", "\t", "|"]), line_end=st.sampled_from(["\n", "\r\n", "\r"]))
@settings(max_examples=400, deadline=None)
def test_polars_reads_a_text_file_as_the_csv_module_does_or_leaves_it(rows, delimiter, line_end):
    text = _text(rows, delimiter, line_end)
    if "\x00" in text:
        return
    sniffed = sniff_delimiter(text)
    try:
        slow = read_rows_with_csv(text, sniffed, "f.csv")
    except ReadError as error:
        slow = error
    try:
        fast = csv_table(text.encode("utf-8"), text, sniffed, "f.csv")
    except ReadError as error:
        fast = error
    if fast is None:
        return  # read by the csv module
    if isinstance(slow, ReadError) or isinstance(fast, ReadError):
        assert str(fast) == str(slow)
        return
    _same(fast, slow)


def test_a_plain_utf8_file_with_a_title_and_crlf_is_read_column_wise(tmp_path):
    text = "My programs\r\n\r\nProgram,City,Notes\r\nA,Tampa,\"one, two\"\r\n\r\nB , Miami,\r\n"
    assert csv_table(text.encode(), text, ",", "f.csv") is not None
    path = tmp_path / "f.csv"
    path.write_bytes(b"\xef\xbb\xbf" + text.encode())
    table = read_table(path)
    assert table.row_count == 2 and table._rows is None  # counted without making the rows
    assert table.headers == ["Program", "City", "Notes"]
    assert table.rows == [["A", "Tampa", "one, two"], ["B", "Miami", ""]]
    assert table.lines == [4, 6] and table.header_line == 3
    assert table.encoding == "UTF-8 with BOM"


@pytest.mark.parametrize("text", [
    'Program,City\r"A",Tampa\r',  # a lone CR ends the lines
    'Program,City\n"A\nB",Tampa\n',  # a quoted cell over two lines
    'Program,City\nab"c,Tampa\n',  # a quote inside a cell
    'Program,City\n"A"x,Tampa\n',  # text after the closing quote
])
def test_a_file_polars_may_misread_is_left_to_the_csv_module(text):
    assert csv_table(text.encode(), text, ",", "f.csv") is None
