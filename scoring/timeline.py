"""The application timeline (DOMAIN 10): each task's due date, counted back from Match Day."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

DAYS_PER_MONTH = 30  # the fraction of a month in "6.5 months before" counts as 15 days
SOON_DAYS = 30


@dataclass(frozen=True)
class TimelineItem:
    id: int
    task: str
    months_before: float | None
    due: dt.date | None
    done: bool
    state: str  # done / overdue / due soon / upcoming / no date

    def explain(self, match_day: dt.date) -> str:
        if self.due is None:
            return "No months-before-Match value, so no due date."
        return f"Match Day {match_day.isoformat()} minus {self.months_before:g} months = {self.due.isoformat()}"


def months_before(day: dt.date, months: float) -> dt.date:
    whole = int(months)
    index = day.year * 12 + day.month - 1 - whole
    year, month = divmod(index, 12)
    month += 1
    shifted = day.replace(year=year, month=month,
                          day=min(day.day, calendar.monthrange(year, month)[1]))
    return shifted - dt.timedelta(days=round((months - whole) * DAYS_PER_MONTH))


def _state(due: dt.date | None, done: bool, today: dt.date) -> str:
    if done:
        return "done"
    if due is None:
        return "no date"
    if due < today:
        return "overdue"
    return "due soon" if (due - today).days <= SOON_DAYS else "upcoming"


def timeline_items(rows: Sequence[Mapping], match_day: dt.date, today: dt.date) -> list[TimelineItem]:
    """Tasks with their due dates, earliest first; tasks without a date last."""
    items = []
    for row in rows:
        months = row.get("months_before_match")
        due = None if months is None else months_before(match_day, months)
        done = bool(row.get("done"))
        items.append(TimelineItem(row["id"], row["task"], months, due, done, _state(due, done, today)))
    return sorted(items, key=lambda i: (i.due is None, i.due or dt.date.max, i.id))
