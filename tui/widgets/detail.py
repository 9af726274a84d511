"""The detail pane: every field of the current program, where each value came from, and why
each computed number is what it is."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.containers import VerticalScroll
from textual.widgets import Static

from registry.computed import computed
from registry.fields import TABLES
from scoring.history import HISTORY_COLUMNS
from store.store import Provenance


def is_stale(noted_at: str, today: dt.date, stale_after_days: int) -> bool:
    try:
        return (today - dt.date.fromisoformat(noted_at[:10])).days > stale_after_days
    except ValueError:
        return False


MATCH_HISTORY = "Match history"


def why_lines(why: Mapping[str, str]) -> list[tuple[str, str]]:
    """(short label, sentence) per computed column; the Match history columns share one
    sentence, given once."""
    lines = [(computed(c).short, sentence) for c, sentence in why.items() if c not in HISTORY_COLUMNS]
    record = next((why[c] for c in HISTORY_COLUMNS if c in why), None)
    return lines + ([(MATCH_HISTORY, record)] if record is not None else [])


BAR_WIDTH = 16  # characters for the largest quota: fits the pane at 80 columns


def history_chart(years: Sequence[tuple[int, int, int]]) -> Text:
    """One line per Match year: a bar of the quota, solid where matched, shaded where unfilled."""
    chart = Text()
    widest = max((quota for _year, quota, _matched in years), default=0)
    scale = max(1, -(-widest // BAR_WIDTH))  # positions per character, rounded up
    for year, quota, matched in years:
        offered = -(-quota // scale)
        filled = offered if matched >= quota else min(matched // scale, offered - 1)
        chart.append(f"\n{year} ")
        chart.append("█" * filled, style="green")
        chart.append("░" * (offered - filled), style="bold red")
        note = " no positions" if not quota else " unfilled" if matched < quota else ""
        chart.append(f"{' ' * (BAR_WIDTH - offered)} {matched}/{quota}{note}")
    return chart


def detail_table(row: Mapping[str, Any], provenance: Mapping[str, Provenance], why: Mapping[str, str],
                 *, today: dt.date, stale_after_days: int, current_field: str | None = None,
                 history: Sequence[tuple[int, int, int]] = ()) -> Table:
    """`history`: the program's (year, quota, matched) rows, oldest first."""
    table = Table.grid(padding=(0, 1))
    table.add_column(style="bold", no_wrap=True)
    table.add_column(ratio=1)
    for label, sentence in why_lines(why):
        chart = history_chart(history) if label == MATCH_HISTORY else Text()
        table.add_row(Text(label, style="italic"), Text(sentence) + chart)
    if why:
        table.add_row("", "")
    for fld in TABLES["programs"]:
        value = row.get(fld.name)
        shown = Text(fld.format(value) if value is not None else "unknown",
                     style="" if value is not None else "dim italic")
        source = provenance.get(fld.name)
        if source is not None:
            stale = is_stale(source.noted_at, today, stale_after_days)
            shown.append(f"  ({source.source}, {source.noted_at}", style="dim")
            shown.append(", stale" if stale else "", style="bold yellow")
            shown.append(")", style="dim")
        label = Text(fld.label, style="reverse" if fld.name == current_field else "")
        table.add_row(label, shown)
    return table


class DetailPane(VerticalScroll):
    """Shows one program; the screen calls `show` when the cursor moves or data changes."""

    def compose(self):
        yield Static(id="detail-body")

    def show(self, row: Mapping[str, Any] | None, provenance: Mapping[str, Provenance],
             why: Mapping[str, str], *, today: dt.date, stale_after_days: int,
             current_field: str | None = None, history: Sequence[tuple[int, int, int]] = ()) -> None:
        body = self.query_one("#detail-body", Static)
        if row is None:
            body.update(Text("No program selected", style="dim"))
            return
        self.border_title = str(row.get("name") or "")
        body.update(detail_table(row, provenance, why, today=today, stale_after_days=stale_after_days,
                                 current_field=current_field, history=history))
