"""What a program's NRMP Match record says: when it first offered positions, the years it left
positions unfilled, whether its quota grows, and how full its latest Match was.

Input: one row per program and year (program_id, year, quota, matched, source). A year with a
quota of 0 offered no positions: it is neither filled nor unfilled. The record only reaches as
far back as the file does, so a program with positions in the file's first year is "offered
positions since at least" that year, never "new".
"""

from __future__ import annotations

from typing import TypeVar

import polars as pl

from scoring.tier_balance import RADIOLOGY_LIST

HISTORY_SCHEMA = {"program_id": pl.Int64, "year": pl.Int64, "quota": pl.Int64,
                  "matched": pl.Int64, "source": pl.String}
FACT_SCHEMA = {
    "program_id": pl.Int64,
    "history_first_year": pl.Int64,  # first year with positions, within the record
    "history_new": pl.Boolean,
    "history_unfilled": pl.Int64,  # years with matched < quota
    "history_years": pl.Int64,  # years with positions
    "history_trend": pl.String,  # growing / stable / shrinking
    "history_fill": pl.Float64,  # matched / quota in the latest year with positions
    "history_why": pl.String,
}
HISTORY_COLUMNS = tuple(n for n in FACT_SCHEMA if n not in ("program_id", "history_why"))
_NO_FACTS = pl.DataFrame(schema=FACT_SCHEMA)
NO_HISTORY = "no NRMP history imported"
Frame = TypeVar("Frame", pl.DataFrame, pl.LazyFrame)


def record_years(history: pl.DataFrame) -> tuple[int, int] | None:
    """The first and last year of the whole record, or None when it is empty."""
    return None if history.is_empty() else (history["year"].min(), history["year"].max())


def history_facts(history: pl.DataFrame, new_within_years: int,
                  years: tuple[int, int] | None = None) -> pl.DataFrame:
    """One row per program with a record: the derived facts and the sentence explaining them.

    `new_within_years`: a program whose first positions fall in the record's last N years,
    after the record's first year, is new. `years`: the record's first and last years, when
    `history` is only some programs' part of it.
    """
    if history.is_empty():
        return _NO_FACTS
    record = history.select(*HISTORY_SCHEMA).cast(HISTORY_SCHEMA).sort("program_id", "year")
    first_record_year, last_record_year = years or record_years(record)
    offered = record.filter(pl.col("quota") > 0)
    facts = offered.group_by("program_id").agg(
        history_first_year=pl.col("year").min(),
        history_years=pl.len().cast(pl.Int64),
        history_unfilled=(pl.col("matched") < pl.col("quota")).sum().cast(pl.Int64),
        first_quota=pl.col("quota").first(),
        latest_year=pl.col("year").last(),
        latest_quota=pl.col("quota").last(),
        latest_matched=pl.col("matched").last(),
        unfilled_list=pl.concat_str(
            pl.col("year").cast(pl.String), pl.lit(" ("), pl.col("matched").cast(pl.String),
            pl.lit(" of "), pl.col("quota").cast(pl.String), pl.lit(")"),
        ).filter(pl.col("matched") < pl.col("quota")).str.join(", "),
        sources=pl.col("source").unique(maintain_order=True).str.join(", "),
    )
    facts = facts.with_columns(
        history_new=(pl.col("history_first_year") > first_record_year)
        & (pl.col("history_first_year") > last_record_year - new_within_years),
        history_trend=pl.when(pl.col("latest_quota") > pl.col("first_quota")).then(pl.lit("growing"))
        .when(pl.col("latest_quota") < pl.col("first_quota")).then(pl.lit("shrinking"))
        .otherwise(pl.lit("stable")),
        history_fill=pl.col("latest_matched") / pl.col("latest_quota"),
    )
    span = f"{first_record_year}-{last_record_year}"
    start = (pl.when(pl.col("history_new"))
             .then(pl.format("new program: first positions {}", pl.col("history_first_year")))
             .when(pl.col("history_first_year") == first_record_year)
             .then(pl.format("positions since at least {}", pl.col("history_first_year")))
             .otherwise(pl.format("first positions {}", pl.col("history_first_year"))))
    unfilled = (pl.when(pl.col("history_unfilled") == 0)
                .then(pl.format("filled in all {} years with positions", pl.col("history_years")))
                .otherwise(pl.format("unfilled in {} of {} years: {}", pl.col("history_unfilled"),
                                     pl.col("history_years"), pl.col("unfilled_list"))))
    trend = (pl.when(pl.col("history_trend") == "stable")
             .then(pl.format("quota stable at {}", pl.col("latest_quota")))
             .otherwise(pl.format("quota {} from {} to {} ({})", pl.col("history_trend"),
                                  pl.col("first_quota"), pl.col("latest_quota"), pl.col("latest_year"))))
    fill = pl.format("{} matched of {} in {}", pl.col("latest_matched"), pl.col("latest_quota"),
                     pl.col("latest_year"))
    why = pl.concat_str(start, pl.lit("; "), unfilled, pl.lit("; "), trend, pl.lit("; "), fill,
                        pl.lit(f" (NRMP {span}, "), pl.col("sources"), pl.lit(")"))
    return facts.with_columns(history_why=why).select(*FACT_SCHEMA).cast(FACT_SCHEMA)


def with_history(programs: Frame, facts: pl.DataFrame) -> Frame:
    """The programs (eager or lazy) with the history columns, in their order; programs without
    a record say so. Without any record the columns are constants, which costs less than a
    join."""
    if facts.is_empty():
        return programs.with_columns(
            pl.lit(NO_HISTORY if name == "history_why" else None, dtype).alias(name)
            for name, dtype in FACT_SCHEMA.items() if name != "program_id")
    right = facts.lazy() if isinstance(programs, pl.LazyFrame) else facts
    joined = programs.join(right, left_on="id", right_on="program_id", how="left",
                           maintain_order="left")
    return joined.with_columns(pl.col("history_why").fill_null(NO_HISTORY))


WHY_RECORD = "_why_record"


def why_parts() -> dict[str, pl.Expr]:
    """The one sentence of the program's record, as a hidden column: written into each
    history column's sentence it would be built six times."""
    text = pl.col("history_why")
    return {WHY_RECORD: pl.concat_str(text.str.slice(0, 1).str.to_uppercase(), text.str.slice(1),
                                      pl.lit("."))}


def why() -> dict[str, pl.Expr]:
    """Every history column is explained by the one sentence of the program's record (the
    column of why_parts)."""
    return {name: pl.col(WHY_RECORD) for name in HISTORY_COLUMNS}


def on_list_with_history(programs: pl.DataFrame) -> tuple[pl.DataFrame, pl.DataFrame]:
    """(new programs, programs with unfilled years) of the radiology list, scored programs in."""
    listed = programs.filter(RADIOLOGY_LIST)
    return listed.filter(pl.col("history_new")), listed.filter(pl.col("history_unfilled") > 0)


def history_count_line(programs: pl.DataFrame) -> str:
    """How many programs of the radiology list are new or left positions unfilled."""
    if programs.filter(RADIOLOGY_LIST)["history_years"].is_null().all():
        return "Match history: none imported for your radiology list (import an NRMP result file)"
    new, unfilled = on_list_with_history(programs)
    return (f"Match history: {new.height} new program{'s' * (new.height != 1)}, {unfilled.height} "
            "with unfilled years among your radiology list")
