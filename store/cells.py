"""Values in the file that do not fit their column, found column by column.

MatchDesk writes only validated values, but the file is the user's: another tool may have put
text in an integer column or a word that is not one of a field's choices. Such a cell is read as
unknown (None) and reported, so a read never fails and scoring never sees a wrong type.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.choices import US_STATES
from registry.errors import ValidationError
from registry.fields import TABLES, Field

# The Python types SQLite hands back for a well-stored value of each kind.
_STORED_TYPES: dict[str, tuple[type, ...]] = {
    "int": (int,),
    "rating": (int,),
    "bool": (int,),
    "float": (int, float),
    "text": (str,),
    "enum": (str,),
    "date": (str,),
}


@dataclass(frozen=True)
class BadCell:
    """A stored value that does not fit its field, read as unknown."""

    table: str
    row_id: int
    field: str
    raw: Any
    message: str


def _fits(fld: Field, values: set) -> set:
    """Which of these distinct non-null values are well stored for `fld`."""
    types = _STORED_TYPES[fld.kind]
    good = {v for v in values if type(v) in types}
    if fld.kind == "bool":
        return good & {0, 1}
    if fld.kind in ("int", "rating", "float"):
        low = 1 if fld.kind == "rating" else fld.minimum
        high = 5 if fld.kind == "rating" else fld.maximum
        return {v for v in good if (low is None or v >= low) and (high is None or v <= high)}
    if fld.kind == "enum" or fld.choices == US_STATES:
        return good & set(fld.choices)
    return {v for v in good if _is_iso_date(v)} if fld.kind == "date" else good


def fits(fld: Field, value: Any) -> bool:
    """Whether one stored value is read as itself (True) or as unknown (False)."""
    return value is None or (type(value) in _STORED_TYPES[fld.kind] and bool(_fits(fld, {value})))


def _is_iso_date(text: str) -> bool:
    try:
        return dt.date.fromisoformat(text).isoformat() == text
    except ValueError:
        return False


def _message(fld: Field, raw: Any) -> str:
    shown = "(private text)" if fld.private else repr(raw)
    try:
        fld.parse(raw)
    except ValidationError as error:
        return str(error.message) if not fld.private else f"{fld.describe()}; got {shown}"
    return f"{fld.label} holds {shown} stored as {type(raw).__name__}, not as {fld.kind}"


def clean_columns(table: str, columns: dict[str, list]) -> list[BadCell]:
    """Replace, in place, every value of `columns` (name -> values, with "id") that does not fit
    its registry field by None; return what was replaced."""
    fields = {f.name: f for f in TABLES.get(table, ())}
    ids = columns.get("id", [])
    bad: list[BadCell] = []
    for name, values in columns.items():
        fld = fields.get(name)
        if fld is None:
            continue
        types = _STORED_TYPES[fld.kind]
        if fld.kind == "text" and not fld.choices:
            # Any text fits: check types only, since hashing every note would cost the most.
            if set(map(type, values)) <= {str, type(None)}:
                continue
            fitting = None  # every text value fits
        else:
            distinct = set(values)
            distinct.discard(None)
            fitting = _fits(fld, distinct)
            # Types are read off the distinct values: SQLite stores a whole REAL in an INTEGER
            # column as an integer, so 1 and 1.0 never both hide behind one set member.
            if len(fitting) == len(distinct):
                continue
        # 1 == 1.0 as set members: the type is checked again cell by cell.
        for index, value in enumerate(values):
            if value is not None and not (type(value) in types and (fitting is None or value in fitting)):
                bad.append(BadCell(table, ids[index], name, value, _message(fld, value)))
                values[index] = None
    return bad


def rows_to_columns(names: list[str], rows: Iterable[tuple]) -> dict[str, list]:
    rows = list(rows)
    if not rows:
        return {name: [] for name in names}
    return {name: list(values) for name, values in zip(names, zip(*rows, strict=True), strict=True)}
