"""Nothing silently dropped: columns no field takes become note lines, and every cell is counted.

A kept column lands in the program's notes as "Header: value" lines, added once: importing the
same file again finds them there and changes nothing.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from typing import Any

from importers.nrmp import QUOTA_HEADER, YEAR_HEADER
from importers.read import TableData

READ, KEPT, REFUSED, LEFT_OUT = "read", "kept", "refused", "left out"


def with_kept_lines(values: dict[str, Any], kept_lines: list[str], current_notes: str | None) -> dict[str, Any]:
    """`values` with the kept lines appended to the notes (the file's, else the program's)."""
    if not kept_lines:
        return values
    base = values.get("notes") or current_notes or ""
    missing = [line for line in kept_lines if line not in base]
    if not missing:
        return values if "notes" in values or current_notes else {**values, "notes": base}
    return {**values, "notes": "\n".join([base, *missing]) if base else "\n".join(missing)}


def count_cells(data: TableData, mapped: Iterable[str], read_too: Collection[str],
                kept: Collection[str], rejections: Iterable, skipped_lines: Collection[int]) -> dict[str, int]:
    """How many filled cells of the file are read, kept as notes, refused and left out."""
    mapped = set(mapped)
    derived = {QUOTA_HEADER, YEAR_HEADER} if data.consumed else set()
    refused = {(r.line, r.column) for r in rejections if str(r.value).strip()}
    counts = {READ: 0, KEPT: 0, REFUSED: len(refused), LEFT_OUT: 0}
    skipped = [i for i, line in enumerate(data.lines) if line in skipped_lines] if skipped_lines else []
    for header, column in zip(data.headers, data.columns, strict=True):
        if header in derived and header not in read_too:
            continue
        filled = len(column) - column.count("")  # the reader trims cells: blank is ""
        dropped = sum(1 for i in skipped if column[i].strip())
        counts[LEFT_OUT] += dropped
        filled -= dropped
        if header in mapped:
            counts[READ] += filled - sum(1 for line, column in refused if column == header)
        elif header in read_too:
            counts[READ] += filled
        elif header in kept:
            counts[KEPT] += filled
        else:
            counts[LEFT_OUT] += filled
    return counts
