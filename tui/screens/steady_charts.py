"""The same data draws the same chart on every launch.

plotext drops duplicate points through a set, whose order follows Python's per-process string
hash: the same practice scores got a different plot width and different dated x labels from one
launch to the next. Importing this module swaps in an order-keeping de-duplication (the same
elements, in first-seen order)."""

from __future__ import annotations

import plotext._utility as plotext_utility


def ordered_unique(data) -> list:
    return list(dict.fromkeys(data))


plotext_utility.no_duplicates = ordered_unique
