"""Where a program's values came from.

Two kinds of rows say it. A `provenance` row names one cell: an edit with a source, or a cell
an import updated in an existing program. A `provenance_ranges` row (schema version 3) names
one field of the programs an import added, by their id range: an import of 50,000 programs
writes a row per field and RANGE_SPAN programs instead of a row per cell. Its `filled` marks
say which of the range's cells the import filled; a cell it left empty and the user typed
later is not the file's.

A cell row is always newer than a range over its program (the range's programs did not exist
before their import, and a range never names an id a new program can take), so it wins.
"""

from __future__ import annotations

from dataclasses import dataclass

PROGRAMS = "programs"  # the table whose cells have a provenance (provenance.program_id)
# The most programs one range row covers (the CHECK of provenance_ranges): a read looks only at
# rows ending within that many ids, and at a kilobyte of marks per field, whatever the import.
RANGE_SPAN = 1024


@dataclass(frozen=True)
class Provenance:
    source: str
    noted_at: str


def read_provenance(conn, program_id: int) -> dict[str, Provenance]:
    """The latest source of each field of one program that has one."""
    ranges = conn.execute(
        "SELECT id, field, source, noted_at FROM provenance_ranges "
        "WHERE last_id BETWEEN :id AND :id + :span - 1 AND first_id <= :id "
        "AND coalesce(substr(filled, :id - first_id + 1, 1), '1') = '1'",
        {"id": program_id, "span": RANGE_SPAN})
    # ranges overlap only where another tool deleted programs and their ids came back: the
    # newer wins
    found = {name: Provenance(source, noted_at) for _, name, source, noted_at in sorted(ranges)}
    found.update((name, Provenance(source, noted_at)) for name, source, noted_at in conn.execute(
        "SELECT field, source, noted_at FROM provenance WHERE program_id = ?", (program_id,)))
    return found


def end_ranges_at_last_program(store) -> None:
    """After programs are deleted: end every range at the largest program id left, so the id
    the next new program takes (one past it) is in no range. An id below it is never given
    again, so a range may keep the ids of deleted programs inside it. Logged, for undo."""
    last = store._execute("SELECT coalesce(max(id), 0) FROM programs").fetchone()[0]
    for range_id, first, old_last in store._execute(
            "SELECT id, first_id, last_id FROM provenance_ranges WHERE last_id > ?", (last,)).fetchall():
        new_last = max(last, first - 1)
        store._execute("UPDATE provenance_ranges SET last_id = ? WHERE id = ?", (new_last, range_id))
        store._log("update", "provenance_ranges", range_id, "last_id", old_last, new_last)
