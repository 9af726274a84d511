"""Builders shared by the scoring tests (no tests here): frames made the way the store
makes them, through registry.schema."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl

from scoring import ScoredFrames, score_all
from registry.schema import empty_frames, frame_from_rows
from registry.settings import default_settings

TODAY = dt.date(2026, 6, 1)

# A clean applicant: passes every gate of a J-1 program with no published limits.
PROFILE: dict[str, Any] = {
    "visa_need": "J-1", "step1_result": "pass", "step1_attempts": 1, "step2_score": 250,
    "step2_attempts": 1, "failed_attempt": False, "graduation_year": 2023,
    "step3_status": "planned",
}


# A program that publishes no Step 2 CK minimum and no graduation limit (recorded as such; a
# blank limit would mean "not researched yet" and make the gate unclear).
NO_LIMITS: dict[str, Any] = {"step2_min_none": True, "grad_limit_none": True}


def settings(**overrides: Any) -> dict[str, Any]:
    s = default_settings()
    s.update({k.replace("__", "."): v for k, v in overrides.items()})
    return s


def frames(programs: list[dict[str, Any]] = (), profile: dict[str, Any] | None = PROFILE,
           priorities: list[dict[str, Any]] = (), interviews: list[dict[str, Any]] = (),
           usce: list[dict[str, Any]] = (),
           match_history: list[dict[str, Any]] = ()) -> dict[str, pl.DataFrame]:
    out = empty_frames()
    out["programs"] = frame_from_rows(
        "programs", [{"name": f"P{i}", "specialty": "DR", **NO_LIMITS, **p} for i, p in enumerate(programs)])
    out["profile"] = frame_from_rows("profile", [] if profile is None else [profile])
    out["priorities"] = frame_from_rows("priorities", list(priorities))
    out["interviews"] = frame_from_rows("interviews", list(interviews))
    out["usce"] = frame_from_rows("usce", list(usce))
    out["match_history"] = frame_from_rows("match_history", list(match_history))
    return out


def score(programs: list[dict[str, Any]], s: dict[str, Any] | None = None,
          **kw: Any) -> ScoredFrames:
    return score_all(frames(programs, **kw), s or settings(), today=TODAY)


def one(program: dict[str, Any], s: dict[str, Any] | None = None, **kw: Any) -> dict[str, Any]:
    """The scored row of a single program."""
    return score([program], s, **kw).programs.row(0, named=True)
