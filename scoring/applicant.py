"""Per-applicant assessment (DOMAIN 1 and 6): self-assessment, risk category, Step 2 CK band,
strategy, and how many programs to apply to."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from scoring.facts import Facts

STRONG, AVERAGE, WEAK, UNKNOWN = "Strong", "Average", "Weak", "Unknown"
J1_ACCEPTABLE = ("none", "J-1", "J-1 or H-1B")


@dataclass(frozen=True)
class Rating:
    category: str
    rating: str  # Strong / Average / Weak, or Unknown when the profile lacks the data
    reason: str


@dataclass(frozen=True)
class AppCount:
    track: str  # "DR", "IR" or "backup"
    low: int
    high: int
    reason: str


def _step2(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "Step 2 CK and attempts"
    if f.step2 is None:
        return Rating(cat, UNKNOWN, "Step 2 CK not in the profile")
    if f.has_fail:
        return Rating(cat, WEAK, f"Step 2 CK {f.step2} with a failed attempt on record")
    if f.step2 < s["risk.moderate_step2"]:
        return Rating(cat, WEAK, f"Step 2 CK {f.step2}, below {s['risk.moderate_step2']}")
    if f.step2 >= s["risk.higher_step2"] and f.has_fail is False:
        return Rating(cat, STRONG, f"Step 2 CK {f.step2} (at least {s['risk.higher_step2']}), "
                                   "no failed attempt")
    unknown = "; attempt history not in the profile" if f.has_fail is None else ""
    return Rating(cat, AVERAGE, f"Step 2 CK {f.step2}{unknown}")


def _years(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "Time since graduation"
    if f.years is None:
        return Rating(cat, UNKNOWN, "graduation year not in the profile")
    if f.years <= s["risk.higher_max_years"]:
        return Rating(cat, STRONG, f"{f.years} years (at most {s['risk.higher_max_years']})")
    if f.years <= s["risk.moderate_max_years"]:
        return Rating(cat, AVERAGE, f"{f.years} years (at most {s['risk.moderate_max_years']})")
    return Rating(cat, WEAK, f"{f.years} years (over {s['risk.moderate_max_years']})")


def _radiology_usce(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "Radiology USCE"
    if not (f.usce_known or f.radiology_research):
        return Rating(cat, UNKNOWN, "USCE not entered")
    if f.radiology_usce:
        return Rating(cat, STRONG, f"{f.radiology_usce} US radiology clinical experience(s)")
    if f.radiology_research:
        return Rating(cat, AVERAGE, "radiology exposure through research only")
    return Rating(cat, WEAK, "no US radiology experience recorded")


def _usce(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "Overall USCE"
    months = f"{f.usce_months:g} months in {f.usce_entries} clinical experience(s)"
    if f.usce_months >= s["assess.usce_strong_months"]:
        return Rating(cat, STRONG, f"{months} (at least {s['assess.usce_strong_months']:g})")
    if f.usce_entries:
        return Rating(cat, AVERAGE, f"{months} (under {s['assess.usce_strong_months']:g})")
    if not f.usce_known:
        return Rating(cat, UNKNOWN, "USCE not entered")
    return Rating(cat, WEAK, "no US clinical experience")


def _research(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "Research"
    if not f.research_known:
        return Rating(cat, UNKNOWN, "research not entered")
    output = (f"{f.radiology_publications} radiology publication(s), "
              f"{f.other_research} other output(s)")
    if f.radiology_publications >= s["assess.research_strong"]:
        return Rating(cat, STRONG,
                      f"{output} (at least {s['assess.research_strong']} in radiology)")
    if f.radiology_publications or f.other_research or f.research_usce:
        return Rating(cat, AVERAGE, output)
    return Rating(cat, WEAK, "no research recorded")


def _visa(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "Visa flexibility"
    return {
        "none": Rating(cat, STRONG, "no visa needed"),
        "J-1 or H-1B": Rating(cat, STRONG, "J-1 or H-1B acceptable"),
        "J-1": Rating(cat, AVERAGE, "J-1 only"),
        "H-1B": Rating(cat, WEAK, "H-1B only: fewer programs sponsor it and Step 3 comes first"),
    }.get(f.visa_need, Rating(cat, UNKNOWN, "visa need not in the profile"))


def _english(f: Facts, s: dict[str, Any]) -> Rating:
    cat = "English and communication"
    if f.english_test:
        return Rating(cat, STRONG, f"English test on file: {f.english_test}")
    if f.communication_notes:
        return Rating(cat, AVERAGE, "communication notes but no English test on file")
    return Rating(cat, UNKNOWN, "no English test or communication notes")


def self_assessment(f: Facts, s: dict[str, Any]) -> list[Rating]:
    return [rule(f, s) for rule in (_step2, _years, _radiology_usce, _usce, _research, _visa,
                                     _english)]


def risk(f: Facts, s: dict[str, Any]) -> tuple[str, str]:
    """(category, the rule that fired). 'unclear' when missing data could make it high-risk.
    No radiology exposure alone is not high-risk: guide 002's moderate-risk example has no
    radiology USCE and no research; it only keeps the profile below higher-likelihood."""
    if not f.present:
        return "unclear", "no profile yet: fill in exams, graduation year and visa need"
    low_step2, max_years = s["risk.moderate_step2"], s["risk.moderate_max_years"]
    high = [  # (condition True / False / None when unknown, what fired, what is missing)
        (None if f.step2 is None else f.step2 < low_step2,
         f"Step 2 CK {f.step2} below {low_step2}", "Step 2 CK"),
        (f.has_fail, "a failed exam attempt", "exam attempt history"),
        (None if f.years is None else f.years > max_years,
         f"{f.years} years since graduation (over {max_years})", "graduation year"),
        (None if not f.usce_known else f.usce_entries == 0, "no US clinical experience",
         "USCE"),
        (None if f.visa_need is None else f.visa_need == "H-1B", "needs H-1B only", "visa need"),
    ]
    fired = [text for cond, text, _ in high if cond]
    if fired:
        return "high-risk", "high-risk: " + "; ".join(fired)
    missing = [label for cond, _, label in high if cond is None]
    if missing:
        return "unclear", ("cannot rule out high-risk: " + "; ".join(f"{m} not entered"
                                                                    for m in missing))
    top_step2, top_years = s["risk.higher_step2"], s["risk.higher_max_years"]
    higher = [
        (f.step2 >= top_step2, f"Step 2 CK {f.step2} first attempt (at least {top_step2})",
         f"Step 2 CK {f.step2} below {top_step2}"),
        (f.years <= top_years, f"{f.years} years since graduation (at most {top_years})",
         f"{f.years} years since graduation (over {top_years})"),
        (f.radiology_usce > 0, "US radiology observership/elective",
         "no US radiology observership/elective"),
        (f.radiology_research, "radiology research",
         "no radiology research" if f.research_known else "research not entered"),
        (f.visa_need in J1_ACCEPTABLE, "J-1 acceptable", "J-1 not acceptable"),
    ]
    if all(ok for ok, _, _ in higher[:3] + higher[4:]) and not f.research_known:
        return "unclear", ("higher-likelihood on every other rule, but research not entered: "
                           "add your publications, posters or research USCE")
    if all(ok for ok, _, _ in higher):
        return "higher-likelihood", "higher-likelihood: all of " + "; ".join(
            t for _, t, _ in higher)
    return "moderate-risk", "moderate-risk: no high-risk rule fired, but " + "; ".join(
        t for ok, _, t in higher if not ok)


def step2_band(f: Facts, s: dict[str, Any]) -> tuple[str, str]:
    after_fail = (f"; with a Step 1 fail aim for {s['readiness.target_after_fail']}+"
                  if f.step1_failed else "")
    if f.step2 is None:
        return "unknown", "Step 2 CK not in the profile" + after_fail
    if (f.step2_attempts or 1) > 1:
        return "low", f"Step 2 CK taken {f.step2_attempts} times" + after_fail
    for key, band, advice in (
        ("band.very_strong", "very strong", "very strong for DR"),
        ("band.competitive", "competitive",
         "competitive for many community and some academic programs"),
        ("band.borderline", "borderline", "apply broadly, with a backup"),
    ):
        if f.step2 >= s[key]:
            return band, f"Step 2 CK {f.step2} (from {s[key]}): {advice}" + after_fail
    return "low", f"Step 2 CK {f.step2} below {s['band.borderline']}" + after_fail
