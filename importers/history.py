"""NRMP result files as Match history: quota and matched positions per program and year.

Both layouts NRMP files come in are read: one row per program with a "2026 Quota" / "2026
Matched" column pair per year, or one row per program and year (Year, Quota, Matched columns).
Rows reach programs through the NRMP program code; re-importing a file (or a newer one) updates
the years it carries and adds the new ones, never duplicating a year.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from importers.nrmp import YEAR_COLUMN_RE, parse_program_code
from importers.read import TableData
from registry.errors import MatchDeskError
from store import Store

CODE_HEADERS = ("program code", "nrmp program code", "nrmp code", "code")
QUOTA_WORDS = ("quota", "positions")
MATCHED_WORDS = ("matched", "filled")


@dataclass(frozen=True)
class YearRecord:
    code: str
    year: int
    quota: int
    matched: int


@dataclass
class HistoryResult:
    programs: int = 0  # programs of the database that received history
    added: int = 0  # program-years new to the database
    updated: int = 0  # program-years whose numbers changed
    unknown_codes: list[str] = field(default_factory=list)  # in the file, not in the database

    def summary(self, source: str) -> str:
        text = (f"Match history from {source}: {self.added} program-years added, {self.updated} "
                f"updated, for {self.programs} programs")
        if self.unknown_codes:
            text += f"; {len(self.unknown_codes)} codes of the file match no program here"
        return text + "."


def _count(cell: str) -> int | None:
    text = cell.strip().replace(",", "")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        return None
    return int(value) if value >= 0 and value == int(value) else None


def _find(headers: list[str], names: tuple[str, ...]) -> int | None:
    lowered = [h.strip().lower() for h in headers]
    return next((lowered.index(n) for n in names if n in lowered), None)


def year_records(table: TableData) -> list[YearRecord]:
    """Every (program, year) the file gives numbers for; rows without a valid code are skipped."""
    code_at = _find(table.headers, CODE_HEADERS)
    if code_at is None:
        return []
    pairs: dict[int, dict[str, int]] = {}  # year -> {"quota": column, "matched": column}
    for index, header in enumerate(table.headers):
        match = YEAR_COLUMN_RE.match(header)
        if match:
            kind = "quota" if match.group(2).lower() in QUOTA_WORDS else "matched"
            pairs.setdefault(int(match.group(1)), {})[kind] = index
    wide = {year: cols for year, cols in pairs.items() if len(cols) == 2}
    year_at, quota_at, matched_at = (_find(table.headers, ("year",)), _find(table.headers, QUOTA_WORDS),
                                     _find(table.headers, MATCHED_WORDS))
    records: dict[tuple[str, int], YearRecord] = {}
    for row in table.rows:
        code = parse_program_code(row[code_at])
        if code is None:
            continue
        if wide:
            cells = [(year, row[cols["quota"]], row[cols["matched"]]) for year, cols in wide.items()]
        elif None not in (year_at, quota_at, matched_at):
            cells = [(_count(row[year_at]), row[quota_at], row[matched_at])]
        else:
            return []
        for year, quota_cell, matched_cell in cells:
            quota, matched = _count(quota_cell), _count(matched_cell)
            if year is None or quota is None or matched is None:
                continue
            # A code listed on two rows (it happens in NRMP files) adds up within a year.
            earlier = records.get((code.code, year))
            if earlier is not None:
                quota, matched = quota + earlier.quota, matched + earlier.matched
            records[(code.code, year)] = YearRecord(code.code, year, quota, matched)
    return sorted(records.values(), key=lambda r: (r.code, r.year))


def has_history(table: TableData) -> bool:
    return bool(year_records(table))


def save_history(store: Store, records: list[YearRecord], source: str,
                 today: dt.date | None = None) -> HistoryResult:
    """Write the records of programs the database has, as one undoable step."""
    if not records:
        raise MatchDeskError("The file has no NRMP quota and matched numbers per year.")
    by_code = {row["program_code"]: row["id"]
               for row in store.rows("programs", "program_code IS NOT NULL")}
    existing = {(row["program_id"], row["year"]): row for row in store.rows("match_history")}
    noted = (today or dt.date.today()).isoformat()
    result = HistoryResult()
    new_rows, changes, programs = [], [], set()
    for record in records:
        program_id = by_code.get(record.code)
        if program_id is None:
            if record.code not in result.unknown_codes:
                result.unknown_codes.append(record.code)
            continue
        programs.add(program_id)
        old = existing.get((program_id, record.year))
        if old is None:
            new_rows.append({"program_id": program_id, "year": record.year, "quota": record.quota,
                             "matched": record.matched, "source": source, "source_date": noted})
        elif (old["quota"], old["matched"]) != (record.quota, record.matched):
            changes.append((old["id"], record))
    result.programs, result.added, result.updated = len(programs), len(new_rows), len(changes)
    if new_rows or changes:
        with store.batch(f"import Match history from {source}"):
            store.insert_rows("match_history", new_rows)
            for row_id, record in changes:
                store.set_value("match_history", row_id, "quota", record.quota)
                store.set_value("match_history", row_id, "matched", record.matched)
                store.set_value("match_history", row_id, "source", source)
                store.set_value("match_history", row_id, "source_date", noted)
    return result


def import_history(store: Store, table: TableData) -> HistoryResult | None:
    """The Match history of a file just imported, for the programs now in the database (run
    after the programs are written, so new programs get theirs); None for a file without it."""
    records = year_records(table)
    return save_history(store, records, Path(table.source).name) if records else None
