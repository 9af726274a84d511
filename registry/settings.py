"""Default settings, fee schedule and signal rules, shipped as data rows.

Every threshold and weight the scoring uses lives here as a named, editable setting; the
settings table is seeded from this list and the user can change or reset any of them.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.specialties import DEFAULT_MINE, MINE_KEY, SPECIALTY_LIST, mine


@dataclass(frozen=True)
class Setting:
    key: str
    default: Any
    label: str
    section: str
    kind: str = "float"  # int | float | text | bool | date | specialties
    minimum: float | None = None
    maximum: float | None = None

    @property
    def source(self) -> str:
        """Where the default comes from; an estimate says so."""
        return source_of(self.key)


def typical_key(specialty: str) -> str:
    """The setting of a specialty's estimated typical Step 2 CK (radiology's go by program type)."""
    return f"typical.{specialty}"


def _s(key: str, default: Any, label: str, section: str, kind: str | None = None,
       minimum: float | None = None, maximum: float | None = None) -> Setting:
    if kind is None:
        kind = "int" if isinstance(default, int) and not isinstance(default, bool) else (
            "bool" if isinstance(default, bool) else "float" if isinstance(default, float) else "text")
    return Setting(key, default, label, section, kind, minimum, maximum)


SETTINGS: tuple[Setting, ...] = (
    # the specialties the user applies to: the lists, choices, fees, signals and imports follow
    _s(MINE_KEY, ", ".join(DEFAULT_MINE), "Your specialties (comma-separated)",
       "Specialties", kind="specialties"),
    # DOMAIN 1: risk category and Step 2 CK bands
    _s("risk.higher_step2", 245, "Higher-likelihood: Step 2 CK at least", "Risk", minimum=1, maximum=300),
    _s("risk.higher_max_years", 3, "Higher-likelihood: years since graduation at most", "Risk", minimum=0, maximum=60),
    _s("risk.moderate_step2", 235, "Moderate-risk: Step 2 CK at least", "Risk", minimum=1, maximum=300),
    _s("risk.moderate_max_years", 6, "Moderate-risk: years since graduation at most", "Risk", minimum=0, maximum=60),
    _s("risk.dealbreaker_years", 7, "Deal-breaker: years since graduation over", "Risk", minimum=0, maximum=60),
    _s("risk.radiology_only_strong", 4, "Radiology-only defensible with Strong in at least", "Risk", minimum=0, maximum=7),
    _s("difficult.step2_below", 230, "Extremely difficult: Step 2 CK below", "Risk", minimum=1, maximum=300),
    _s("difficult.fail_step2_below", 240, "Extremely difficult: a failure with Step 2 CK below", "Risk", minimum=1, maximum=300),
    _s("difficult.years_over", 5, "Extremely difficult: low score + visa need + years since graduation over", "Risk", minimum=0, maximum=60),
    _s("band.very_strong", 250, "Step 2 CK band: very strong from", "Risk", minimum=1, maximum=300),
    _s("band.competitive", 240, "Step 2 CK band: competitive from", "Risk", minimum=1, maximum=300),
    _s("band.borderline", 230, "Step 2 CK band: borderline from", "Risk", minimum=1, maximum=300),
    _s("readiness.target", 245, "Practice exam target (Step 1 passed first time)", "Readiness", minimum=1, maximum=300),
    _s("readiness.target_after_fail", 250, "Practice exam target after a Step 1 fail", "Readiness", minimum=1, maximum=300),
    _s("readiness.near_margin", 5, "Practice score counts as near target within", "Readiness", minimum=0, maximum=50),
    # DOMAIN 2: priority weights
    _s("weight.must", 3.0, "Priority weight: must-have", "Priorities", minimum=0, maximum=10),
    _s("weight.nice", 1.0, "Priority weight: nice-to-have", "Priorities", minimum=0, maximum=10),
    _s("weight.not", 0.0, "Priority weight: not important", "Priorities", minimum=0, maximum=10),
    # DOMAIN 6: tiers
    _s("tier.reach_margin", 3, "Reach: Step 2 CK below typical minus", "Tiers", minimum=0, maximum=50),
    _s("tier.reach_img_max", 3, "Reach: competitive academic with IMG score at most", "Tiers", minimum=0, maximum=10),
    _s("tier.safety_img_min", 7, "Safety: IMG score at least", "Tiers", minimum=0, maximum=10),
    _s("tier.safety_margin", 5, "Safety: Step 2 CK above typical by at least", "Tiers", minimum=0, maximum=50),
    _s("typical.university", 248, "Estimated typical Step 2 CK: university", "Tiers", minimum=1, maximum=300),
    _s("typical.university-affiliated", 243, "Estimated typical Step 2 CK: university-affiliated", "Tiers", minimum=1, maximum=300),
    _s("typical.community", 238, "Estimated typical Step 2 CK: community", "Tiers", minimum=1, maximum=300),
    # one typical-score estimate per specialty other than radiology, none until the user sets it
    *(_s(typical_key(sp.code), 0, f"Estimated typical Step 2 CK: {sp.name.lower()} (0 = no estimate)",
         "Tiers", minimum=0, maximum=300) for sp in SPECIALTY_LIST if not sp.radiology),
    _s("balance.reach_min", 20.0, "Balance: Reach at least %", "Balance", minimum=0, maximum=100),
    _s("balance.reach_max", 30.0, "Balance: Reach at most %", "Balance", minimum=0, maximum=100),
    _s("balance.target_min", 40.0, "Balance: Target at least %", "Balance", minimum=0, maximum=100),
    _s("balance.target_max", 50.0, "Balance: Target at most %", "Balance", minimum=0, maximum=100),
    _s("balance.safety_min", 20.0, "Balance: Safety at least %", "Balance", minimum=0, maximum=100),
    _s("balance.safety_max", 40.0, "Balance: Safety at most %", "Balance", minimum=0, maximum=100),
    _s("apps.dr_min", 40, "DR applications: at least (most IMGs)", "Applications", minimum=0, maximum=500),
    _s("apps.dr_max", 80, "DR applications: at most (most IMGs)", "Applications", minimum=0, maximum=500),
    _s("apps.dr_borderline_min", 60, "DR applications with Step 2 CK 235-245: at least", "Applications", minimum=0, maximum=500),
    _s("apps.dr_borderline_max", 100, "DR applications with Step 2 CK 235-245: at most", "Applications", minimum=0, maximum=500),
    _s("apps.dual_dr_min", 60, "Dual applicants, DR: at least", "Applications", minimum=0, maximum=500),
    _s("apps.dual_dr_max", 120, "Dual applicants, DR: at most", "Applications", minimum=0, maximum=500),
    _s("apps.backup_min", 80, "Dual applicants, backup: at least", "Applications", minimum=0, maximum=500),
    _s("apps.backup_max", 150, "Dual applicants, backup: at most", "Applications", minimum=0, maximum=500),
    _s("apps.mid_step2_from", 235, "DR 60-100 band: Step 2 CK from (inclusive)", "Applications", minimum=1, maximum=300),
    _s("apps.mid_step2_to", 245, "DR 60-100 band: Step 2 CK to (inclusive)", "Applications", minimum=1, maximum=300),
    _s("apps.backup_cautious_min", 40, "Radiology-only defensible but dual applying, backup: at least", "Applications", minimum=0, maximum=500),
    _s("apps.backup_cautious_max", 80, "Radiology-only defensible but dual applying, backup: at most", "Applications", minimum=0, maximum=500),
    _s("apps.backup_high_risk_min", 120, "High-risk, backup: at least", "Applications", minimum=0, maximum=500),
    _s("apps.backup_main_min", 150, "Backup as the main plan: at least", "Applications", minimum=0, maximum=500),
    _s("apps.backup_main_max", 200, "Backup as the main plan: at most", "Applications", minimum=0, maximum=500),
    _s("apps.narrow_dr_min", 0, "Radiology as a narrow add-on, DR: at least", "Applications", minimum=0, maximum=500),
    _s("apps.narrow_dr_max", 15, "Radiology as a narrow add-on, DR: at most", "Applications", minimum=0, maximum=500),
    _s("apps.ir_min", 40, "IR applicants, DR programs: at least", "Applications", minimum=0, maximum=500),
    _s("apps.ir_max", 60, "IR applicants, DR programs: at most", "Applications", minimum=0, maximum=500),
    # DOMAIN 1: self-assessment thresholds not given by the risk table
    _s("assess.usce_strong_months", 3.0, "Self-assessment: USCE Strong from months", "Risk", minimum=0, maximum=120),
    _s("assess.research_strong", 2, "Self-assessment: research Strong from radiology publications", "Risk", minimum=0, maximum=500),
    # fit score weights (sum does not need to be 100: they are normalised)
    _s("fit.w_priorities", 40.0, "Fit weight: priorities met", "Fit", minimum=0, maximum=100),
    _s("fit.w_personal", 25.0, "Fit weight: personal fit", "Fit", minimum=0, maximum=100),
    _s("fit.w_img", 20.0, "Fit weight: IMG score", "Fit", minimum=0, maximum=100),
    _s("fit.w_research", 10.0, "Fit weight: research strength", "Fit", minimum=0, maximum=100),
    _s("fit.w_ir", 5.0, "Fit weight: IR pathway (IR applicants)", "Fit", minimum=0, maximum=100),
    _s("fit.good_rating", 4, "Priority 'collegial culture' met from interview culture rating", "Fit", minimum=1, maximum=5),
    _s("fit.img_percent_min", 20.0, "Priority 'IMG representation' met from IMG %", "Fit", minimum=0, maximum=100),
    # DOMAIN 9: rank score
    _s("rank.w_culture", 0.25, "Rank weight: culture", "Rank", minimum=0, maximum=1),
    _s("rank.w_education", 0.25, "Rank weight: education and case mix", "Rank", minimum=0, maximum=1),
    _s("rank.w_img_support", 0.25, "Rank weight: IMG support and visa confidence", "Rank", minimum=0, maximum=1),
    _s("rank.w_happiness", 0.15, "Rank weight: resident happiness", "Rank", minimum=0, maximum=1),
    _s("rank.w_location", 0.10, "Rank weight: location and cost of living", "Rank", minimum=0, maximum=1),
    _s("rank.red_flag_penalty", 5.0, "Rank score lost per red flag noticed", "Rank", minimum=0, maximum=100),
    _s("rank.specialty_order", "DR", "Suggested order of specialties (comma-separated; DR = the radiology block)", "Rank", kind="text"),
    _s("signals.divisions", "none", "Geographic preference signals: census divisions (comma-separated, or none)", "Signals", kind="text"),
    _s("rank.visa_warning_at", 2, "Do-not-rank warning: visa confidence at most", "Rank", minimum=1, maximum=5),
    # match odds
    _s("odds.reach", 0.15, "P(match) default: Reach", "Match odds", minimum=0, maximum=1),
    _s("odds.target", 0.35, "P(match) default: Target", "Match odds", minimum=0, maximum=1),
    _s("odds.safety", 0.60, "P(match) default: Safety", "Match odds", minimum=0, maximum=1),
    _s("odds.draws", 10000, "Monte Carlo draws", "Match odds", minimum=100, maximum=1000000),
    _s("odds.seed", 7, "Random seed", "Match odds", minimum=0, maximum=2**31),
    _s("sensitivity.draws", 1000, "Sensitivity draws", "Match odds", minimum=10, maximum=100000),
    _s("sensitivity.spread", 0.20, "Sensitivity: weight variation (+-)", "Match odds", minimum=0, maximum=1),
    _s("sensitivity.fragile_below", 0.80, "Sensitivity: position fragile when kept in under this share of draws", "Match odds", minimum=0, maximum=1),
    _s("odds.band_percent", 90.0, "Monte Carlo band covers this % of draws", "Match odds", minimum=1, maximum=100),
    # application materials (DOMAIN 7 and the letters guidance)
    _s("letters.backup_min", 2, "Letters in the backup specialty when dual applying: at least", "Materials", minimum=0, maximum=10),
    _s("letters.per_program_max", 4, "Letters a program receives: at most", "Materials", minimum=1, maximum=10),
    _s("redflags.sentences_min", 2, "Red-flag explanation: sentences at least", "Materials", minimum=1, maximum=20),
    _s("redflags.sentences_max", 3, "Red-flag explanation: sentences at most", "Materials", minimum=1, maximum=20),
    # NRMP Match history: an estimate, no published source defines a "new" program
    _s("history.new_within_years", 3, "New program: first positions within the last N Match years (estimate)",
       "Match history", minimum=1, maximum=20),
    # provenance, costs and calendar
    _s("stale_after_days", 180, "A value is stale after (days)", "Data", minimum=1, maximum=3650),
    _s("cost.travel_per_interview", 0.0, "Travel per in-person interview (USD)", "Costs", minimum=0, maximum=100000),
    _s("match_date", "2027-03-19", "Match Day", "Calendar", kind="date"),
    _s("rank.fee_threshold", 20, "NRMP extra fee after programs on a list", "Rank", minimum=1, maximum=300),
    _s("rank.max_ranks", 300, "NRMP maximum ranks", "Rank", minimum=1, maximum=1000),
    # privacy: what the file keeps and indexes
    _s("search.include_red_flags", False, "Search red-flag explanations too", "Privacy"),
    # automatic backups (store/backup.py): the newest copy of each day and of each ISO week
    _s("backup.keep_daily", 7, "Backups: days kept", "Backups", minimum=1, maximum=365),
    _s("backup.keep_weekly", 4, "Backups: weeks kept", "Backups", minimum=0, maximum=520),
    # estimates (no published source): long enough to undo a season's slip, short enough that
    # deleted private text does not stay in the file for good
    _s("history.keep_days", 90, "Undo history kept for days (estimate)", "Privacy", minimum=0, maximum=36500),
    _s("history.keep_changes", 10000, "Undo history kept: changes at most (estimate)", "Privacy", minimum=0, maximum=10000000),
)

SETTINGS_BY_KEY = {s.key: s for s in SETTINGS}

# Where each default comes from. A number with no published source is an estimate and says so;
# tool choices (draws, seeds, dates) are not claims about programs.
ESTIMATE = "estimate, no published source: set your own"
CHOICE = "a tool setting, not a published figure"
GUIDE_RESEARCH = "Residency Advisor guide: program research for non-US IMGs in radiology"
GUIDE_BACKUP = "Residency Advisor guide: backup specialty planning for non-US IMGs in radiology"
GUIDE_STEP = "Residency Advisor guide: Step score strategy for non-US IMGs in diagnostic radiology"
GUIDE_IR = "Residency Advisor guide: interventional radiology for non-US IMGs"
NRMP_RULES = "NRMP Main Residency Match rules (2025): fee covers 20 programs, at most 300 ranks"
ERAS_LETTERS = "AAMC ERAS: at most 4 letters assigned per program (2025)"
PUBLISHED_MATCH_RATES = (
    "published rates: non-US IMGs who ranked only DR matched 60.4% in 2020 (NRMP data; Hosseiny "
    "& Yousem, ARRS 2023 abstract 2916); non-US IMGs, all specialties, 59.4% in 2023 (NRMP)")
_SOURCES = {
    **dict.fromkeys(("risk.higher_step2", "risk.higher_max_years", "risk.moderate_step2",
                     "risk.moderate_max_years", "risk.dealbreaker_years",
                     "risk.radiology_only_strong", "apps.dual_dr_min", "apps.dual_dr_max",
                     "apps.backup_min", "apps.backup_max", "apps.backup_main_min",
                     "letters.backup_min"), GUIDE_BACKUP),
    **dict.fromkeys(("difficult.step2_below", "difficult.fail_step2_below",
                     "difficult.years_over", "band.very_strong", "band.competitive",
                     "band.borderline", "readiness.target", "readiness.target_after_fail",
                     "apps.dr_borderline_min", "apps.dr_borderline_max", "apps.mid_step2_from",
                     "apps.mid_step2_to"), GUIDE_STEP),
    **dict.fromkeys(("apps.dr_min", "apps.dr_max", "balance.reach_min", "balance.reach_max",
                     "balance.target_min", "balance.target_max", "balance.safety_min",
                     "balance.safety_max"), GUIDE_RESEARCH),
    **dict.fromkeys(("apps.ir_min", "apps.ir_max"), GUIDE_IR),
    **dict.fromkeys(("rank.fee_threshold", "rank.max_ranks"), NRMP_RULES),
    "letters.per_program_max": ERAS_LETTERS,
    **dict.fromkeys(("odds.reach", "odds.target", "odds.safety"),
                    f"{ESTIMATE}; {PUBLISHED_MATCH_RATES}"),
    **dict.fromkeys(("odds.draws", "odds.seed", "odds.band_percent", "sensitivity.draws",
                     "sensitivity.spread", "sensitivity.fragile_below", "stale_after_days",
                     "cost.travel_per_interview", "match_date", "rank.specialty_order",
                     "signals.divisions", MINE_KEY), CHOICE),
}


def source_of(key: str) -> str:
    return _SOURCES.get(key, ESTIMATE)


def shown_settings(values: dict[str, Any]) -> tuple[Setting, ...]:
    """The settings the user sees: all but the typical-score estimates of specialties that are
    not on the user's list (they keep their values and come back with the specialty)."""
    hidden = {typical_key(sp.code) for sp in SPECIALTY_LIST} - {
        typical_key(code) for code in mine(values.get(MINE_KEY))}
    return tuple(s for s in SETTINGS if s.key not in hidden)


def default_settings() -> dict[str, Any]:
    return {s.key: s.default for s in SETTINGS}


# AAMC ERAS residency fees from the 2025 season on: the count restarts for each specialty.
FEE_SCHEDULE = (
    {"cycle": "2026", "from_count": 1, "to_count": 30, "fee": 11.0,
     "source": "AAMC ERAS fees, per specialty", "as_of": "2025-06-01"},
    {"cycle": "2026", "from_count": 31, "to_count": None, "fee": 30.0,
     "source": "AAMC ERAS fees, per specialty", "as_of": "2025-06-01"},
)

# ERAS program signals, 2025 season. DR and IR/DR share one pool; a signal goes to the
# institution, not one track.
SIGNAL_RULES = (
    {"cycle": "2026", "pool": "DR,IR/DR", "gold": 6, "silver": 6, "geographic": 3,
     "source": "ERAS program signaling, 2025 season"},
    {"cycle": "2026", "pool": "IM", "gold": 3, "silver": 12, "geographic": 3,
     "source": "ERAS program signaling, 2025 season"},
    {"cycle": "2026", "pool": "TY", "gold": 0, "silver": 12, "geographic": 0,
     "source": "ERAS program signaling, 2025 season"},
)

# DOMAIN 10: the application timeline, in months before Match Day.
TIMELINE = (
    ("Decide the primary specialty", 18.0),
    ("Book Step 2 CK (test April-July of the application year)", 16.0),
    ("Arrange US clinical experience", 15.0),
    ("Start a research project", 15.0),
    ("Choose a backup specialty", 14.0),
    ("Identify letter writers (radiology and backup)", 12.0),
    ("Draft one personal statement per specialty", 10.0),
    ("Build program lists (visa, IMG presence)", 9.0),
    ("Request letters of recommendation", 8.0),
    ("Submit ERAS early (September)", 6.5),
    ("Interviews", 4.0),
    ("Pass Step 3 before the rank list is certified (H-1B applicants)", 1.5),
    ("Certify the rank order list", 1.0),
)

# Limits on what MatchDesk reads and serves. Not scoring settings: they guard the program
# against bad input and stray visitors, so they are constants rather than rows the user edits.
IMPORT_MAX_BYTES = 100 * 1024 * 1024  # the most an import reads from one file (100 MB)
IMPORT_MAX_FIELD_BYTES = 128 * 1024  # one cell of a CSV/TSV file
SERVE_MAX_SESSIONS = 2  # browser tabs `matchdesk serve` runs at once (--max-sessions changes it)

# Tasks that happen over a window of months, as (years after the Match year, month) for the
# first and last month: the application year is the year before the Match. A task is overdue
# only once its window has ended; tasks not listed here are due on their single date.
TIMELINE_WINDOWS = {
    "Book Step 2 CK (test April-July of the application year)": ((-1, 4), (-1, 7)),
    "Submit ERAS early (September)": ((-1, 9), (-1, 9)),
    "Interviews": ((-1, 9), (0, 1)),
    "Pass Step 3 before the rank list is certified (H-1B applicants)": (None, (0, 2)),
    "Certify the rank order list": ((0, 2), (0, 3)),
}
