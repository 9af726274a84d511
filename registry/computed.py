"""The one description of the columns scoring adds to the programs frame.

Scoring computes them in this order; the spreadsheet, the detail pane, the filter bar, the
brief and the exports read their labels, kinds and values here. Never stored, never edited.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class ComputedColumn:
    name: str
    label: str  # in sentences and the filter bar ("IMG score")
    short: str  # a column header ("IMG")
    kind: str  # a registry kind: text, enum, int, float, bool
    choices: tuple[str, ...] = ()  # enum values, in ascending order
    help: str = ""
    offered: bool = False  # in the column chooser; the others show in the detail pane only
    private: bool = False  # discloses the applicant's own facts: left out of default exports


TIERS = ("Reach", "Target", "Safety")
ELIGIBILITY = ("eligible", "unclear", "ineligible")
QUOTA_TRENDS = ("shrinking", "stable", "growing")

COMPUTED: tuple[ComputedColumn, ...] = (
    ComputedColumn("eligibility", "Eligibility", "Eligibility", "enum", ELIGIBILITY,
                   "Whether the program's stated gates (visa, Step 2 minimum, fail policy, "
                   "graduation limit) let you apply", offered=True),
    ComputedColumn("tier", "Tier", "Tier", "enum", TIERS,
                   "Reach, Target or Safety: your Step 2 CK against the program's typical score",
                   offered=True),
    ComputedColumn("img_score", "IMG score", "IMG", "int",
                   help="IMG friendliness, 0-10: the five IMG rubric items added up", offered=True),
    ComputedColumn("fit", "Fit", "Fit", "float",
                   help="How well the program fits you, 0-100, from the weights in Settings",
                   offered=True),
    ComputedColumn("rank_score", "Rank score", "Rank", "float",
                   help="Interview impressions 1-5 scaled to 0-100 and weighted, minus a penalty per red flag",
                   offered=True),
    ComputedColumn("step2_delta", "Step 2 vs typical", "Step 2 vs typical", "int",
                   help="Your Step 2 CK minus the program's typical score", private=True),
    ComputedColumn("typical_step2_used", "Typical Step 2 used", "Typical Step 2", "int",
                   help="The typical Step 2 CK the tier used: the program's, or an estimate"),
    ComputedColumn("typical_estimated", "Typical Step 2 estimated", "Typical est.", "bool",
                   help="Yes when the program states no typical Step 2 CK and one is estimated from its type"),
    ComputedColumn("region", "Region", "Region", "text",
                   help="US Census region, from the state", offered=True),
    ComputedColumn("eligibility_reasons", "Eligibility reasons", "Gate reasons", "text",
                   help="Which gates make the program ineligible or unclear", offered=True),
    ComputedColumn("missed_must_haves", "Missed must-haves", "Missed must-haves", "text",
                   help="Your must-have priorities the program misses or cannot show"),
    ComputedColumn("do_not_rank_warning", "Do-not-rank warning", "Do not rank", "text",
                   help="Why ranking the program may be a mistake"),
    ComputedColumn("img_missing", "IMG items missing", "IMG items missing", "text",
                   help="IMG rubric items not yet rated"),
    ComputedColumn("priority_points", "Priority points", "Priority points", "float",
                   help="Points of your priorities the program meets"),
    ComputedColumn("interviewed", "Interviewed", "Interviewed", "bool",
                   help="Yes when an interview record exists"),
    ComputedColumn("years_since_graduation", "Years since graduation", "Years since grad", "int",
                   help="This year minus your graduation year", private=True),
    ComputedColumn("ir_tier", "IR tier", "IR tier", "int",
                   help="IR program tier 1-3 for an IR applicant (1: competitive academic that sponsors your visa)"),
    ComputedColumn("signal_warning", "Signal warning", "Signal warning", "text",
                   help="Why a signal placed on this program is wasted (it is not eligible)",
                   private=True),
    # From the imported NRMP Match history (scoring/history.py); empty without one.
    ComputedColumn("history_new", "New program", "New", "bool",
                   help="Yes when the program first offered positions within the last Match years "
                        "of the imported NRMP record (Settings: Match history)", offered=True),
    ComputedColumn("history_unfilled", "Unfilled years", "Unfilled", "int",
                   help="Match years in the imported NRMP record in which the program matched "
                        "fewer applicants than its quota", offered=True),
    ComputedColumn("history_trend", "Quota trend", "Quota trend", "enum", QUOTA_TRENDS,
                   help="The program's quota in the latest Match year against its first year "
                        "with positions in the imported NRMP record", offered=True),
    ComputedColumn("history_fill", "Latest fill", "Latest fill", "float",
                   help="Matched over quota in the latest Match year with positions (1 = full)",
                   offered=True),
    ComputedColumn("history_first_year", "First positions", "First positions", "int",
                   help="The first Match year with positions in the imported NRMP record",
                   offered=True),
    ComputedColumn("history_years", "Match years with positions", "Match years", "int",
                   help="Match years with positions in the imported NRMP record"),
)

COMPUTED_NAMES: tuple[str, ...] = tuple(c.name for c in COMPUTED)
_BY_NAME = {c.name: c for c in COMPUTED}


def computed(name: str) -> ComputedColumn:
    try:
        return _BY_NAME[name]
    except KeyError:
        raise KeyError(f"unknown computed column {name}") from None


def is_computed(name: str) -> bool:
    return name in _BY_NAME
