"""What a full rescore reuses from the one before, while its inputs stay the same.

A full rescore (after a settings, profile or interview change, or a reload) mostly reads the
same tables as the one before. Deriving the interviews and the Match history again (the latest
interview per program, the facts of every program's record, both lined up with the programs)
costs as much as all the programs' rules together, many times more with a large record; the
applicant's facts and priorities come from the same small tables; each rule's column stays the
same while its expression (one object for equal settings and facts: scoring.plan) and the
columns it reads do; and the applicant's assessment while the columns it counts do.

A result is reused while each input is the same frame, or an equal one (the workspace reads
every table again on reload), and the settings it reads are equal. Frames are treated as
values: nothing in the project changes a frame in place.
"""

from __future__ import annotations

from typing import Callable, Generic, Hashable, TypeVar

import polars as pl

from scoring.run import collect

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
    """The columns of a plan's stage: each is computed again only when its expression (the
    same object while the settings and facts it is built from are: scoring.plan) or a column
    it reads differs."""

    def __init__(self) -> None:
        # (the frame, the columns read from it by name, output name -> (expression, column))
        self._last: tuple[pl.DataFrame, dict[str, pl.Series],
                          dict[str, tuple[pl.Expr, pl.Series]]] | None = None

    def get(self, frame: pl.DataFrame, exprs: dict[str, pl.Expr], reads: dict[str, frozenset[str]],
            earlier: dict[str, pl.Series] | None = None) -> list[pl.Series]:
        """The columns `exprs` over `frame` and the columns `earlier` (by name) beside it."""
        earlier = earlier or {}
        last = self._last  # one read: another thread may replace it meanwhile
        names = set().union(*(reads[name] for name in exprs))
        if last is not None and last[0] is frame and all(
                name in last[2] and last[2][name][0] is expr for name, expr in exprs.items()) and all(
                last[1].get(c) is earlier[c] for c in names if c in earlier):
            return [last[2][name][1] for name in exprs]
        columns = {c: earlier[c] if c in earlier else frame.get_column(c) for c in names}
        equal = {c: last is not None and c in last[1] and same(last[1][c], column)
                 for c, column in columns.items()}  # each column compared once
        outputs, todo = {}, {}
        for name, expr in exprs.items():
            kept = last[2].get(name) if last is not None else None
            if (kept is not None and kept[0] is expr and len(kept[1]) == frame.height
                    and all(equal[c] for c in reads[name])):
                outputs[name] = kept
            else:
                todo[name] = expr
        if todo:
            work = frame.hstack([column for c, column in earlier.items() if c in names])
            # with_columns, not select: a rule that reads no column fills the frame's height
            computed = collect(work.lazy().with_columns(todo.values()))
            outputs.update({name: (expr, computed.get_column(name)) for name, expr in todo.items()})
        self._last = (frame, columns, outputs)
        return [outputs[name][1] for name in exprs]

    def cache_clear(self) -> None:
        self._last = None
