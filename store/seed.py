"""Rows every new database starts with: the shipped data the user may then edit."""

from __future__ import annotations

from registry.settings import FEE_SCHEDULE, SIGNAL_RULES, TIMELINE
from registry.fields import PRIORITY_FEATURES


def seed_rows() -> dict[str, list[dict]]:
    return {
        "profile": [{}],
        "priorities": [{"feature": feature, "importance": "not"} for feature in PRIORITY_FEATURES],
        "fee_schedule": [dict(row) for row in FEE_SCHEDULE],
        "signal_rules": [dict(row) for row in SIGNAL_RULES],
        "timeline": [{"task": task, "months_before_match": months} for task, months in TIMELINE],
        "rank_lists": [{"kind": "primary", "name": "Primary list"}],
    }
