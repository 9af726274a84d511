"""The grid's row keys: which row holds a key, and which key a row holds.

The key column is read from the frame as a Polars series; the key -> row dict is built only
when a lookup needs it (~6 ms at 50k rows), and a few keys are found without it.
"""

from __future__ import annotations

from typing import Any, Callable

import polars as pl


class KeyLookup:
    """Row lookup by key for FrameTable (mixed in: it reads the table's frame state)."""

    _key_series: pl.Series | None  # None: keys are row indices
    _key_index: dict[Any, int] | None
    _row_total: int

    def row_for_key(self, key: Any) -> int | None:
        return self._get_key_index().get(key)

    def keys(self) -> list[Any]:
        """The key of every row, in display order."""
        return list(range(self._row_total)) if self._key_series is None else self._key_series.to_list()

    def _key_at(self, row: int) -> Any:
        return row if self._key_series is None else self._key_series[row]

    def _get_key_index(self) -> dict[Any, int]:
        if self._key_index is None:
            if self._key_series is None:
                self._key_index = dict(zip(range(self._row_total), range(self._row_total)))
            else:
                self._key_index = dict(zip(self._key_series.to_list(), range(self._row_total)))
        return self._key_index

    def _find_key(self, key: Any) -> int | None:
        """Row of `key` without necessarily building the key dict (Polars search)."""
        if self._key_index is not None or self._key_series is None:
            return self._get_key_index().get(key)
        try:
            return self._key_series.index_of(key)
        except Exception:  # e.g. key of an incompatible type
            return self._get_key_index().get(key)

    def _shown_first(self, top: int, end: int) -> Callable[[Any], int | None]:
        """Finds a key's row among the rows on screen before searching them all: an edit's row
        is almost always there, and a Polars search of the key column costs ~0.4 ms."""
        if self._key_series is None:
            return self._find_key
        shown = {key: top + offset for offset, key in enumerate(self._key_series.slice(top, end - top).to_list())}

        def find(key: Any) -> int | None:
            row = shown.get(key)
            return self._find_key(key) if row is None else row
        return find
