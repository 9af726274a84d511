"""The liberties the coercers took with a file's values, in file order, made when looked at.

A large file gives a note for most of its cells ("240+" read as 240). A column's notes are kept
as its texts and the notes on some of them: the rows with a note are found as they are walked
through, and counted without being listed; a ValueNote is made only for the notes a preview
shows (the first few, and how many there are), and all of them only when every one is asked for.
"""

from __future__ import annotations

import heapq
from collections.abc import Collection, Iterator, Sequence
from itertools import filterfalse, islice
from operator import itemgetter
from typing import NamedTuple

from importers.repeated_texts import count_holding, rows_holding


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
        self.columns: list[tuple[int, str, Sequence[str], dict[str, str], Collection[int]]] = []
        self.row_notes: list[tuple[int, ValueNote]] = []  # (key, note), by key
        self._count: int | None = None

    def add_column(self, position: int, source: str, texts: Sequence[str], noted: dict[str, str],
                   apart: Collection[int]) -> None:
        """The rows of column `source` whose text is noted have a note (noted[their text]),
        but the rows in `apart` (read part by part: their notes come with them)."""
        if noted:
            self.columns.append((position, source, texts, noted, apart))
            self._count = None

    def add_row(self, row: int, notes: list[ValueNote]) -> None:
        """The notes of a row read part by part, after those of every row above it."""
        self.row_notes += [(row * self.width, note) for note in notes]
        self._count = None

    def __len__(self) -> int:
        if self._count is None:
            self._count = len(self.row_notes) + sum(
                count_holding(texts, noted) - sum(1 for i in apart if texts[i] in noted)
                for _position, _source, texts, noted, apart in self.columns)
        return self._count

    def __iter__(self) -> Iterator[ValueNote]:
        streams = [self._column_notes(*column) for column in self.columns]
        return map(itemgetter(1), heapq.merge(*streams, iter(self.row_notes), key=itemgetter(0)))

    def _column_notes(self, position: int, source: str, texts: Sequence[str], noted: dict[str, str],
                      apart: Collection[int]) -> Iterator[tuple[int, ValueNote]]:
        rows = rows_holding(texts, noted)
        for i in filterfalse(apart.__contains__, rows) if apart else rows:
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
