"""The scoring expressions, built once per applicant, priorities and settings, and what each
computed column is computed from.

Building Polars expressions costs more than running them on a few thousand rows, so the plan
is cached. Each stage reads the columns of the stages before it (the first stores the codes
several rules share, scoring.codes). The first stages read no setting: plans share them. The
later ones are built per plan, and each rule that comes out as it did in an earlier plan (its
settings and facts equal) is that plan's very expression: a full rescore keeps the columns of a
rule whose expression and columns read are the same (scoring.reuse), so a settings change
computes again only the rules that read it.
`reads` follows every column back through the stages to the program and interview columns it
comes from, so the one-row path can compute again only what an edit touches and keep the rest.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from typing import Iterable

import polars as pl

from scoring import codes, fit, gates, img, priorities, rank, region, signals, tiers
from scoring.facts import Facts
from scoring.priorities import Priority


@dataclass(frozen=True, eq=False)  # a plan is one object per applicant and settings (build's
class Plan:                          # cache): hashed by identity, as what the one-row path caches
    interview: tuple[pl.Expr, ...]  # computed on the latest interviews, before the join
    stages: tuple[dict[str, pl.Expr], ...]  # output name -> expression, named
    direct: dict[str, frozenset[str]]  # stage output -> the stage outputs it reads
    reads: dict[str, frozenset[str]]  # stage output -> the input columns it depends on
    roots: dict[str, frozenset[str]]  # stage output -> every column its expression names
    shared: int  # the first stages, built once for every plan (per facts: facts_stage)

    def named(self, stage: dict[str, pl.Expr], only: frozenset[str] | None = None) -> list[pl.Expr]:
        return list(stage.values()) if only is None else [e for n, e in stage.items() if n in only]

    def outputs_reading(self, changed: Iterable[str]) -> frozenset[str]:
        """The stage outputs that depend on any of the input columns `changed`."""
        changed = frozenset(changed)
        return frozenset(name for name, read in self.reads.items() if read & changed)

    def needed_for(self, outputs: frozenset[str], kept: frozenset[str]) -> frozenset[str]:
        """`outputs` and every stage output they read, through the stages, that is not in
        `kept` (the hidden codes, which the scored frame does not keep)."""
        needed, todo = set(outputs), list(outputs)
        while todo:
            for name in self.direct[todo.pop()]:
                if name not in needed and name not in kept:
                    needed.add(name)
                    todo.append(name)
        return frozenset(needed)


def _plan(interview: tuple[pl.Expr, ...], stages: tuple[dict[str, pl.Expr], ...], shared: int) -> Plan:
    direct: dict[str, frozenset[str]] = {}
    reads: dict[str, frozenset[str]] = {}
    named: dict[str, frozenset[str]] = {}
    for stage in stages:
        for name, expr in stage.items():
            if expr.meta.is_regex_projection() or expr.meta.has_multiple_outputs():
                raise ValueError(f"{name}: a rule must name the columns it reads")
            roots = expr.meta.root_names()
            named[name] = frozenset(roots)
            direct[name] = frozenset(r for r in roots if r in reads)
            reads[name] = frozenset().union(*(reads.get(r, {r}) for r in roots))
    return Plan(interview, stages, direct, reads, named, shared)


@functools.cache
def program_stage() -> dict[str, pl.Expr]:
    """The first stage: the columns that read program columns alone (no setting, no applicant
    fact). Built once, so every plan shares its expressions, and a full rescore keeps each
    column while the columns it reads are equal (scoring.reuse)."""
    return _named({**codes.columns(), **region.columns(), **img.columns()})


@functools.lru_cache(maxsize=8)
def facts_stage(f: Facts) -> dict[str, pl.Expr]:
    """The second: the gates and the IR tier, which read the applicant's facts and no setting.
    Plans for the same facts share it, so a settings change keeps its columns."""
    return _named({**gates.columns(f), **tiers.columns_ir_tier(f)})


@functools.cache
def gated_stage() -> dict[str, pl.Expr]:
    """The third: what reads the gates and no fact or setting of its own."""
    return _named({**signals.columns(), **tiers.columns_tier_code()})


SHARED_STAGES = 3  # program_stage, facts_stage, gated_stage
STAGES = SHARED_STAGES + 3  # and the three of build


def _named(stage: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    return {n: e.alias(n) for n, e in stage.items()}


# serialized expression -> the first expression that serialized so: the same rule under equal
# settings and facts is one object in every plan (oldest dropped beyond the bound)
_INTERNED: dict[bytes, pl.Expr] = {}
_INTERNED_AT_MOST = 512


def _interned(stage: dict[str, pl.Expr]) -> dict[str, pl.Expr]:
    out = {}
    for name, expr in stage.items():
        key = expr.meta.serialize(format="binary")
        out[name] = _INTERNED.setdefault(key, expr)
        if len(_INTERNED) > _INTERNED_AT_MOST:
            _INTERNED.pop(next(iter(_INTERNED)), None)
    return out


@functools.lru_cache(maxsize=8)
def build(f: Facts, pri: tuple[Priority, ...], settings_items: tuple) -> Plan:
    s = dict(settings_items)
    stages = (
        {"years_since_graduation": pl.lit(f.years, pl.Int64), **tiers.columns_typical(s),
         **priorities.must_codes(pri, f, s), **rank.columns(f, s)},
        {**tiers.columns_tier(f, s), **priorities.columns(pri, f, s)},
        fit.columns(f, s, pri),
    )
    interview = tuple(e.alias(n) for n, e in rank.interview_columns(s).items())
    shared = (program_stage(), facts_stage(f), gated_stage())  # SHARED_STAGES of them
    return _plan(interview, (*shared, *(_interned(_named(stage)) for stage in stages)), len(shared))
