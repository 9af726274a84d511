"""`matchdesk summary`: the application list at a glance, as plain text."""

from __future__ import annotations

import datetime as dt
from collections import Counter


def summary_text(store, *, top: int = 10, today: dt.date | None = None) -> str:
    from importers.frames import bad_cell_lines, read_frames
    import polars as pl

    from scoring import balance, score_all, tier_counts, why_frame
    from scoring.history import history_count_line, on_list_with_history

    settings = store.settings()
    frames, bad = read_frames(store)
    scored = score_all(frames, settings, today=today)
    programs = scored.programs
    lines = [f"MatchDesk summary: {store.path}", "", *bad_cell_lines(bad), *([""] if bad else [])]
    a = scored.applicant
    lines.append(f"Applicant: {a.risk_category} ({a.risk_rule}); Step 2 CK band {a.step2_band}.")
    lines.append(f"Strategy: {a.strategy.headline}. {a.strategy.sentence}")
    for rec in a.recommended:
        if rec.high:
            lines.append(f"  apply {rec.track}: {rec.low}-{rec.high} programs ({rec.reason})")
    lines.append("")
    if programs.height == 0:
        lines.append("No programs yet. Add some, or import a file: matchdesk import FILE")
        return "\n".join(lines)

    by_specialty = Counter(programs["specialty"].to_list())
    lines.append(f"Programs: {programs.height} ("
                 + ", ".join(f"{s} {n}" for s, n in by_specialty.most_common()) + ")")

    lines += ["", "Tiers (radiology programs still on the list):"]
    counts = tier_counts(scored)
    lines.append("  " + ", ".join(f"{tier} {n}" for tier, n in counts.items()))
    lines.append("Balance:")
    for line in balance(scored, settings):
        verdict = line.advice or "within range"
        lines.append(f"  {line.tier}: {line.count} ({line.percent:.0f}%; aim {line.low:g}-{line.high:g}%) "
                     f"{verdict}")

    lines += ["", "Eligibility gates:"]
    eligibility = Counter(programs["eligibility"].to_list())
    lines.append("  " + ", ".join(f"{k or 'not scored'} {n}" for k, n in eligibility.most_common()))
    named = programs.select("name", "city", "specialty", "eligibility", "eligibility_reasons")
    for status, label in (("ineligible", "ineligible"), ("unclear", "unclear (ask by email)")):
        rows = [r for r in named.iter_rows(named=True) if r["eligibility"] == status]
        for r in rows[:top]:
            lines.append(f"  {label}: {r['name']} ({r['city'] or '?'}, {r['specialty']}): "
                         f"{r['eligibility_reasons'] or ''}".rstrip(": "))
        if len(rows) > top:
            lines.append(f"  ... and {len(rows) - top} more {label}")

    lines += ["", history_count_line(programs)]
    new, unfilled = on_list_with_history(programs)
    shown = pl.concat([new.head(top), unfilled.head(top)])["id"].unique().to_list()
    record = dict(why_frame(scored, shown).select("id", "history_new").iter_rows())
    for label, rows in (("new", new), ("unfilled years", unfilled)):
        for r in rows.head(top).iter_rows(named=True):
            lines.append(f"  {label}: {r['name']} ({r['city'] or '?'}, {r['specialty']}): {record[r['id']]}")
        if rows.height > top:
            lines.append(f"  ... and {rows.height - top} more {label}")

    lines += ["", f"Top {min(top, programs.height)} programs by fit:"]
    best = programs.sort("fit", descending=True, nulls_last=True).head(top)
    for rank, r in enumerate(best.iter_rows(named=True), start=1):
        fit = "?" if r["fit"] is None else f"{r['fit']:.0f}"
        lines.append(f"  {rank:>2}. {r['name']} ({r['city'] or '?'}, {r['specialty']}): fit {fit}, "
                     f"{r['tier'] or 'no tier'}, {r['eligibility'] or 'not scored'}")
    return "\n".join(lines)
