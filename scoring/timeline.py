"""The application timeline (DOMAIN 10): each task's due date, counted back from Match Day, or
its window of months in the application and Match years (interviews September-January, rank
list certification February-March...). A task is overdue only after its window ends."""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from registry.settings import TIMELINE_WINDOWS

DAYS_PER_MONTH = 30  # the fraction of a month in "6.5 months before" counts as 15 days
SOON_DAYS = 30


@dataclass(frozen=True)
class TimelineItem:
    id: int
    task: str
    months_before: float | None
    due: dt.date | None
    done: bool
    state: str  # done / overdue / open / due soon / upcoming / no date
    opens: dt.date | None = None  # first day of the task's window, when it has one

    def explain(self, match_day: dt.date) -> str:
        if self.due is None:
            return "No months-before-Match value, so no due date."
        if self.due is not None and self.task in TIMELINE_WINDOWS:
            start = f"from {self.opens.isoformat()} " if self.opens else ""
            return (f"Window {start}to {self.due.isoformat()}, set by the Match year "
                    f"{match_day.year}: overdue only after it ends")
        return f"Match Day {match_day.isoformat()} minus {self.months_before:g} months = {self.due.isoformat()}"


def months_before(day: dt.date, months: float) -> dt.date:
    whole = int(months)
    index = day.year * 12 + day.month - 1 - whole
    year, month = divmod(index, 12)
    month += 1
    shifted = day.replace(year=year, month=month,
                          day=min(day.day, calendar.monthrange(year, month)[1]))
    return shifted - dt.timedelta(days=round((months - whole) * DAYS_PER_MONTH))


def window(task: str, match_day: dt.date) -> tuple[dt.date | None, dt.date] | None:
    """(first day or None, last day) of the task's window in the Match year's calendar; the
    last day never falls after Match Day."""
    span = TIMELINE_WINDOWS.get(task)
    if span is None:
        return None
    start, (end_offset, end_month) = span
    end_year = match_day.year + end_offset
    end = dt.date(end_year, end_month, calendar.monthrange(end_year, end_month)[1])
    opens = None if start is None else dt.date(match_day.year + start[0], start[1], 1)
    return opens, min(end, match_day)


def _state(opens: dt.date | None, due: dt.date | None, done: bool, today: dt.date) -> str:
    if done:
        return "done"
    if due is None:
        return "no date"
    if due < today:
        return "overdue"
    if opens is not None and opens <= today:
        return "open"
    return "due soon" if (due - today).days <= SOON_DAYS else "upcoming"


def timeline_items(rows: Sequence[Mapping], match_day: dt.date, today: dt.date) -> list[TimelineItem]:
    """Tasks with their due dates, earliest first; tasks without a date last."""
    items = []
    for row in rows:
        months = row.get("months_before_match")
        span = window(row["task"], match_day)
        opens, due = span if span else (None, None if months is None else months_before(match_day, months))
        done = bool(row.get("done"))
        items.append(TimelineItem(row["id"], row["task"], months, due, done,
                                  _state(opens, due, done, today), opens))
    return sorted(items, key=lambda i: (i.due is None, i.due or dt.date.max, i.id))
