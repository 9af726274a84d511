"""The field registry: the one description of every column of every table.

The schema, the validators, the editors in the UI and the importers all read this module;
no column is described anywhere else.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from registry.choices import (
    CHANNELS, CITIZENSHIP, CONTACT_ROLES, DOC_STATUS, EXAM_RESULTS, FAIL_POLICIES, IMPORTANCE,
    INTERVIEW_FORMATS, IR_PATHWAYS, LETTER_ROLES, LEVELS, PRACTICE_EXAMS, PRIORITY_FEATURES,
    PRIORITY_LEVELS, PROGRAM_TYPES, PUBLISHES_NONE, RANK_LIST_KINDS, RED_FLAG_TYPES,
    SETTINGS_KINDS, SET_JOIN, SIGNALS, STATUSES, STEP3_STATUS, STRENGTHS, TRACKS, UNKNOWN_WORDS,
    USCE_TYPES, US_STATES, VISAS, VISA_NEEDS,
)
from registry.errors import ValidationError
from registry.parsers import PARSERS, describe_number, show
from registry.specialties import DIAGNOSTIC, MINE_KEY, SPECIALTIES, mine, specialty

KINDS = ("int", "float", "text", "bool", "enum", "rating", "date")
MINE, MY_BACKUPS = "mine", "my backups"  # Field.offers


@dataclass(frozen=True)
class Field:
    table: str
    name: str
    label: str
    kind: str
    choices: tuple[str, ...] = ()
    minimum: float | None = None
    maximum: float | None = None
    required: bool = False
    editable: bool = True
    private: bool = False
    help: str = ""
    default: Any = None
    aliases: tuple[str, ...] = field(default=(), compare=False)
    set_like: bool = False  # a choice is a set of members (SET_JOIN): filters match by member
    percent: bool = False  # a percentage 0-100: filters read "25%", "25 %" and 0.25 alike
    # MINE or MY_BACKUPS: editors offer only the user's specialties (setting specialties.mine),
    # or the backups among them; every choice stays valid (an import may bring in any)
    offers: str | None = None

    def members(self, choice: str) -> frozenset[str]:
        """The members of a choice: itself, or for a set-like field its SET_JOIN parts."""
        return frozenset(choice.split(SET_JOIN)) if self.set_like else frozenset((choice,))

    @property
    def sql_type(self) -> str:
        return {"int": "INTEGER", "rating": "INTEGER", "bool": "INTEGER", "float": "REAL"}.get(
            self.kind, "TEXT"
        )

    def describe(self) -> str:
        """The rule a value must follow, phrased for a person."""
        if self.kind == "int":
            return f"{self.label} must be a whole number from {describe_number(self.minimum)} to {describe_number(self.maximum)}"
        if self.kind == "float":
            return f"{self.label} must be a number from {describe_number(self.minimum)} to {describe_number(self.maximum)}"
        if self.kind == "rating":
            return f"{self.label} must be a rating from 1 to 5"
        if self.kind == "bool":
            return f"{self.label} must be yes or no"
        if self.kind == "enum":
            return f"{self.label} must be one of: {', '.join(self.choices)}"
        if self.kind == "date":
            return f"{self.label} must be a date as YYYY-MM-DD"
        if self.kind == "specialties":
            return f"{self.label}: codes, names or NRMP codes, e.g. DR, IM, Psychiatry"
        if self.choices == US_STATES:
            return f"{self.label} must be a two-letter US state code"
        return f"{self.label} must be text"

    def parse(self, raw: Any) -> Any:
        """Turn user text (or an already typed value) into the stored value.

        Returns None for an empty value (unknown); raises ValidationError with the rule and
        the offending input otherwise.
        """
        if raw is None or (isinstance(raw, str) and raw.strip().lower() in UNKNOWN_WORDS):
            if self.required:
                raise ValidationError(f"{self.label} is required")
            return None
        parser = PARSERS[self.kind]
        try:
            return parser(self, raw)
        except ValidationError:
            raise
        except (TypeError, ValueError):
            raise ValidationError(f"{self.describe()}; got {show(raw)}") from None

    def format(self, value: Any) -> str:
        """The text an editor starts from; parse(format(v)) == v."""
        if value is None:
            return ""
        if self.kind == "bool":
            return "yes" if value else "no"
        if self.kind == "float":
            return f"{value:.15g}"
        return str(value)


def _f(table: str, name: str, label: str, kind: str = "text", **extra: Any) -> Field:
    return Field(table=table, name=name, label=label, kind=kind, **extra)


def _program_fields() -> tuple[Field, ...]:
    t = "programs"
    return (
        _f(t, "name", "Program", required=True, maximum=200,
           aliases=("program", "program name", "residency program", "name")),
        _f(t, "institution", "Institution", maximum=200,
           aliases=("institution", "sponsoring institution", "hospital", "sponsor")),
        _f(t, "city", "City", maximum=100, aliases=("city", "town", "location city", "state / city", "city / state", "city, state",
                    "state, city", "city, st", "st - city", "city (state)", "city and state")),
        _f(t, "state", "State", choices=US_STATES, aliases=("state", "st", "province")),
        _f(t, "specialty", "Specialty", "enum", choices=SPECIALTIES, required=True, default=DIAGNOSTIC,
           offers=MINE,
           aliases=("specialty", "speciality", "specialty/track", "field")),
        _f(t, "track", "Track", "enum", choices=TRACKS, aliases=("track", "position type")),
        _f(t, "program_code", "Program code", maximum=20,
           aliases=("program code", "nrmp code", "nrmp program code", "acgme id", "code")),
        _f(t, "program_type", "Type", "enum", choices=PROGRAM_TYPES,
           aliases=("program type", "type", "setting type", "university/community",
                    "academic/community", "program type (academic/community)")),
        _f(t, "residents_per_year", "Residents/yr", "int", minimum=0, maximum=100,
           aliases=("residents per year", "positions", "spots", "quota", "residents/year",
                    "number of residents per year", "number of residents", "residents",
                    "residents per class", "class size", "positions per year")),
        _f(t, "visa", "Visa", "enum", choices=VISAS, set_like=True,
           help="The visas the program sponsors; J-1+H-1B means both",
           aliases=("visa", "visa sponsorship", "visas", "j1/h1b", "visa sponsored")),
        _f(t, "img_presence", "IMGs present", "bool",
           aliases=("img presence", "imgs", "img friendly", "takes imgs", "imgs present",
                    "img presence (yes/no; approximate %)", "img presence (y/n; %)",
                    "img presence (yes/no; approximate % if visible)")),
        _f(t, "img_percent", "IMG %", "float", minimum=0, maximum=100, percent=True,
           aliases=("img %", "% img", "img percent", "percent img", "img percentage")),
        _f(t, "step2_min", "Step 2 min", "int", minimum=1, maximum=300,
           aliases=("step 2 min", "step 2 ck minimum", "usmle step 2 ck minimum", "step2 cutoff",
                    "min step 2", "step 2 cutoff")),
        _f(t, "typical_step2", "Typical Step 2", "int", minimum=1, maximum=300,
           aliases=("typical step 2", "average step 2", "mean step 2 ck", "matched step 2")),
        _f(t, "fail_policy", "Fail policy", "enum", choices=FAIL_POLICIES,
           aliases=("fail policy", "usmle fail policy", "attempts policy", "failed attempts")),
        _f(t, "grad_limit_years", "YOG limit", "int", minimum=0, maximum=60,
           aliases=("graduation limit", "yog limit", "years since graduation limit",
                    "graduation recency")),
        _f(t, "step2_min_none", "No Step 2 min", "bool",
           help=f"Yes when the program {PUBLISHES_NONE} (a blank Step 2 min means not "
                "researched yet)"),
        _f(t, "grad_limit_none", "No YOG limit", "bool",
           help=f"Yes when the program {PUBLISHES_NONE} (a blank YOG limit means not "
                "researched yet)"),
        _f(t, "current_imgs", "Current IMGs", "int", minimum=0, maximum=500,
           aliases=("current imgs", "number of imgs", "imgs among residents",
                    "number of imgs in current residents", "imgs in current residents",
                    "number of current imgs", "img residents", "current img residents")),
        _f(t, "research", "Research", "enum", choices=STRENGTHS,
           aliases=("research", "research opportunities", "research opportunities (y/n; strength)",
                    "research strength")),
        _f(t, "ir_pathway", "IR pathway", "enum", choices=IR_PATHWAYS,
           aliases=("ir pathway", "ir", "ir exposure", "ir pathway strength")),
        _f(t, "tertiary_center", "Tertiary center", "bool",
           aliases=("tertiary", "quaternary", "academic center")),
        _f(t, "level1_trauma", "Level 1 trauma", "bool", aliases=("level 1 trauma", "trauma")),
        _f(t, "childrens_hospital", "Children's", "bool",
           aliases=("children's hospital", "childrens hospital", "peds hospital")),
        _f(t, "setting", "Setting", "enum", choices=SETTINGS_KINDS,
           aliases=("urban/suburban/rural", "urban/rural", "area")),
        _f(t, "cost_of_living", "Cost of living", "enum", choices=LEVELS,
           aliases=("cost of living", "col")),
        _f(t, "near_family", "Near family", "bool", aliases=("near family", "family nearby")),
        _f(t, "subspecialties", "Subspecialties", maximum=300,
           aliases=("subspecialties", "fellowships offered")),
        _f(t, "img_current_website", "IMG: on website", "int", minimum=0, maximum=3,
           help="Current IMGs visible on the website, 0-3"),
        _f(t, "img_alumni", "IMG: alumni", "int", minimum=0, maximum=2,
           help="IMGs in alumni or fellowship lists, 0-2"),
        _f(t, "img_welcome", "IMG: welcome", "int", minimum=0, maximum=1,
           help="Explicit welcome of international graduates, 0-1"),
        _f(t, "img_visa_support", "IMG: visa support", "int", minimum=0, maximum=2,
           help="Clear visa support description and experience, 0-2"),
        _f(t, "img_word_of_mouth", "IMG: word of mouth", "int", minimum=0, maximum=2,
           help="Word of mouth from IMGs you know, 0-2"),
        _f(t, "fellowship_pipeline", "Fellowships", maximum=500,
           aliases=("fellowship pipeline", "fellowship match", "fellowships")),
        _f(t, "call_schedule", "Call/workload", maximum=1000,
           aliases=("call schedule", "workload", "call", "call schedule / workload notes",
                    "call schedule/workload", "workload notes")),
        _f(t, "location_notes", "Location pros/cons", maximum=1000,
           aliases=("location", "location pros/cons", "location notes")),
        _f(t, "culture_notes", "Culture", maximum=1000, aliases=("culture", "culture notes")),
        _f(t, "personal_fit", "Personal fit", "rating",
           aliases=("personal fit", "fit", "my fit", "fit (1-5)", "personal fit (1-5)",
                    "personal fit (1-5 rating)")),
        _f(t, "priority", "Priority", "enum", choices=PRIORITY_LEVELS,
           aliases=("priority", "overall priority", "overall priority (high/medium/low)")),
        _f(t, "website", "Website", maximum=500, aliases=("website", "url", "link")),
        _f(t, "contact", "Contact", maximum=500,
           aliases=("contact", "coordinator", "email", "coordinator email")),
        _f(t, "eras", "ERAS", "bool", aliases=("eras", "eras participation")),
        _f(t, "status", "Status", "enum", choices=STATUSES, default="researching",
           aliases=("status", "application status")),
        _f(t, "signal", "Signal", "enum", choices=SIGNALS, default="none",
           aliases=("signal", "program signal", "signal sent")),
        _f(t, "ask_by_email", "Ask by email", "bool", default=False,
           aliases=("ask by email", "email them", "to ask")),
        _f(t, "why_program", "Why this program", maximum=4000,
           help="A paragraph for the personal statement and for 'why our program?'"),
        _f(t, "notes", "Notes", maximum=10000, aliases=("notes", "comments", "remarks")),
    )


def _profile_fields() -> tuple[Field, ...]:
    t = "profile"
    return (
        _f(t, "name", "Name", maximum=200),
        _f(t, "citizenship", "Citizenship", "enum", choices=CITIZENSHIP),
        _f(t, "visa_need", "Visa need", "enum", choices=VISA_NEEDS),
        _f(t, "step1_result", "Step 1", "enum", choices=EXAM_RESULTS),
        _f(t, "step1_attempts", "Step 1 attempts", "int", minimum=0, maximum=10),
        _f(t, "step1_date", "Step 1 date", "date"),
        _f(t, "step2_score", "Step 2 CK", "int", minimum=1, maximum=300),
        _f(t, "step2_attempts", "Step 2 CK attempts", "int", minimum=0, maximum=10),
        _f(t, "step2_date", "Step 2 CK date", "date"),
        _f(t, "step3_status", "Step 3", "enum", choices=STEP3_STATUS),
        _f(t, "comlex", "COMLEX", maximum=100),
        _f(t, "failed_attempt", "Any failed attempt", "bool"),
        _f(t, "school_country", "School country", maximum=100),
        _f(t, "school_name", "School", maximum=200),
        _f(t, "graduation_year", "Graduation year", "int", minimum=1950, maximum=2100),
        _f(t, "radiology_publications", "Radiology publications", "int", minimum=0, maximum=500),
        _f(t, "posters", "Posters", "int", minimum=0, maximum=500),
        _f(t, "qi_projects", "QI projects", "int", minimum=0, maximum=500),
        _f(t, "other_publications", "Other publications", "int", minimum=0, maximum=500),
        _f(t, "higher_degrees", "Higher degrees", maximum=200),
        _f(t, "english_test", "English test", maximum=100),
        _f(t, "communication_notes", "Communication notes", maximum=2000),
        _f(t, "target_ir", "Targets IR", "bool"),
        _f(t, "dual_apply", "Dual applying", "bool"),
        _f(t, "usce_none", "No USCE yet", "bool",
           help="Yes when you have no US clinical experience at all; leave blank until your "
                "USCE rows are entered, so an empty list reads as 'not entered' rather than none"),
        _f(t, "backup_specialty", "Backup specialty", "enum", choices=SPECIALTIES, offers=MY_BACKUPS),
    )


def _other_tables() -> dict[str, tuple[Field, ...]]:
    return {
        "usce": (
            _f("usce", "type", "Type", "enum", choices=USCE_TYPES, required=True),
            _f("usce", "specialty", "Specialty", maximum=100),
            _f("usce", "institution", "Institution", maximum=200),
            _f("usce", "months", "Months", "float", minimum=0, maximum=120),
            _f("usce", "radiology", "Radiology", "bool", default=False),
            _f("usce", "start_date", "Start", "date"),
        ),
        "match_history": (
            _f("match_history", "program_id", "Program", "int", minimum=1, required=True),
            _f("match_history", "year", "Match year", "int", minimum=1952, maximum=2100,
               required=True),
            _f("match_history", "quota", "Quota", "int", minimum=0, maximum=1000),
            _f("match_history", "matched", "Matched", "int", minimum=0, maximum=1000),
            _f("match_history", "source", "Source file", maximum=300),
            _f("match_history", "source_date", "Imported", "date"),
        ),
        "red_flags": (
            _f("red_flags", "type", "Type", "enum", choices=RED_FLAG_TYPES, required=True),
            _f("red_flags", "start_date", "From", "date"),
            _f("red_flags", "end_date", "To", "date"),
            _f("red_flags", "explanation", "Explanation draft", maximum=4000, private=True),
            _f("red_flags", "mentor_reviewed", "Mentor reviewed", "bool", default=False),
        ),
        "priorities": (
            _f("priorities", "feature", "Feature", "enum", choices=PRIORITY_FEATURES,
               required=True),
            _f("priorities", "importance", "Importance", "enum", choices=IMPORTANCE,
               default="not"),
            _f("priorities", "preference", "Preference", maximum=200,
               help="For region, setting or subspecialty: which ones, comma separated"),
        ),
        "contacts": (
            _f("contacts", "person", "Person", maximum=200, required=True),
            _f("contacts", "role", "Role", "enum", choices=CONTACT_ROLES),
            _f("contacts", "program_id", "Program", "int", minimum=1),
            _f("contacts", "channel", "Channel", "enum", choices=CHANNELS),
            _f("contacts", "date", "Date", "date"),
            _f("contacts", "questions", "Questions", maximum=2000),
            _f("contacts", "notes", "Answers/notes", maximum=4000),
            _f("contacts", "follow_up", "Follow-up", "date"),
            _f("contacts", "follow_up_done", "Follow-up done", "bool", default=False),
        ),
        "interviews": (
            _f("interviews", "program_id", "Program", "int", minimum=1, required=True),
            _f("interviews", "date", "Date", "date",
               aliases=("interview date", "date of interview", "interviewed on")),
            _f("interviews", "format", "Format", "enum", choices=INTERVIEW_FORMATS,
               aliases=("interview format", "virtual/in person")),
            _f("interviews", "culture", "Culture", "rating",
               aliases=("program culture", "culture rating", "interview culture",
                        "program culture (supportive/neutral/negative)")),
            _f("interviews", "happiness", "Resident happiness", "rating",
               aliases=("resident happiness", "resident happiness and burnout level",
                        "resident happiness/burnout", "happiness", "burnout", "resident burnout")),
            _f("interviews", "education", "Education/case mix", "rating",
               aliases=("educational quality and case mix", "educational quality",
                        "education quality", "case mix", "education")),
            _f("interviews", "img_support", "IMG support/visa", "rating",
               aliases=("img support and visa confidence", "img support", "visa confidence",
                        "img support / visa confidence")),
            _f("interviews", "location", "Location/cost", "rating",
               aliases=("location suitability and cost of living", "location suitability",
                        "location / cost of living", "location rating")),
            _f("interviews", "gut_rank", "Gut rank", "rating",
               aliases=("gut rank", "gut feeling", "gut", "overall impression")),
            _f("interviews", "red_flag_count", "Red flags noticed (count)", "int",
               minimum=0, maximum=20, default=0,
               help="The one count of red flags: the rank score, the screens and exports use it; "
                    "writing a red flag note raises it to at least 1"),
            _f("interviews", "positives", "Positives", maximum=4000,
               aliases=("specific positive experiences", "positive experiences", "positives",
                        "what i liked", "interview positives")),
            _f("interviews", "red_flags_noticed", "Red flags noticed", maximum=4000,
               help="What you noticed; the count beside it is what the rank score uses",
               aliases=("any red flags", "red flags", "red flags noticed", "interview red flags",
                        "concerns")),
        ),
        "rank_lists": (
            _f("rank_lists", "kind", "Kind", "enum", choices=RANK_LIST_KINDS, required=True),
            _f("rank_lists", "name", "Name", maximum=200, required=True),
            _f("rank_lists", "advanced_program_ids", "Attached to", maximum=2000,
               help="Comma-separated ids of the advanced programs a supplemental list serves"),
        ),
        "rank_entries": (
            _f("rank_entries", "list_id", "List", "int", minimum=1, required=True),
            _f("rank_entries", "program_id", "Program", "int", minimum=1, required=True),
            _f("rank_entries", "position", "Position", "int", minimum=1, maximum=300,
               required=True),
            _f("rank_entries", "match_probability", "P(match)", "float", minimum=0, maximum=1),
        ),
        "rank_snapshots": (
            _f("rank_snapshots", "name", "Name", maximum=200, required=True),
            _f("rank_snapshots", "created", "Created", maximum=40),
            _f("rank_snapshots", "content", "Content", editable=False),
        ),
        "letters": (
            _f("letters", "writer", "Writer", maximum=200, required=True),
            _f("letters", "role", "Role", "enum", choices=LETTER_ROLES),
            _f("letters", "writer_specialty", "Writer specialty", maximum=100),
            _f("letters", "us_based", "US-based", "bool"),
            _f("letters", "requested", "Requested", "date"),
            _f("letters", "received", "Received", "date"),
            _f("letters", "uploaded", "Uploaded", "date"),
            _f("letters", "assigned_to", "Assigned to", maximum=200,
               help="Comma-separated specialties: DR, IR/DR, backup"),
        ),
        "statements": (
            _f("statements", "specialty", "Specialty", "enum", choices=SPECIALTIES, required=True,
               offers=MINE),
            _f("statements", "track", "Track", maximum=100),
            _f("statements", "version", "Version", "int", minimum=1, maximum=999, default=1),
            _f("statements", "status", "Status", "enum", choices=DOC_STATUS, default="draft"),
            _f("statements", "body", "Text", maximum=20000, private=True),
            _f("statements", "check_dismissed", "Check dismissed", "bool", default=False),
        ),
        "practice_exams": (
            _f("practice_exams", "exam", "Exam", "enum", choices=PRACTICE_EXAMS, required=True),
            _f("practice_exams", "date", "Date", "date", required=True),
            _f("practice_exams", "score", "Score", "int", minimum=1, maximum=300, required=True),
        ),
        "timeline": (
            _f("timeline", "task", "Task", maximum=300, required=True),
            _f("timeline", "months_before_match", "Months before Match", "float",
               minimum=0, maximum=24),
            _f("timeline", "done", "Done", "bool", default=False),
        ),
        "saved_views": (
            _f("saved_views", "name", "Name", maximum=100, required=True),
            _f("saved_views", "filter", "Filter", maximum=1000),
            _f("saved_views", "sort", "Sort", maximum=200),
            _f("saved_views", "columns", "Columns", maximum=4000),
        ),
        "fee_schedule": (
            _f("fee_schedule", "cycle", "Cycle", maximum=20, required=True),
            _f("fee_schedule", "from_count", "From program #", "int", minimum=1, maximum=10000,
               required=True),
            _f("fee_schedule", "to_count", "To program #", "int", minimum=1, maximum=10000),
            _f("fee_schedule", "fee", "Fee (USD)", "float", minimum=0, maximum=10000,
               required=True),
            _f("fee_schedule", "source", "Source", maximum=300),
            _f("fee_schedule", "as_of", "As of", "date"),
        ),
        "signal_rules": (
            _f("signal_rules", "cycle", "Cycle", maximum=20, required=True),
            _f("signal_rules", "pool", "Pool", maximum=100, required=True,
               help="Specialties sharing the signals, e.g. 'DR,IR/DR'"),
            _f("signal_rules", "gold", "Gold", "int", minimum=0, maximum=100, default=0),
            _f("signal_rules", "silver", "Silver", "int", minimum=0, maximum=100, default=0),
            _f("signal_rules", "geographic", "Geographic preferences", "int", minimum=0,
               maximum=9, default=0),
            _f("signal_rules", "source", "Source", maximum=300),
        ),
    }


TABLES: dict[str, tuple[Field, ...]] = {
    "programs": _program_fields(),
    "profile": _profile_fields(),
    **_other_tables(),
}

_INDEX = {(f.table, f.name): f for fields in TABLES.values() for f in fields}


def get_field(table: str, name: str) -> Field:
    try:
        return _INDEX[(table, name)]
    except KeyError:
        raise KeyError(f"unknown field {table}.{name}") from None


def offered_choices(fld: Field, settings: Mapping[str, Any], current: Any = None) -> tuple[str, ...]:
    """The choices an editor lists: the field's, narrowed to the user's specialties for a
    specialty field; the value already stored is always offered."""
    if fld.offers is None:
        return fld.choices
    own = mine(settings.get(MINE_KEY))
    if fld.offers == MY_BACKUPS:
        own = tuple(code for code in own if specialty(code).backup)
    return tuple(c for c in fld.choices if c in own or c == current)


def fields_of(table: str) -> tuple[Field, ...]:
    return TABLES[table]


def parse_ids(text: str | None) -> tuple[int, ...]:
    """An id-list field ('2, 1,3') -> (2, 1, 3); blanks and repeats are dropped, order kept."""
    ids: list[int] = []
    for part in (text or "").split(","):
        part = part.strip()
        if part.isdigit() and int(part) not in ids:
            ids.append(int(part))
    return tuple(ids)
