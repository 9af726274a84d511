"""Which source column feeds which field: exact names, registry aliases, then fuzzy matching.

The registry's Field.aliases are the one table of alternative names. Each field takes at most
one column (the most confident); a column that matches nothing is ignored and reported. A
mapping the user confirmed is remembered per set of headers (Store prefs).
"""

from __future__ import annotations

import functools
import hashlib
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from rapidfuzz import fuzz, process

from importers.split import split_location
from registry.computed import COMPUTED as COMPUTED_COLUMNS
from registry.fields import TABLES, Field

# Tables a program sheet also fills, one row per program: the guide keeps interview impressions
# on the program's line. Their fields are named "table.field" in a mapping.
COMPANIONS: dict[str, tuple[str, ...]] = {"programs": ("interviews",)}

EXACT, ALIAS, FUZZY, VALUES, REMEMBERED, MANUAL = (
    "exact", "alias", "fuzzy", "values", "remembered", "manual")
YEAR, COMPUTED, CONSUMED = "year", "computed", "consumed"
# A column no field takes is kept, as "Header: value" lines in the program's notes, unless the
# user leaves it out. A "... Cleaned" twin of a mapped column repeats it.
KEEP, TWIN = "keep", "twin"
KEEP_MARK = "(keep as a note)"  # how a remembered mapping says KEEP
# What a column that feeds no field does, as the preview says it; anything else is left out.
UNMAPPED_TEXT = {YEAR: "(year: orders repeated rows)", COMPUTED: "(computed: MatchDesk calculates it)",
                 CONSUMED: "(read into Quota and Year)", KEEP: KEEP_MARK,
                 TWIN: "(repeats the column it cleans)"}
LEFT_OUT_TEXT = "(left out)"
FUZZY_CUTOFF = 82.0
YEAR_HEADERS = frozenset({"year", "match year", "nrmp year", "season", "cycle", "match cycle",
                          "application year", "quota year"})
CODE_RE = re.compile(r"^\s*\d{4}[0-9A-Z]{3}[A-Z]\d\s*$")
URL_RE = re.compile(r"^\s*(https?://|www\.)\S+$", re.I)
PREF_PREFIX = "import.mapping."


@dataclass
class ColumnMapping:
    source: str  # the column header in the file
    field: str | None  # the registry field name, or None: the column is not imported
    confidence: float  # 0..1; 1 for exact, remembered and manual choices
    sample_values: list[str] = field(default_factory=list)
    method: str | None = None  # exact alias fuzzy values remembered manual | year computed consumed

    @property
    def ignored(self) -> bool:
        return self.field is None


@functools.cache
def targets(table: str = "programs") -> dict[str, Field]:
    """Every field a column of a `table` sheet can feed, by mapping name."""
    out = {f.name: f for f in TABLES[table]}
    for companion in COMPANIONS.get(table, ()):
        out.update({f"{companion}.{f.name}": f for f in TABLES[companion]
                    if not f.name.endswith("_id")})
    return out


def normalize_header(header: str) -> str:
    text = header.replace("_", " ").replace("\u00a0", " ").strip().lower()
    text = re.sub(r"^(#|no\.)\s*", "number of ", text)
    text = re.sub(r"\s+", " ", text)
    return text.strip(" :*.?")


def _variants(header: str) -> list[str]:
    """Looser readings of a header: without a bracketed remark, and each part of 'a/b'."""
    base = normalize_header(header)
    out = [re.sub(r"\s*[(\[].*?[)\]]\s*", " ", base).strip()]
    if "/" in out[0]:
        out.extend(part.strip() for part in out[0].split("/") if part.strip())
    return [v for v in dict.fromkeys(out) if v and v != base]


def _loose(text: str) -> str:
    return re.sub(r"[^a-z0-9%+/]", "", normalize_header(text))


def computed_header(name: str, label: str, table: str = "programs") -> str:
    """The export header of a computed column: its label, marked when a field could claim it."""
    claimed = propose_mapping([label], table=table)[0].field is not None
    return f"{label} {COMPUTED_MARK}" if claimed else label


COMPUTED_MARK = "(computed)"


@functools.cache
def _names(fld: Field) -> tuple[frozenset[str], frozenset[str]]:
    exact = frozenset({_loose(fld.name), _loose(fld.label)})
    return exact, frozenset({_loose(a) for a in fld.aliases}) - exact


def _samples_for(headers: Sequence[str], samples) -> dict[str, list[str]]:
    if samples is None:
        return {h: [] for h in headers}
    if isinstance(samples, Mapping):
        return {h: [str(v) for v in samples.get(h, [])][:5] for h in headers}
    out: dict[str, list[str]] = {h: [] for h in headers}
    for row in samples:
        for header, value in zip(headers, row, strict=False):
            if value not in (None, "") and len(out[header]) < 5:
                out[header].append(str(value))
    return out


def propose_mapping(headers: Sequence[str], samples=None, *, table: str = "programs",
                    remembered: Mapping[str, str | None] | None = None,
                    exclude: Sequence[str] = ()) -> list[ColumnMapping]:
    """Propose a field for every column (or None), most confident claims first.

    samples: {header: [values]} or rows of values in header order (used to show examples and
    to recognise NRMP program codes and web addresses). remembered: a mapping saved earlier for
    the same headers; it wins. exclude: columns already read by a reshaping step.
    """
    fields = targets(table)
    shown = _samples_for(headers, samples)
    computed = {_loose(n) for c in COMPUTED_COLUMNS for n in (c.name, c.label, c.short)}
    result = {h: ColumnMapping(h, None, 0.0, shown[h]) for h in headers}
    claims: list[tuple[float, int, str, str, str]] = []  # (confidence, order, header, field, method)
    taken_fields: set[str] = set()
    settled: set[str] = set(exclude)

    if remembered:
        valid = set(fields)
        for header in headers:
            if header in exclude or header not in remembered:
                continue
            if remembered[header] == KEEP_MARK:
                result[header] = ColumnMapping(header, None, 1.0, shown[header], KEEP)
                settled.add(header)
            elif remembered[header] is None or remembered[header] in valid:
                name = remembered[header]
                result[header] = ColumnMapping(header, name, 1.0, shown[header], REMEMBERED)
                settled.add(header)
                if name:
                    taken_fields.add(name)

    for header in exclude:
        if header in result and result[header].method is None:
            result[header].method = CONSUMED
    for order, header in enumerate(headers):
        if header in settled:
            continue
        key = _loose(header)
        if normalize_header(header) in YEAR_HEADERS:
            result[header].method = YEAR
            continue
        if normalize_header(header).endswith(COMPUTED_MARK):
            result[header].method = COMPUTED
            continue
        loose_variants = [_loose(v) for v in _variants(header)]
        for name, fld in fields.items():
            exact, aliases = _names(fld)
            # a companion table's own name or label ("Date") is too vague: aliases only
            main = "." not in name
            if key in exact and main:
                claims.append((1.0, order, header, name, EXACT))
            elif key in aliases:
                claims.append((0.95, order, header, name, ALIAS))
            elif any(v in aliases or (main and v in exact) for v in loose_variants):
                claims.append((0.9, order, header, name, ALIAS))
        values = [v for v in shown[header] if v.strip()]
        if values and all(CODE_RE.match(v) for v in values):
            claims.append((0.9, order, header, "program_code", VALUES))
        if values and all(URL_RE.match(v) for v in values) and table == "programs":
            claims.append((0.85, order, header, "website", VALUES))
        if values and table == "programs" and all(
                (split_location(v, "city") or {}).keys() == {"city", "state"} for v in values):
            claims.append((0.96, order, header, "city", VALUES))  # "Macon, GA" under "Location"
        if any(c[2] == header and c[4] == EXACT for c in claims):
            continue  # an exact name beats any fuzzy reading
        for name, score in _fuzzy_scores(normalize_header(header), table).items():
            claims.append((round(score / 100 * 0.9, 3), order, header, name, FUZZY))

    claims.sort(key=lambda c: (-c[0], c[1]))
    for confidence, _order, header, name, method in claims:
        if header in settled or name in taken_fields:
            continue
        result[header] = ColumnMapping(header, name, confidence, shown[header], method)
        settled.add(header)
        taken_fields.add(name)
    mapped = {normalize_header(h) for h in headers if result[h].field}
    for header in headers:
        if header in settled or result[header].method is not None:
            continue
        if _loose(header) in computed:
            result[header].method = COMPUTED
        elif re.sub(r"\s*cleaned$", "", normalize_header(header)) in mapped - {normalize_header(header)}:
            result[header].method = TWIN
        else:
            result[header].method = KEEP
    return [result[h] for h in headers]


def closest_fields(header: str, *, table: str = "programs", limit: int = 3) -> list[str]:
    """The fields whose names read most like `header`, best first (for the mapping screen)."""
    names, owners = _fuzzy_choices(table)
    out: list[str] = []
    for _name, _score, index in process.extract(normalize_header(header), names,
                                                scorer=fuzz.token_set_ratio, limit=limit * 4):
        if owners[index] not in out:
            out.append(owners[index])
    return out[:limit]


def leave_out(mappings: list[ColumnMapping], column: str) -> list[ColumnMapping]:
    """Import nothing from `column`: the preview counts its cells as left out."""
    return [ColumnMapping(m.source, None, 1.0, m.sample_values, MANUAL) if m.source == column else m
            for m in mappings]


def target_label(name: str, *, table: str = "programs") -> str:
    """A field's label as the mapping screen shows it; a companion table's is prefixed."""
    fld = targets(table)[name]
    return f"{fld.table.rstrip('s').capitalize()}: {fld.label}" if "." in name else fld.label


def keep_as_note(mappings: list[ColumnMapping], column: str) -> list[ColumnMapping]:
    """Keep `column` as note lines instead of importing it into a field."""
    return [ColumnMapping(m.source, None, 1.0, m.sample_values, KEEP) if m.source == column else m
            for m in mappings]


@functools.cache
def _fuzzy_choices(table: str) -> tuple[list[str], list[str]]:
    """Every name, label and alias of a table's fields, normalised, with the field it names."""
    names, owners = [], []
    for key, fld in targets(table).items():
        own = (fld.name.replace("_", " "), fld.label) if "." not in key else ()
        for name in (*own, *fld.aliases):
            name = normalize_header(name)
            if len(name) >= 3:
                names.append(name)
                owners.append(key)
    return names, owners


def _fuzzy_scores(header: str, table: str) -> dict[str, float]:
    """The best fuzzy score of each field at or above the cutoff."""
    if len(header) < 3:
        return {}
    names, owners = _fuzzy_choices(table)
    best: dict[str, float] = {}
    for scorer in (fuzz.ratio, fuzz.token_sort_ratio):
        for _name, score, index in process.extract(header, names, scorer=scorer, limit=None,
                                                   score_cutoff=FUZZY_CUTOFF):
            owner = owners[index]
            best[owner] = max(best.get(owner, 0.0), score)
    return best


def override(mappings: list[ColumnMapping], field_name: str, column: str | None,
             *, table: str = "programs") -> list[ColumnMapping]:
    """Point `field_name` at `column` (None or '': import that field from no column)."""
    valid = targets(table)
    if field_name not in valid:
        raise KeyError(f"'{field_name}' is not a field of {table}. Fields: {', '.join(valid)}")
    by_source = {m.source: m for m in mappings}
    if column:
        if column not in by_source:
            folded = {normalize_header(s): s for s in by_source}
            if normalize_header(column) not in folded:
                raise KeyError(f"The file has no column '{column}'. Columns: {', '.join(by_source)}")
            column = folded[normalize_header(column)]
    out = []
    for m in mappings:
        if m.source == column:
            out.append(ColumnMapping(m.source, field_name, 1.0, m.sample_values, MANUAL))
        elif m.field == field_name:
            out.append(ColumnMapping(m.source, None, 1.0, m.sample_values, MANUAL))
        else:
            out.append(m)
    return out


# --- remembered mappings --------------------------------------------------------------------


def mapping_key(headers: Sequence[str]) -> str:
    joined = "\n".join(sorted(normalize_header(h) for h in headers))
    return PREF_PREFIX + hashlib.sha1(joined.encode("utf-8")).hexdigest()


def save_mapping(store, headers: Sequence[str], mappings: Sequence[ColumnMapping]) -> None:
    store.set_pref(mapping_key(headers),
                   {m.source: KEEP_MARK if m.method == KEEP else m.field for m in mappings})


def load_mapping(store, headers: Sequence[str]) -> dict[str, str | None] | None:
    saved = store.get_pref(mapping_key(headers))
    return dict(saved) if isinstance(saved, dict) else None
