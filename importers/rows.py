"""Each row of a file read into the values of its program, column by column.

Files repeat values a lot: every distinct text of a column is split and coerced once. Names and
program codes hardly repeat, but nearly all read as themselves: Polars finds the few cells that
may not, and only those are read. A code's specialty and track are worked out once per kind,
and the remarks of a sheet (totals, notes) are looked for column-wise. Only rows with something to say (a refused value, a cell holding two fields, a
remark) are read one cell at a time; notes on values are gathered column by column and put
back in the order of the file.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import compress, repeat
from operator import is_
from typing import Any

from importers.coerce import (
    Coerced,
    coerce,
    fraction_column,
    is_percent,
    program_code_text,
)
from importers.coerce_columns import (
    KEPT_PROGRAM_CODE,
    cells_not_themselves,
    plain_text_values,
    python_whitespace,
)
from importers.nrmp import ProgramCode, parse_program_code
from importers.repeated_texts import (
    RepeatedTexts,
    blank_rows,
    distinct_texts,
    rows_holding,
)
from importers.row_values import RowValues
from importers.split import SPLITTERS
from importers.value_notes import ValueNote, ValueNotes
from registry.fields import Field


@dataclass(frozen=True, slots=True)
class Rejection:
    file: str
    line: int  # 1-based line (or sheet row) in the file, header and title lines counted
    column: str
    value: str
    reason: str

    def __str__(self) -> str:
        return f"{self.file}, line {self.line}, column '{self.column}': '{self.value}': {self.reason}"


@dataclass(frozen=True, slots=True)
class Skipped:
    line: int
    reason: str
    specialty: str = ""  # the specialty of a row left out for being another one


@dataclass
class RowsRead:
    """What the rows of a file say: the rows kept (by position), each row's line, values,
    year text and kept note lines, and what was left out, refused or noted on the way."""

    kept: list[int]
    lines: Sequence[int]
    values: RowValues
    years: Sequence[str] | None  # None: the file has no year column
    kept_lines: list[list[str]] | None  # None: no column is kept as note lines
    skipped: list[Skipped]
    rejections: list[Rejection]
    rejected_lines: set[int]
    value_notes: ValueNotes

    def member(self, i: int) -> tuple[int, dict[str, Any], str, Sequence[str]]:
        """Row i as (line, values, year text, kept note lines)."""
        return (self.lines[i], self.values.values(i), self.years[i] if self.years is not None else "",
                self.kept_lines[i] if self.kept_lines is not None else ())


@dataclass(frozen=True)
class RowRules:
    """The columns a plan reads, by position in the row, and what it does with them."""

    active: list[tuple[int, str, str]]  # (position, column, field) of every mapped column
    code_at: int | None
    specialty_at: int | None
    year_at: int | None
    kept_at: list[tuple[int, str]]  # (position, column) kept as note lines
    wanted: Collection[str] | None  # the specialties imported; None: every one
    default_specialty: str
    name_mapped: bool  # a column gives the name (else the institution may)


def _read_column(texts: Sequence[str], name: str, fields: dict[str, Field],
                 fractions: dict[str, bool | None]) -> tuple[dict[str, Any], dict[str, str], dict, list]:
    """What the cells of a column mean, in four parts: the texts that read as one value of the
    column's own field (text -> value; None for a blank or unknown cell), the liberties taken
    with some of those (text -> note), the rest, refused or combined cells (text -> each
    field's reading), and each row's value (_NOT_PLAIN for the rest)."""
    if isinstance(texts, RepeatedTexts):
        values, notes, readings = _read_distinct(texts.distinct, name, fields, fractions)
        by_code = [values.get(text, _NOT_PLAIN) for text in texts.distinct]
        return values, notes, readings, list(map(by_code.__getitem__, texts.codes))
    found = None if name in SPLITTERS else cells_not_themselves(fields[name], texts)
    if found is None or len(found[1]) * 4 > len(texts):  # most cells say something of their own
        values, notes, readings = _read_distinct(texts, name, fields, fractions)
        return values, notes, readings, list(map(values.get, texts, repeat(_NOT_PLAIN)))
    # Names, program codes: nearly every cell differs, and nearly every one reads as itself.
    empty, odd = found
    odd_texts = list(map(texts.__getitem__, odd))
    values, notes, readings = _read_distinct(odd_texts, name, fields, fractions)
    row_values = list(texts)
    for i, text in zip(odd, odd_texts, strict=True):
        row_values[i] = values.get(text, _NOT_PLAIN)
    for i in empty:
        row_values[i] = None
    if empty:
        values[""] = None
    return _ReadAsThemselves(values), notes, readings, row_values


class _ReadAsThemselves(dict):
    """The readings of a column whose texts read as themselves, but for the texts it holds."""

    def __missing__(self, text: str) -> str:
        return text


def _read_distinct(texts: Sequence[str], name: str, fields: dict[str, Field],
                   fractions: dict[str, bool | None]) -> tuple[dict[str, Any], dict[str, str], dict]:
    """_read_column's first three parts, reading every distinct text once: files repeat
    values a lot."""
    splitter = SPLITTERS.get(name)
    distinct = set(texts)
    filled = [t for t in distinct if t and not t.isspace()]
    # A cell the splitter leaves whole is read as any cell of the column's own field.
    split = {text: parts for text in filled if (parts := splitter(text, name))} if splitter else {}
    plain = plain_text_values(fields[name], [t for t in filled if t not in split] if split else filled)
    values: dict[str, Any] = dict.fromkeys(distinct)  # blank until read
    notes: dict[str, str] = {}
    readings: dict[str, list[tuple[str, Coerced]]] = {}
    if plain is not None:
        values.update(plain[0])
        readings = {text: [(name, coerce(fields[name], text))] for text in plain[1]}
        filled = list(split)
    for text in filled:
        parts = split.get(text) or {name: text}
        readings[text] = [(part, coerce(fields[part], part_text, fraction_percent=fractions.get(part)))
                          for part, part_text in parts.items() if part in fields]
    for text, parts in list(readings.items()):
        if not parts or len(parts) == 1 and parts[0][0] == name and parts[0][1].ok:
            values[text] = parts[0][1].value if parts else None
            if parts and parts[0][1].note:
                notes[text] = parts[0][1].note
            del readings[text]
        else:
            del values[text]
    return values, notes, readings


_NOT_PLAIN = object()  # a cell that needs reading part by part


def _read_row(source_name: str, row: list[str], line: int, columns: list, code_specialty: str | None,
              bad: list[Rejection], value_notes: list[ValueNote]) -> dict[str, Any]:
    """The values of a row with a refused or combined cell; refusals go to `bad`, liberties
    taken to `value_notes`."""
    values: dict[str, Any] = {}
    companions: dict[str, Any] = {}  # fields a combined cell gave beside its own
    for at, source, name, plain, noted, readings, _row_values in columns:
        text = row[at]
        if name == "specialty" and code_specialty is not None:
            continue  # the program code says it exactly
        if text not in readings:
            if plain[text] is not None:
                values[name] = plain[text]
            if text in noted:
                value_notes.append(ValueNote(line, source, text, noted[text]))
            continue
        for part, result in readings[text]:
            if result.reason is not None:
                bad.append(Rejection(source_name, line, source, text, result.reason))
            elif result.value is not None:
                (values if part == name else companions)[part] = result.value
            if result.note:
                value_notes.append(ValueNote(line, source, text, result.note))
    for part, value in companions.items():
        values.setdefault(part, value)
    return values


def _code_kinds(texts: Sequence[str]) -> list[tuple[str | None, str | None] | None]:
    """For each row, None when its cell is not a program code, else the (specialty, track) it
    names: worked out once per specialty and track, whatever the institution."""
    if isinstance(texts, RepeatedTexts):  # a code over several years' rows
        kinds = _code_kinds(texts.distinct)
        return list(map(kinds.__getitem__, texts.codes))
    import polars as pl

    cell = pl.col("cell")
    cells = pl.DataFrame({"cell": texts}, schema={"cell": pl.String}).select(
        # the specialty's three characters and the track letter of a code as kept
        key=pl.when(cell.str.contains(KEPT_PROGRAM_CODE)).then(cell.str.slice(4, 4)),
        odd=~cell.str.contains(KEPT_PROGRAM_CODE) & (cell != ""))
    keys = cells["key"].to_list()
    for i in cells["odd"].arg_true().to_list():  # looked at one by one
        code = program_code_text(texts[i])
        keys[i] = code[4:8] if code is not None else None
    kinds = {key: _kind(key) for key in set(keys) if key is not None}
    return list(map(kinds.get, keys))


def _kind(key: str) -> tuple[str | None, str | None]:
    named = ProgramCode("", "", key[:3], key[3], "")
    return named.specialty, named.track


_TOTALS_RE = re.compile(r"^(grand\s+)?(total|totals|sum|average|avg|mean|count)\b", re.IGNORECASE)
_TOTALS_FIRST = "gGtTsSaAmMcC\u017f"  # the letters a match starts with (ignoring case, ſ is s)


def _remark_row(row: Sequence[str]) -> str | None:
    """Why a row is a sheet's remark rather than a program: a totals row, or a note typed in
    one cell of a wide sheet. None for a program's row."""
    if len(row) < 3:  # too narrow for either kind
        return None
    filled = [cell.strip() for cell in row if cell and not cell.isspace()]
    if not filled:
        return None
    if _TOTALS_RE.match(filled[0]):
        return f"a totals row: '{' '.join(filled)[:60]}'"
    if len(filled) == 1 and len(row) >= 4 and (len(filled[0]) > 40 or ":" in filled[0]
                                               or filled[0].startswith(("*", "#", "("))):
        return f"a note, not a program: '{filled[0][:60]}'"
    return None


def remark_rows(columns: Sequence[Sequence[str]]) -> dict[int, str]:
    """The remark rows (totals, notes) of a table given column by column: row -> why. Only the
    rows whose first cell is blank or a totals label, or whose other cells are all blank, can
    be one; those alone are looked at cell by cell."""
    if len(columns) < 3 or not columns[0]:
        return {}
    first = columns[0]
    starts = {"", *_TOTALS_FIRST, *python_whitespace()}  # "": a blank cell
    suspect = {t for t in distinct_texts(first) if t[:1] in starts and (
        not t or t.isspace() or (t.lstrip()[:1] in _TOTALS_FIRST and _TOTALS_RE.match(t.strip())))}
    blank: list[int] | None = None  # the rows whose other cells are all blank so far (None: all)
    for column in columns[1:]:  # column by column: after the first few, hardly a row is left
        blank = blank_rows(column, blank)
        if not blank:
            break
    candidates = sorted(set(blank or ()).union(rows_holding(first, suspect) if suspect else ()))
    found = {}
    for i in candidates:
        reason = _remark_row([column[i] for column in columns])
        if reason is not None:
            found[i] = reason
    return found


def read_rows(source_name: str, lines: Sequence[int], cells_of: Sequence[Sequence[str]],
              fields: dict[str, Field], rules: RowRules) -> RowsRead:
    """Every row of a table (given column by column) read into values, in file order."""
    count = len(lines)
    fractions: dict[str, bool | None] = {
        name: True if is_percent(fields[name]) and fraction_column(distinct_texts(cells_of[at])) else None
        for at, _source, name in rules.active
    }
    columns = [(at, source, name, *_read_column(cells_of[at], name, fields, fractions))
               for at, source, name in rules.active]
    plain_columns = [row_values for *_, row_values in columns]
    rich_rows: set[int] = set()  # rows with a cell to read part by part
    for (*_, readings, row_values) in columns:
        if readings:
            rich_rows.update(compress(range(count), map(is_, row_values, repeat(_NOT_PLAIN))))
    remarks = remark_rows(cells_of)
    kinds = _code_kinds(cells_of[rules.code_at]) if rules.code_at is not None else None

    # Notes on plain cells, column by column; a note's key puts it back in file order.
    value_notes = ValueNotes(lines, len(columns) + 1)
    read_apart = rich_rows | remarks.keys()  # a rich row's notes come with it; a remark has none
    for position, (at, source, name, _plain, noted, *_rest) in enumerate(columns):
        if not noted:
            continue
        apart = read_apart
        if name == "specialty" and kinds is not None:  # the program code says it exactly
            apart = read_apart | {i for i, kind in enumerate(kinds) if kind is not None and kind[0]}
        value_notes.add_column(position, source, cells_of[at], noted, apart)

    read_values = RowValues(count, [name for _at, _source, name, *_readings in columns], plain_columns, kinds)
    left_out: dict[int, Skipped | list[Rejection]] = {i: Skipped(lines[i], why) for i, why in remarks.items()}
    for i in sorted(rich_rows):
        if i in left_out:
            continue
        kind = kinds[i] if kinds is not None else None
        bad: list[Rejection] = []
        row_notes: list[ValueNote] = []
        read_values.read_apart[i] = values = _read_row(source_name, [column[i] for column in cells_of],
                                                       lines[i], columns, kind[0] if kind else None, bad, row_notes)
        value_notes.add_row(i, row_notes)
        if kind and kind[0]:
            values["specialty"] = kind[0]
            if kind[1]:
                values["track"] = kind[1]
        if bad:
            left_out[i] = bad  # unless the row is left out for its specialty (below)
    unnamed = kinds is not None and any(kind is not None and kind[0] is None for kind in set(kinds))
    for i in (i for i, kind in enumerate(kinds) if kind is not None and kind[0] is None) if unnamed else ():
        if not isinstance(left_out.get(i), Skipped):  # a code MatchDesk does not name (a fellowship)
            code = parse_program_code(cells_of[rules.code_at][i])
            what = (cells_of[rules.specialty_at][i].strip() if rules.specialty_at is not None
                    else "") or code.specialty_name
            left_out[i] = Skipped(lines[i], f"{code.code}: {what} is not a specialty MatchDesk tracks",
                                  what)
    if rules.wanted is not None:
        for i, specialty in enumerate(read_values.column("specialty")):
            specialty = rules.default_specialty if specialty is None else specialty
            if specialty not in rules.wanted and not isinstance(left_out.get(i), Skipped):
                left_out[i] = Skipped(lines[i], f"{specialty} is not among the specialties imported",
                                      specialty)
    skipped: list[Skipped] = []
    rejections: list[Rejection] = []
    rejected_lines: set[int] = set()
    for i in sorted(left_out):
        fate = left_out[i]
        if isinstance(fate, Skipped):
            skipped.append(fate)
        else:
            rejections += fate
            rejected_lines.add(lines[i])
    kept = [i for i in range(count) if i not in left_out] if left_out else list(range(count))
    if not rules.name_mapped:
        read_values.name_from_institution(cells_of[rules.specialty_at] if rules.specialty_at is not None
                                         else None)
    years = list(map(str.strip, cells_of[rules.year_at])) if rules.year_at is not None else None
    kept_lines = None
    if rules.kept_at:
        kept_columns = [[f"{source}: {text.strip()}" if text.strip() else None for text in cells_of[at]]
                        for at, source in rules.kept_at]
        kept_lines = [[k for k in row if k] for row in zip(*kept_columns)]
    return RowsRead(kept, lines, read_values, years, kept_lines, skipped, rejections, rejected_lines,
                    value_notes)
