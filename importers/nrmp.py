"""NRMP program codes and the layout of NRMP result files.

A program code is a 4-digit institution, a 3-character specialty, a track letter and a digit:
1104420A0 is institution 1104, diagnostic radiology (420), advanced track, first program.
NRMP result files list quota and matched positions per year, either as one row per program
and year or as one row per program with a "2026 Quota" column per year.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.coerce import program_code_text
from importers.read import TableData
from registry.specialties import (
    DEFAULT_MINE,
    DIAGNOSTIC,
    INDEPENDENT_IR,
    INTEGRATED_IR,
    MINE_KEY,
    NRMP_NAMES,
    NRMP_PRELIMINARY,
    NRMP_SPECIALTIES,
    NRMP_TRACKS,
    PGY1_SPECIALTIES,
    SPECIALTIES,
    mine,
    parse_specialty_list,
)

YEAR_COLUMN_RE = re.compile(r"^\s*((?:19|20)\d\d)\s+(quota|matched|filled|positions)\s*$", re.IGNORECASE)
QUOTA_HEADER = "Quota"
YEAR_HEADER = "Year"


def default_specialties(store) -> set[str]:
    """The specialties an NRMP file is imported for unless the user chooses: of the user's list
    (setting specialties.mine), DR and the PGY-1 years an advanced position needs, IR/DR and IR
    when targeting IR, the profile's backup, and every specialty the user added to the list."""
    own = set(mine(store.settings()[MINE_KEY] if store is not None else None))
    profile = store.rows("profile")[:1] if store is not None else []
    # Every DR or IR/DR position starts after a PGY-1 year: the applicant ranks those too.
    wanted = {DIAGNOSTIC, *PGY1_SPECIALTIES}
    if profile and profile[0].get("target_ir"):
        wanted |= {INTEGRATED_IR, INDEPENDENT_IR}
    if profile and profile[0].get("backup_specialty"):
        wanted.add(profile[0]["backup_specialty"])
    return (wanted | (own - set(DEFAULT_MINE))) & own


def parse_specialties(text: str) -> set[str]:
    """ "DR, IR/DR, Psychiatry, 400" -> those specialties (codes, names or NRMP codes in any
    case); "all" -> every specialty MatchDesk knows."""
    if text.strip().lower() == "all":
        return set(SPECIALTIES)
    try:
        wanted = set(parse_specialty_list(text))
    except ValueError as error:
        raise ValueError(f"--specialties: {error} or 'all'") from None
    if not wanted:
        raise ValueError("--specialties: name at least one specialty, or 'all'")
    return wanted


@dataclass(frozen=True)
class ProgramCode:
    code: str
    institution: str
    specialty_code: str
    track_letter: str
    number: str

    @property
    def specialty(self) -> str | None:
        """The MatchDesk specialty, or None when MatchDesk does not track this one."""
        if self.track_letter == "P" and self.specialty_code in NRMP_PRELIMINARY:
            return NRMP_PRELIMINARY[self.specialty_code]
        return NRMP_SPECIALTIES.get(self.specialty_code)

    @property
    def track(self) -> str | None:
        return NRMP_TRACKS.get(self.track_letter)

    @property
    def specialty_name(self) -> str:
        return NRMP_NAMES.get(self.specialty_code, f"specialty code {self.specialty_code}")


def parse_program_code(text: str | None) -> ProgramCode | None:
    if not text:
        return None
    compact = program_code_text(str(text))
    if compact is None:
        return None
    return ProgramCode(compact, compact[:4], compact[4:7], compact[7], compact[8])


def fold_year_columns(table: TableData) -> TableData:
    """Turn "2026 Quota" ... "2020 Quota" columns into one Quota and one Year column.

    Each row keeps the quota of the latest year in which the program offered positions, and
    that year (so that rows of the same program collapse with the latest year winning). The
    year columns are marked consumed: read, not ignored. Returns the table unchanged when it
    has no such columns or already has a Quota column.
    """
    quota_columns: list[tuple[int, int]] = []  # (year, column index)
    year_columns: list[str] = []
    for index, header in enumerate(table.headers):
        match = YEAR_COLUMN_RE.match(header)
        if match:
            year_columns.append(header)
            if match.group(2).lower() in ("quota", "positions"):
                quota_columns.append((int(match.group(1)), index))
    lowered = {h.strip().lower() for h in table.headers}
    if not quota_columns or QUOTA_HEADER.lower() in lowered:
        return table
    quota_columns.sort(reverse=True)
    add_year = YEAR_HEADER.lower() not in lowered
    rows = []
    for row in table.rows:
        quota, year = "", ""
        for column_year, index in quota_columns:
            cell = row[index].strip()
            if cell and _positive(cell):
                quota, year = cell, str(column_year)
                break
        rows.append(row + [quota] + ([year] if add_year else []))
    headers = table.headers + [QUOTA_HEADER] + ([YEAR_HEADER] if add_year else [])
    years = sorted({y for y, _ in quota_columns})
    note = (f"Read the {years[0]}-{years[-1]} quota columns: residents per year is the quota of the "
            f"latest year in which a program offered positions.")
    return TableData(
        source=table.source, headers=headers, rows=rows, lines=table.lines,
        notes=[*table.notes, note], header_line=table.header_line,
        consumed=table.consumed | set(year_columns), encoding=table.encoding,
        delimiter=table.delimiter, sheet=table.sheet,
    )


def _positive(cell: str) -> bool:
    try:
        return float(cell.replace(",", "")) > 0
    except ValueError:
        return False
