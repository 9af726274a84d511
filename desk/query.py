"""The filter bar of the programs spreadsheet: a tiny query language compiled to Polars.

Pure Polars + stdlib (no Textual).  ``parse_query`` never raises anything but
:class:`QueryError`, whatever the input.

Syntax (terms separated by spaces, all combined with AND)::

    word                  every bare word must appear (case-insensitive substring) in
                          name, city, state, institution or notes
    "two words"           a quoted phrase, searched as one piece
    -word                 rows NOT containing word
    field:value           equality; case- and punctuation-insensitive for text (visa:j1 = J-1);
                          a value that is none of the field's choices is refused with the
                          nearest choices. A set-like field (the registry's set_like: visa)
                          matches by member: visa:J-1 finds J-1 and J-1+H-1B
    n%  n %  0.n          a percent field (img_percent) reads these three alike
    field=value           same as field:value
    field:a,b,"c d"       any of the values
    field!=value          not equal (unknown values are kept)
    field>n  >=  <  <=    numeric comparison (numeric columns, and ISO dates)
    field~text            contains (text columns), e.g. notes~visa
    field:?  field:none   unknown (null); field!=? means known.  For columns whose choices
                          include "none" (visa, signal, research...) field:none is the value
                          "none": use field:? for unknown there
    -field:value          negation of any field term (unknown values are kept)
    booleans              yes/no, true/false, y/n, 1/0

Field names: the column name, a short alias (tier, fit, img, step2, type, elig, rank,
spec...), or the column's label (case- and punctuation-insensitive).
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import polars as pl

from desk.query_fields import (ALIASES, PROGRAM_FIELDS, SEARCH_COLUMNS, canonical, choices_of,
                               including, is_percent, is_set_like, kind_of, label_of, resolve_field)
from desk.query_values import (Piece, QueryError, bool_value, date_value, fold, fold_equals,
                               number_value, percent_value, show_pieces, split_terms, split_values)
from registry.choices import UNKNOWN_WORDS

__all__ = [
    "ALIASES",
    "OPERATORS",
    "Query",
    "QueryError",
    "SEARCH_COLUMNS",
    "SYNTAX_HELP",
    "Term",
    "choices_of",
    "fold",
    "parse_query",
    "resolve_field",
]


OPERATORS = (":", "=", "==", "!=", ">", ">=", "<", "<=", "~")
_OP_WORDS = {">": ">", ">=": "≥", "<": "<", "<=": "≤", "~": "contains"}
_COMPARE = (">", ">=", "<", "<=")
# "none" also means unknown here, except in columns where none is a value (visa:none)
_NULL_WORDS = UNKNOWN_WORDS | {"none"}
_HEAD = re.compile(r"([A-Za-z_][A-Za-z0-9_]*)([:<>=!~]+)(.*)\Z", re.DOTALL)
_MAX_LENGTH = 5000

SYNTAX_HELP = """\
word            rows whose name, city, state, institution or notes contain word
"two words"     search a phrase;  -word excludes rows containing word
field:value     equals (any case/punctuation: visa:j1 matches J-1); a misspelt choice is refused
visa:J-1        a visa policy is a set: J-1 matches J-1 and J-1+H-1B; visa:J-1+H-1B only both
imgpct>25%      percentages: 25%, 25 % and 0.25 are the same
field:a,b       any of a, b;  quote values with spaces: city:"New York"
field!=value    not equal;  -field:value also negates any term
field>n         also >=, <, <= on numbers: fit>60 step2<=230
field~text      contains: notes~visa
field:?         unknown (empty);  field!=? known;  field:none also means unknown,
                except where none is a value: visa:none = no sponsorship
yes / no        for yes-no columns: eras:yes
Fields: column name, label, or alias: tier fit img rank step2 type elig spec visa status state"""


# --- the query --------------------------------------------------------------------------------


@dataclass(frozen=True)
class Term:
    """One field condition, as typed."""

    text: str  # the term as typed (without the leading '-')
    field: str  # resolved column name
    op: str  # one of OPERATORS (':' for '=' and '==')
    values: tuple[Any, ...]  # parsed values; None = unknown
    negated: bool
    label: str
    includes: bool = False  # a set-like field: the term asks which sets hold the value

    def describe(self) -> str:
        shown = [("unknown" if v is None else _fmt(v)) for v in self.values]
        joined = " or ".join(shown)
        if self.op in (":", "!="):
            negative = self.negated != (self.op == "!=")
            if self.includes and None not in self.values:
                return f"{self.label} {'does not include' if negative else 'includes'} {joined}"
            return f"{self.label} {'is not' if negative else 'is'} {joined}"
        phrase = f"{self.label} {_OP_WORDS[self.op]} {joined}"
        return f"not ({phrase})" if self.negated else phrase


def _fmt(value: Any) -> str:
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, str):
        return value if value and not any(c.isspace() for c in value) else f'"{value}"'
    return str(value)


@dataclass(frozen=True)
class Query:
    """A parsed filter: `expression` is the whole filter (fields AND search) or None."""

    text: str = ""
    terms: tuple[Term, ...] = ()
    words: tuple[str, ...] = ()  # free-text words/phrases that must appear
    excluded: tuple[str, ...] = ()  # free-text words that must not appear
    field_expression: pl.Expr | None = None  # the field terms only
    search_conditions: tuple[pl.Expr, ...] = ()  # one per free-text word
    search_columns: tuple[str, ...] = field(default=())

    @property
    def search_expression(self) -> pl.Expr | None:
        """The free-text part only (None without bare words)."""
        return _all(self.search_conditions)

    @property
    def expression(self) -> pl.Expr | None:
        """The whole filter, fields AND free text; None when the query is empty."""
        return _all(([self.field_expression] if self.field_expression is not None else [])
                    + list(self.search_conditions))

    def apply(self, frame: pl.DataFrame) -> pl.DataFrame:
        """`frame.filter(expression)`, but faster: field terms first, then each search word
        on the rows left (substring search is the expensive part)."""
        if self.field_expression is not None:
            frame = frame.filter(self.field_expression)
        for condition in self.search_conditions:
            if frame.height == 0:
                break
            frame = frame.filter(condition)
        return frame

    @property
    def search(self) -> str:
        """The free text (bare words and phrases) — for highlighting matches."""
        return " ".join(f'"{w}"' if " " in w else w for w in self.words)

    @property
    def is_empty(self) -> bool:
        return not (self.terms or self.words or self.excluded)

    def describe(self) -> str:
        parts = [t.describe() for t in self.terms]
        parts += [f'text contains "{w}"' for w in self.words]
        parts += [f'text does not contain "{w}"' for w in self.excluded]
        return " · ".join(parts) if parts else "all programs"


def parse_query(
    text: str, columns: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> Query:
    """Parse filter-bar text against the frame's columns (name -> dtype).

    Raises QueryError (and nothing else) when the text cannot be understood.
    """
    try:
        return _parse(text, columns, labels)
    except QueryError:
        raise
    except Exception as exc:  # pragma: no cover - a safety net; tests run with it off
        if not _SAFETY_NET:
            raise
        raise QueryError(f"could not understand the filter ({exc})") from None


_SAFETY_NET = True


def _parse(text: Any, columns: Mapping[str, Any], labels: Mapping[str, str] | None) -> Query:
    if text is None:
        text = ""
    if not isinstance(text, str):
        raise QueryError("the filter must be text")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        raise QueryError("the filter contains characters that are not valid text") from None
    if len(text) > _MAX_LENGTH:
        raise QueryError(f"the filter is too long (over {_MAX_LENGTH} characters)")
    columns = dict(columns)
    terms: list[Term] = []
    exprs: list[pl.Expr] = []
    words: list[str] = []
    excluded: list[str] = []
    for pieces in split_terms(text):
        negated = False
        first, first_quoted = pieces[0]
        if not first_quoted and first.startswith("-") and (len(first) > 1 or len(pieces) > 1):
            negated = True
            pieces = ([(first[1:], False)] if len(first) > 1 else []) + pieces[1:]
            first, first_quoted = pieces[0]
        head = None if first_quoted else _HEAD.match(first)
        if head is None:
            word = "".join(t for t, _ in pieces).strip().lower()
            if word:
                (excluded if negated else words).append(word)
            continue
        name, op, rest = head.groups()
        value_pieces = ([(rest, False)] if rest else []) + list(pieces[1:])
        shown = ("-" if negated else "") + show_pieces(pieces)
        term, expr = _field_term(name, op, value_pieces, negated, shown, columns, labels)
        terms.append(term)
        exprs.append(expr)

    search_cols = tuple(c for c in SEARCH_COLUMNS if c in columns)
    conditions: list[pl.Expr] = []
    if words or excluded:
        if not search_cols:
            raise QueryError("free-text search needs a name, city, state, institution or notes column")
        conditions = [_contains_word(search_cols, w) for w in words]
        conditions += [~_contains_word(search_cols, w) for w in excluded]
    return Query(
        text=text,
        terms=tuple(terms),
        words=tuple(words),
        excluded=tuple(excluded),
        field_expression=_all(exprs),
        search_conditions=tuple(conditions),
        search_columns=search_cols,
    )


def _all(exprs: Sequence[pl.Expr]) -> pl.Expr | None:
    if not exprs:
        return None
    out = exprs[0]
    for e in exprs[1:]:
        out = out & e
    return out


def _contains_word(columns: Sequence[str], word: str) -> pl.Expr:
    """Some column contains `word`, ignoring case (Unicode-aware); never null."""
    if word.isascii():  # Aho-Corasick, several times faster than a case-insensitive regex
        hits = [pl.col(c).cast(pl.String).str.contains_any([word], ascii_case_insensitive=True)
                for c in columns]
    else:
        pattern = "(?i)" + pl.escape_regex(word)
        hits = [pl.col(c).cast(pl.String).str.contains(pattern) for c in columns]
    return pl.any_horizontal([h.fill_null(False) for h in hits])


def _field_term(
    name: str,
    op: str,
    value_pieces: list[Piece],
    negated: bool,
    shown: str,
    columns: dict[str, Any],
    labels: Mapping[str, str] | None,
) -> tuple[Term, pl.Expr]:
    if op not in OPERATORS:
        raise QueryError(
            f"{shown}: bad operator {op!r} — use one of : != > >= < <= ~ (e.g. fit>60, visa:j1)"
        )
    if op in ("=", "=="):
        op = ":"
    column = resolve_field(name, columns, labels)
    label = label_of(column, labels)
    kind = kind_of(columns[column])
    registry = PROGRAM_FIELDS.get(column)
    none_is_value = registry is not None and "none" in registry.choices
    items = split_values(value_pieces)
    if not items:
        raise QueryError(f"{shown} needs a value after {op!r} (for unknown use {name}:?)")
    if op in _COMPARE + ("~",) and len(items) > 1:
        raise QueryError(f"{shown}: {op} takes one value, not a list")

    values: list[Any] = []
    for raw, quoted in items:
        word = raw.strip().lower()
        is_null = not quoted and (word == "?" or (word in _NULL_WORDS and not (word == "none" and none_is_value)))
        if is_null:
            if op not in (":", "!="):
                raise QueryError(f"{shown}: '?' (unknown) works only with : and !=")
            values.append(None)
            continue
        if op == "~":
            if kind not in ("str", "null"):
                raise QueryError(f"{shown}: ~ (contains) works on text fields only; {label} is not text")
            values.append(raw.lower())
        elif op in _COMPARE:
            if kind == "num" or kind == "null":
                values.append(percent_value(raw, shown) if is_percent(column) else number_value(raw, shown))
            elif kind == "date":
                values.append(date_value(raw, shown))
            elif kind == "str" and registry is not None and registry.kind == "date":
                values.append(date_value(raw, shown).isoformat())
            else:
                raise QueryError(f"{shown}: {op} compares numbers; {label} is not a number field")
        elif kind == "num":
            values.append(percent_value(raw, shown) if is_percent(column) else number_value(raw, shown))
        elif kind == "bool":
            values.append(bool_value(raw, shown))
        elif kind == "date":
            values.append(date_value(raw, shown))
        elif kind in ("str", "null"):
            values.append(canonical(raw, column, label))
        else:
            raise QueryError(f"{shown}: {label} cannot be filtered by value (only {name}:?)")

    matched = values
    if kind == "str" and op in (":", "!="):  # a set-like value matches every set holding it
        matched = [m for v in values for m in ([None] if v is None else including(column, v))]
    expr = _condition(column, kind, op, matched)
    if negated:
        expr = ~expr
    term = Term(text=shown.lstrip("-") if negated else shown, field=column, op=op,
                values=tuple(values), negated=negated, label=label, includes=is_set_like(column))
    return term, expr


def _condition(column: str, kind: str, op: str, values: list[Any]) -> pl.Expr:
    """A boolean expression with no nulls: unknown values never match (except field:?)."""
    col = pl.col(column)
    if kind == "null":  # an all-null column: only "unknown" can match
        matched = col.is_null() if (None in values and op in (":", "!=")) else pl.lit(False)
        return ~matched if op == "!=" else matched
    if kind == "num":
        col = col.cast(pl.Float64).fill_nan(None)
    elif kind == "date":
        col = col.cast(pl.Date)

    if op in _COMPARE:
        value = values[0]
        lit = pl.lit(value, dtype=pl.Float64) if kind == "num" else pl.lit(value)
        cmp = {">": col > lit, ">=": col >= lit, "<": col < lit, "<=": col <= lit}[op]
        return cmp.fill_null(False)

    known = [v for v in values if v is not None]
    if op == "~":
        text = col.cast(pl.String).str.to_lowercase()
        return text.str.contains(known[0], literal=True).fill_null(False)

    parts: list[pl.Expr] = []
    if None in values:
        parts.append(col.is_null())
    if known:
        if kind == "str":
            keys = sorted({fold(v) for v in known})
            parts.append(fold_equals(col.cast(pl.String), keys))
        elif kind == "num":
            parts.append(col.is_in(sorted(set(known))))
        elif kind == "bool":
            parts.append(col.is_in(sorted(set(known))))
        else:  # date
            parts.append(col.is_in(sorted(set(known))))
    matched = parts[0]
    for p in parts[1:]:
        matched = matched | p
    matched = matched.fill_null(False)
    return ~matched if op == "!=" else matched

