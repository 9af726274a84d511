"""Strategy and application counts from the risk category (DOMAIN 1 and 6; guides 002, 004).

The category decides the kind of strategy first; the counts are derived from the kind, so
the sentence, the category and the counts cannot disagree:
- higher-likelihood, Strong in enough categories, no deal-breaker: radiology-only defensible;
- higher-likelihood otherwise, moderate-risk, or unclear (counted as moderate-risk): dual apply;
- high-risk: dual apply, broader in the backup specialty;
- an extremely difficult combination: the backup specialty is the main plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from registry.specialties import MINE_KEY, mine, specialty
from scoring.applicant import STRONG, AppCount, Rating
from scoring.facts import Facts

RADIOLOGY_ONLY, DUAL, BACKUP_BROAD, BACKUP_MAIN = (
    "radiology-only", "dual apply", "dual apply, backup broad", "backup as main plan")
HEADLINES = {
    RADIOLOGY_ONLY: "radiology-only can be defended",
    DUAL: "dual apply: radiology and a backup specialty",
    BACKUP_BROAD: "dual apply, applying broadly in the backup specialty",
    BACKUP_MAIN: "extremely difficult for radiology: backup specialty as the main plan",
}


@dataclass(frozen=True)
class Strategy:
    kind: str
    headline: str
    sentence: str
    difficult: tuple[str, ...]  # the extremely difficult combinations that fired


def extremely_difficult(f: Facts, s: dict[str, Any]) -> tuple[str, ...]:
    """Guide 004, honest risk assessment: the combinations that make radiology extremely
    difficult. Unknown data fires nothing (the category then says what is missing)."""
    fired = []
    if f.step2 is None:
        return ()
    if f.step2 < s["difficult.step2_below"]:
        fired.append(f"Step 2 CK {f.step2} below {s['difficult.step2_below']}")
    if f.has_fail and f.step2 < s["difficult.fail_step2_below"]:
        fired.append(f"a failed exam attempt with Step 2 CK {f.step2} below "
                     f"{s['difficult.fail_step2_below']}")
    if (f.step2 < s["risk.moderate_step2"] and f.visa_need not in (None, "none")
            and f.years is not None and f.years > s["difficult.years_over"]):
        fired.append(f"Step 2 CK {f.step2} below {s['risk.moderate_step2']}, a visa need "
                     f"({f.visa_need}) and {f.years} years since graduation "
                     f"(over {s['difficult.years_over']})")
    return tuple(fired)


def deal_breakers(f: Facts, s: dict[str, Any]) -> list[str]:
    return [text for cond, text in (
        (f.fail_count >= 2, "multiple failed attempts"),
        (f.years is not None and f.years > s["risk.dealbreaker_years"],
         f"over {s['risk.dealbreaker_years']} years since graduation"),
        (f.usce_known and f.usce_entries == 0, "zero USCE"),
    ) if cond]


def decide(f: Facts, s: dict[str, Any], ratings: list[Rating], category: str,
           rule: str) -> Strategy:
    difficult = extremely_difficult(f, s)
    rule_text = rule.removeprefix(f"{category}: ")
    if difficult:
        sentence = (f"Extremely difficult combination for radiology ({'; '.join(difficult)}). "
                    "Make the backup specialty the main plan and apply broadly there; keep "
                    "radiology a narrow add-on (strong US radiology research with support from "
                    "that institution is the exception); weigh a longer-term plan (research "
                    "years, a degree) or applying in a later cycle.")
        return Strategy(BACKUP_MAIN, HEADLINES[BACKUP_MAIN], sentence, difficult)
    if category == "high-risk":
        sentence = (f"High-risk profile ({rule_text}): a backup specialty is close to "
                    "mandatory; apply to radiology with a backup and broadly in the backup.")
        return Strategy(BACKUP_BROAD, HEADLINES[BACKUP_BROAD], sentence, ())
    if category == "moderate-risk":
        sentence = (f"Moderate-risk profile ({rule_text}): a backup specialty is close to "
                    "mandatory, so apply to radiology and a backup specialty.")
        return Strategy(DUAL, HEADLINES[DUAL], sentence, ())
    if category != "higher-likelihood":
        sentence = (f"Risk category unclear ({rule_text}): add the missing data; until then "
                    "plan as a moderate-risk applicant, with a backup specialty.")
        return Strategy(DUAL, HEADLINES[DUAL], sentence, ())
    strong = sum(r.rating == STRONG for r in ratings)
    need = s["risk.radiology_only_strong"]
    breakers = deal_breakers(f, s)
    if strong >= need and not breakers:
        chosen = (" You also chose to dual apply: a cautious, reasonable plan."
                  if f.dual_apply else "")
        sentence = (f"Higher-likelihood profile, Strong in {strong} categories (at least "
                    f"{need}) and no deal-breaker: radiology-only can be defended.{chosen}")
        return Strategy(RADIOLOGY_ONLY, HEADLINES[RADIOLOGY_ONLY], sentence, ())
    why = [f"Strong in {strong} categories (radiology-only needs {need})"] if strong < need else []
    why += [f"deal-breaker: {b}" for b in breakers]
    sentence = (f"Higher-likelihood profile, but {'; '.join(why)}: apply to radiology and a "
                "backup specialty.")
    return Strategy(DUAL, HEADLINES[DUAL], sentence, ())


def _dr(f: Facts, s: dict[str, Any], kind: str) -> AppCount:
    lo, hi = s["apps.mid_step2_from"], s["apps.mid_step2_to"]
    if kind == BACKUP_MAIN:
        return AppCount("DR", s["apps.narrow_dr_min"], s["apps.narrow_dr_max"],
                        "narrow add-on: programs where you have research or support")
    if f.step2 is None:
        return AppCount("DR", s["apps.dr_borderline_min"], s["apps.dr_borderline_max"],
                        f"Step 2 CK unknown: planned as for {lo}-{hi}")
    if lo <= f.step2 <= hi:
        return AppCount("DR", s["apps.dr_borderline_min"], s["apps.dr_borderline_max"],
                        f"Step 2 CK {f.step2} is within {lo}-{hi}")
    if kind != RADIOLOGY_ONLY or f.dual_apply:
        return AppCount("DR", s["apps.dual_dr_min"], s["apps.dual_dr_max"], "dual applying")
    return AppCount("DR", s["apps.dr_min"], s["apps.dr_max"], "most IMGs")


def _unchosen(s: dict[str, Any]) -> str:
    """The backup not chosen yet, with the backups on the user's list to choose from."""
    backups = [code for code in mine(s.get(MINE_KEY)) if specialty(code).backup]
    return ("backup specialty not chosen yet" + (f"; your list has {', '.join(backups)}"
                                                   if backups else ""))


def _backup(f: Facts, s: dict[str, Any], kind: str) -> AppCount:
    name = f.backup_specialty or _unchosen(s)
    if kind == BACKUP_MAIN:
        return AppCount("backup", s["apps.backup_main_min"], s["apps.backup_main_max"],
                        f"main plan ({name}): apply broadly")
    if kind == BACKUP_BROAD:
        return AppCount("backup", s["apps.backup_high_risk_min"], s["apps.backup_max"],
                        f"high-risk: broadly in the backup ({name})")
    if kind == DUAL:
        return AppCount("backup", s["apps.backup_min"], s["apps.backup_max"],
                        f"dual applying ({name})")
    if f.dual_apply:
        return AppCount("backup", s["apps.backup_cautious_min"], s["apps.backup_cautious_max"],
                        f"you chose to dual apply as well ({name})")
    return AppCount("backup", 0, 0, "radiology-only can be defended")


def _ir(f: Facts, s: dict[str, Any], kind: str, integrated_open: int) -> AppCount:
    if not f.target_ir:
        return AppCount("IR", 0, 0, "not targeting IR")
    if kind == BACKUP_MAIN:
        return AppCount("IR", 0, 0, "radiology is a narrow add-on this cycle")
    return AppCount("IR", s["apps.ir_min"], s["apps.ir_max"],
                    f"IR applicant: {s['apps.ir_min']}-{s['apps.ir_max']}+ DR programs with IR "
                    f"exposure, plus every integrated IR/DR program you would attend that can "
                    f"sponsor you ({integrated_open} eligible or unclear on your list)")


def counts(f: Facts, s: dict[str, Any], kind: str, integrated_open: int) -> list[AppCount]:
    return [_dr(f, s, kind), _ir(f, s, kind, integrated_open), _backup(f, s, kind)]
