"""The choice lists of the registry's fields and the words people type for yes, no and unknown.

Fields (registry/fields.py) name their choices here; nothing else restates a list."""

from __future__ import annotations

# A set-like field's choice names its members joined by this: visa "J-1+H-1B" is J-1 and H-1B.
SET_JOIN = "+"

TRUE_WORDS = frozenset({"yes", "y", "true", "t", "1", "x", "✓", "✔", "on"})
FALSE_WORDS = frozenset({"no", "n", "false", "f", "0", "off"})
UNKNOWN_WORDS = frozenset({"", "n/a", "na", "unknown", "?", "-", "none listed", "tbd", "null"})

US_STATES = (
    "AL", "AK", "AZ", "AR", "CA", "CO", "CT", "DE", "DC", "FL", "GA", "HI", "ID", "IL", "IN",
    "IA", "KS", "KY", "LA", "ME", "MD", "MA", "MI", "MN", "MS", "MO", "MT", "NE", "NV", "NH",
    "NJ", "NM", "NY", "NC", "ND", "OH", "OK", "OR", "PA", "PR", "RI", "SC", "SD", "TN", "TX",
    "UT", "VT", "VA", "WA", "WV", "WI", "WY",
)


TRACKS = ("Advanced", "Categorical", "Preliminary", "Physician", "Primary care")
PROGRAM_TYPES = ("university", "university-affiliated", "community")
VISAS = ("J-1", "H-1B", "J-1+H-1B", "none")
FAIL_POLICIES = ("no failed attempts", "case by case", "not stated")
STRENGTHS = ("none", "some", "strong")
IR_PATHWAYS = ("none", "moderate", "strong", "integrated")
STATUSES = ("researching", "applied", "invited", "interviewed", "ranked", "withdrawn")
SIGNALS = ("none", "gold", "silver")
PRIORITY_LEVELS = ("High", "Medium", "Low")
SETTINGS_KINDS = ("urban", "suburban", "rural")
LEVELS = ("low", "medium", "high")
VISA_NEEDS = ("none", "J-1", "H-1B", "J-1 or H-1B")
CITIZENSHIP = ("US citizen", "green card", "non-US citizen")
EXAM_RESULTS = ("pass", "fail", "not taken")
STEP3_STATUS = ("passed", "planned", "not planned")
USCE_TYPES = ("observership", "elective", "externship", "sub-internship", "research")
RED_FLAG_TYPES = (
    "course/clerkship failure", "exam failure or retake", "Step 1 to Step 2 drop",
    "gap over 3-6 months", "leave of absence", "professionalism/disciplinary",
    "limited radiology exposure", "CV date inconsistency", "scattered dual applications",
)
CONTACT_ROLES = ("current resident", "IMG resident", "faculty", "coordinator", "alum", "mentor")
CHANNELS = ("email", "social DM", "call", "in person")
INTERVIEW_FORMATS = ("virtual", "in person")
IMPORTANCE = ("must", "nice", "not")
PRIORITY_FEATURES = (
    "academic program", "community program", "subspecialty interest", "research/education role",
    "tertiary/quaternary center", "level 1 trauma center", "children's hospital",
    "collegial culture", "resident autonomy", "IMG representation", "region",
    "urban/suburban/rural", "cost of living", "safety", "proximity to family",
    "J-1/H-1B sponsorship", "history with IMGs", "immigration support",
    "new or growing programs",
)
SOURCES = ("program website", "FREIDA", "coordinator email", "resident", "forum",
           "import file", "other")
RANK_LIST_KINDS = ("primary", "supplemental")
LETTER_ROLES = ("IR attending", "diagnostic radiologist", "core clinical", "research mentor", "other")
DOC_STATUS = ("draft", "mentor-reviewed", "final")
PRACTICE_EXAMS = ("NBME", "UWSA1", "UWSA2", "UWSA3", "Free 120", "other")
SETTING_KINDS = ("int", "float", "text", "bool", "date")
# A blank published limit means "not researched yet"; that the program publishes none is a
# value of its own, kept in a yes/no column beside the number (typed text maps to it).
PUBLISHES_NONE = "publishes none"
PUBLISHES_NONE_FLAGS = {"step2_min": "step2_min_none", "grad_limit_years": "grad_limit_none"}
