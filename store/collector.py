"""Reading a large file makes a million small objects (cells, rows, values) and no cycles
among them; Python's cycle collector, run again and again over that growing heap, took as
long as the import's own work. It is paused while an import step runs, and while the undo or
redo of an import loads or saves its rows."""

from __future__ import annotations

import functools
import gc
from collections.abc import Callable
from typing import ParamSpec, TypeVar

P = ParamSpec("P")
R = TypeVar("R")


def collection_paused(step: Callable[P, R]) -> Callable[P, R]:
    """`step` runs with the cycle collector paused (when it was on: steps nest, and another
    thread may have paused it); reference counting frees memory as usual meanwhile."""

    @functools.wraps(step)
    def paused(*args: P.args, **kwargs: P.kwargs) -> R:
        was_on = gc.isenabled()
        gc.disable()
        try:
            return step(*args, **kwargs)
        finally:
            if was_on:
                gc.enable()

    return paused
