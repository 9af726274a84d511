"""How every scoring query runs.

The plans here are small and already written the way they should run: the "auto" engine may
pick the streaming engine, and the optimizer passes cost more than they save on a few
thousand rows (measured with benchmarks/bench_scoring.py). Type coercion stays on.
"""

from __future__ import annotations

import polars as pl


_NONE = pl.QueryOptFlags.none()  # made once (collect copies it): making it costs ~10 us a query


def collect(frame: pl.LazyFrame) -> pl.DataFrame:
    return frame.collect(engine="in-memory", optimizations=_NONE)
