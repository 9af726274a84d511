"""The programs an import plan describes: one PlannedRow each, made when it is looked at.

A new program from one row of the file (the bulk of a large import) is kept as that row's
position in the columns read; its PlannedRow is made on demand, and the write takes the new
programs' values column by column (new_program_columns) without ever making one.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import islice, repeat
from operator import is_not
from typing import Any, overload

from importers.keep import with_kept_lines
from importers.rows import RowsRead

NEW, UPDATED, UNCHANGED = "new", "updated", "unchanged"


@dataclass(slots=True)
class PlannedRow:
    line: int  # the line whose values won
    lines: list[int]  # every line merged into this program
    action: str  # new | updated | unchanged
    program_id: int | None
    label: str
    values: dict[str, Any]  # what the file says (known values only)
    changes: dict[str, tuple[Any, Any]]  # field -> (current, imported); empty for a new row
    interview_id: int | None = None  # the program's interview the "interviews.*" values update

    def table_values(self, companion: str | None = None) -> dict[str, Any]:
        """The values of the program itself, or of one companion table (keys unqualified)."""
        if companion is None:
            return {k: v for k, v in self.values.items() if "." not in k}
        prefix = f"{companion}."
        return {k[len(prefix):]: v for k, v in self.values.items() if k.startswith(prefix)}


class PlannedRows(Sequence[PlannedRow]):
    """The plan's programs in file order: PlannedRow objects, and (as ints) the positions of
    the rows that are each a new program of their own."""

    def __init__(self, entries: list[PlannedRow | int], read: RowsRead | None = None,
                 made: list[PlannedRow] | None = None) -> None:
        self.entries = entries
        self.read = read
        # the PlannedRow objects (`made`: given by whoever has them at hand)
        self.made = made if made is not None else [entry for entry in entries if type(entry) is not int]

    def __len__(self) -> int:
        return len(self.entries)

    @overload
    def __getitem__(self, index: int) -> PlannedRow: ...

    @overload
    def __getitem__(self, index: slice) -> list[PlannedRow]: ...

    def __getitem__(self, index):
        if isinstance(index, slice):
            return [self._row(entry) for entry in self.entries[index]]
        return self._row(self.entries[index])

    def __iter__(self) -> Iterator[PlannedRow]:
        return map(self._row, self.entries)

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    def _row(self, entry: PlannedRow | int) -> PlannedRow:
        if not isinstance(entry, int):
            return entry
        line, values, _year, kept_lines = self.read.member(entry)
        if kept_lines:
            values = with_kept_lines(values, kept_lines, None)
        return PlannedRow(line, [line], NEW, None, str(values["name"]), values, {})

    def counts(self) -> dict[str, int]:
        counts = {NEW: len(self.entries) - len(self.made), UPDATED: 0, UNCHANGED: 0}
        for row in self.made:
            counts[row.action] += 1
        return counts

    def written(self, limit: int) -> list[PlannedRow]:
        """The first `limit` programs the import adds or changes (a preview's sample)."""
        entries = (entry for entry in self.entries if type(entry) is int or entry.action != UNCHANGED)
        return list(map(self._row, islice(entries, limit)))

    def of_action(self, action: str) -> list[PlannedRow]:
        return [row for row in self.made if row.action == action]

    def new_program_columns(self) -> tuple[int, dict[str, list[Any]]]:
        """How many new programs, and their values field by field (None where a program has
        none): every field some new program fills, and no other."""
        if self.of_action(NEW):  # a merged program among them: each by its dict
            rows = [self._row(entry).values for entry in self.entries
                    if type(entry) is int or entry.action == NEW]
            named = set().union(*rows)
            return len(rows), {name: [row.get(name) for row in rows] for name in named}
        new = self.entries if not self.made else [entry for entry in self.entries if type(entry) is int]
        columns = {}
        for name in self.read.values.fields():
            column = self.read.values.column(name)
            picked = list(map(column.__getitem__, new)) if len(new) < len(column) else column
            if any(map(is_not, picked, repeat(None))):
                columns[name] = picked
        if self.read.kept_lines is not None:
            self._add_kept_lines(new, columns)
        return len(new), columns

    def _add_kept_lines(self, new: list[int], columns: dict[str, list[Any]]) -> None:
        notes = list(columns.get("notes") or [None] * len(new))  # the column read stays as read
        for at, i in enumerate(new):
            if kept_lines := self.read.kept_lines[i]:
                now = {} if notes[at] is None else {"notes": notes[at]}
                notes[at] = with_kept_lines(now, kept_lines, None)["notes"]
        if any(map(is_not, notes, repeat(None))):
            columns["notes"] = notes
