"""Turning what a person types into a field's stored value, by the field's kind. Each parser
raises ValueError for text that is not of its kind (the field then states its rule) or
ValidationError with a message of its own."""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache
from typing import TYPE_CHECKING, Any

from registry.choices import FALSE_WORDS, TRUE_WORDS, US_STATES
from registry.errors import ValidationError
from registry.specialties import parse_specialty_list

if TYPE_CHECKING:  # parsers take the field whose rule they apply
    from registry.fields import Field


def describe_number(value: float | None) -> str:
    return "any" if value is None else f"{value:g}"


def show(raw: Any) -> str:
    return repr(raw) if not isinstance(raw, str) else f"'{raw}'"


def _bounded(fld: Field, value: float, raw: Any) -> None:
    too_low = fld.minimum is not None and value < fld.minimum
    too_high = fld.maximum is not None and value > fld.maximum
    if too_low or too_high:
        raise ValidationError(f"{fld.describe()}; got {show(raw)}")


def _parse_int(fld: Field, raw: Any) -> int:
    if isinstance(raw, bool):
        raise ValueError
    if isinstance(raw, float):
        if not raw.is_integer():
            raise ValueError
        raw = int(raw)
    value = raw if isinstance(raw, int) else int(str(raw).strip().replace(",", ""))
    _bounded(fld, value, raw)
    return value


def _parse_rating(fld: Field, raw: Any) -> int:
    value = _parse_int(fld, raw)
    if not 1 <= value <= 5:
        raise ValidationError(f"{fld.describe()}; got {show(raw)}")
    return value


def _parse_float(fld: Field, raw: Any) -> float:
    if isinstance(raw, bool):
        raise ValueError
    value = float(raw if isinstance(raw, (int, float)) else str(raw).strip().replace(",", ""))
    if value != value or value in (float("inf"), float("-inf")):
        raise ValueError
    _bounded(fld, value, raw)
    return value


def _parse_bool(fld: Field, raw: Any) -> bool:
    if isinstance(raw, bool):
        return raw
    if isinstance(raw, (int, float)) and raw in (0, 1):
        return bool(raw)
    word = str(raw).strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise ValueError


def _parse_enum(fld: Field, raw: Any) -> str:
    choice = _folded_choices(fld.choices).get(_fold(str(raw).strip()))
    if choice is None:
        raise ValueError
    return choice


@lru_cache(maxsize=None)
def _folded_choices(choices: tuple[str, ...]) -> dict[str, str]:
    """Folded text -> choice, the first choice winning; folded once per list, not per value."""
    return {_fold(choice): choice for choice in reversed(choices)}


def _parse_date(fld: Field, raw: Any) -> str:
    if isinstance(raw, dt.datetime):
        return raw.date().isoformat()
    if isinstance(raw, dt.date):
        return raw.isoformat()
    # YYYY-MM-DD, optionally followed by a time as spreadsheets export it
    match = re.fullmatch(r"(\d{4}-\d{2}-\d{2})(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?", str(raw).strip())
    if match is None:
        raise ValueError
    return dt.date.fromisoformat(match.group(1)).isoformat()


def _parse_text(fld: Field, raw: Any) -> str:
    text = str(raw).strip()
    if fld.maximum is not None and len(text) > fld.maximum:
        raise ValidationError(f"{fld.label} must be at most {fld.maximum:g} characters; got {len(text)}")
    if fld.choices == US_STATES and text.upper() not in US_STATES:
        raise ValidationError(f"{fld.label} must be a two-letter US state code; got {show(raw)}")
    return text.upper() if fld.choices == US_STATES else text


def _parse_specialties(fld: Field, raw: Any) -> str:
    """A list of specialties ('dr, psychiatry') -> its canonical text ('DR, Psychiatry')."""
    try:
        chosen = parse_specialty_list(str(raw))
    except ValueError as error:
        raise ValidationError(f"{fld.label}: {error}; got {show(raw)}") from None
    if not chosen:
        raise ValidationError(f"{fld.label}: name at least one specialty")
    return ", ".join(chosen)


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9+/]", "", text.lower())


PARSERS = {
    "int": _parse_int,
    "rating": _parse_rating,
    "float": _parse_float,
    "bool": _parse_bool,
    "enum": _parse_enum,
    "date": _parse_date,
    "text": _parse_text,
    "specialties": _parse_specialties,
}
