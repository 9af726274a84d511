"""The import preview: what a file would add, change or refuse, before anything is written.

plan_import reads every mapped cell through the coercers, fills specialty and track from NRMP
program codes, collapses rows that describe the same program (the latest year wins), matches
existing programs (program code, else name + city + specialty) and compares field by field.
Empty and unknown cells never overwrite what the database holds.
"""

from __future__ import annotations

import dataclasses
import hashlib
from collections import Counter, defaultdict
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import compress
from operator import not_
from typing import Any

from importers.coerce import fold, fold_all
from importers.keep import count_cells, with_kept_lines
from importers.mapping import (
    COMPUTED,
    KEEP,
    LEFT_OUT_TEXT,
    TWIN,
    UNMAPPED_TEXT,
    YEAR,
    ColumnMapping,
    targets,
)
from importers.matching import Matcher
from importers.nrmp import default_specialties, fold_year_columns
from importers.planned import NEW, UNCHANGED, UPDATED, PlannedRow, PlannedRows
from importers.read import TableData
from importers.rows import Rejection, RowRules, RowsRead, Skipped, ValueNote, read_rows
from registry.fields import Field
from store.collector import collection_paused

REJECTED, SKIPPED = "rejected", "skipped"


@dataclass
class ImportPlan:
    source: str
    table: str
    mapping: list[ColumnMapping]
    rows: PlannedRows  # the programs the file describes, without rejected rows
    rejections: list[Rejection]
    rejected_lines: list[int]
    skipped: list[Skipped]
    ignored_columns: list[str]  # columns left out (the user's choice, or computed ones)
    notes: list[str]
    value_notes: Sequence[ValueNote]  # in file order, made when looked at (ValueNotes)
    fingerprint: str
    total_lines: int = 0
    kept_columns: list[str] = dataclasses.field(default_factory=list)
    cells: dict[str, int] = dataclasses.field(default_factory=dict)  # read kept refused left out

    @property
    def counts(self) -> dict[str, int]:
        counts = self.rows.counts()
        counts[REJECTED] = len(self.rejected_lines)
        counts[SKIPPED] = len(self.skipped)
        return counts

    @property
    def left_out_specialties(self) -> dict[str, int]:
        """Rows left out for being another specialty, by specialty, most first."""
        return _by_specialty(self.skipped)

    @property
    def writable(self) -> bool:
        """True when nothing was refused: the all-or-nothing import may go ahead."""
        return not self.rejections

    def summary_lines(self, *, limit: int = 50) -> list[str]:
        c = self.counts
        lines = [f"{self.source}: {c[NEW]} new, {c[UPDATED]} updated, {c[UNCHANGED]} unchanged, "
                 f"{c[REJECTED]} rejected, {c[SKIPPED]} skipped"]
        if self.cells:
            lines.append("  cells: " + ", ".join(f"{n:,} {what}" for what, n in self.cells.items()))
        lines += [f"  note: {n}" for n in self.notes]
        for r in self.rejections[:limit]:
            lines.append(f"  rejected: {r}")
        if len(self.rejections) > limit:
            lines.append(f"  ... and {len(self.rejections) - limit} more rejected values")
        for n in self.value_notes[:limit]:
            lines.append(f"  read: line {n.line}, column '{n.column}': {n.note}")
        if len(self.value_notes) > limit:
            lines.append(f"  ... and {len(self.value_notes) - limit} more values read loosely")
        return lines


def _optional(fld: Field) -> Field:
    # Required-ness is judged per program (a new one needs a name; an update does not).
    return dataclasses.replace(fld, required=False) if fld.required else fld


def _fingerprint(rows: list[dict]) -> str:
    return hashlib.sha1(repr(rows).encode("utf-8")).hexdigest()


def programs_fingerprint(store) -> str:
    """Changes whenever any program changes: a plan is only applied to what it previewed."""
    return _fingerprint(store.rows("programs"))


@collection_paused
def plan_import(store, table_data: TableData, mapping: Sequence[ColumnMapping],
                *, table: str = "programs", specialties: Collection[str] | None = None) -> ImportPlan:
    """What importing `table_data` with `mapping` would do; writes nothing.

    specialties: rows of other specialties are left out (and counted). None: for an NRMP result
    file (quota by year), the user's own specialties (importers.nrmp.default_specialties); for
    any other file (the user's sheet, an export) every row.
    """
    if table != "programs":
        raise ValueError("Only programs can be imported from a file for now.")
    data = fold_year_columns(table_data)
    headers = data.headers
    index = {h: i for i, h in enumerate(headers)}
    fields = {name: _optional(f) for name, f in targets(table).items()}
    active = [(m.source, m.field) for m in mapping if m.field and m.source in index]
    by_field = {name: source for source, name in active}
    year_source = next((m.source for m in mapping if m.method == YEAR and m.source in index), None)
    notes = list(data.notes)
    mapped_sources = {m.source for m in mapping}
    kept = [m.source for m in mapping if m.method == KEEP and m.source in index]
    read_too = {m.source for m in mapping if m.method in (YEAR, TWIN)} | data.consumed
    ignored = [m.source for m in mapping if m.field is None and m.method not in (YEAR, TWIN, KEEP)
               and m.source not in data.consumed]
    ignored += [h for h in headers if h not in mapped_sources and h not in data.consumed]
    computed = [m.source for m in mapping if m.method == COMPUTED]
    if kept:
        notes.append(f"Kept {len(kept)} column(s) no field takes as lines of each program's notes: "
                     f"{', '.join(kept)}.")
    left_out = [h for h in ignored if h not in computed]
    if left_out:
        notes.append(f"Left out {len(left_out)} column(s): {', '.join(left_out)}.")
    if computed:
        notes.append(f"Ignored {len(computed)} computed column(s); MatchDesk calculates them: "
                     f"{', '.join(computed)}.")

    code_at = index[by_field["program_code"]] if "program_code" in by_field else None
    if specialties is None and code_at is not None and (data.consumed or year_source):
        specialties = default_specialties(store)
    rules = RowRules(
        active=[(index[source], source, name) for source, name in active], code_at=code_at,
        specialty_at=index[by_field["specialty"]] if "specialty" in by_field else None,
        year_at=index[year_source] if year_source else None,
        kept_at=[(index[source], source) for source in kept],
        wanted=None if specialties is None else set(specialties),
        default_specialty=fields["specialty"].default, name_mapped="name" in by_field)
    read = read_rows(data.source, data.lines, data.columns, fields, rules)
    rejections, rejected_lines, skipped = read.rejections, read.rejected_lines, read.skipped
    value_notes = read.value_notes
    existing = store.rows(table)
    fingerprint = _fingerprint(existing)
    names, specialties = read.values.column("name"), read.values.column("specialty")
    keys = _program_keys(read, names, specialties, fields["specialty"].default)
    if existing:
        _match_existing(read, keys, names, specialties, Matcher(existing),
                        Rejection(data.source, 0, by_field.get("name", "name"), "", ""), rejections)
        rejected_lines.update(r.line for r in rejections)

    # Rows describing the same program merge, in year order when the file has years.
    merging: dict[tuple, list | None] = {}  # the programs several rows describe
    if len(set(keys)) < len(keys):
        merging = {key: [] for key, rows in Counter(keys).items() if rows > 1 and key}
    if merging:
        for i, key in zip(read.kept, keys, strict=True):
            if key in merging:
                merging[key].append(read.member(i))

    planned: list[PlannedRow | int] = []  # an int: the row of a new program of its own
    made: list[PlannedRow] = []
    merged_rows = 0
    existing_by_id = {r["id"]: r for r in existing}
    interviews: dict[int, dict] = {}
    for row in store.rows("interviews", order_by="id DESC"):  # the first interview is updated
        interviews[row["program_id"]] = row

    def refuse_nameless(line: int, lines: list[int]) -> None:
        column = by_field.get("name", "(no program name column)")
        rejections.append(Rejection(data.source, line, column, "", "A new program needs a name"))
        rejected_lines.update(lines)

    # Most rows are each a named new program of their own: planned as their row, in bulk; the
    # rest are looked at one by one, in file order among them.
    looked_at = _rows_to_look_at(read.kept, keys, names, merging, matched=bool(existing))
    kept_specialties = list(map(specialties.__getitem__, read.kept)) if len(read.kept) < read.values.count \
        else specialties
    defaulted = kept_specialties.count(None) - sum(kept_specialties[at] is None for at in looked_at)
    done = 0
    for at in looked_at:
        planned += read.kept[done:at]
        done = at + 1
        i, key = read.kept[at], keys[at]
        if key is None:
            continue
        if not merging or key not in merging:
            if key[0] != "id":  # a new program of its own, without a name
                refuse_nameless(read.lines[i], [read.lines[i]])
                continue
            line, values, _year, kept_lines = read.member(i)
            lines = [line]
        else:
            members, merging[key] = merging[key], None
            if members is None:
                continue  # planned at its first row
            merged_rows += len(members) - 1
            members.sort(key=_year_order)
            values = {}
            kept_lines = []
            for _line, row_values, _year, row_kept in members:
                values.update(row_values)
                kept_lines += [k for k in row_kept if k not in kept_lines]
            line = members[-1][0]
            lines = sorted(m[0] for m in members)
        if key[0] == "id":
            program_id = key[1]
            current = dict(existing_by_id[program_id])
            values = with_kept_lines(values, kept_lines, current.get("notes"))
            interview = interviews.get(program_id, {})
            current.update({f"interviews.{k}": v for k, v in interview.items()})
            changes = {n: (current.get(n), v) for n, v in values.items() if _differs(n, current.get(n), v)}
            made.append(PlannedRow(line, lines, UPDATED if changes else UNCHANGED, program_id,
                                   str(current.get("name")), values, changes, interview.get("id")))
            planned.append(made[-1])
            continue
        if not values.get("name"):
            refuse_nameless(line, lines)
            continue
        if "specialty" not in values:
            defaulted += 1
        if kept_lines:
            values = with_kept_lines(values, kept_lines, None)
        # a new program's changes are all of `values` (kept once: a file can hold many thousand rows)
        made.append(PlannedRow(line, lines, NEW, None, str(values["name"]), values, {}))
        planned.append(made[-1])
    planned += read.kept[done:]

    if merged_rows:
        order = "the latest year wins" if year_source else "later rows win"
        notes.append(f"{merged_rows} row(s) described a program already listed above (same program "
                     f"code or name): merged, {order}.")
    if defaulted:
        notes.append(f"{defaulted} new program(s) have no specialty in the file: they get "
                     f"{fields['specialty'].default} (the default).")
    other = _by_specialty(skipped)
    if other:
        shown = ", ".join(f"{name} {n}" for name, n in other.items())
        notes.append(f"Left out {sum(other.values())} row(s) of other specialties: {shown}.")
    notes += [f"Line {skip.line} read as {skip.reason}; not imported." for skip in skipped
              if not skip.specialty]
    rejections.sort(key=lambda r: r.line)
    return ImportPlan(
        source=data.source, table=table, mapping=list(mapping), rows=PlannedRows(planned, read, made),
        rejections=rejections, rejected_lines=sorted(rejected_lines), skipped=skipped,
        ignored_columns=ignored, notes=notes, value_notes=value_notes, fingerprint=fingerprint,
        total_lines=len(data.lines), kept_columns=kept,
        cells=count_cells(data, by_field.values(), read_too, kept, rejections,
                          {s.line for s in skipped}),
    )


def _program_keys(read: RowsRead, names: list, specialties: list, default_specialty: str) -> list[tuple]:
    """The key of the new program each kept row would be: its code, else its name, city and
    specialty (folded)."""
    codes, cities = read.values.column("program_code"), read.values.column("city")
    distinct_cities = list(set(cities))  # cities repeat
    folded_cities = dict(zip(distinct_cities, fold_all([str(city or "") for city in distinct_cities])))
    uncoded = [i for i in read.kept if not codes[i]]
    folded_names = dict(zip(uncoded, fold_all([str(names[i] or "") for i in uncoded])))
    return [("code", str(codes[i]).upper()) if codes[i] else
            ("name", folded_names[i], folded_cities[cities[i]], specialties[i] or default_specialty)
            for i in read.kept]


def _rows_to_look_at(kept: list[int], keys: list[tuple | None], names: list, merging: dict,
                     *, matched: bool) -> list[int]:
    """The positions (in `kept`) of the rows that are not simply a named new program of their
    own: nameless, merging with others, or an existing program (`matched`: some may be)."""
    count = len(kept)
    found = set(compress(range(count), map(not_, map(names.__getitem__, kept))))
    if merging:
        found.update(compress(range(count), map(merging.__contains__, keys)))
    if matched:
        found.update(at for at, key in enumerate(keys) if key is None or key[0] == "id")
    return sorted(found)


def _match_existing(read: RowsRead, keys: list[tuple | None], names: list, specialties: list,
                    matcher: Matcher, refusal: Rejection, rejections: list[Rejection]) -> None:
    """Key each kept row that describes an existing program ("id", its id); a row that
    matches several is refused (`refusal` gives the file and column) and keyed None."""
    codes, cities = read.values.column("program_code"), read.values.column("city")
    for at, i in enumerate(read.kept):
        program_id, problem = matcher.match({"program_code": codes[i], "name": names[i],
                                             "city": cities[i], "specialty": specialties[i]})
        if problem:
            rejections.append(dataclasses.replace(refusal, line=read.lines[i], reason=problem,
                                                  value="" if names[i] is None else str(names[i])))
            keys[at] = None
        elif program_id is not None:
            keys[at] = ("id", program_id)


def _by_specialty(skipped: list[Skipped]) -> dict[str, int]:
    counts: dict[str, int] = defaultdict(int)
    for skip in skipped:
        if skip.specialty:
            counts[skip.specialty] += 1
    return dict(sorted(counts.items(), key=lambda item: (-item[1], item[0])))


# Spelled differently but the same (case, punctuation): the user's spelling stays.
IDENTITY_TEXT = frozenset({"name", "city", "institution"})


def _differs(name: str, current: Any, new: Any) -> bool:
    if name in IDENTITY_TEXT and current is not None and new is not None:
        return fold(str(current)) != fold(str(new))
    return current != new


def _year_order(member: tuple) -> tuple[bool, float]:
    """Rows without a year first, then by year (the latest wins a merge)."""
    year = _year_number(member[2])
    return year is not None, year or 0


def _year_number(text: str) -> float | None:
    try:
        return float(text.strip()[:4]) if text and text.strip() else None
    except ValueError:
        return None


def mapping_summary(mapping: Sequence[ColumnMapping]) -> list[str]:
    out = []
    for m in mapping:
        target = m.field or UNMAPPED_TEXT.get(m.method or "", LEFT_OUT_TEXT)
        how = f" [{m.method} {m.confidence:.0%}]" if m.field else ""
        out.append(f"  {m.source} -> {target}{how}")
    return out


__all__ = ["ImportPlan", "PlannedRow", "Rejection", "Skipped", "ValueNote", "mapping_summary",
           "plan_import", "programs_fingerprint"]
