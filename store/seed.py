"""Rows every new database starts with: the shipped data the user may then edit."""

from __future__ import annotations

from registry.settings import FEE_SCHEDULE, SIGNAL_RULES, TIMELINE
from registry.choices import PRIORITY_FEATURES


def seed_rows() -> dict[str, list[dict]]:
    return {
        "profile": [{}],
        "priorities": [{"feature": feature, "importance": "not"} for feature in PRIORITY_FEATURES],
        "fee_schedule": [dict(row) for row in FEE_SCHEDULE],
        "signal_rules": [dict(row) for row in SIGNAL_RULES],
        "timeline": [{"task": task, "months_before_match": months} for task, months in TIMELINE],
        "rank_lists": [{"kind": "primary", "name": "Primary list"}],
    }


# Seed rows a later version added, by the column that names them: a migration gives an existing
# file the ones it lacks (a new file gets them all at its first open).
ADDED_SEED_KEYS = {"priorities": "feature", "timeline": "task"}


def add_missing_seed_rows(conn) -> None:
    """Append the seed rows of ADDED_SEED_KEYS tables that an existing (seeded) file lacks."""
    for table, key in ADDED_SEED_KEYS.items():
        present = {row[0] for row in conn.execute(f'SELECT "{key}" FROM "{table}"')}
        if not present:
            continue  # not seeded yet: the first open seeds it whole
        for row in seed_rows()[table]:
            if row[key] not in present:
                columns = ", ".join(f'"{c}"' for c in row)
                conn.execute(f'INSERT INTO "{table}" ({columns}) VALUES ({", ".join("?" for _ in row)})',
                             tuple(row.values()))
