"""The liberties the coercers took with a file's values, in file order, made when looked at.

A large file gives a note for most of its cells ("240+" read as 240). A column's notes are kept
as the rows that have one; a ValueNote is made only for the notes a preview shows (the first
few, and how many there are), and all of them only when every one is asked for.
"""

from __future__ import annotations

import heapq
from collections.abc import Iterator, Sequence
from itertools import islice
from operator import itemgetter
from typing import NamedTuple


class ValueNote(NamedTuple):
    """A liberty the coercers took with a value (a range read as its lower end, ...)."""

    line: int
    column: str
    value: str
    note: str


class ValueNotes(Sequence[ValueNote]):
    """Notes by row, then by column: each column's rows with a note, and the notes of the rows
    read part by part (already made, in row order)."""

    def __init__(self, lines: Sequence[int], width: int) -> None:
        self.lines = lines
        self.width = width  # a note's key is row * width + column position: file order
        self.columns: list[tuple[int, str, Sequence[str], dict[str, str], list[int]]] = []
        self.row_notes: list[tuple[int, ValueNote]] = []  # (key, note), by key

    def add_column(self, position: int, source: str, texts: Sequence[str], noted: dict[str, str],
                   rows: list[int]) -> None:
        """`rows` (ascending) of column `source` have a note: noted[their text]."""
        if rows:
            self.columns.append((position, source, texts, noted, rows))

    def add_row(self, row: int, notes: list[ValueNote]) -> None:
        """The notes of a row read part by part, after those of every row above it."""
        self.row_notes += [(row * self.width, note) for note in notes]

    def __len__(self) -> int:
        return len(self.row_notes) + sum(len(rows) for *_, rows in self.columns)

    def __iter__(self) -> Iterator[ValueNote]:
        streams = [self._column_notes(*column) for column in self.columns]
        return map(itemgetter(1), heapq.merge(*streams, iter(self.row_notes), key=itemgetter(0)))

    def _column_notes(self, position: int, source: str, texts: Sequence[str], noted: dict[str, str],
                      rows: list[int]) -> Iterator[tuple[int, ValueNote]]:
        for i in rows:
            text = texts[i]
            yield i * self.width + position, ValueNote(self.lines[i], source, text, noted[text])

    def __getitem__(self, index):
        if isinstance(index, slice) and index.step in (None, 1) and (index.start or 0) >= 0 \
                and (index.stop is None or index.stop >= 0):
            return list(islice(self, index.start, index.stop))
        if isinstance(index, int) and index >= 0:
            found = list(islice(self, index, index + 1))
            if found:
                return found[0]
            raise IndexError(index)
        return list(self)[index]

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]
