"""Column widths that follow the terminal: one column (a program name, a setting's label) takes
what the others leave, so the short columns after it stay on screen in a narrow terminal."""

from __future__ import annotations

from collections.abc import Iterable

# A table's vertical scrollbar may take this many cells whenever its rows overflow.
SCROLLBAR = 2


def stretch_width(available: int, others: Iterable[int], *, least: int, most: int,
                  cell_padding: int = 1) -> int:
    """The width of the stretching column in a table `available` cells wide, given the widths of
    the other columns; every column, this one too, is padded by `cell_padding` on both sides."""
    widths = list(others)
    left = available - SCROLLBAR - sum(widths) - 2 * cell_padding * (len(widths) + 1)
    return max(least, min(most, left))


def give_way(available: int, widths: dict[str, int], stretching: dict[str, tuple[int, int]]) -> dict[str, int]:
    """`widths` (label -> width) with each stretching column, in the order given, shrunk towards
    its (least, most) until the whole table fits `available` cells: the first gives way first."""
    fitted = dict(widths)
    for label, (least, most) in stretching.items():
        others = [width for other, width in fitted.items() if other != label]
        fitted[label] = stretch_width(available, others, least=least, most=most)
    return fitted
