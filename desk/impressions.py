"""Interview season (DOMAIN 9): the programs you were invited to or interviewed at, each with
its latest interview record and its place in the suggested order, and the first and latest
value of every impression, read from the store's change log (memory fades and interviews
blur together, so the first impression stays visible). No Textual here.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

import polars as pl

from scoring import sensitivity, suggested_order
from store import Store
from registry.fields import get_field

SEASON_STATUSES = ("invited", "interviewed", "ranked")
# what an interview record holds, in the order the screen shows it
RATED_FIELDS = ("culture", "happiness", "education", "img_support", "location", "gut_rank",
                "red_flag_count")
FLAG_COUNT, FLAG_NOTE = "red_flag_count", "red_flags_noticed"  # the count is the one number
NOTE_FIELDS = ("positives", FLAG_NOTE)
IMPRESSION_FIELDS = (*RATED_FIELDS, *NOTE_FIELDS)  # what the interview left you with
RECORD_FIELDS = ("date", "format", *IMPRESSION_FIELDS)
PROGRAM_COLUMNS = ("id", "name", "city", "state", "specialty", "status", "tier", "eligibility",
                   "rank_score", "do_not_rank_warning")


@dataclass(frozen=True)
class Suggestion:
    position: int  # in the suggested order of every interviewed program
    reason: str
    fragile: bool  # moves when the rank weights vary (scoring.sensitivity)
    kept_share: float


def season_programs(scored, frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    """Programs invited, interviewed or ranked, and any with an interview record, each with
    its latest interview (`interview_id` null when none yet); by interview date, then name."""
    interviews = frames["interviews"]
    latest = (interviews.filter(pl.col("id") == pl.col("id").max().over("program_id"))
              .rename({"id": "interview_id"}))
    return (scored.programs.select(PROGRAM_COLUMNS)
            .join(latest, left_on="id", right_on="program_id", how="left")
            .filter(pl.col("status").is_in(SEASON_STATUSES) | pl.col("interview_id").is_not_null())
            .sort(["date", "name", "id"], nulls_last=True))


def suggestions(scored, frames: dict[str, pl.DataFrame], settings: dict[str, Any]) -> dict[int, Suggestion]:
    """Each interviewed program's place in the suggested order, and how firm it is."""
    stable = {s.program_id: s for s in sensitivity(scored, frames, settings)}
    return {entry.program_id: Suggestion(position, entry.reason, stable[entry.program_id].fragile,
                                         stable[entry.program_id].kept_share)
            for position, entry in enumerate(suggested_order(scored, frames, settings), 1)}


def record_value(store: Store, program_id: int, interview_id: int | None, field: str,
                 raw: Any) -> int | None:
    """Save one value of a program's interview record and return the record's id (None when
    there is no record and nothing to record). The first value makes the record; a first
    impression also marks an invited program interviewed. Either way it is one undoable step."""
    value = get_field("interviews", field).parse(raw)
    if interview_id is not None:
        if _noted_flag(field, value) and not store.get("interviews", interview_id)[FLAG_COUNT]:
            with store.batch("red flag noted"):
                store.set_value("interviews", interview_id, field, raw)
                store.set_value("interviews", interview_id, FLAG_COUNT, 1)
        else:
            store.set_value("interviews", interview_id, field, raw)
        return interview_id
    if value is None:
        return None
    program = store.get("programs", program_id)
    values = {"program_id": program_id, field: raw, **({FLAG_COUNT: 1} if _noted_flag(field, value) else {})}
    with store.batch(f"interview at {program['name']}"):
        interview_id = store.insert_row("interviews", values)
        if field in IMPRESSION_FIELDS and program["status"] == "invited":
            store.set_value("programs", program_id, "status", "interviewed")
    return interview_id


def _noted_flag(field: str, value: Any) -> bool:
    """A red flag written down counts: the count follows the note, never the other way."""
    return field == FLAG_NOTE and bool(value)


@dataclass(frozen=True)
class Impression:
    field: str
    label: str
    first: Any
    first_at: str | None  # when it was entered; None when it predates the change log
    latest: Any
    latest_at: str | None

    @property
    def changed(self) -> bool:
        return self.first != self.latest


def impressions(store: Store, interview: dict) -> list[Impression]:
    """First and latest value of each impression of one interview record. The first is the
    first value ever recorded (the value at creation, or the old value of the first logged
    edit), skipping blanks; the latest is the current value."""
    log = store.rows("change_log", "tbl = 'interviews' AND row_id = ? AND undone = 0",
                     (interview["id"],))
    found = []
    for field in IMPRESSION_FIELDS:
        history: list[tuple[Any, str | None]] = []  # (value, when), oldest first
        for entry in log:
            if entry["action"] == "insert":
                history.append((json.loads(entry["new"]).get(field), entry["ts"]))
            elif entry["action"] == "update" and entry["field"] == field:
                if not history:
                    history.append((_json(entry["old"]), None))
                history.append((_json(entry["new"]), entry["ts"]))
        current = interview[field]
        history = history or [(current, None)]
        first, first_at = next(((v, t) for v, t in history if v not in (None, "")), (None, None))
        latest_at = history[-1][1] if history[-1][0] == current else None
        found.append(Impression(field, get_field("interviews", field).label, first, first_at,
                                current, latest_at))
    return found


def _json(text: str | None) -> Any:
    return None if text is None else json.loads(text)
