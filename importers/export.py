"""Exports: programs (with the computed columns), rank lists, contacts and interviews to CSV,
XLSX (one sheet per table, styled frozen header, written by Polars through xlsxwriter) and
Markdown.

Headers are the registry labels, so an exported programs file maps straight back on import;
computed columns carry the scoring labels (marked "(computed)" where a field could claim the
label) and are ignored on import. Private fields and the red flags table are left out unless
include_private is set.
"""

from __future__ import annotations

import csv
import datetime as dt
from collections.abc import Sequence
from contextlib import ExitStack
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from importers.coerce import export_text
from importers.files import check_allowed, database_kind, replacing
from importers.mapping import computed_header
from registry.computed import COMPUTED, COMPUTED_NAMES, computed
from registry.errors import MatchDeskError
from registry.fields import TABLES, Field, parse_ids
from registry.specialties import track_label

FORMATS = ("csv", "xlsx", "md")
EXPORT_TABLES = ("programs", "rank_lists", "contacts", "interviews", "red_flags")
DEFAULT_TABLES = ("programs", "rank_lists", "contacts", "interviews")
PRIVATE_TABLES = frozenset({"red_flags"})
# Computed columns that are the applicant's own facts (the Step 2 CK difference gives the score
# away): only in a private export.
PRIVATE_COMPUTED = frozenset(c.name for c in COMPUTED if c.private)
SHEET_TITLES = {"programs": "Programs", "rank_lists": "Rank lists", "contacts": "Contacts",
                "interviews": "Interviews", "red_flags": "Red flags"}
PROGRAM_REF_COLUMNS = ("Program", "City", "Specialty")


class ExportError(MatchDeskError):
    title = "Export failed"


@dataclass
class Column:
    header: str
    field: Field | None  # None: computed or joined text


@dataclass
class ExportTable:
    """One table ready to write: headers and native values (None for empty)."""

    name: str
    title: str
    columns: list[Column]
    rows: list[list[Any]]

    @property
    def headers(self) -> list[str]:
        return [c.header for c in self.columns]

    def text_rows(self) -> list[list[str]]:
        return [[_text(col, value) for col, value in zip(self.columns, row, strict=True)]
                for row in self.rows]


def _text(column: Column, value: Any) -> str:
    if column.field is not None:
        return export_text(column.field, value)
    if value is None:
        return ""
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:.2f}".rstrip("0").rstrip(".") if value == value else ""
    if isinstance(value, (list, tuple)):
        return "; ".join(str(v) for v in value)
    return str(value)


# --- building the tables --------------------------------------------------------------------


def _visible_fields(table: str, include_private: bool) -> list[Field]:
    return [f for f in TABLES[table] if include_private or not f.private]


def programs_table(store, program_ids: Sequence[int] | None = None,
                   columns: Sequence[str] | None = None, *, include_private: bool = False,
                   computed: bool = True, today: dt.date | None = None) -> ExportTable:
    """All programs, or `program_ids` in that order (the current view), with `columns` (field
    or computed column names, in order) or every column."""
    rows = store.rows("programs")
    if program_ids is not None:
        by_id = {r["id"]: r for r in rows}
        rows = [by_id[i] for i in program_ids if i in by_id]
    fields = {f.name: f for f in _visible_fields("programs", include_private)}
    scored, computed_labels = _computed(store, today, include_private) if computed else ({}, {})
    if columns is None:
        names = [*fields, *computed_labels]
    else:
        columns = [c for c in columns if include_private or c not in PRIVATE_COMPUTED]
        unknown = [c for c in columns if c not in fields and c not in computed_labels]
        hidden = [c for c in unknown if c in {f.name for f in TABLES["programs"]}]
        if hidden:
            raise ExportError(f"{', '.join(hidden)}: private; export them with include_private.")
        if unknown:
            raise ExportError(f"Unknown column(s) for programs: {', '.join(unknown)}.")
        names = list(columns)
    cols = [Column(fields[n].label, fields[n]) if n in fields
            else Column(computed_header(n, computed_labels[n]), None) for n in names]
    out = []
    for row in rows:
        extra = scored.get(row["id"], {})
        out.append([row.get(n) if n in fields else extra.get(n) for n in names])
    return ExportTable("programs", SHEET_TITLES["programs"], cols, out)


def _computed(store, today: dt.date | None,
              include_private: bool) -> tuple[dict[int, dict[str, Any]], dict[str, str]]:
    from importers.frames import read_frames
    from scoring import score_all

    scored = score_all(read_frames(store)[0], store.settings(), today=today)
    names = [n for n in COMPUTED_NAMES if n in scored.programs.columns
             and (include_private or n not in PRIVATE_COMPUTED)]
    by_id = {}
    for row in scored.programs.iter_rows(named=True):
        values = {n: row[n] for n in names}
        if not include_private and values.get("eligibility_reasons"):
            values["eligibility_reasons"] = shareable_reasons(values["eligibility_reasons"], row,
                                                              scored.facts)
        by_id[row["id"]] = values
    return by_id, {n: computed(n).short for n in names}


def shareable_reasons(reasons: str, program: dict[str, Any], facts) -> str:
    """Gate reasons with the applicant's own facts taken out: a gate that fails on an exam
    attempt, a Step 2 CK score or the years since graduation is named, not explained."""
    from scoring.gates import FAIL, fail_outcome, grad_outcome, step2_outcome

    private_gates = (("fail_policy", fail_outcome, "fails the program's attempt policy"),
                     ("step2_min", step2_outcome, "below the program's published Step 2 CK minimum"),
                     ("grad_limit_years", grad_outcome, "outside the program's graduation-year limit"))
    for column, outcome, generic in private_gates:
        status, reason = outcome(facts, program[column])
        if status == FAIL and reason:
            reasons = reasons.replace(reason, generic)
    return reasons


def _program_refs(store) -> dict[int, dict[str, Any]]:
    return {r["id"]: r for r in store.rows("programs")}


def rank_lists_table(store) -> ExportTable:
    """Every list in NRMP entry order: the primary list first, then each supplemental list with
    the advanced programs it serves (by program code when known)."""
    primary = TABLES["rank_lists"][0].choices[0]
    lists = {r["id"]: r for r in store.rows("rank_lists")}
    order = {list_id: (r["kind"] != primary, list_id) for list_id, r in lists.items()}
    programs = _program_refs(store)
    entry_fields = {f.name: f for f in TABLES["rank_entries"]}
    cols = [Column("List", None), Column("Kind", None), Column("Position", entry_fields["position"]),
            Column("Program", None), Column("City", None), Column("Specialty", None),
            Column("Program code", None), Column("P(match)", entry_fields["match_probability"]),
            Column("State", None), Column("Track", None), Column("Supplemental for", None)]
    rows = []
    entries = sorted(store.rows("rank_entries"),
                     key=lambda e: (order.get(e["list_id"], (True, e["list_id"])), e["position"]))
    for entry in entries:
        rank_list = lists.get(entry["list_id"], {})
        program = programs.get(entry["program_id"], {})
        served = "; ".join(programs[i]["program_code"] or programs[i]["name"]
                           for i in parse_ids(rank_list.get("advanced_program_ids")) if i in programs)
        rows.append([rank_list.get("name"), rank_list.get("kind"), entry["position"],
                     program.get("name"), program.get("city"), program.get("specialty"),
                     program.get("program_code"), entry.get("match_probability"), program.get("state"),
                     track_label(program.get("specialty"), program.get("track")), served])
    return ExportTable("rank_lists", SHEET_TITLES["rank_lists"], cols, rows)



def _with_program(store, table: str, include_private: bool) -> ExportTable:
    programs = _program_refs(store)
    fields = _visible_fields(table, include_private)
    cols: list[Column] = []
    for f in fields:
        if f.name == "program_id":
            cols += [Column("Program", None), Column("City", None), Column("Specialty", None)]
        else:
            cols.append(Column(f.label, f))
    rows = []
    for row in store.rows(table):
        out: list[Any] = []
        for f in fields:
            if f.name == "program_id":
                program = programs.get(row.get("program_id"), {})
                out += [program.get("name"), program.get("city"), program.get("specialty")]
            else:
                out.append(row.get(f.name))
        rows.append(out)
    return ExportTable(table, SHEET_TITLES[table], cols, rows)


def plain_table(store, table: str, include_private: bool) -> ExportTable:
    fields = _visible_fields(table, include_private)
    rows = [[row.get(f.name) for f in fields] for row in store.rows(table)]
    return ExportTable(table, SHEET_TITLES.get(table, table), [Column(f.label, f) for f in fields], rows)


def export_tables(store, tables: Sequence[str] | None = None, *, include_private: bool = False,
                  program_ids: Sequence[int] | None = None, columns: Sequence[str] | None = None,
                  computed: bool = True, today: dt.date | None = None) -> list[ExportTable]:
    """The tables to write. Red flags only with include_private (never by default)."""
    if tables is None:
        tables = [*DEFAULT_TABLES, *(["red_flags"] if include_private else [])]
    out = []
    for table in tables:
        if table not in EXPORT_TABLES:
            raise ExportError(f"Cannot export '{table}'; choose from {', '.join(EXPORT_TABLES)}.")
        if table in PRIVATE_TABLES and not include_private:
            raise ExportError(f"{SHEET_TITLES[table]} are private: export them only with include_private.")
        if table == "programs":
            out.append(programs_table(store, program_ids, columns, include_private=include_private,
                                      computed=computed, today=today))
        elif table == "rank_lists":
            out.append(rank_lists_table(store))
        elif table in ("contacts", "interviews"):
            out.append(_with_program(store, table, include_private))
        else:
            out.append(plain_table(store, table, include_private))
    return out


# --- writers --------------------------------------------------------------------------------
# Each writes one file at the path given: export() hands it a private temporary file that
# replaces the target only once every file of the export is written.


def write_csv(tables: Sequence[ExportTable], path: Path) -> None:
    [table] = tables
    # UTF-8 with a BOM: Excel then opens accented names correctly; the importer reads both.
    with path.open("w", encoding="utf-8-sig", newline="") as handle:
        writer = csv.writer(handle)
        writer.writerow(table.headers)
        writer.writerows(table.text_rows())


HEADER_FORMAT = {"bold": True, "bg_color": "#1F4E78", "font_color": "#FFFFFF", "border": 1,
                 "text_wrap": True, "valign": "top"}


def _excel_frame(table: ExportTable):
    import polars as pl

    data: dict[str, pl.Series] = {}
    for index, col in enumerate(table.columns):
        values = [row[index] for row in table.rows]
        kind = col.field.kind if col.field is not None else None
        if kind in ("int", "rating") or (kind is None and values and all(
                isinstance(v, int) and not isinstance(v, bool) or v is None for v in values)
                and any(v is not None for v in values)):
            data[col.header] = pl.Series(col.header, values, dtype=pl.Int64)
        elif kind == "float" or (kind is None and values and all(
                isinstance(v, (int, float)) and not isinstance(v, bool) or v is None for v in values)
                and any(v is not None for v in values)):
            data[col.header] = pl.Series(col.header, [None if v is None else float(v) for v in values],
                                         dtype=pl.Float64)
        else:
            data[col.header] = pl.Series(col.header, [_text(col, v) or None for v in values],
                                         dtype=pl.String)
    return pl.DataFrame(data) if data else pl.DataFrame()


def write_xlsx(tables: Sequence[ExportTable], path: Path) -> None:
    """One workbook, one sheet per table, styled and frozen header row."""
    import xlsxwriter

    workbook = xlsxwriter.Workbook(str(path))
    try:
        for table in tables:
            frame = _excel_frame(table)
            frame.write_excel(workbook=workbook, worksheet=table.title[:31],
                              header_format=HEADER_FORMAT, freeze_panes=(1, 0), autofit=True,
                              float_precision=2, table_style=None, autofilter=bool(table.rows))
    finally:
        workbook.close()


def _md_cell(text: str) -> str:
    return text.replace("\\", "\\\\").replace("|", "\\|").replace("\r\n", "<br>").replace("\n", "<br>")


def markdown(tables: Sequence[ExportTable]) -> str:
    parts = ["# MatchDesk export", ""]
    for table in tables:
        parts += [f"## {table.title}", ""]
        if not table.rows:
            parts += ["(none)", ""]
            continue
        parts.append("| " + " | ".join(_md_cell(h) for h in table.headers) + " |")
        parts.append("|" + "|".join(" --- " for _ in table.headers) + "|")
        for row in table.text_rows():
            parts.append("| " + " | ".join(_md_cell(c) for c in row) + " |")
        parts.append("")
    return "\n".join(parts)


def write_markdown(tables: Sequence[ExportTable], path: Path) -> None:
    path.write_text(markdown(tables), encoding="utf-8")


WRITERS = {"csv": write_csv, "xlsx": write_xlsx, "md": write_markdown}


def default_out(fmt: str, tables: Sequence[str] | None) -> Path:
    if fmt == "csv":
        return Path(f"matchdesk-{tables[0]}.csv") if tables and len(tables) == 1 else Path("matchdesk-export")
    return Path(f"matchdesk-export.{fmt}")


def output_paths(fmt: str, out: Path, table_names: Sequence[str]) -> list[Path]:
    """The files an export writes: one workbook or Markdown file; for CSV one file per table,
    `out` itself for one table, out-<table>.csv or out/<table>.csv for more."""
    out = Path(out)
    if fmt != "csv":
        return [out]
    if len(table_names) == 1 and out.suffix:
        return [out]
    if out.suffix:
        return [out.with_name(f"{out.stem}-{name}{out.suffix}") for name in table_names]
    return [out / f"{name}.csv" for name in table_names]


def export(store, fmt: str, out: Path | None = None, tables: Sequence[str] | None = None, *,
           include_private: bool = False, program_ids: Sequence[int] | None = None,
           columns: Sequence[str] | None = None, today: dt.date | None = None) -> list[Path]:
    """Build and write the export; returns the files written. All of them or none: each is
    written to a private temporary file first, and the old files stay until every one is."""
    if fmt not in WRITERS:
        raise ExportError(f"Unknown format '{fmt}'; choose from {', '.join(FORMATS)}.")
    target = check_allowed(Path(out) if out is not None else default_out(fmt, tables))
    built = export_tables(store, tables, include_private=include_private, program_ids=program_ids,
                          columns=columns, today=today)
    paths = output_paths(fmt, target, [table.name for table in built])
    for path in paths:
        refuse_database(path, Path(store.path))
    parts = [[table] for table in built] if fmt == "csv" else [built]
    from xlsxwriter.exceptions import FileCreateError

    try:
        with ExitStack() as files:
            for path, part in zip(paths, parts, strict=True):
                WRITERS[fmt](part, files.enter_context(replacing(path)))
    except (OSError, FileCreateError) as error:
        reason = getattr(error, "strerror", None) or error
        raise ExportError(f"Could not write {target}: {reason}. Nothing was replaced.") from None
    return paths


def refuse_database(path: Path, database: Path) -> None:
    """An export never lands on a database: the open one, its journal files, or any SQLite file."""
    if what := database_kind(path, database):
        raise ExportError(f"{path} is {what}; an export there would destroy it. "
                          "Choose another file name.")


__all__ = ["EXPORT_TABLES", "FORMATS", "ExportError", "ExportTable", "export", "export_tables",
           "markdown", "output_paths", "programs_table", "refuse_database"]
