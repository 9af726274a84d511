"""Which column a filter term names, and what values it holds."""

from __future__ import annotations

import difflib
from collections.abc import Mapping
from typing import Any

import polars as pl

from desk.query_values import QueryError, fold
from registry.computed import computed, is_computed
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


def canonical(raw: str, column: str) -> str:
    """The choice `raw` folds to (visa:j1 -> 'J-1'), for describe(); else raw as typed."""
    key = fold(raw)
    for choice in choices_of(column):
        if fold(choice) == key:
            return choice
    return raw


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
