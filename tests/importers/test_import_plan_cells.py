"""The plan reads each distinct text of a column once and assembles most rows from plain values
(one value, nothing to say); a row with a refusal, a note or a combined cell is read part by
part. Either way each row must hold what reading its cells one by one gives."""

from __future__ import annotations

import dataclasses

from hypothesis import given, settings
from hypothesis import strategies as st

from importers.coerce import coerce
from importers.mapping import ColumnMapping
from importers.nrmp import parse_program_code
from importers.plan import plan_import
from importers.read import TableData
from importers.split import SPLITTERS
from registry.fields import get_field
from store import Store

COLUMNS = {  # header -> field, and texts of every kind: plain, noted, refused, combined, blank
    "Program": ("name", ["Alpha", "Beta ", "", "unknown", "Gamma"]),
    # whole cells among combined ones: padded, unknown, over the limit, a dash kept as text
    "Location": ("city", ["Tampa", "Tampa, FL", "ohio / Dayton", "", "Miami (FL)", " Ocala ", "n/a",
                          "L" * 101, "-"]),
    "State": ("state", ["FL", "texas", "", "XX", "n/a"]),
    "Specialty": ("specialty", ["Diagnostic Radiology", "IM", "", "Basket weaving", "radiology (DR)"]),
    "Code": ("program_code", ["", "1104420A0", "1104-140C0", "1104999X0", "junk"]),
    "Step 2": ("step2_min", ["240", "240+", "", "none", "abc", "230-250"]),
    "IMG": ("img_percent", ["35%", "0.2", "", "yes (20%)", "lots"]),
}


def by_cell(header: str, text: str, code_specialty: str | None):
    """(values, refusals, notes) of one cell read alone, as the plan documents it."""
    name = COLUMNS[header][0]
    if not text.strip() or (name == "specialty" and code_specialty is not None):
        return {}, [], []
    splitter = SPLITTERS.get(name)
    parts = (splitter(text, name) if splitter else None) or {name: text}
    values, refused, notes = {}, [], []
    for part, part_text in parts.items():
        # required-ness is judged per program, not per cell
        result = coerce(dataclasses.replace(get_field("programs", part), required=False), part_text)
        if result.reason is not None:
            refused.append(result.reason)
        elif result.value is not None:
            values[part] = result.value
        if result.note:
            notes.append(result.note)
    return values, refused, notes


@given(st.lists(st.tuples(*(st.sampled_from(texts) for _, texts in COLUMNS.values())),
                min_size=1, max_size=12))
@settings(max_examples=60, deadline=None)
def test_each_row_holds_what_its_cells_read_one_by_one_give(tmp_path_factory, rows):
    check_rows(tmp_path_factory, rows)


# Names and program codes that nearly all read as themselves, as in a large sheet: the plan
# finds the few that may not column-wise and reads only those.
LONG_NAMES = [f"Riverside Program {n}" for n in range(40)] + ["", " Padded Program Name ", "unknown", "Mayo",
                                                            "N" * 201]
KEPT_CODES = [f"{1100 + n}420A{n % 10}" for n in range(40)] + ["", "1104-140c0", "1104999X0", "junk", "C" * 21]


@given(st.lists(st.tuples(*(st.sampled_from(LONG_NAMES if header == "Program" else
                                            KEPT_CODES if header == "Code" else texts)
                            for header, (_, texts) in COLUMNS.items())),
                min_size=1, max_size=40))
@settings(max_examples=60, deadline=None)
def test_cells_read_as_themselves_hold_what_reading_them_one_by_one_gives(tmp_path_factory, rows):
    check_rows(tmp_path_factory, rows)


def check_rows(tmp_path_factory, rows: list[tuple[str, ...]]) -> None:
    headers = list(COLUMNS)
    table = TableData("cells.csv", headers, [list(r) for r in rows], list(range(2, len(rows) + 2)))
    mapping = [ColumnMapping(h, COLUMNS[h][0], 1.0, method="manual") for h in headers]
    with Store.open(tmp_path_factory.mktemp("db") / "cells.db") as store:
        plan = plan_import(store, table, mapping, specialties=None)
    named_none = "A new program needs a name"  # a row's rule, not a cell's
    planned = {line: row for row in plan.rows for line in row.lines}
    skipped = {s.line for s in plan.skipped}
    for line, row in zip(table.lines, rows, strict=True):
        code = parse_program_code(row[headers.index("Code")])
        code_specialty = code.specialty if code else None
        values, companions, refused, notes = {}, {}, [], []
        for header, text in zip(headers, row, strict=True):
            got, bad, said = by_cell(header, text, code_specialty)
            for part, value in got.items():
                (values if part == COLUMNS[header][0] else companions)[part] = value
            refused += bad
            notes += said
        for part, value in companions.items():
            values.setdefault(part, value)
        assert sorted(n.note for n in plan.value_notes if n.line == line) == sorted(notes)
        if line in skipped:
            continue
        assert sorted(r.reason for r in plan.rejections
                      if r.line == line and r.reason != named_none) == sorted(refused)
        if refused or line not in planned or len(planned[line].lines) > 1:
            continue  # refused rows keep no values; merged rows are the merge's business
        if code_specialty is not None:
            values["specialty"] = code_specialty
            values.update({"track": code.track} if code.track else {})
        assert planned[line].values == values
