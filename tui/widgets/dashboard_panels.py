"""The read-only panels of the dashboard overview, as Rich renderables built from the scored
programs. `colors` maps a role (warning, error, success, muted) to a colour of the theme."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl
from rich.console import Group, RenderableType
from rich.table import Table
from rich.text import Text

from scoring import AppCount, BalanceLine
from scoring.costs import APPLIED_STATUSES
from scoring.region import CENSUS_REGIONS
from registry.computed import computed
from registry.fields import get_field
from registry.specialties import DIAGNOSTIC, SPECIALTIES

ON_LIST = pl.col("status").ne_missing("withdrawn")
TOP_REASONS = 4


def _title(text: str) -> Text:
    return Text(text, style="bold")


def versus(count: float, low: float, high: float) -> tuple[str, str]:
    """(how a count compares with a recommended range, the colour role to show it in)."""
    if count < low:
        return f"{low - count:g} below", "warning"
    if count > high:
        return f"{count - high:g} above", "warning"
    return "within", "success"


def balance_text(lines: Sequence[BalanceLine], colors: Mapping[str, str]) -> Text:
    if not sum(line.count for line in lines):
        return Text("No radiology program with a tier on the list yet.", style=colors["muted"])
    text = Text()
    for line in lines:
        verdict, role = versus(line.percent, line.low, line.high)
        text.append(f"{line.tier:<7}{line.count:>4} ({line.percent:.0f}%)  band {line.low:g}-{line.high:g}%  ")
        text.append(verdict if role == "success" else verdict.split()[-1], style=colors[role])
        text.append("\n")
    for line in lines:
        if line.advice:
            text.append(f"• {line.advice}\n", style=colors["warning"])
    text.rstrip()
    return text


def specialty_panel(programs: pl.DataFrame, recommended: Sequence[AppCount], backup: str | None,
                    colors: Mapping[str, str]) -> RenderableType:
    counts = {row["specialty"]: row for row in programs.group_by("specialty").agg(
        listed=ON_LIST.sum(), applied=pl.col("status").is_in(APPLIED_STATUSES).sum()
    ).iter_rows(named=True)}
    by_track = {count.track: count for count in recommended}
    targets = {DIAGNOSTIC: by_track.get(DIAGNOSTIC), backup: by_track.get("backup")}
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    for header, justify in ((get_field("programs", "specialty").label, "left"), ("Listed", "right"), ("Applied", "right"),
                            ("Recommended", "right"), ("", "left")):
        table.add_column(header, justify=justify)
    for specialty in SPECIALTIES:
        row, target = counts.get(specialty), targets.get(specialty)
        if row is None and target is None:
            continue
        listed = row["listed"] if row else 0
        cells = [specialty, str(listed), str(row["applied"] if row else 0)]
        if target is not None and target.high:
            verdict, role = versus(listed, target.low, target.high)
            cells += [f"{target.low}-{target.high}", Text(verdict, style=colors[role])]
        else:
            cells += ["", ""]
        table.add_row(*cells)
    notes = Text()
    for count in recommended:
        span = f"{count.low}-{count.high}" if count.high else "none"
        notes.append(f"{count.track}: {span}, {count.reason}\n", style=colors["muted"])
    notes.rstrip()
    return Group(_title("Programs per specialty (listed: not withdrawn)"), table, notes)


def gate_panel(programs: pl.DataFrame, colors: Mapping[str, str]) -> RenderableType:
    listed = programs.filter(ON_LIST)
    counts = dict(listed.group_by("eligibility").len().iter_rows())
    text = Text()
    for status, role in (("eligible", "success"), ("unclear", "warning"), ("ineligible", "error")):
        text.append(f"{status} {counts.get(status, 0)}", style=colors[role])
        text.append("   ")
    text.append("\n")
    reasons = (listed.filter(pl.col("eligibility") != "eligible")
               .group_by("eligibility_reasons").len()
               .sort(["len", "eligibility_reasons"], descending=[True, False]).head(TOP_REASONS))
    for reason, n in reasons.iter_rows():
        text.append(f"{n:>3}x {reason}\n")
    text.rstrip()
    return Group(_title(f"Eligibility gates ({listed.height} listed programs), most common reasons"), text)


def region_panel(programs: pl.DataFrame, colors: Mapping[str, str]) -> RenderableType:
    listed = programs.filter(ON_LIST)
    counts = {row["region"]: row for row in listed.group_by("region").agg(
        programs=pl.len(), eligible=(pl.col("eligibility") == "eligible").sum()
    ).iter_rows(named=True)}
    table = Table(box=None, padding=(0, 1), show_edge=False, header_style="bold")
    for header, justify in ((computed("region").short, "left"), ("Programs", "right"), ("Eligible", "right")):
        table.add_column(header, justify=justify)
    for region in (*CENSUS_REGIONS, None):
        row = counts.get(region)
        if row is None:
            continue
        table.add_row(region or "unknown (no state)", str(row["programs"]), str(row["eligible"]))
    hint = Text("Midwest, South and smaller cities are often more open to IMGs.", style=colors["muted"])
    return Group(_title("Programs by region (US Census, from the state)"), table, hint)
