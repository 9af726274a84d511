"""Reading files: encodings, delimiters, title rows, blank margins, Excel sheets, line numbers."""

from __future__ import annotations

import datetime as dt
import io
from pathlib import Path

import pytest
import xlsxwriter
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.nrmp import fold_year_columns, parse_program_code
from importers.read import _LINE_BREAK, ReadError, _lines, _span_lines, read_table

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def test_google_sheets_export_with_title_row():
    table = read_table(FIX / "google_sheets_title.csv")
    assert table.headers[:3] == ["Program Name", "City", "State"]
    assert table.header_line == 3
    assert "title" in table.notes[0] and "My DR programs" in table.notes[0]
    # blank trailing rows and the empty trailing column are gone
    assert len(table.headers) == 9
    assert len(table.rows) == 4
    assert table.lines == [4, 5, 6, 7]
    assert table.rows[0][0] == "Mercy Regional Radiology"


def test_cp1252_file_is_decoded():
    table = read_table(FIX / "programs_cp1252.csv")
    assert table.encoding == "Windows-1252"
    assert table.rows[0][0] == "Hôpital São José Radiology"
    assert table.rows[0][4] == "Coordinator’s reply – visa case by case"
    assert any("Windows-1252" in n for n in table.notes)


@pytest.mark.parametrize("encoding, bom", [("utf-8", b""), ("utf-8", b"\xef\xbb\xbf"),
                                           ("utf-16", b""), ("latin-1", b"")])
def test_encodings(tmp_path, encoding, bom):
    text = "Program,City\nCl\u00ednica Radiology,S\u00e3o Paulo\n"
    path = tmp_path / "f.csv"
    path.write_bytes(bom + text.encode(encoding))
    table = read_table(path)
    assert table.headers == ["Program", "City"]
    assert table.rows == [["Clínica Radiology", "São Paulo"]]


@pytest.mark.parametrize("delimiter, suffix", [("\t", ".tsv"), ("\t", ".txt"), (";", ".csv"),
                                               ("|", ".csv"), (",", ".csv")])
def test_delimiters(tmp_path, delimiter, suffix):
    path = tmp_path / f"f{suffix}"
    lines = ["Program,Name|City;State"]  # commas, pipes and semicolons inside a header cell
    lines = [delimiter.join(["Program", "City", "Visa"]),
             delimiter.join(["A, the first", "X", "J-1"]) if delimiter != "," else '"A, the first",X,J-1',
             delimiter.join(["B", "Y", "H-1B"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = read_table(path)
    assert table.headers == ["Program", "City", "Visa"]
    assert table.rows[0] == ["A, the first", "X", "J-1"]


def test_quoted_newline_keeps_line_numbers_true(tmp_path):
    path = tmp_path / "f.csv"
    path.write_text('Program,Notes\nA,"two\nlines"\nB,plain\n', encoding="utf-8")
    table = read_table(path)
    assert table.rows[0] == ["A", "two\nlines"]
    assert table.lines == [2, 4]


def test_empty_file_is_refused(tmp_path):
    path = tmp_path / "empty.csv"
    path.write_text(",,,\n\n", encoding="utf-8")
    with pytest.raises(ReadError, match="empty"):
        read_table(path)


def test_missing_file_is_refused(tmp_path):
    with pytest.raises(ReadError, match="does not exist"):
        read_table(tmp_path / "nope.csv")


def make_workbook(path: Path) -> Path:
    """Two sheets; the first has a merged group header above the real one and a blank row 1."""
    wb = xlsxwriter.Workbook(str(path), {"default_date_format": "yyyy-mm-dd"})
    bold = wb.add_format({"bold": True, "align": "center"})
    ws = wb.add_worksheet("Programs")
    ws.merge_range("A2:C2", "Program details", bold)
    ws.merge_range("D2:E2", "Visa & IMGs", bold)
    ws.merge_range("F2:F3", "Notes", bold)  # merged down: the header row cell is blank
    ws.write_row(2, 0, ["Program", "City", "State", "Visa", "IMG %"])
    ws.write_row(3, 0, ["Riverside Radiology", "Austin", "TX", "J-1", 0.25, "good call schedule"])
    ws.write_row(4, 0, ["Hilltop IM", "Denver", "CO", "H-1B", 0.4])
    ws.write_row(5, 0, ["Valley Neurology", "Boise", "ID", "none", 0.1, "ask about visas"])
    other = wb.add_worksheet("Contacts")
    other.write_row(0, 0, ["Person", "Date"])
    other.write_row(1, 0, ["Dr. Who", dt.date(2025, 9, 1)])
    wb.close()
    return path


def test_excel_merged_header_and_row_numbers(tmp_path):
    table = read_table(make_workbook(tmp_path / "book.xlsx"))
    assert table.headers == ["Program", "City", "State", "Visa", "IMG %", "Notes"]
    assert table.header_line == 3
    assert table.lines == [4, 5, 6]  # the sheet's own row numbers
    assert table.rows[0] == ["Riverside Radiology", "Austin", "TX", "J-1", "0.25", "good call schedule"]
    assert table.rows[1][5] == ""
    assert table.sheet == "Programs"


@pytest.mark.parametrize("sheet", ["Contacts", "contacts", 2, "2"])
def test_excel_sheet_by_name_or_number(tmp_path, sheet):
    table = read_table(make_workbook(tmp_path / "book.xlsx"), sheet=sheet)
    assert table.headers == ["Person", "Date"]
    assert table.rows == [["Dr. Who", "2025-09-01 00:00:00"]]
    assert table.lines == [2]


def test_excel_unknown_sheet_names_the_sheets(tmp_path):
    with pytest.raises(ReadError, match="Programs, Contacts"):
        read_table(make_workbook(tmp_path / "book.xlsx"), sheet="Budget")
    with pytest.raises(ReadError, match="no sheet 3"):
        read_table(tmp_path / "book.xlsx", sheet=3)


def test_not_really_excel(tmp_path):
    path = tmp_path / "fake.xlsx"
    path.write_text("Program,City\n", encoding="utf-8")
    with pytest.raises(ReadError):
        read_table(path)


def test_real_nrmp_file_reads_and_folds_year_columns():
    table = fold_year_columns(read_table(FIX / "nrmp_florida_2020_2026.csv"))
    assert len(table.rows) == 954
    assert table.headers[-2:] == ["Quota", "Year"]
    assert "2026 Quota" in table.consumed and "2020 Matched" in table.consumed
    first = dict(zip(table.headers, table.rows[1], strict=True))  # 1102040R0: 0 in 2026, 8 in 2025
    assert first["Program Code"] == "1102040R0"
    assert (first["Quota"], first["Year"]) == ("8", "2025")


@pytest.mark.parametrize("code, specialty, track", [
    ("1104420A0", "DR", "Advanced"), ("1101416A0", "IR/DR", "Advanced"),
    ("1102140C0", "IM", "Categorical"), ("1102140P0", "Prelim Medicine", "Preliminary"),
    ("1102440P1", "Prelim Surgery", "Preliminary"), ("1102440C0", "General Surgery", "Categorical"),
    ("1102120C0", "FM", "Categorical"), ("1824180C0", "Neurology", "Categorical"),
    ("1102999P0", "TY", "Preliminary"), ("1109420R0", "DR", "Physician"),
    ("1102140M0", "IM", "Primary care"),
])
def test_program_codes(code, specialty, track):
    parsed = parse_program_code(code)
    assert (parsed.specialty, parsed.track) == (specialty, track)


@pytest.mark.parametrize("code", ["", "1234", "ABCD420A0", "1104420A", "not a code"])
def test_not_program_codes(code):
    assert parse_program_code(code) is None


def test_a_served_app_reads_only_inside_its_folder(tmp_path, tmp_path_factory, monkeypatch):
    from importers.files import FILES_FOLDER_ENV, FileRefused

    outside = tmp_path_factory.mktemp("elsewhere") / "programs.csv"
    outside.write_text("Program,City\nA,B\n", encoding="utf-8")
    link = tmp_path / "link.csv"
    link.symlink_to(outside)
    monkeypatch.setenv(FILES_FOLDER_ENV, str(tmp_path))
    for path in (outside, link):
        with pytest.raises(FileRefused, match="outside"):
            read_table(path)
    inside = tmp_path / "programs.csv"
    inside.write_text("Program,City\nA,B\n", encoding="utf-8")
    assert read_table(inside).rows == [["A", "B"]]


@given(st.text(alphabet="ab,\"\r\n\t ", max_size=60))
@settings(max_examples=300, deadline=None)
def test_the_reader_cuts_lines_as_a_stringio_does(text):
    assert list(_lines(text)) == list(io.StringIO(text, newline=""))
    count = len(list(_lines(text)))  # a span ends at most at the last line the reader took
    spans = [(first, min(first + 1, count)) for first in range(1, count + 1, 3)]
    every = _LINE_BREAK.split(text)
    # the quote check reads each span's lines joined
    assert ["\n".join(lines) for lines in _span_lines(text, spans)] == [
        "\n".join(every[first - 1:last]) for first, last in spans]


def test_samples_are_the_first_distinct_filled_values_in_file_order_however_deep():
    from importers.read import SAMPLE_SCAN_ROWS, TableData

    deep = [""] * SAMPLE_SCAN_ROWS  # the values below are further down than a first look goes
    rare = ["", "b"] + deep + ["late", " ", "b", "later", "late", "last"]
    mixed = ["b", "a", "b"] + deep + ["c", "a", "d", "e", "f"]
    names = [f"P{i}" for i in range(len(rare))]
    table = TableData("t.csv", ["Rare", "Mixed", "Name"], columns=[rare, mixed, names],
                      lines=list(range(len(rare))))
    assert table.samples() == {"Rare": ["b", "late", "later", "last"], "Mixed": ["b", "a", "c", "d", "e"],
                               "Name": names[:5]}
