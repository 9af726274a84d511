"""The programs screen's status line: a saved-edit note, how many programs show, the radiology
list's tier balance and a pointer to the advice. In a narrow terminal each part takes a shorter
form, the least important first, so every tier's count and share stays on the line."""

from __future__ import annotations

from collections.abc import Sequence

from scoring.tier_balance import BalanceLine

# Each step shortens one part; the line takes the first form that fits.
STEPS = ("separator", "list_label", "advice", "count", "tiers", "no_advice", "bare_count", "no_label")


def balance_mark(line: BalanceLine) -> str:
    """↑ above the recommended band, ↓ below it."""
    return "↑" if line.percent > line.high else "↓" if line.percent < line.low else ""


def status_form(shown: int, total: int, shares: Sequence[BalanceLine], note: str, shortened: set[str]) -> str:
    """The status line with the parts named in `shortened` in their shorter form."""
    count = (f"{shown}/{total}" if "bare_count" in shortened
             else f"{shown}/{total} programs" if "count" in shortened else f"{shown} of {total} programs")
    if "tiers" in shortened:
        tiers = " ".join(f"{line.tier} {line.count} {line.percent:.0f}%{balance_mark(line)}" for line in shares)
    else:
        tiers = "  ".join(f"{line.tier} {line.count} ({line.percent:.0f}%{balance_mark(line)})" for line in shares)
    label = "" if "no_label" in shortened else "DR list: " if "list_label" in shortened else "Radiology list: "
    parts = [count, label + tiers]
    if any(line.advice for line in shares) and "no_advice" not in shortened:
        parts.append("F4: advice" if "advice" in shortened else "F4: balance advice")
    if note:
        parts.insert(0, f"✓ {note}")
    return (" │ " if "separator" in shortened else "  │  ").join(parts)


def status_line(shown: int, total: int, shares: Sequence[BalanceLine], note: str, width: int) -> str:
    """The longest form of the status line that fits `width` cells (the shortest if none does)."""
    shortened: set[str] = set()
    text = status_form(shown, total, shares, note, shortened)
    for step in STEPS:
        if len(text) <= width:
            break
        shortened.add(step)
        text = status_form(shown, total, shares, note, shortened)
    return text
