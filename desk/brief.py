"""The one-page interview brief for a program, as Markdown.

A scored program row, its why sentences and the contacts met go in, text comes out;
the screen decides where the file goes and save_brief writes it.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from registry.computed import computed, is_computed
from registry.fields import get_field

KEY_FACTS = (
    "institution", "program_type", "residents_per_year", "visa", "img_percent", "current_imgs",
    "step2_min", "typical_step2", "fail_policy", "grad_limit_years", "ir_pathway", "research",
    "subspecialties", "fellowship_pipeline", "website", "contact", "status", "signal",
)
# Facts an IMG must settle before ranking: named when still unknown.
MUST_KNOW = ("visa", "fail_policy", "step2_min", "grad_limit_years", "img_percent")
SCORES = ("eligibility", "tier", "img_score", "fit", "rank_score", "missed_must_haves")
NOTES = ("culture_notes", "call_schedule", "location_notes", "notes")
NOTE_LIMIT = 600  # characters per note, so the brief stays on one page


def one_line(text: Any, limit: int = NOTE_LIMIT) -> str:
    flat = " ".join(str(text).split())
    return flat if len(flat) <= limit else flat[: limit - 1].rstrip() + "…"


def _value(name: str, value: Any) -> str:
    if isinstance(value, float):
        return f"{value:.1f}"
    if is_computed(name):
        return str(value)
    return get_field("programs", name).format(value)


def _place(program: Mapping[str, Any]) -> str:
    where = ", ".join(str(program[k]) for k in ("city", "state") if program.get(k))
    track = " / ".join(str(program[k]) for k in ("specialty", "track") if program.get(k))
    return " · ".join(part for part in (track, where) if part)


def _facts(program: Mapping[str, Any]) -> list[str]:
    lines = [f"- **{get_field('programs', n).label}:** {one_line(_value(n, program[n]))}"
             for n in KEY_FACTS if program.get(n) is not None]
    unknown = [get_field("programs", n).label for n in MUST_KNOW if program.get(n) is None]
    if unknown:
        lines.append(f"- **Still unknown (ask):** {', '.join(unknown)}")
    return lines


def _scores(program: Mapping[str, Any], why: Mapping[str, str]) -> list[str]:
    lines = []
    for name in SCORES:
        value = program.get(name)
        if value is None or value == "":
            continue
        sentence = f" — {one_line(why[name])}" if why.get(name) else ""
        lines.append(f"- **{computed(name).short}:** {_value(name, value)}{sentence}")
    return lines


def _contact(contact: Mapping[str, Any]) -> str:
    about = ", ".join(str(contact[k]) for k in ("role", "channel", "date") if contact.get(k))
    line = f"- **{contact['person']}**" + (f" ({about})" if about else "")
    if contact.get("notes"):
        line += f": {one_line(contact['notes'])}"
    if contact.get("questions"):
        line += f"\n  - Asked: {one_line(contact['questions'])}"
    return line


def interview_brief(program: Mapping[str, Any], why: Mapping[str, str],
                    contacts: Sequence[Mapping[str, Any]], today: dt.date) -> str:
    """Name, key facts, scores with their reasons, why this program, contacts met, notes."""
    met = sorted(contacts, key=lambda c: (c.get("date") or "", c.get("person") or ""))
    notes = [f"- **{get_field('programs', n).label}:** {one_line(program[n])}"
             for n in NOTES if program.get(n)]
    sections = [
        f"# {program['name']}",
        f"{_place(program)}  \nInterview brief, {today.isoformat()}",
        "## Key facts", "\n".join(_facts(program)) or "_No facts recorded._",
        "## Scores", "\n".join(_scores(program, why)) or "_Not scored._",
        "## Why this program", (program.get("why_program") or "_Not written yet._").strip(),
        "## Contacts met", "\n".join(_contact(c) for c in met) or "_No contacts logged._",
        "## Notes", "\n".join(notes) or "_No notes._",
    ]
    return "\n\n".join(sections) + "\n"


def brief_filename(program: Mapping[str, Any]) -> str:
    slug = re.sub(r"[^a-z0-9]+", "-", str(program["name"]).lower()).strip("-")[:60].rstrip("-")
    return f"brief-{slug or program['id']}.md"


def save_brief(path: Path, text: str) -> None:
    """Write a brief where the user asked (only inside its folder when the app is served), as a
    private file, whole or not at all."""
    from importers.files import check_allowed, write_text_private  # the writing layer, on demand

    write_text_private(check_allowed(path), text)
