"""Which column a filter term names, and what values it holds."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import polars as pl

from desk.query_values import QueryError, fold
from registry.computed import computed, is_computed
from registry.choices import SET_JOIN
from registry.fields import TABLES

SEARCH_COLUMNS: tuple[str, ...] = ("name", "city", "state", "institution", "notes")
"""Columns searched by bare words."""

ALIASES: dict[str, str] = {
    "elig": "eligibility",
    "reasons": "eligibility_reasons",
    "img": "img_score",
    "rank": "rank_score",
    "step2": "step2_min",
    "step2min": "step2_min",
    "typical": "typical_step2",
    "type": "program_type",
    "spec": "specialty",
    "specialty": "specialty",
    "inst": "institution",
    "yog": "grad_limit_years",
    "imgpct": "img_percent",
    "imgs": "img_presence",
    "ir": "ir_pathway",
    "policy": "fail_policy",
    "fail": "fail_policy",
    "residents": "residents_per_year",
    "spots": "residents_per_year",
    "code": "program_code",
    "trauma": "level1_trauma",
    "children": "childrens_hospital",
    "tertiary": "tertiary_center",
    "family": "near_family",
    "col": "cost_of_living",
    "ask": "ask_by_email",
    "pfit": "personal_fit",
}
"""Short field names typed in the filter bar -> column name (used when the column exists)."""

PROGRAM_FIELDS = {f.name: f for f in TABLES["programs"]}


def choices_of(column: str) -> tuple[str, ...]:
    """The known values of an enum-like column (registry choices or computed), else ()."""
    if is_computed(column):
        return computed(column).choices
    registry = PROGRAM_FIELDS.get(column)
    return registry.choices if registry is not None else ()


def canonical(raw: str, column: str, label: str) -> str:
    """The choice `raw` folds to (visa:j1 -> 'J-1'); raw itself for a column without choices.
    A value that is none of the column's choices is refused, with the nearest ones named.
    For a set-like column each member is read on its own (visa:h1b+j1 -> 'J-1+H-1B')."""
    choices = choices_of(column)
    if not choices:
        return raw
    fld = PROGRAM_FIELDS.get(column)
    if fld is not None and fld.set_like:
        members = list(dict.fromkeys(m for choice in choices for m in choice.split(SET_JOIN)))
        typed = [_choice(part, members, label) for part in raw.split(SET_JOIN)]
        wanted = frozenset(typed)
        # the choice with exactly these members, when there is one (its own order of members)
        return next((c for c in choices if fld.members(c) == wanted), SET_JOIN.join(typed))
    return _choice(raw, choices, label)


def _choice(raw: str, choices, label: str) -> str:
    key = fold(raw)
    for choice in choices:
        if fold(choice) == key:
            return choice
    by_fold = {fold(c): c for c in choices}
    close = difflib.get_close_matches(key, list(by_fold), n=2, cutoff=0.6)
    hint = f" — did you mean {' or '.join(by_fold[c] for c in close)}?" if close else \
        f" — one of {', '.join(choices)}"
    name = label if label[:2].isupper() else label[:1].lower() + label[1:]
    raise QueryError(f"unknown {name} {raw.strip()!r}{hint}")


def including(column: str, value: str) -> list[str]:
    """The choices a value of a set-like column matches: those holding all its members
    (visa:J-1 -> J-1 and J-1+H-1B). Any other column: the value itself."""
    fld = PROGRAM_FIELDS.get(column)
    if fld is None or not fld.set_like:
        return [value]
    wanted = fld.members(value)
    return [c for c in fld.choices if fld.members(c) >= wanted] or [value]


def is_set_like(column: str) -> bool:
    fld = PROGRAM_FIELDS.get(column)
    return fld is not None and fld.set_like


def is_percent(column: str) -> bool:
    fld = PROGRAM_FIELDS.get(column)
    return fld is not None and fld.percent


def kind_of(dtype: Any) -> str:
    """'num', 'bool', 'str', 'date', 'null' or 'other' for a Polars dtype (class or instance)."""
    try:
        if dtype == pl.Boolean:
            return "bool"
        if dtype in (pl.String, pl.Categorical, pl.Enum):
            return "str"
        if dtype == pl.Null:
            return "null"
        if dtype in (pl.Date, pl.Datetime):
            return "date"
        if dtype.is_numeric():
            return "num"
    except Exception:  # an exotic or bogus dtype object
        return "other"
    return "other"


def label_of(name: str, labels: Mapping[str, str] | None) -> str:
    if labels and name in labels:
        return str(labels[name])
    if name in PROGRAM_FIELDS:
        return PROGRAM_FIELDS[name].label
    return computed(name).label if is_computed(name) else name


def resolve_field(
    word: str, columns: Mapping[str, Any], labels: Mapping[str, str] | None = None
) -> str:
    """The column `word` names: exact column, short alias, label, registry alias; else QueryError."""
    if word in columns:
        return word
    lower = word.lower()
    for name in columns:
        if name.lower() == lower:
            return name
    target = ALIASES.get(lower)
    if target in columns:
        return target  # type: ignore[return-value]
    key = fold(word)
    for name in columns:
        if fold(label_of(name, labels)) == key:
            return name
        if is_computed(name) and fold(computed(name).short) == key:
            return name
    by_registry_alias = {
        n for n, f in PROGRAM_FIELDS.items() if n in columns and any(fold(a) == key for a in f.aliases)
    }
    if len(by_registry_alias) == 1:
        return by_registry_alias.pop()
    candidates = {n.lower(): n for n in columns}
    candidates.update({a: a for a, t in ALIASES.items() if t in columns})
    close = difflib.get_close_matches(lower, list(candidates), n=3, cutoff=0.6)
    hint = f" — did you mean {' or '.join(close)}?" if close else ""
    return _raise(f"unknown field {word!r}{hint}")


def _raise(message: str) -> Any:
    raise QueryError(message)
