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
