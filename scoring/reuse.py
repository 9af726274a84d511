"""Results derived from the interviews and the Match history, reused while their inputs stay.

A full rescore (after a settings, profile or interview change, or a reload) mostly reads the
same interviews and Match history as the one before, and deriving them again (the latest
interview per program, the facts of every program's record, both lined up with the programs)
costs as much as all the programs' rules together, many times more with a large record. The
columns computed from program columns alone (the codes, region, IMG score) are the same as
long as the columns they read are.

A result is reused while each input is the same frame, or an equal one (the workspace reads
every table again on reload), and the settings it reads are equal. Frames are treated as
values: nothing in the project changes a frame in place.
"""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

from scoring.run import collect

import polars as pl

T = TypeVar("T")
Input = pl.DataFrame | pl.Series


def same(a: Input, b: Input) -> bool:
    """The same frame, or one with equal names, types and values (nulls equal)."""
    if a is b:
        return True
    if type(a) is not type(b) or a.shape != b.shape:
        return False
    if isinstance(a, pl.Series):
        return a.dtype == b.dtype and a.equals(b, null_equal=True)
    return a.schema == b.schema and a.equals(b, null_equal=True)


class Reused(Generic[T]):
    """The last result, computed again only when the key or an input differs."""

    def __init__(self) -> None:
        self._last: tuple[Hashable, tuple[Input, ...], T] | None = None

    def get(self, key: Hashable, inputs: tuple[Input, ...], compute: Callable[[], T]) -> T:
        last = self._last  # one read: another thread may replace it meanwhile
        if (last is not None and last[0] == key and len(last[1]) == len(inputs)
                and all(same(old, new) for old, new in zip(last[1], inputs))):
            if any(old is not new for old, new in zip(last[1], inputs)):
                self._last = (key, inputs, last[2])  # equal frames: checked by identity next time
            return last[2]
        value = compute()
        self._last = (key, inputs, value)
        return value

    def cache_clear(self) -> None:
        """Forget the last result (the benchmark measures the work it saves)."""
        self._last = None


class ReusedColumns:
    """Columns computed from a frame's columns alone: each is computed again only when its
    expression (the same object: see plan.program_stage) or a column it reads differs."""

    def __init__(self) -> None:
        # output name -> (expression, the columns it read, the column it gave)
        self._last: dict[str, tuple[pl.Expr, tuple[pl.Series, ...], pl.Series]] = {}

    def get(self, frame: pl.DataFrame, exprs: dict[str, pl.Expr],
            reads: dict[str, frozenset[str]]) -> list[pl.Series]:
        last, now, todo = self._last, {}, {}
        for name, expr in exprs.items():
            inputs = tuple(frame.get_column(c) for c in sorted(reads[name]))
            kept = last.get(name)
            if (kept is not None and kept[0] is expr and len(kept[2]) == frame.height
                    and all(same(old, new) for old, new in zip(kept[1], inputs))):
                now[name] = (expr, inputs, kept[2])
            else:
                todo[name] = (expr, inputs)
        if todo:
            computed = collect(frame.lazy().select(expr for expr, _ in todo.values()))
            now.update({name: (expr, inputs, computed.get_column(name))
                        for name, (expr, inputs) in todo.items()})
        self._last = now
        return [now[name][2] for name in exprs]

    def cache_clear(self) -> None:
        self._last = {}
