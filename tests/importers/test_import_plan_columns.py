"""A plan keeps the new programs of a large file column by column: what the write takes from the
columns, what the preview shows and the notes it lists must be what each row's own values say."""

from __future__ import annotations

from pathlib import Path

from importers.apply import apply_import
from importers.mapping import ColumnMapping, keep_as_note
from importers.plan import plan_import
from importers.read import TableData
from store.store import Store

HEADERS = ["Program", "Location", "Code", "Step 2", "Notes", "Favorite color", "Interview culture"]
ROWS = [  # plain, combined cells, code-named specialty and track, noted and refused values, kept cells
    ["Alpha", "Tampa", "1104420A0", "250+", "", "teal", ""],
    ["Beta", "Tampa, FL", "", "240+", "quiet", "", "4"],
    ["Gamma", "ohio / Dayton", "1105140P0", "230-250", "", "red", ""],
    ["Delta", "Miami (FL)", "", "none", "loud", "blue", "5"],
    ["Epsilon", "Orlando", "", "abc", "", "", ""],  # a refused value
    ["", "Orlando", "", "240", "", "", ""],  # no name
    ["Zeta", "Tampa", "1106420A0", "240+", "", "", ""],
    ["Zeta", "Tampa", "1106420A0", "245", "", "green", ""],  # the same program again: merged
]
FIELDS = ["name", "city", "program_code", "step2_min", "notes", None, "interviews.culture"]


def plan_of(store: Store, rows: list[list[str]], *, keep: bool = True):
    table = TableData("cells.csv", list(HEADERS), [list(r) for r in rows], list(range(2, len(rows) + 2)))
    mapping = [ColumnMapping(h, f, 1.0, method="manual") for h, f in zip(HEADERS, FIELDS, strict=True)]
    if keep:
        mapping = keep_as_note(mapping, "Favorite color")
    return plan_import(store, table, mapping, specialties=None)


def new_values(plan) -> list[dict]:
    count, columns = plan.rows.new_program_columns()
    return [{name: column[at] for name, column in columns.items() if column[at] is not None}
            for at in range(count)]


def test_the_columns_a_write_takes_hold_each_new_program_s_values(new_store: Store):
    for rows in (ROWS, ROWS[:-1]):  # with a merged program (read by its dict), and without
        plan = plan_of(new_store, rows)
        assert new_values(plan) == [row.values for row in plan.rows if row.action == "new"]
        assert [row.values.get("notes") for row in plan.rows][:4] == [
            "Favorite color: teal", "quiet", "Favorite color: red", "loud\nFavorite color: blue"]
        assert (plan.rows[2].values["specialty"], plan.rows[2].values["track"]) == ("Prelim Medicine", "Preliminary")


def test_new_programs_are_written_as_their_rows_say(new_store: Store, tmp_path: Path):
    plan = plan_of(new_store, ROWS[:-1])
    expected = {row.label: row.values for row in plan.rows}
    apply_import(new_store, plan, skip_rejected=True)
    got = {row["name"]: row for row in new_store.rows("programs")}
    assert set(got) == set(expected)
    for name, values in expected.items():
        assert {k: got[name][k] for k in values if "." not in k} == \
            {k: v for k, v in values.items() if "." not in k}, name
    interviews = {r["program_id"]: r["culture"] for r in new_store.rows("interviews")}
    assert interviews == {got["Beta"]["id"]: 4, got["Delta"]["id"]: 5}


def test_the_preview_makes_only_the_rows_it_shows(new_store: Store):
    plan = plan_of(new_store, ROWS)
    assert plan.rows.written(2) == list(plan.rows)[:2]
    assert plan.counts["new"] == len(plan.rows.written(100)) == len(plan.rows)
    apply_import(new_store, plan, skip_rejected=True)
    again = plan_of(new_store, [ROWS[0], ["Beta", "Tampa, FL", "", "250", "quiet", "", "4"], ROWS[3]])
    assert [row.action for row in again.rows] == ["unchanged", "updated", "unchanged"]
    assert [row.label for row in again.rows.written(5)] == ["Beta"]


def test_value_notes_are_listed_in_file_order_however_they_are_asked_for(new_store: Store):
    plan = plan_of(new_store, ROWS, keep=False)
    notes = list(plan.value_notes)
    order = {h: i for i, h in enumerate(HEADERS)}
    assert notes == sorted(notes, key=lambda n: (n.line, order[n.column]))
    assert len(plan.value_notes) == len(notes) >= 3
    assert plan.value_notes[:2] == notes[:2] and plan.value_notes[1] == notes[1]
    assert plan.value_notes[-1] == notes[-1]
    # rows read part by part (a city with its state, a refused value) keep their notes among the others
    assert [n.line for n in notes] == [2, 3, 4, 5, 8]


def test_programs_are_planned_in_file_order_whatever_each_row_is(new_store: Store):
    # plain rows, a refused one, a nameless one, and a program over two rows (at its first row)
    rows = [ROWS[6], *ROWS[:6], ROWS[7], ["Eta", "Ocala", "", "", "", "", ""]]
    plan = plan_of(new_store, rows)
    assert [row.lines for row in plan.rows] == [[2, 9], [3], [4], [5], [6], [10]]
    assert [row.label for row in plan.rows] == ["Zeta", "Alpha", "Beta", "Gamma", "Delta", "Eta"]
    assert [(r.line, r.reason) for r in plan.rejections if "name" in r.reason] == [(8, "A new program needs a name")]
    assert "3 new program(s) have no specialty in the file: they get DR (the default)." in plan.notes
