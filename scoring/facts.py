"""Applicant facts: the profile and USCE rows reduced to the scalars every rule reads.

Unknown stays None. Counts the user has not filled in (publications, USCE rows) count as 0,
because the profile lists what the applicant has; exam results, graduation year and visa
need stay unknown, because guessing them would pass or fail a gate on no evidence.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import polars as pl

CLINICAL_USCE = ("observership", "elective", "externship", "sub-internship")
NO_VISA_CITIZENSHIP = ("US citizen", "green card")


@dataclass(frozen=True)
class Facts:
    present: bool
    step2: int | None
    step2_attempts: int | None
    step1_failed: bool
    has_fail: bool | None
    fail_count: int
    graduation_year: int | None
    years: int | None
    visa_need: str | None
    step3: str | None
    target_ir: bool
    dual_apply: bool
    backup_specialty: str | None
    radiology_publications: int
    other_research: int
    usce_known: bool  # USCE rows entered, or the profile says there is none
    usce_entries: int
    usce_months: float
    radiology_usce: int
    research_usce: int
    radiology_research: bool
    research_known: bool  # any research count or research USCE entered
    english_test: str | None
    communication_notes: str | None


def applicant_facts(profile: pl.DataFrame, usce: pl.DataFrame, today: dt.date) -> Facts:
    # small frames: plain Python is cheaper here than any Polars query
    rows = profile.rows(named=True)
    p: dict[str, Any] = max(rows, key=lambda r: r["id"]) if rows else {}
    step1_attempts, step2_attempts = p.get("step1_attempts"), p.get("step2_attempts")
    step1_failed = p.get("step1_result") == "fail" or (step1_attempts or 0) > 1
    fail_count = (
        (step1_attempts or 1) - (0 if p.get("step1_result") == "fail" else 1) if step1_failed else 0
    ) + max((step2_attempts or 1) - 1, 0)
    if p.get("failed_attempt") and fail_count == 0:
        fail_count = 1
    if fail_count:
        has_fail: bool | None = True
    elif p.get("failed_attempt") is False or (step1_attempts == 1 and step2_attempts == 1):
        has_fail = False
    else:
        has_fail = None
    grad = p.get("graduation_year")
    visa_need = p.get("visa_need")
    if visa_need is None and p.get("citizenship") in NO_VISA_CITIZENSHIP:
        visa_need = "none"

    u = {"entries": 0, "months": 0.0, "radiology": 0, "research": 0, "radiology_research": 0}
    for row in usce.rows(named=True):
        is_radiology = bool(row["radiology"]) or "radiol" in (row["specialty"] or "").lower()
        if row["type"] in CLINICAL_USCE:
            u["entries"] += 1
            u["months"] += row["months"] or 0.0
            u["radiology"] += is_radiology
        elif row["type"] == "research":
            u["research"] += 1
            u["radiology_research"] += is_radiology
    rad_pubs = p.get("radiology_publications") or 0
    research_counts = ("radiology_publications", "posters", "qi_projects", "other_publications")
    return Facts(
        present=bool(p),
        step2=p.get("step2_score"),
        step2_attempts=step2_attempts,
        step1_failed=step1_failed,
        has_fail=has_fail,
        fail_count=fail_count,
        graduation_year=grad,
        years=None if grad is None else max(today.year - grad, 0),
        visa_need=visa_need,
        step3=p.get("step3_status"),
        target_ir=bool(p.get("target_ir")),
        dual_apply=bool(p.get("dual_apply")),
        backup_specialty=p.get("backup_specialty"),
        radiology_publications=rad_pubs,
        other_research=sum(p.get(k) or 0 for k in ("posters", "qi_projects", "other_publications")),
        usce_known=usce.height > 0 or bool(p.get("usce_none")),
        usce_entries=u["entries"],
        usce_months=u["months"],
        radiology_usce=u["radiology"],
        research_usce=u["research"],
        radiology_research=rad_pubs > 0 or u["radiology_research"] > 0,
        research_known=u["research"] > 0 or any(p.get(k) is not None for k in research_counts),
        english_test=p.get("english_test") or None,
        communication_notes=p.get("communication_notes") or None,
    )
