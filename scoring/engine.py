"""score_all / rescore_rows / why: the one entry point the UI calls.

Every per-program column depends only on its own row plus applicant-wide facts, so the
one-row path runs the very same stages on the filtered rows. Why sentences are built
lazily, for the requested rows only, by expressions over the same columns the scores use.
"""

from __future__ import annotations

import datetime as dt
import functools
from dataclasses import dataclass
from typing import Any, Iterable

import polars as pl

from scoring import applicant, fit, gates, history, img, priorities, rank, region, signals, strategy, tiers
from scoring.applicant import AppCount, Rating
from scoring.facts import Facts, applicant_facts
from scoring.priorities import Priority
from scoring.strategy import Strategy
from scoring.run import collect
from registry.computed import COMPUTED_NAMES
from registry.specialties import INTEGRATED_IR
from registry.schema import polars_schema
from scoring.tier_balance import TIER_COUNTS, BalanceLine, balance_lines, tier_counts_of

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


def _table(frames: dict[str, pl.DataFrame], name: str) -> pl.DataFrame:
    frame = frames.get(name)
    return frame if frame is not None else pl.DataFrame(schema=polars_schema(name))


def _why_years(f: Facts, today: dt.date) -> dict[str, pl.Expr]:
    if f.years is None:
        text = "Graduation year not in your profile."
    elif f.years == 0:
        text = f"Graduation year {f.graduation_year}, {today.year} now: 0 years."
    else:
        text = (f"Graduated {f.graduation_year}; "
                f"{today.year} - {f.graduation_year} = {f.years} years.")
    return {"years_since_graduation": pl.lit(text)}


@functools.lru_cache(maxsize=8)
def _plan(f: Facts, pri: tuple[Priority, ...], settings_items: tuple) -> tuple:
    """(interview columns, program stages), built once per applicant, priorities and settings:
    building Polars expressions costs more than running them on a few thousand rows.
    Stage two reads columns of stage one; two stages with inlined helpers ran fastest."""
    s = dict(settings_items)
    stages = (
        {**region.columns(), **img.columns(), **tiers.columns_typical(s), **gates.columns(f),
         **tiers.columns_ir_tier(f), **priorities.columns(pri, f, s), **rank.columns(f, s),
         "years_since_graduation": pl.lit(f.years, pl.Int64)},
        {**tiers.columns_tier(f, s), **fit.columns(f, s, pri), **signals.columns()},
    )
    named = [[e.alias(name) for name, e in stage.items()] for stage in stages]
    return [e.alias(n) for n, e in rank.interview_columns(s).items()], named


def _lazy_work(programs: pl.DataFrame, interviews: pl.DataFrame, match_history: pl.DataFrame,
               f: Facts, pri: tuple[Priority, ...], s: dict[str, Any]) -> pl.LazyFrame:
    interview, stages = _plan(f, pri, tuple(sorted(s.items())))
    iv = rank.latest_interviews(interviews).with_columns(interview)
    work = programs.lazy().join(iv, left_on="id", right_on="program_id", how="left",
                                maintain_order="left")
    work = history.with_history(work, match_history)
    for stage in stages:
        work = work.with_columns(stage)
    return work


def _scored_rows(programs: pl.DataFrame, interviews: pl.DataFrame, match_history: pl.DataFrame,
                 f: Facts, pri: tuple[Priority, ...], s: dict[str, Any]) -> pl.DataFrame:
    work = collect(_lazy_work(programs, interviews, match_history, f, pri, s))
    return work[[*programs.columns, *COMPUTED_NAMES]]  # picking columns eagerly is cheapest


def _history(frames: dict[str, pl.DataFrame], s: dict[str, Any],
             ids: list[int] | None = None) -> pl.DataFrame:
    """History facts of the programs `ids` (or all), measured against the whole record's years."""
    record = _table(frames, "match_history")
    years = history.record_years(record)
    if ids is not None:
        record = record.filter(pl.col("program_id").is_in(ids))
    return history.history_facts(record, int(s["history.new_within_years"]), years)


def _inputs(frames: dict[str, pl.DataFrame], s: dict[str, Any], today: dt.date):
    f = applicant_facts(_table(frames, "profile"), _table(frames, "usce"), today)
    return f, priorities.read_priorities(_table(frames, "priorities"), s)


_INTEGRATED_OPEN = ((pl.col("specialty") == INTEGRATED_IR) & (pl.col("eligibility") != "ineligible")) \
    .sum().alias("integrated_open")


def assess(f: Facts, s: dict[str, Any], programs: pl.DataFrame) -> ApplicantAssessment:
    ratings = applicant.self_assessment(f, s)
    category, rule = applicant.risk(f, s)
    band, band_reason = applicant.step2_band(f, s)
    plan = strategy.decide(f, s, ratings, category, rule)
    counts = programs.select(*TIER_COUNTS, _INTEGRATED_OPEN).row(0, named=True)
    integrated_open = counts.pop("integrated_open")
    return ApplicantAssessment(
        f, ratings, category, rule, band, band_reason, plan,
        strategy.counts(f, s, plan.kind, integrated_open),
        balance_lines(counts, s))


def score_all(frames: dict[str, pl.DataFrame], settings: dict[str, Any],
              today: dt.date | None = None) -> ScoredFrames:
    today = today or dt.date.today()
    f, pri = _inputs(frames, settings, today)
    programs = _table(frames, "programs")
    scored = _scored_rows(programs, _table(frames, "interviews"), _history(frames, settings), f, pri,
                          settings)
    return ScoredFrames(scored, assess(f, settings, scored), f, pri, settings, today, frames)


def rescore_rows(scored: ScoredFrames, frames: dict[str, pl.DataFrame], settings: dict[str, Any],
                 program_ids: Iterable[int], today: dt.date | None = None) -> pl.DataFrame:
    """The rows `program_ids` as score_all(frames, settings, today) would give them, in frame
    order. `today` defaults to the date `scored` used, so a row never disagrees with its
    neighbours across midnight."""
    today = today or scored.today
    ids = list(program_ids)
    f, pri = _inputs(frames, settings, today)
    programs = _table(frames, "programs").filter(pl.col("id").is_in(ids))
    unchanged = _unchanged_scores(scored, frames, settings, today, f, pri, programs)
    if unchanged is not None:
        return unchanged
    interviews = _table(frames, "interviews").filter(pl.col("program_id").is_in(ids))
    return _scored_rows(programs, interviews, _history(frames, settings, ids), f, pri, settings)


@functools.lru_cache(maxsize=8)
def _columns_read(f: Facts, pri: tuple[Priority, ...], settings_items: tuple) -> frozenset[str]:
    """Every column the program stages read, for this applicant, priorities and settings."""
    _, stages = _plan(f, pri, settings_items)
    return frozenset(name for stage in stages for expr in stage for name in expr.meta.root_names())


def _unchanged_scores(scored: ScoredFrames, frames: dict[str, pl.DataFrame], settings: dict[str, Any],
                      today: dt.date, f: Facts, pri: tuple[Priority, ...],
                      programs: pl.DataFrame) -> pl.DataFrame | None:
    """The rows with the computed columns `scored` already has, when nothing they are computed
    from changed (an edit of a name, a note, a status); None when they must be computed."""
    if (today != scored.today or settings != scored.settings or (f, pri) != (scored.facts, scored.priorities)
            or any(frames.get(t) is not scored.frames.get(t) for t in ("interviews", "match_history"))):
        return None
    read = _columns_read(f, pri, tuple(sorted(settings.items())))
    scored_ids = scored.programs.get_column("id")
    positions = [scored_ids.index_of(i) for i in programs.get_column("id")]  # a few rows: no scan-and-filter
    if None in positions:
        return None
    before = scored.programs[positions]  # picking rows and columns eagerly is cheapest
    inputs = [c for c in programs.columns if c in read]
    if not before[inputs].equals(programs[inputs]):
        return None
    return pl.concat([programs, before[list(COMPUTED_NAMES)]], how="horizontal")


@functools.lru_cache(maxsize=8)
def _why_plan(f: Facts, pri: tuple[Priority, ...], settings_items: tuple,
              today: dt.date) -> list[pl.Expr]:
    """One sentence expression per computed column, in COMPUTED_NAMES order."""
    s = dict(settings_items)
    exprs = {**region.why(), **img.why(), **gates.why(), **tiers.why(f, s),
             **priorities.why(pri), **fit.why(f, s, pri), **rank.why(s), **_why_years(f, today),
             **signals.why(), **history.why()}
    return [exprs[c].alias(c) for c in COMPUTED_NAMES]


def why_frame(scored: ScoredFrames, program_ids: Iterable[int]) -> pl.DataFrame:
    """`id` plus one sentence per computed column, for the requested programs only."""
    ids = list(program_ids)
    frames, s = scored.frames, scored.settings
    programs = _table(frames, "programs").filter(pl.col("id").is_in(ids))
    interviews = _table(frames, "interviews").filter(pl.col("program_id").is_in(ids))
    work = _lazy_work(programs, interviews, _history(frames, s, ids), scored.facts, scored.priorities,
                      s).with_columns(
        **priorities.met_columns(scored.priorities, scored.facts, s))
    sentences = _why_plan(scored.facts, scored.priorities, tuple(sorted(s.items())), scored.today)
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
