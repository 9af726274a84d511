"""score_all / rescore_rows / why: the one entry point the UI calls.

Every per-program column depends only on its own row plus applicant-wide facts, the program's
latest interview and its Match history. The one-row path computes again only the columns an
edit touches, by the very same expressions, and keeps the others from the scored frame. Why
sentences are built lazily, for the requested rows only, by expressions over the same columns
the scores use.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass, field
from typing import Any, Iterable

import polars as pl

from scoring import applicant, fit, gates, history, img, plan, priorities, rank, region, signals, strategy, tiers
from scoring.applicant import AppCount, Rating
from scoring.facts import Facts, applicant_facts
from scoring.plan import Plan
from scoring.priorities import Priority
from scoring.strategy import Strategy
from scoring.reuse import Reused, ReusedColumns
from scoring.run import collect
from registry.computed import COMPUTED_NAMES
from registry.specialties import INTEGRATED_IR
from registry.schema import polars_schema
from scoring.tier_balance import BalanceLine, balance_lines, tier_counts_of

@dataclass(frozen=True)
class ApplicantAssessment:
    facts: Facts
    self_assessment: list[Rating]
    risk_category: str  # higher-likelihood / moderate-risk / high-risk / unclear
    risk_rule: str
    step2_band: str
    step2_band_reason: str
    strategy: Strategy
    recommended: list[AppCount]
    balance: list[BalanceLine]


@dataclass(frozen=True)
class ScoredFrames:
    programs: pl.DataFrame  # input programs + COMPUTED_NAMES, same row order
    applicant: ApplicantAssessment
    facts: Facts
    priorities: tuple[Priority, ...]
    settings: dict[str, Any]
    today: dt.date
    frames: dict[str, pl.DataFrame]  # the inputs, kept so why() can rebuild any row
    # The tables as they were scored (`frames` is the caller's dict, which it may change in
    # place): the one-row path trusts the scores only while these are the tables it is given.
    scored_tables: dict[str, pl.DataFrame] = field(default_factory=dict)
    interview_rows: pl.DataFrame | None = None  # latest interview per program, rank columns added
    plan: Plan | None = None  # the expressions the scores came from (facts, priorities, settings)
    # The columns scoring computed and does not show (the codes, the interview ratings), in the
    # row order of scored_tables["programs"]: the one-row path keeps those an edit leaves as they
    # were instead of computing them again.
    hidden: pl.DataFrame | None = None


def _table(frames: dict[str, pl.DataFrame], name: str) -> pl.DataFrame:
    frame = frames.get(name)
    return frame if frame is not None else _empty(name)


@functools.lru_cache(maxsize=None)
def _empty(name: str) -> pl.DataFrame:
    return pl.DataFrame(schema=polars_schema(name))  # made once: a frame costs more than its rows


def _why_years(f: Facts, today: dt.date) -> dict[str, pl.Expr]:
    if f.years is None:
        text = "Graduation year not in your profile."
    elif f.years == 0:
        text = f"Graduation year {f.graduation_year}, {today.year} now: 0 years."
    else:
        text = (f"Graduated {f.graduation_year}; "
                f"{today.year} - {f.graduation_year} = {f.years} years.")
    return {"years_since_graduation": pl.lit(text)}


def _plan(f: Facts, pri: tuple[Priority, ...], s: dict[str, Any]) -> Plan:
    return plan.build(f, pri, tuple(sorted(s.items())))


def _interview_rows(interviews: pl.DataFrame, p: Plan) -> pl.DataFrame:
    return collect(rank.latest_interviews(interviews).with_columns(p.interview))


def _joined(programs: pl.DataFrame, interview_rows: pl.DataFrame,
            history_facts: pl.DataFrame) -> pl.LazyFrame:
    """The programs with their latest interview's columns and their Match history facts.
    Without any interview every program's columns are null: written as constants, which
    costs less than a join."""
    work = programs.lazy()
    if interview_rows.is_empty():
        work = work.with_columns(pl.lit(None, dtype).alias(name)
                                 for name, dtype in interview_rows.schema.items() if name != "program_id")
    else:
        work = work.join(interview_rows.lazy(), left_on="id", right_on="program_id", how="left",
                         maintain_order="left")
    return history.with_history(work, history_facts)


def _aligned(ids: pl.Series, interview_rows: pl.DataFrame, history_facts: pl.DataFrame) -> list[pl.Series]:
    """The interview and history columns of _joined, lined up with the programs `ids`."""
    return collect(_joined(ids.to_frame(), interview_rows, history_facts)).get_columns()[1:]


def _staged(work: pl.LazyFrame, p: Plan, only: frozenset[str] | None = None) -> pl.LazyFrame:
    for stage in p.stages:
        exprs = p.named(stage, only)
        if exprs:
            work = work.with_columns(exprs)
    return work


def _scored_rows(programs: pl.DataFrame, joined: list[pl.Series], p: Plan,
                 reuse: bool = False) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(The programs with their computed columns, the hidden columns: ScoredFrames.hidden),
    from their _aligned columns. With `reuse`, each stage's columns are kept from the last full
    rescore while their expressions and the columns they read are the same (scoring.reuse)."""
    if not reuse:
        scored = collect(_staged(programs.hstack(joined).lazy(), p))
        columns = dict(zip(scored.columns[programs.width:], scored.get_columns()[programs.width:]))
    else:
        columns = {c.name: c for c in joined}
        for stage, reused in zip(p.stages, _STAGES):
            columns.update(zip(stage, reused.get(programs, stage, p.roots, columns)))
    hidden = pl.DataFrame([c for name, c in columns.items() if name not in _COMPUTED])
    return programs.hstack([columns[c] for c in COMPUTED_NAMES]), hidden  # cheaper than a select


def _history(frames: dict[str, pl.DataFrame], s: dict[str, Any],
             ids: list[int] | None = None) -> pl.DataFrame:
    """History facts of the programs `ids` (or all), measured against the whole record's years."""
    record = _table(frames, "match_history")
    years = history.record_years(record)
    if ids is not None:
        record = record.filter(pl.col("program_id").is_in(ids))
    return history.history_facts(record, int(s["history.new_within_years"]), years)


_FACTS: Reused[Facts] = Reused()
_PRIORITIES: Reused[tuple[Priority, ...]] = Reused()


def _inputs(frames: dict[str, pl.DataFrame], s: dict[str, Any], today: dt.date):
    profile, usce, wanted = _table(frames, "profile"), _table(frames, "usce"), _table(frames, "priorities")
    f = _FACTS.get(today, (profile, usce), lambda: applicant_facts(profile, usce, today))
    return f, _PRIORITIES.get(priorities.weights(s), (wanted,), lambda: priorities.read_priorities(wanted, s))


# What assess reads of the programs: the radiology list's tier counts (specialty, status,
# tier) and the integrated IR programs open (specialty, eligibility). An edit that leaves these
# as they were on its rows leaves the assessment as it was.
ASSESSED_COLUMNS = ("specialty", "status", "tier", "eligibility")


def assess(f: Facts, s: dict[str, Any], programs: pl.DataFrame) -> ApplicantAssessment:
    ratings = applicant.self_assessment(f, s)
    category, rule = applicant.risk(f, s)
    band, band_reason = applicant.step2_band(f, s)
    decided = strategy.decide(f, s, ratings, category, rule)
    counts = tier_counts_of(programs)
    # Series operations, not a query: nothing to plan
    integrated_open = ((programs.get_column("specialty") == INTEGRATED_IR)
                       & (programs.get_column("eligibility") != "ineligible")).sum()
    return ApplicantAssessment(
        f, ratings, category, rule, band, band_reason, decided,
        strategy.counts(f, s, decided.kind, integrated_open),
        balance_lines(counts, s))


# what a full rescore derives from the interviews and the Match history (scoring.reuse)
_INTERVIEW_ROWS: Reused[pl.DataFrame] = Reused()
_PROGRAMS: Reused[pl.DataFrame] = Reused()
_HISTORY_FACTS: Reused[pl.DataFrame] = Reused()
_ALIGNED: Reused[list[pl.Series]] = Reused()
_STAGES = tuple(ReusedColumns() for _ in range(plan.STAGES))
_ASSESSMENT: Reused[ApplicantAssessment] = Reused()  # while the facts, settings and ASSESSED_COLUMNS are


def score_all(frames: dict[str, pl.DataFrame], settings: dict[str, Any],
              today: dt.date | None = None) -> ScoredFrames:
    today = today or dt.date.today()
    f, pri = _inputs(frames, settings, today)
    p = _plan(f, pri, settings)
    # an equal programs frame read again is scored as the last one: one compare of the whole
    # frame, then every stage finds its columns by identity instead of comparing each again
    programs = _PROGRAMS.get(None, (_table(frames, "programs"),), lambda: _table(frames, "programs"))
    interviews = _table(frames, "interviews")
    interview_rows = _INTERVIEW_ROWS.get(tuple(rank.setting_weights(settings).items()), (interviews,),
                                         lambda: _interview_rows(interviews, p))
    history_facts = _HISTORY_FACTS.get(int(settings["history.new_within_years"]),
                                       (_table(frames, "match_history"),),
                                       lambda: _history(frames, settings))
    ids = programs.get_column("id")
    joined = _ALIGNED.get(None, (ids, interview_rows, history_facts),
                          lambda: _aligned(ids, interview_rows, history_facts))
    scored, hidden = _scored_rows(programs, joined, p, reuse=True)
    assessed = _ASSESSMENT.get((f, dict(settings)), tuple(scored.get_column(c) for c in ASSESSED_COLUMNS),
                               lambda: assess(f, settings, scored))
    return ScoredFrames(scored, assessed, f, pri, settings, today, frames,
                        dict(frames), interview_rows, p, hidden)


def rescore_rows(scored: ScoredFrames, frames: dict[str, pl.DataFrame], settings: dict[str, Any],
                 program_ids: Iterable[int], today: dt.date | None = None) -> pl.DataFrame:
    """The rows `program_ids` as score_all(frames, settings, today) would give them, in frame
    order. `today` defaults to the date `scored` used, so a row never disagrees with its
    neighbours across midnight."""
    today = today or scored.today
    ids = list(program_ids)
    rows = _edited_rows(scored, frames, settings, ids, today)
    if rows is not None:
        return rows
    f, pri = _inputs(frames, settings, today)
    p = _plan(f, pri, settings)
    programs = _table(frames, "programs").filter(pl.col("id").is_in(ids))
    interviews = _table(frames, "interviews").filter(pl.col("program_id").is_in(ids))
    joined = _aligned(programs.get_column("id"), _interview_rows(interviews, p),
                      _history(frames, settings, ids))
    return _scored_rows(programs, joined, p)[0]


_APPLICANT_TABLES = ("profile", "usce", "priorities")
_COMPUTED = frozenset(COMPUTED_NAMES)


def _same_applicant(scored: ScoredFrames, frames: dict[str, pl.DataFrame],
                    settings: dict[str, Any], today: dt.date) -> bool:
    if today != scored.today or (settings is not scored.settings and settings != scored.settings):
        return False
    if all(frames.get(t) is scored.scored_tables.get(t) for t in _APPLICANT_TABLES):
        return True
    return _inputs(frames, settings, today) == (scored.facts, scored.priorities)


def _edited_rows(scored: ScoredFrames, frames: dict[str, pl.DataFrame], settings: dict[str, Any],
                 ids: list[int], today: dt.date) -> pl.DataFrame | None:
    """The rows `ids` from the scored frame, with only the columns computed from the program
    values that changed computed again; None when more than program values changed (the
    applicant, settings, date, interviews or Match history) or a row is new."""
    if (scored.interview_rows is None
            or any(frames.get(t) is not scored.scored_tables.get(t) for t in ("interviews", "match_history"))
            or not _same_applicant(scored, frames, settings, today)):
        return None
    programs, before_all = _table(frames, "programs"), scored.programs
    columns, width = programs.columns, programs.width
    if before_all.columns[:width] != columns or before_all.dtypes[:width] != programs.dtypes:
        return None
    program_ids, scored_ids = programs.get_column("id"), before_all.get_column("id")
    positions = sorted({p for p in (position_of(program_ids, i) for i in ids) if p is not None})
    before_positions = _positions_in(scored_ids, program_ids, positions)
    if not positions or None in before_positions:
        return None
    after, before = _rows_at(programs, positions), _rows_at(before_all, before_positions)
    p = scored.plan or _plan(scored.facts, scored.priorities, settings)
    after_rows = after.rows()
    changed = _changed(columns, after_rows, before.rows())
    stale = _outputs_reading(p, changed) & _COMPUTED
    # columns are picked by position and stacked eagerly: selecting them by name costs more
    computed = [before.to_series(j) for j in range(width, width + len(COMPUTED_NAMES))]
    if not stale:
        return after.hstack(computed)
    hidden, kept = _hidden_rows(scored, columns, program_ids, positions, after_rows, p)
    query = _row_query(p, tuple(columns), stale, kept)
    first, *rest = (*(after.get_column(c) for c in query.program_columns),
                    *(computed[_COMPUTED_AT[c]] for c in query.computed_columns),
                    *(hidden.get_column(c) for c in query.hidden_columns))
    work = first.to_frame().hstack(rest).lazy()  # stacked: the DataFrame constructor checks more
    if query.joins_interviews:
        interviews = scored.interview_rows[["program_id", *rank.INTERVIEW_COLUMNS]]
        work = work.join(interviews.lazy(), left_on="id", right_on="program_id", how="left",
                         maintain_order="left")
    for exprs in query.stages:
        work = work.with_columns(exprs)
    fresh = collect(work)  # columns taken by name below: a select node costs more than that
    for c in query.stale:
        computed[_COMPUTED_AT[c]] = fresh.get_column(c)
    return after.hstack(computed)


_COMPUTED_AT = {c: j for j, c in enumerate(COMPUTED_NAMES)}


def _changed(columns: list[str], after: list[tuple], before: list[tuple]) -> frozenset[str]:
    """The columns whose value differs in any row of `after` from the same row of `before`."""
    return frozenset(c for c, a, b in zip(columns, zip(*after), zip(*before)) if a != b)


@functools.lru_cache(maxsize=256)
def _outputs_reading(p: Plan, changed: frozenset[str]) -> frozenset[str]:
    return p.outputs_reading(changed)


@dataclass(frozen=True)
class _RowQuery:
    """What the one-row path computes again for an edit of some columns, worked out once per
    plan and edit kind: making the lists costs more than the rest of the Python around it."""
    stale: list[str]  # the computed columns to compute again
    program_columns: list[str]  # the columns the expressions read, from the edited rows
    computed_columns: list[str]  # ... from the scored rows' computed columns
    hidden_columns: list[str]  # ... from the hidden columns still right
    joins_interviews: bool  # ... and the interview ratings, when not kept
    stages: tuple[list[pl.Expr], ...]  # the expressions to run, one with_columns each


@functools.lru_cache(maxsize=64)
def _row_query(p: Plan, columns: tuple[str, ...], stale: frozenset[str], kept: frozenset[str]) -> _RowQuery:
    needed = p.needed_for(stale, (_COMPUTED - stale) | kept)
    # only the columns the expressions name, each taken by name: every node of the query
    # copies the schema of its input, and a whole row's Series cost more to wrap
    read = {"id"}.union(*(p.roots[n] for n in needed)) - needed
    return _RowQuery(
        [c for c in COMPUTED_NAMES if c in stale], [c for c in columns if c in read],
        [c for c in COMPUTED_NAMES if c in read], [c for c in sorted(kept) if c in read],
        any(p.reads[n] & _INTERVIEW_COLUMNS for n in needed) and not _INTERVIEW_COLUMNS <= kept,
        _levels(p, needed))


def _levels(p: Plan, needed: frozenset[str]) -> tuple[list[pl.Expr], ...]:
    """The expressions of `needed`, each in the first with_columns after all it reads: with
    the kept columns read from the frame, most run sooner than their stage, in fewer nodes."""
    level: dict[str, int] = {}
    for stage in p.stages:
        for name in stage:
            if name in needed:
                level[name] = 1 + max((level[d] for d in p.direct[name] if d in needed), default=0)
    levels: list[list[pl.Expr]] = [[] for _ in range(max(level.values(), default=0))]
    for stage in p.stages:
        for name, expr in stage.items():
            if name in needed:
                levels[level[name] - 1].append(expr)
    return tuple(levels)


_INTERVIEW_COLUMNS = frozenset(rank.INTERVIEW_COLUMNS)


def _hidden_rows(scored: ScoredFrames, columns: list[str], ids: pl.Series, positions: list[int],
                 rows: list[tuple], p: Plan) -> tuple[pl.DataFrame | None, frozenset[str]]:
    """(The hidden columns of the rows at `positions` of the programs (`columns`, `ids`; the
    rows there: `rows`) as they were scored, the names of those still right: none reads a
    program value changed since). `hidden` follows the programs as scored: the scored frame
    the workspace keeps is patched with one-row results, `hidden` is not."""
    as_scored = scored.scored_tables.get("programs")
    if scored.hidden is None or as_scored is None or as_scored.columns != columns:
        return None, frozenset()
    places = _positions_in(as_scored.get_column("id"), ids, positions)
    if None in places:
        return None, frozenset()
    changed = _changed(columns, rows, [as_scored.row(place) for place in places])  # a row: no frame
    return _rows_at(scored.hidden, places), frozenset(scored.hidden.columns) - _outputs_reading(p, changed)


def _positions_in(other_ids: pl.Series, ids: pl.Series, positions: list[int]) -> list[int | None]:
    """Where the rows at `positions` of `ids` are in `other_ids`: a row mostly keeps its
    position, so that is checked before it is searched for."""
    return [q if q < other_ids.len() and other_ids[q] == ids[q] else position_of(other_ids, ids[q])
            for q in positions]


def position_of(ids: pl.Series, value: int) -> int | None:
    """Where `value` is in `ids`: a compare and an arg-max, no query planned (Series.index_of
    plans one)."""
    position = (ids == value).arg_max()
    return position if position is not None and ids[position] == value else None


def _rows_at(frame: pl.DataFrame, positions: list[int]) -> pl.DataFrame:
    """A few rows by position: a slice per row costs less than a gather or a scan-and-filter."""
    if len(positions) == 1:
        return frame.slice(positions[0], 1)
    return pl.concat([frame.slice(p, 1) for p in positions], rechunk=True)


@functools.lru_cache(maxsize=8)
def _why_plan(f: Facts, pri: tuple[Priority, ...], settings_items: tuple,
              today: dt.date) -> tuple[tuple[list[pl.Expr], ...], list[pl.Expr]]:
    """(stages of shared phrases, one sentence expression per computed column in
    COMPUTED_NAMES order)."""
    s = dict(settings_items)
    exprs = {**region.why(), **img.why(), **gates.why(), **tiers.why(f, s),
             **priorities.why(pri), **fit.why(f, s, pri), **rank.why(s), **_why_years(f, today),
             **signals.why(), **history.why()}
    first, *later = tiers.why_parts(f)
    parts = tuple([e.alias(n) for n, e in stage.items()] for stage in ({**first, **history.why_parts()}, *later))
    return parts, [exprs[c].alias(c) for c in COMPUTED_NAMES]


# computed columns the joins of why_frame bring back with the interview and history columns
_JOINED_AGAIN = frozenset(("rank_score", *history.HISTORY_COLUMNS))


def why_frame(scored: ScoredFrames, program_ids: Iterable[int]) -> pl.DataFrame:
    """`id` plus one sentence per computed column, for the requested programs only. The
    sentences read the scored rows, so the scores are not computed again; only the hidden
    columns they read are (the codes, the interview ratings, the history sentence)."""
    ids = list(program_ids)
    s = scored.settings
    p = _plan(scored.facts, scored.priorities, s)
    rows = collect(scored.programs.lazy().filter(pl.col("id").is_in(ids)))
    rows = rows[[c for c in rows.columns if c not in _JOINED_AGAIN]]
    if scored.interview_rows is not None:
        interview_rows = collect(scored.interview_rows.lazy().filter(pl.col("program_id").is_in(ids)))
    else:
        interviews = _table(scored.frames, "interviews")
        interview_rows = _interview_rows(interviews.filter(pl.col("program_id").is_in(ids)), p)
    met = [e.alias(n) for n, e in priorities.met_columns(scored.priorities, scored.facts, s).items()]
    parts, sentences = _why_plan(scored.facts, scored.priorities, tuple(sorted(s.items())), scored.today)
    hidden = frozenset(r for e in (*met, *(e for stage in parts for e in stage), *sentences)
                       for r in e.meta.root_names() if r in p.reads and r not in _COMPUTED)
    work = _staged(_joined(rows, interview_rows, _history(scored.scored_tables or scored.frames, s, ids)),
                   p, p.needed_for(hidden, _COMPUTED))
    for stage in (met, *parts):
        work = work.with_columns(stage)
    return collect(work.select("id", *sentences))


def why(scored: ScoredFrames, program_id: int) -> dict[str, str]:
    rows = why_frame(scored, [program_id])
    if not rows.height:
        raise KeyError(f"no program with id {program_id}")
    row = rows.row(0, named=True)
    return {c: row[c] for c in COMPUTED_NAMES}


def tier_counts(scored: ScoredFrames) -> dict[str, int]:
    return tier_counts_of(scored.programs)


def balance(scored: ScoredFrames, settings: dict[str, Any]) -> list[BalanceLine]:
    return balance_lines(tier_counts_of(scored.programs), settings)
