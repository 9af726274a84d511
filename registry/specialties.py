"""Every specialty MatchDesk knows, in one place: which are radiology and which a backup, which
positions are PGY-1 years, and how NRMP program codes name them.

The field registry's specialty choices, scoring, the rank list, the NRMP importer and the
screens all read this module.
"""

from __future__ import annotations

from dataclasses import dataclass

DIAGNOSTIC = "DR"
INTEGRATED_IR = "IR/DR"
INDEPENDENT_IR = "IR"
TRANSITIONAL = "TY"
PRELIMINARY_TRACK = "Preliminary"
ADVANCED_TRACK = "Advanced"


@dataclass(frozen=True)
class Specialty:
    code: str  # the stored value
    name: str  # as NRMP and the guides write it
    tag: str  # a short tag for narrow columns
    nrmp: str | None  # the NRMP 3-digit specialty code
    nrmp_track: str | None = None  # set when only this NRMP track letter is this specialty
    radiology: bool = False
    backup: bool = False  # offered as the backup specialty beside radiology
    pgy1: bool = False  # a one-year PGY-1 position (transitional or preliminary)
    words: tuple[str, ...] = ()  # what a letter writer's free-text specialty says (lower case)


SPECIALTY_LIST: tuple[Specialty, ...] = (
    Specialty(DIAGNOSTIC, "Diagnostic Radiology", "DR", "420", radiology=True, words=("radiolog",)),
    Specialty(INTEGRATED_IR, "Interventional Radiology (integrated)", "IR/DR", "416", radiology=True,
              words=("interventional",)),
    Specialty(INDEPENDENT_IR, "Interventional Radiology (independent)", "IR", "415", radiology=True,
              words=("interventional",)),
    Specialty("IM", "Internal Medicine", "IM", "140", backup=True, words=("internal medicine",)),
    Specialty("FM", "Family Medicine", "FM", "120", backup=True,
              words=("family medicine", "family practice")),
    Specialty("Neurology", "Neurology", "Neuro", "180", backup=True, words=("neurolog",)),
    Specialty("Pathology", "Pathology", "Path", "300", backup=True, words=("patholog",)),
    Specialty(TRANSITIONAL, "Transitional Year", "TY", "999", pgy1=True, words=("transitional",)),
    Specialty("Prelim Medicine", "Internal Medicine (preliminary)", "Prelim", "140", "P", pgy1=True,
              words=("internal medicine",)),
    Specialty("Prelim Surgery", "General Surgery (preliminary)", "Prelim", "440", "P", pgy1=True,
              words=("surgery", "surgical")),
)

SPECIALTIES: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST)
RADIOLOGY: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST if s.radiology)
BACKUP_SPECIALTIES: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST if s.backup)
PGY1_SPECIALTIES: tuple[str, ...] = tuple(s.code for s in SPECIALTY_LIST if s.pgy1)
_BY_CODE = {s.code: s for s in SPECIALTY_LIST}

# NRMP specialty code -> MatchDesk specialty; the preliminary track ("P") of 140 and 440 is a
# PGY-1 year of its own, their other tracks the categorical specialty (or one MatchDesk skips).
NRMP_SPECIALTIES: dict[str, str] = {s.nrmp: s.code for s in SPECIALTY_LIST
                                    if s.nrmp and s.nrmp_track is None}
NRMP_PRELIMINARY: dict[str, str] = {s.nrmp: s.code for s in SPECIALTY_LIST
                                    if s.nrmp and s.nrmp_track == "P"}
# NRMP track letter -> track (the registry's TRACKS choices).
NRMP_TRACKS: dict[str, str] = {"A": ADVANCED_TRACK, "C": "Categorical", "P": PRELIMINARY_TRACK,
                               "R": "Physician", "M": "Primary care"}
# The names of common NRMP specialty codes, MatchDesk's own and the others a file may hold.
NRMP_NAMES: dict[str, str] = {
    **{s.nrmp: s.name for s in SPECIALTY_LIST if s.nrmp and s.nrmp_track is None},
    "440": "General Surgery", "040": "Anesthesiology", "110": "Emergency Medicine",
    "220": "Obstetrics-Gynecology", "320": "Pediatrics", "400": "Psychiatry",
}


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
