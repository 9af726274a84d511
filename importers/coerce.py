"""Coercers: turn the text people type in spreadsheets into what the field registry accepts.

A coercer only normalises ("240+" -> "240", "J1 and H1B" -> "J-1+H-1B", "35%" -> "35"); the
registry's Field.parse stays the one validator. `coerce` never raises: it returns a value (None
for unknown) or a reason, and a note when it took a liberty (a range read as its lower end).
`export_text` writes values so that `coerce` reads them back unchanged.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from registry.choices import FALSE_WORDS, TRUE_WORDS, UNKNOWN_WORDS, US_STATES
from registry.errors import ValidationError
from registry.fields import Field
from registry.specialties import SPECIALTY_LIST

# Said of a value nobody knows; read as unknown for every kind but text, where the registry
# decides alone (a stored text such as "-" must read back as itself).
EXTRA_UNKNOWN = frozenset({
    "unk", "not known", "n.a.", "n/k", "-", "--", "---", "—", "–", "??", "???", "nan", "#n/a",
    "not listed", "not published", "not available", "not specified", "not sure", "unclear",
    "none listed", "no data", "no info", "ask", "?",
})
NUMBER_NONE = frozenset({"none", "no minimum", "no min", "no cutoff", "no cut-off", "not required"})
# A policy the program states it does not have, kept apart from unknown (blank).
PUBLISHES_NONE = NUMBER_NONE | {"none published", "no minimum published", "no limit", "no cap",
                                "no cut off", "none stated", "no requirement"}
POLICY_NUMBERS = frozenset({"step2_min", "grad_limit_years"})
PUBLISHES_NONE_CHOICE = "none published"
# Words for a 1-5 interview impression (estimates: the guide rates on supportive/neutral/negative).
RATING_WORDS = {
    "excellent": 5, "great": 5, "supportive": 5, "very supportive": 5, "positive": 4,
    "good": 4, "happy": 4, "neutral": 3, "ok": 3, "okay": 3, "average": 3, "fair": 3,
    "mixed": 3, "poor": 2, "unhappy": 2, "burned out": 2, "burnt out": 2, "negative": 1,
    "bad": 1, "toxic": 1, "malignant": 1,
}

_NUMBER = r"\d+(?:\.\d+)?(?:[eE][-+]?\d+)?"
_RANGE_RE = re.compile(rf"^\D{{0,12}}?({_NUMBER})\s*%?\s*(?:-|–|—|to)\s*({_NUMBER})(?!\d)")
_FIRST_NUMBER_RE = re.compile(rf"(?<![\w.])(-)?({_NUMBER})")
_BARE_NUMBER_RE = re.compile(rf"^[-+]?{_NUMBER}$")

STATE_NAMES = {
    "alabama": "AL", "alaska": "AK", "arizona": "AZ", "arkansas": "AR", "california": "CA",
    "colorado": "CO", "connecticut": "CT", "delaware": "DE", "district of columbia": "DC",
    "washington dc": "DC", "washington d.c.": "DC", "florida": "FL", "georgia": "GA",
    "hawaii": "HI", "idaho": "ID", "illinois": "IL", "indiana": "IN", "iowa": "IA",
    "kansas": "KS", "kentucky": "KY", "louisiana": "LA", "maine": "ME", "maryland": "MD",
    "massachusetts": "MA", "michigan": "MI", "minnesota": "MN", "mississippi": "MS",
    "missouri": "MO", "montana": "MT", "nebraska": "NE", "nevada": "NV", "new hampshire": "NH",
    "new jersey": "NJ", "new mexico": "NM", "new york": "NY", "north carolina": "NC",
    "north dakota": "ND", "ohio": "OH", "oklahoma": "OK", "oregon": "OR", "pennsylvania": "PA",
    "puerto rico": "PR", "rhode island": "RI", "south carolina": "SC", "south dakota": "SD",
    "tennessee": "TN", "texas": "TX", "utah": "UT", "vermont": "VT", "virginia": "VA",
    "washington": "WA", "west virginia": "WV", "wisconsin": "WI", "wyoming": "WY",
}

# Words people write for an enum choice, by field name (folded as the registry folds).
SYNONYMS: dict[str, dict[str, str]] = {
    "specialty": {
        "dr": "DR", "diagnosticradiology": "DR", "radiologydiagnostic": "DR", "radiology": "DR",
        "raddiag": "DR", "diagnosticradiologyresidency": "DR", "diagnostic": "DR",
        "irdr": "IR/DR", "ir/dr": "IR/DR", "integratedir": "IR/DR", "irintegrated": "IR/DR",
        "interventionalradiology": "IR/DR", "interventionalradiology(integ)": "IR/DR",
        "interventionalradiologyinteg": "IR/DR", "interventionalradiologyintegrated": "IR/DR",
        "integratedinterventionalradiology": "IR/DR", "irresidency": "IR/DR",
        "independentir": "IR", "irindependent": "IR", "interventionalradiologyindependent": "IR",
        "independentinterventionalradiology": "IR",
        "im": "IM", "internalmedicine": "IM", "medicine": "IM", "internalmed": "IM",
        "medicineprimary": "IM", "internalmedicinecategorical": "IM", "categoricalim": "IM",
        "fm": "FM", "familymedicine": "FM", "familypractice": "FM", "fammed": "FM",
        "neuro": "Neurology", "adultneurology": "Neurology", "neurol": "Neurology",
        "path": "Pathology", "pathologyanatomicandclinical": "Pathology", "apcp": "Pathology",
        "ap/cp": "Pathology", "anatomicandclinicalpathology": "Pathology",
        "ty": "TY", "transitional": "TY", "transitionalyear": "TY",
        "prelimmedicine": "Prelim Medicine", "medicinepreliminary": "Prelim Medicine",
        "preliminarymedicine": "Prelim Medicine", "improlim": "Prelim Medicine",
        "imprelim": "Prelim Medicine", "prelimim": "Prelim Medicine", "medprelim": "Prelim Medicine",
        "internalmedicinepreliminary": "Prelim Medicine", "medicineprelim": "Prelim Medicine",
        "prelimsurgery": "Prelim Surgery", "surgerypreliminary": "Prelim Surgery",
        "surgeryprelim": "Prelim Surgery", "preliminarysurgery": "Prelim Surgery",
        "surgprelim": "Prelim Surgery", "generalsurgerypreliminary": "Prelim Surgery",
    },
    "track": {
        "a": "Advanced", "c": "Categorical", "p": "Preliminary", "r": "Physician",
        "m": "Primary care", "prelim": "Preliminary", "pgy2": "Advanced", "pgy1": "Preliminary",
        "reserved": "Physician", "primary": "Primary care",
    },
    "program_type": {
        "academic": "university", "universitybased": "university", "univ": "university",
        "universityprogram": "university", "academicmedicalcenter": "university",
        "affiliated": "university-affiliated", "universityaffiliated": "university-affiliated",
        "communitybaseduniversityaffiliated": "university-affiliated",
        "communityuniversityaffiliated": "university-affiliated", "hybrid": "university-affiliated",
        "communitybased": "community", "communityhospital": "community",
        "communityprogram": "community",
    },
    "fail_policy": {
        "nofails": "no failed attempts", "nofailures": "no failed attempts",
        "firstattemptonly": "no failed attempts", "firstattemptpassesonly": "no failed attempts",
        "nofailedattempt": "no failed attempts", "nofail": "no failed attempts",
        "noattempts": "no failed attempts", "passonfirstattempt": "no failed attempts",
        "casebycase": "case by case", "considered": "case by case", "holistic": "case by case",
        "holisticreview": "case by case", "maybe": "case by case",
        "notspecified": "not stated", "notmentioned": "not stated", "notstated": "not stated",
    },
    "research": {
        "y": "some", "n": "none", "no": "none", "nil": "none", "limited": "some", "moderate": "some", "low": "some",
        "yes": "some", "medium": "some", "high": "strong", "robust": "strong",
        "extensive": "strong", "excellent": "strong", "lots": "strong",
    },
    "ir_pathway": {
        "y": "moderate", "yes": "moderate", "n": "none", "no": "none", "nil": "none", "limited": "moderate", "some": "moderate",
        "medium": "moderate", "esir": "strong", "high": "strong", "robust": "strong",
        "integratedir": "integrated", "irdr": "integrated", "ir/dr": "integrated",
    },
    "status": {
        "research": "researching", "considering": "researching", "toapply": "researching",
        "submitted": "applied", "apply": "applied", "invite": "invited",
        "interviewinvite": "invited", "ii": "invited", "interview": "interviewed",
        "rank": "ranked", "withdrew": "withdrawn", "withdraw": "withdrawn",
    },
    "signal": {"no": "none", "nosignal": "none", "goldsignal": "gold", "silversignal": "silver"},
    "priority": {"h": "High", "hi": "High", "m": "Medium", "med": "Medium", "mid": "Medium",
                 "l": "Low", "lo": "Low"},
    "setting": {"city": "urban", "metro": "urban", "metropolitan": "urban", "town": "rural",
                "smalltown": "rural", "suburb": "suburban"},
    "cost_of_living": {"$": "low", "$$": "medium", "$$$": "high", "moderate": "medium",
                       "average": "medium", "mid": "medium", "med": "medium", "lo": "low",
                       "hi": "high", "expensive": "high", "cheap": "low", "affordable": "low"},
}


@dataclass(frozen=True)
class Coerced:
    """What a cell means: a value (None = unknown), or a reason it was refused."""

    value: Any = None
    reason: str | None = None
    note: str | None = None
    published_none: bool = False  # the program publishes no such policy (value stays None
    # unless the registry can store that answer)

    @property
    def ok(self) -> bool:
        return self.reason is None


_UNFOLDED = re.compile(r"[^a-z0-9+/]")


def fold(text: str) -> str:
    """The registry's folding: lower case, letters, digits, '+' and '/' only."""
    return _UNFOLDED.sub("", text.lower())


# Every byte but the ones fold keeps, and the line end that separates the texts fold_all joins.
_UNFOLDED_BYTES = bytes(b for b in range(256) if not re.fullmatch(rb"[a-z0-9+/\n]", bytes([b])))


def fold_all(texts: list[str]) -> list[str]:
    """[fold(t) for t in texts], the ASCII ones at once: joined, their bytes are lowered and
    cut as one (a name column of a large file holds thousands of distinct texts)."""
    joined = "\n".join(texts)
    if joined.isascii() and joined.count("\n") == len(texts) - 1:
        return _fold_joined(joined) if texts else []
    ascii_at = [i for i, text in enumerate(texts) if text.isascii() and "\n" not in text]
    out = list(map(fold, texts))
    if ascii_at:
        for i, text in zip(ascii_at, _fold_joined("\n".join(map(texts.__getitem__, ascii_at))), strict=True):
            out[i] = text
    return out


def _fold_joined(joined: str) -> list[str]:
    return joined.encode("ascii").lower().translate(None, _UNFOLDED_BYTES).decode("ascii").split("\n")



def _specialty_names() -> dict[str, str]:
    """Every specialty's registry name ("Obstetrics-Gynecology"), folded, beside the words above."""
    return {fold(s.name): s.code for s in SPECIALTY_LIST if s.nrmp_track is None}


SYNONYMS["specialty"] = {**_specialty_names(), **SYNONYMS["specialty"]}

def is_percent(fld: Field) -> bool:
    return fld.kind == "float" and (fld.name.endswith("percent") or "%" in fld.label)


def coerce(fld: Field, raw: Any, *, fraction_percent: bool | None = None) -> Coerced:
    """Read one cell for one field. Never raises.

    fraction_percent, for a percent field: True when the whole column is written as fractions
    (0.35 and 1 mean 35% and 100%), False never to scale, None to judge each value alone (a
    number strictly between 0 and 1 without a % sign is a fraction). A value with a % sign is
    never scaled.
    """
    try:
        return _coerce(fld, raw, fraction_percent)
    except ValidationError as error:
        return Coerced(reason=error.message)
    except Exception as error:  # a coercer bug must not stop an import: report it as a refusal
        return Coerced(reason=f"{fld.label}: could not read {_show(raw)} ({type(error).__name__})")


def coerce_column(fld: Field, values: Iterable[Any]) -> list[Coerced]:
    values = list(values)
    fractions = True if is_percent(fld) and fraction_column(values) else None
    return [coerce(fld, v, fraction_percent=fractions) for v in values]


def fraction_column(values: Iterable[Any]) -> bool:
    """A percent column written as fractions: every number in 0..1, one strictly between."""
    numbers = []
    for raw in values:
        text = "" if raw is None else str(raw).strip()
        if "%" in text:
            return False
        if _BARE_NUMBER_RE.match(text):
            numbers.append(float(text))
    return bool(numbers) and all(0 <= n <= 1 for n in numbers) and any(0 < n < 1 for n in numbers)


def _show(raw: Any) -> str:
    text = str(raw)
    return f"'{text[:60]}…'" if len(text) > 60 else f"'{text}'"


def _coerce(fld: Field, raw: Any, fraction_percent: bool | None) -> Coerced:
    if raw is None:
        return Coerced(fld.parse(None))
    if type(raw) is not str and isinstance(raw, bool | int | float):  # str first: most cells
        if isinstance(raw, float) and math.isnan(raw):
            return Coerced(fld.parse(None))
        raw = _number_text(raw) if not isinstance(raw, bool) else ("yes" if raw else "no")
    if fld.kind == "text":  # text is kept as typed: the registry strips and checks it
        return _text(fld, str(raw))
    text = str(raw).replace("\u00a0", " ").strip()
    lowered = text.lower()
    if lowered in UNKNOWN_WORDS:
        return Coerced(fld.parse(None))
    if fld.name in POLICY_NUMBERS and lowered.strip(" .!") in PUBLISHES_NONE:
        return _publishes_none(fld, text)
    if fld.kind == "int" and fld.minimum == 0 and lowered.strip(" .!") in ("none", "zero", "nil"):
        return Coerced(fld.parse(0), note=f"read {_show(text)} as 0")
    handler = {
        "bool": _bool, "enum": _enum, "int": _int, "rating": _rating, "float": _float,
        "date": _date,
    }[fld.kind]
    try:
        result = handler(fld, text, fraction_percent) if fld.kind == "float" else handler(fld, text)
    except ValidationError as error:
        result = Coerced(reason=error.message)
    if result.reason is not None and _unknown_word(fld, lowered):
        return Coerced(fld.parse(None))
    if result.reason is None and result.value is not None:
        # the registry has the last word on every value a coercer produced
        return Coerced(fld.parse(result.value), note=result.note)
    return result


def _publishes_none(fld: Field, text: str) -> Coerced:
    try:
        value = fld.parse(PUBLISHES_NONE_CHOICE)  # when the registry can hold the answer
    except ValidationError:
        value = None
    return Coerced(value, note=f"read {_show(text)} as: the program publishes none",
                   published_none=True)


def _unknown_word(fld: Field, lowered: str) -> bool:
    lowered = lowered.strip(" .!")
    if lowered in EXTRA_UNKNOWN or lowered in UNKNOWN_WORDS:
        return True
    return fld.kind in ("int", "float", "rating", "date") and lowered in NUMBER_NONE


def _number_text(value: float) -> str:
    if isinstance(value, float) and value.is_integer() and abs(value) < 1e16:
        return str(int(value))
    return repr(value)


# --- per kind -------------------------------------------------------------------------------


_STATE_IN_BRACKETS = re.compile(r"[^()]*\(([A-Za-z]{2})\)")
_CODE_NOISE = re.compile(r"[\s-]")
_PROGRAM_CODE = re.compile(r"\d{4}[0-9A-Z]{3}[A-Z]\d")


def _text(fld: Field, text: str) -> Coerced:
    if text.strip().lower() in UNKNOWN_WORDS:
        return Coerced(fld.parse(None))
    if fld.choices == US_STATES:
        key = text.lower().strip(" .")
        if key in STATE_NAMES:
            return Coerced(fld.parse(STATE_NAMES[key]))
        match = _STATE_IN_BRACKETS.fullmatch(text)
        if match:
            return Coerced(fld.parse(match.group(1)))
    if fld.name == "program_code" and (code := program_code_text(text)) is not None:
        return Coerced(fld.parse(code))
    return Coerced(fld.parse(text))


def program_code_text(text: str) -> str | None:
    """An NRMP program code however it is written (spaces, dashes, lower case) as the code;
    None for any other text."""
    compact = _CODE_NOISE.sub("", text).upper()
    if _PROGRAM_CODE.fullmatch(compact):
        return text if compact == text else compact  # one string, not two
    return None


def _bool(fld: Field, text: str) -> Coerced:
    word = text.lower().strip(" .!")
    if word in ("1.0", "0.0"):
        word = word[0]
    if word in TRUE_WORDS or word in FALSE_WORDS:
        return Coerced(fld.parse(word))
    if word in ("✗", "✘", "×", "none", "never"):
        return Coerced(False)
    first = re.split(r"[\s,;:()/-]+", word, maxsplit=1)[0]
    if first in TRUE_WORDS or first in FALSE_WORDS:
        value = fld.parse(first)
        return Coerced(value, note=f"read {_show(text)} as {'yes' if value else 'no'}")
    return Coerced(fld.parse(text))


def _enum(fld: Field, text: str) -> Coerced:
    try:
        return Coerced(fld.parse(text))
    except ValidationError:
        pass
    if fld.name == "visa":
        return _visa(fld, text)
    synonyms = SYNONYMS.get(fld.name, {})
    candidates = [text]
    if "/" in text:  # "Internal Medicine/Orlando": the specialty, then where
        candidates.append(text.split("/", 1)[0])
    if "(" in text:
        candidates.append(text.split("(", 1)[0])
    for candidate in candidates:
        key = fold(candidate)
        if not key:
            key = candidate.strip().lower()  # "$$$" folds to nothing
        if key in synonyms:
            value = synonyms[key]
            note = None if candidate == text else f"read {_show(text)} as {value}"
            return Coerced(fld.parse(value), note=note)
        for choice in fld.choices:
            if fold(choice) == key:
                return Coerced(choice, note=f"read {_show(text)} as {choice}")
    key = fold(text)
    if len(key) >= 3:
        starts = [c for c in fld.choices if fold(c).startswith(key)]
        if len(starts) == 1:
            return Coerced(starts[0], note=f"read {_show(text)} as {starts[0]}")
    answered = _YES_NO_THEN.match(text)
    if answered and answered.group(2).strip():  # "Y; strong", "yes, strong", "Y - some"
        rest = _enum(fld, answered.group(2).strip())
        if rest.ok:
            return Coerced(rest.value, note=f"read {_show(text)} as {rest.value}")
    return Coerced(fld.parse(text))


_YES_NO_THEN = re.compile(r"^\s*(y|yes|n|no)\s*[;,:/()–—-]+\s*(.*?)\)?\s*$", re.IGNORECASE)


_J1 = r"j\s*-?\s*1"
_H1B = r"h\s*-?\s*1\s*-?\s*b"
_NEG = r"(?:no|not|without|doesn'?t\s+sponsor|does\s+not\s+sponsor)\s+"


def _visa(fld: Field, text: str) -> Coerced:
    t = text.lower()
    j1 = re.search(_J1, t) is not None and re.search(_NEG + _J1, t) is None
    h1b = re.search(_H1B, t) is not None and re.search(_NEG + _H1B, t) is None
    if re.search(rf"({_J1}|{_H1B})\s*(?:is\s+)?not\s+(?:sponsored|offered|available)", t):
        if re.search(rf"{_H1B}\s*(?:is\s+)?not", t):
            h1b = False
        if re.search(rf"{_J1}\s*(?:is\s+)?not", t):
            j1 = False
    if j1 and h1b:
        value = "J-1+H-1B"
    elif j1:
        value = "J-1"
    elif h1b:
        value = "H-1B"
    elif re.fullmatch(r"(?:both|j\s*and\s*h|all)\b.*", t):
        value = "J-1+H-1B"
    elif re.search(r"\b(no|none|not|never|citizens?|green\s*card)\b", t):
        value = "none"
    elif t.strip(" .!") in TRUE_WORDS:
        return Coerced(reason=f"{fld.label}: {_show(text)} says a visa is sponsored but not which; "
                              "write J-1, H-1B or J-1+H-1B")
    else:
        return Coerced(fld.parse(text))
    note = None if fold(text) == fold(value) else f"read {_show(text)} as {value}"
    return Coerced(value, note=note)


def _number(fld: Field, text: str, shown: str | None = None) -> tuple[str, str | None]:
    """The number in a cell as text, with a note when anything around it was dropped."""
    shown = _show(text if shown is None else shown)
    compact = text.strip().replace(",", "") if re.search(r"\d,\d{3}", text) else text.strip()
    if _BARE_NUMBER_RE.match(compact):
        return compact, None
    match = _RANGE_RE.match(compact)
    if match:
        low, high = match.group(1), match.group(2)
        if float(low) <= float(high):
            return low, f"range {shown}: took the lower value {low}"
    match = _FIRST_NUMBER_RE.search(compact)
    if not match:
        raise ValidationError(f"{fld.describe()}; got {shown}")
    number = (match.group(1) or "") + match.group(2)
    if compact[: match.start()].rstrip().endswith(("<", "≤", "<=")):
        return number, f"read {shown} as {number} (an upper limit)"
    return number, f"read {number} from {shown}"


def _int(fld: Field, text: str) -> Coerced:
    number, note = _number(fld, text)
    value = float(number)
    if not value.is_integer():
        raise ValidationError(f"{fld.describe()}; got {_show(text)}")
    return Coerced(fld.parse(int(value)), note=note)


def _rating(fld: Field, text: str) -> Coerced:
    word = text.strip(" .!").lower()
    if word in RATING_WORDS and fld.table == "interviews":
        return Coerced(fld.parse(RATING_WORDS[word]),
                       note=f"read {_show(text)} as {RATING_WORDS[word]} of 5 (an estimate)")
    stars = text.count("★") + text.count("⭐")
    if stars and not re.search(r"\d", text):
        return Coerced(fld.parse(stars), note=f"read {_show(text)} as {stars}")
    match = re.fullmatch(r"\s*(\d+(?:\.\d+)?)\s*(?:/|out of|of)\s*5\s*", text.lower())
    if match:
        return _int(fld, match.group(1))
    return _int(fld, text)


def _float(fld: Field, text: str, fraction_percent: bool | None) -> Coerced:
    explicit_percent = "%" in text
    number, note = _number(fld, text.replace("%", " "), shown=text)
    value = float(number)
    if is_percent(fld) and not explicit_percent:
        if fraction_percent is None:
            fraction_percent = 0 < value < 1
        if fraction_percent:
            value *= 100
            note = f"read {_show(text)} as a fraction: {value:g}%"
    elif explicit_percent and fld.maximum is not None and fld.maximum <= 1:
        value /= 100  # a probability written as a percent
        note = note or f"read {_show(text)} as {value:g}"
    return Coerced(fld.parse(value), note=note)


_MONTHS = {m: i for i, m in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}


def _date(fld: Field, text: str) -> Coerced:
    t = text.strip()
    match = re.match(r"^(\d{4}-\d{2}-\d{2})(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$", t)
    if match:
        return Coerced(fld.parse(match.group(1)))
    match = re.fullmatch(r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{2}|\d{4})", t)
    if match:
        month, day, year = (int(g) for g in match.groups())
        if year < 100:
            year += 2000 if year < 70 else 1900
        if month > 12 >= day:  # 15/09/2024: day first
            month, day = day, month
        return _date_of(fld, text, year, month, day, note=f"read {_show(text)} as month/day/year"
                        if day <= 12 and month != day else None)
    match = re.fullmatch(r"(\d{1,2})\s+([A-Za-z]{3,9})\.?,?\s+(\d{4})", t)
    if match and match.group(2)[:3].lower() in _MONTHS:
        return _date_of(fld, text, int(match.group(3)), _MONTHS[match.group(2)[:3].lower()],
                        int(match.group(1)))
    match = re.fullmatch(r"([A-Za-z]{3,9})\.?\s+(\d{1,2}),?\s+(\d{4})", t)
    if match and match.group(1)[:3].lower() in _MONTHS:
        return _date_of(fld, text, int(match.group(3)), _MONTHS[match.group(1)[:3].lower()],
                        int(match.group(2)))
    match = re.fullmatch(r"(\d{5})(?:\.0+)?", t)
    if match and 20000 <= int(match.group(1)) <= 80000:  # an Excel serial day number
        day = dt.date(1899, 12, 30) + dt.timedelta(days=int(match.group(1)))
        return Coerced(day.isoformat(), note=f"read {_show(text)} as the Excel date {day.isoformat()}")
    return Coerced(fld.parse(t))


def _date_of(fld: Field, text: str, year: int, month: int, day: int, note: str | None = None) -> Coerced:
    try:
        value = dt.date(year, month, day).isoformat()
    except ValueError:
        raise ValidationError(f"{fld.describe()}; got {_show(text)}") from None
    return Coerced(fld.parse(value), note=note)


# --- writing values back out ----------------------------------------------------------------


def export_text(fld: Field, value: Any) -> str:
    """The text an export writes for a stored value; coerce(fld, export_text(fld, v)) == v."""
    if value is None:
        return ""
    if fld.kind == "bool":
        return "yes" if value else "no"
    if fld.kind == "float":
        text = _number_text(float(value))
        return f"{text}%" if is_percent(fld) else text
    return str(value)
