"""Every specialty MatchDesk knows, in one place: which are radiology and which a backup, which
positions are PGY-1 years, and how NRMP program codes name them.

The field registry's specialty choices, scoring, the rank list, the NRMP importer and the
screens all read this module.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

DIAGNOSTIC = "DR"
INTEGRATED_IR = "IR/DR"
INDEPENDENT_IR = "IR"
TRANSITIONAL = "TY"
PRELIMINARY_TRACK = "Preliminary"
ADVANCED_TRACK = "Advanced"
MINE_KEY = "specialties.mine"  # the setting listing the specialties the user applies to


@dataclass(frozen=True)
class Specialty:
    code: str  # the stored value
    name: str  # as NRMP and the guides write it
    tag: str  # a short tag for narrow columns
    nrmp: str | None  # the NRMP 3-digit specialty code
    nrmp_track: str | None = None  # set when only this NRMP track letter is this specialty
    radiology: bool = False
    pgy1: bool = False  # a one-year PGY-1 position (transitional or preliminary)
    words: tuple[str, ...] = ()  # what a letter writer's free-text specialty says (lower case)

    @property
    def backup(self) -> bool:
        """A categorical specialty other than radiology: one a radiology applicant can dual
        apply to as the backup."""
        return not (self.radiology or self.pgy1)


def _other(code: str, name: str, tag: str, nrmp: str, *words: str) -> Specialty:
    """A categorical specialty other than radiology, as the NRMP Main Match codes it."""
    return Specialty(code, name, tag, nrmp, words=words)


SPECIALTY_LIST: tuple[Specialty, ...] = (
    Specialty(DIAGNOSTIC, "Diagnostic Radiology", "DR", "420", radiology=True, words=("radiolog",)),
    Specialty(INTEGRATED_IR, "Interventional Radiology (integrated)", "IR/DR", "416", radiology=True,
              words=("interventional",)),
    Specialty(INDEPENDENT_IR, "Interventional Radiology (independent)", "IR", "415", radiology=True,
              words=("interventional",)),
    _other("IM", "Internal Medicine", "IM", "140", "internal medicine"),
    _other("FM", "Family Medicine", "FM", "120", "family medicine", "family practice"),
    _other("Neurology", "Neurology", "Neuro", "180", "neurolog"),
    _other("Pathology", "Pathology", "Path", "300", "patholog"),
    Specialty(TRANSITIONAL, "Transitional Year", "TY", "999", pgy1=True, words=("transitional",)),
    Specialty("Prelim Medicine", "Internal Medicine (preliminary)", "Prelim", "140", "P", pgy1=True,
              words=("internal medicine",)),
    Specialty("Prelim Surgery", "General Surgery (preliminary)", "Prelim", "440", "P", pgy1=True,
              words=("surgery", "surgical")),
    # The other specialties of the NRMP Main Residency Match, with the codes and names NRMP's
    # Florida 2020-2026 results file gives them in its "Main" table (its "Specialty" table holds
    # fellowships: 450 and 460 there are the vascular and thoracic surgery fellowships).
    _other("Anesthesiology", "Anesthesiology", "Anes", "040", "anesthes"),
    _other("Dermatology", "Dermatology", "Derm", "080", "dermatolog"),
    _other("EM", "Emergency Medicine", "EM", "110", "emergency"),
    _other("General Surgery", "General Surgery", "Surg", "440", "general surgery"),
    _other("Med-Peds", "Medicine-Pediatrics", "MedPed", "700", "medicine-pediatrics", "med-peds"),
    _other("Neurosurgery", "Neurological Surgery", "NSurg", "160", "neurosurg",
           "neurological surgery"),
    _other("Child Neurology", "Child Neurology", "CNeuro", "185", "child neurolog"),
    _other("OB/GYN", "Obstetrics-Gynecology", "OBGYN", "220", "obstetric", "gynecolog"),
    _other("Orthopaedics", "Orthopaedic Surgery", "Ortho", "260", "orthop"),
    _other("ONMM", "Osteopathic Neuromusculoskeletal Medicine", "ONMM", "275", "osteopathic"),
    _other("Otolaryngology", "Otolaryngology", "ENT", "280", "otolaryng", "ear, nose"),
    _other("Pediatrics", "Pediatrics", "Peds", "320", "pediatric"),
    _other("PM&R", "Physical Medicine & Rehabilitation", "PM&R", "340", "physical medicine",
           "rehabilitation"),
    _other("Plastic Surgery", "Plastic Surgery (integrated)", "Plast", "362", "plastic"),
    _other("Preventive Medicine", "Public Health & Preventive Medicine", "PrevMd", "380",
           "preventive", "public health"),
    _other("Psychiatry", "Psychiatry", "Psych", "400", "psychiatr"),
    _other("Radiation Oncology", "Radiation Oncology", "RadOnc", "430", "radiation oncolog"),
    _other("Thoracic Surgery", "Thoracic Surgery", "Thor", "461", "thoracic surg",
           "cardiothoracic"),
    _other("Vascular Surgery", "Vascular Surgery", "Vasc", "451", "vascular surg"),
)

SPECIALTIES: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST)
RADIOLOGY: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST if s.radiology)
BACKUP_SPECIALTIES: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST if s.backup)
PGY1_SPECIALTIES: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST if s.pgy1)
# The backups the guides name; with radiology and the PGY-1 years, the specialties a new user
# applies to until the user's own list (setting specialties.mine) says otherwise.
GUIDE_BACKUPS: tuple[str, ...] = ("IM", "FM", "Neurology", "Pathology")
DEFAULT_MINE: tuple[str, ...] = (*RADIOLOGY, *GUIDE_BACKUPS, *PGY1_SPECIALTIES)
_BY_CODE = {s.code: s for s in SPECIALTY_LIST}

# NRMP specialty code -> MatchDesk specialty; the preliminary track ("P") of 140 and 440 is a
# PGY-1 year of its own, their other tracks the categorical specialty.
NRMP_SPECIALTIES: dict[str, str] = {s.nrmp: s.code for s in SPECIALTY_LIST
                                    if s.nrmp and s.nrmp_track is None}
NRMP_PRELIMINARY: dict[str, str] = {s.nrmp: s.code for s in SPECIALTY_LIST
                                    if s.nrmp and s.nrmp_track == "P"}
# NRMP track letter -> track (the registry's TRACKS choices).
NRMP_TRACKS: dict[str, str] = {"A": ADVANCED_TRACK, "C": "Categorical", "P": PRELIMINARY_TRACK,
                               "R": "Physician", "M": "Primary care"}
NRMP_NAMES: dict[str, str] = {s.nrmp: s.name for s in SPECIALTY_LIST
                              if s.nrmp and s.nrmp_track is None}


def parse_specialty_list(text: str) -> tuple[str, ...]:
    """ "dr, Psychiatry, 400" -> ('DR', 'Psychiatry') in the registry's order: codes, names and
    NRMP codes in any case; raises ValueError naming the words that are no specialty."""
    folded = _by_folded_name()
    words = [w.strip() for w in str(text).split(",") if w.strip()]
    unknown = [w for w in words if _fold(w) not in folded]
    if unknown:
        raise ValueError(f"not a specialty: {', '.join(unknown)} (choose from "
                         f"{', '.join(SPECIALTIES)})")
    wanted = {folded[_fold(w)] for w in words}
    return tuple(s for s in SPECIALTIES if s in wanted)


def mine(text: str | None) -> tuple[str, ...]:
    """The user's specialties from the stored setting; the default list when it reads as none
    (a setting written by another tool must not empty every list)."""
    try:
        return parse_specialty_list(text or "") or DEFAULT_MINE
    except ValueError:
        return DEFAULT_MINE


@lru_cache(maxsize=1)
def _by_folded_name() -> dict[str, str]:
    """Folded code, name or NRMP code -> specialty."""
    return {**{_fold(s.code): s.code for s in SPECIALTY_LIST},
            **{_fold(s.name): s.code for s in SPECIALTY_LIST}, **NRMP_SPECIALTIES}


def _fold(text: str) -> str:
    return re.sub(r"[^a-z0-9&/+]", "", text.lower())


def specialty(code: str) -> Specialty:
    try:
        return _BY_CODE[code]
    except KeyError:
        raise KeyError(f"unknown specialty {code}") from None


def tag(code: str | None) -> str:
    """The short tag of a specialty; an unknown one as written, a missing one as '?'."""
    if not code:
        return "?"
    return _BY_CODE[code].tag if code in _BY_CODE else code


def is_radiology(code: str | None) -> bool:
    return code in RADIOLOGY


def is_pgy1(code: str | None, track: str | None) -> bool:
    """A PGY-1 year: a transitional or preliminary specialty, or any preliminary track."""
    return code in PGY1_SPECIALTIES or track == PRELIMINARY_TRACK


def is_advanced(track: str | None) -> bool:
    return track == ADVANCED_TRACK


def track_label(specialty: str | None, track: str | None) -> str:
    """The kind of position as the rank list speaks of it."""
    if is_pgy1(specialty, track):
        return TRANSITIONAL if specialty == TRANSITIONAL else "prelim"
    if specialty in (INTEGRATED_IR, INDEPENDENT_IR):
        return specialty
    if specialty == DIAGNOSTIC:
        return "DR advanced" if is_advanced(track) else "categorical"
    return "backup"
