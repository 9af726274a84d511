"""The filter bar's words: splitting the text into terms and values, and reading a value as a
number, yes/no, date or folded text. Pure stdlib + Polars."""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Sequence

import polars as pl

from registry.errors import MatchDeskError
from registry.choices import FALSE_WORDS, TRUE_WORDS


class QueryError(MatchDeskError, ValueError):
    """The filter text cannot be understood; the message names the problem."""

    title = "Filter not understood"


_FOLD_PATTERN = r"[^\p{L}\p{N}]"  # Rust regex: drop everything but letters and digits
_REGEX_KEY_LIMIT = 64


# A term is a list of (text, quoted) pieces with no unquoted whitespace between them.
Piece = tuple[str, bool]


def split_terms(text: str) -> list[list[Piece]]:
    terms: list[list[Piece]] = []
    current: list[Piece] = []
    buf: list[str] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == '"':
            end = text.find('"', i + 1)
            if end < 0:
                start = text.rfind(" ", 0, i) + 1
                raise QueryError(f"unclosed quote in {text[start:].strip()!r}: add the closing \"")
            if buf:
                current.append(("".join(buf), False))
                buf = []
            current.append((text[i + 1 : end], True))
            i = end + 1
            continue
        if ch.isspace():
            if buf:
                current.append(("".join(buf), False))
                buf = []
            if current:
                terms.append(current)
                current = []
        else:
            buf.append(ch)
        i += 1
    if buf:
        current.append(("".join(buf), False))
    if current:
        terms.append(current)
    return _percent_signs_joined(terms)


def _percent_signs_joined(terms: list[list[Piece]]) -> list[list[Piece]]:
    """'img%>25 %': a lone % belongs to the number before it, not to the free-text search."""
    joined: list[list[Piece]] = []
    for term in terms:
        if joined and term == [("%", False)]:
            joined[-1] = [*joined[-1], ("%", False)]
        else:
            joined.append(term)
    return joined


def show_pieces(pieces: Sequence[Piece]) -> str:
    return "".join(f'"{t}"' if q else t for t, q in pieces)


def split_values(pieces: Sequence[Piece]) -> list[tuple[str, bool]]:
    """Split a value on unquoted commas; each item is (text, had_quotes)."""
    items: list[tuple[str, bool]] = []
    buf: list[str] = []
    quoted = False
    started = False
    for text, is_quoted in pieces:
        if is_quoted:
            buf.append(text)
            quoted = started = True
            continue
        parts = text.split(",")
        for k, part in enumerate(parts):
            if k:
                items.append(("".join(buf), quoted))
                buf, quoted, started = [], False, False
            if part:
                buf.append(part)
                started = True
    if started or buf:
        items.append(("".join(buf), quoted))
    # drop empty unquoted items (a trailing comma while typing); keep "" typed in quotes
    return [(t, q) for t, q in items if t or q]


# --- values ---------------------------------------------------------------------------------


def fold(text: str) -> str:
    """Lower-case letters and digits only: the key text equality compares ('J-1' -> 'j1')."""
    return "".join(ch for ch in text.lower() if ch.isalnum())


def fold_equals(expr: pl.Expr, keys: Sequence[str]) -> pl.Expr:
    """fold(value) is one of `keys`.  One anchored regex pass ('j1' -> ^ gap j gap 1 gap $, case-
    insensitive) is ~4x faster than folding every value; long keys (the regex would grow past
    Rust's size limit) fold instead."""
    if sum(len(k) for k in keys) <= _REGEX_KEY_LIMIT:
        gap = _FOLD_PATTERN + "*"
        alternatives = "|".join(gap.join(k) for k in keys)  # keys are letters/digits only
        return expr.str.contains(f"(?i)^{gap}(?:{alternatives}){gap}$")
    return expr.str.to_lowercase().str.replace_all(_FOLD_PATTERN, "").is_in(list(keys))


def number_value(raw: str, shown: str) -> float:
    text = raw.strip().rstrip("%").strip()
    try:
        value = float(text)
    except (ValueError, OverflowError):
        value = math.nan
    if "_" in text or not math.isfinite(value):
        raise QueryError(f"{shown}: {raw!r} is not a number")
    return value


def percent_value(raw: str, shown: str) -> float:
    """A percentage as 0-100: '25%', '25 %' and '25' as written; a fraction below 1 written
    with a decimal point ('0.25', '.5') as that share of 100."""
    text = raw.strip()
    value = number_value(text, shown)
    if not text.endswith("%") and "." in text and 0 <= value < 1:
        return value * 100
    return value


def bool_value(raw: str, shown: str) -> bool:
    word = raw.strip().lower()
    if word in TRUE_WORDS:
        return True
    if word in FALSE_WORDS:
        return False
    raise QueryError(f"{shown}: {raw!r} is not yes or no")


def date_value(raw: str, shown: str) -> dt.date:
    try:
        return dt.date.fromisoformat(raw.strip())
    except ValueError:
        raise QueryError(f"{shown}: {raw!r} is not a date (use YYYY-MM-DD)") from None
