"""A column of a sheet whose cells repeat a few texts ("FL", "J-1"), kept as those texts and
each cell's position among them.

It reads as the list of its cells would. A plan reads such a column a distinct text at a time
and finds the rows holding some texts by their positions, without a string per cell; only a
caller that walks the cells one by one pays for looking each one up.
"""

from __future__ import annotations

from collections.abc import Container, Iterable, Iterator, Sequence
from itertools import compress, islice
from operator import not_


class RepeatedTexts(Sequence[str]):
    __slots__ = ("codes", "distinct")

    def __init__(self, distinct: list[str], codes: list[int]) -> None:
        self.distinct = distinct  # each text once
        self.codes = codes  # each cell's text, by its position in `distinct`

    def __len__(self) -> int:
        return len(self.codes)

    def __getitem__(self, index):
        if isinstance(index, slice):
            return list(map(self.distinct.__getitem__, self.codes[index]))
        return self.distinct[self.codes[index]]

    def __iter__(self) -> Iterator[str]:
        return map(self.distinct.__getitem__, self.codes)

    def __contains__(self, text: object) -> bool:
        return text in self.distinct

    def count(self, text: str) -> int:
        return self.codes.count(self.distinct.index(text)) if text in self.distinct else 0

    def __eq__(self, other: object) -> bool:
        return list(self) == list(other) if isinstance(other, Sequence) else NotImplemented

    __hash__ = None  # type: ignore[assignment]


def distinct_texts(cells: Sequence[str]) -> Iterable[str]:
    """The texts of a column, each at least once (a column of repeats: each once)."""
    return cells.distinct if isinstance(cells, RepeatedTexts) else cells


def texts_from(cells: Sequence[str], start: int) -> Iterable[str]:
    """The distinct texts of the cells from row `start` on, in file order."""
    if isinstance(cells, RepeatedTexts):
        return map(cells.distinct.__getitem__, dict.fromkeys(cells.codes[start:]))
    return dict.fromkeys(islice(cells, start, None))


def rows_holding(cells: Sequence[str], texts: Container[str], rows: Sequence[int] | None = None) -> list[int]:
    """The rows (of `rows` in their order, else of all) whose cell is one of `texts`."""
    if isinstance(cells, RepeatedTexts):
        wanted = {code for code, text in enumerate(cells.distinct) if text in texts}
        codes = cells.codes if rows is None else map(cells.codes.__getitem__, rows)
        return list(compress(range(len(cells)) if rows is None else rows, map(wanted.__contains__, codes)))
    found = cells if rows is None else map(cells.__getitem__, rows)
    return list(compress(range(len(cells)) if rows is None else rows, map(texts.__contains__, found)))


def count_holding(cells: Sequence[str], texts: Container[str]) -> int:
    """How many cells are one of `texts`."""
    if isinstance(cells, RepeatedTexts):
        wanted = [code for code, text in enumerate(cells.distinct) if text in texts]
        if len(wanted) <= _COUNTED_ONE_BY_ONE:  # a pass over the positions each
            return sum(map(cells.codes.count, wanted))
        return sum(map(wanted_set.__contains__, cells.codes)) if (wanted_set := set(wanted)) else 0
    return sum(map(texts.__contains__, cells))


_COUNTED_ONE_BY_ONE = 8


def blank_rows(cells: Sequence[str], rows: Sequence[int] | None = None) -> list[int]:
    """The rows (of `rows` in their order, else of all) whose cell is blank or white space."""
    if isinstance(cells, RepeatedTexts):
        return rows_holding(cells, {text for text in cells.distinct if not text.strip()}, rows)
    found = cells if rows is None else map(cells.__getitem__, rows)
    return list(compress(range(len(cells)) if rows is None else rows, map(not_, map(str.strip, found))))
