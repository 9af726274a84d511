"""Checks on application materials and exam readiness (DOMAIN 1 and 10).

Letters of recommendation, personal statements and practice exams, each reduced to plain
results that carry the rule behind them. Pure: frames, applicant facts and settings in; no
database, no UI.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

import polars as pl

from scoring.facts import Facts
from registry.errors import ValidationError
from registry.specialties import (BACKUP_SPECIALTIES, DIAGNOSTIC, INDEPENDENT_IR, INTEGRATED_IR,
                                  SPECIALTIES, specialty)

OK, WARNING, PROBLEM, NOT_NEEDED = "ok", "warning", "problem", "not needed"
DISMISSED = "dismissed"  # the check fired and the user has read and accepted it
INFO = "info"  # a fact the checks rest on, neither good nor bad

BACKUP = "backup"
RADIOLOGY_ROLES = ("IR attending", "diagnostic radiologist")
# A backup statement must not read as radiology first: these words make it worth a look.
FIRST_CHOICE_WORDS = re.compile(
    r"\b(radiolog\w*|back-?up|plan b|first choice|second choice|fall-?back|dream specialty)\b",
    re.IGNORECASE)


@dataclass(frozen=True)
class Check:
    name: str
    status: str  # ok / warning / problem / not needed / dismissed / info
    reason: str


# --- letters -------------------------------------------------------------------------------


def _names(text: str | None) -> list[tuple[str, str | None]]:
    """(token, canonical name or None when unknown) for each comma-separated token."""
    found = []
    for token in (t.strip() for t in (text or "").split(",")):
        folded = token.lower().replace(" ", "")
        if folded in ("backup", "back-up", "planb"):
            found.append((token, BACKUP))
        elif token:
            found.append((token, next((s for s in SPECIALTIES
                                       if s.lower().replace(" ", "") == folded), None)))
    return found


def parse_assignment(text: str | None) -> tuple[str, ...]:
    """'dr, backup , IR/DR' -> ('DR', 'backup', 'IR/DR'); unknown words are refused."""
    for token, name in _names(text):
        if name is None:
            raise ValidationError(
                f"Assigned to: '{token}' is not a specialty; use DR, IR/DR, backup "
                f"or one of {', '.join(SPECIALTIES)}, separated by commas")
    return tuple(dict.fromkeys(name for _, name in _names(text)))


def normalize_assignment(raw: Any) -> str | None:
    """The stored form of an assignment: canonical names, comma separated (None when empty)."""
    return ", ".join(parse_assignment(None if raw is None else str(raw))) or None


def _assigned(text: str | None, backup_specialty: str | None) -> tuple[str, ...]:
    """The specialties a letter goes to, the backup's own code read as 'backup'. Unknown
    words (typed before assignments were checked) are left out rather than refused."""
    return tuple(dict.fromkeys(BACKUP if name == backup_specialty else name
                               for _, name in _names(text) if name is not None))


def writer_in(writer_specialty: str | None, code: str) -> bool:
    folded = (writer_specialty or "").strip().lower()
    words = specialty(code).words if code in SPECIALTIES else ()
    return bool(folded) and (folded == code.lower() or any(word in folded for word in words))


def is_radiology_letter(role: str | None, writer_specialty: str | None) -> bool:
    return role in RADIOLOGY_ROLES or writer_in(writer_specialty, DIAGNOSTIC)


def is_ir_letter(role: str | None, writer_specialty: str | None) -> bool:
    return role == "IR attending" or writer_in(writer_specialty, INDEPENDENT_IR)


def letter_stage(row: dict[str, Any]) -> str:
    for column in ("uploaded", "received", "requested"):
        if row.get(column):
            return column
    return "to request"


def with_letter_columns(letters: pl.DataFrame) -> pl.DataFrame:
    """Letters plus `stage`: how far each letter has got."""
    return letters.with_columns(
        pl.Series("stage", [letter_stage(r) for r in letters.iter_rows(named=True)], pl.String))


def _writers(rows: list[dict[str, Any]]) -> str:
    """Writer names, US-based ones marked: programs weigh US letters more."""
    return ", ".join(f"{r['writer']}{' (US)' if r['us_based'] else ''}" for r in rows)


def in_hand(row: dict[str, Any]) -> bool:
    """A letter counts toward a requirement once received or uploaded; requested is pending."""
    return bool(row.get("received") or row.get("uploaded"))


def _pending(rows: list[dict[str, Any]]) -> str:
    waiting = [r for r in rows if not in_hand(r)]
    return f"; not received yet (pending): {_writers(waiting)}" if waiting else ""


def _radiology_check(rows: list[dict[str, Any]], backup: str | None) -> Check:
    name = "Radiology letter for DR"
    dr = [r for r in rows if DIAGNOSTIC in _assigned(r["assigned_to"], backup)]
    radiology = [r for r in dr if is_radiology_letter(r["role"], r["writer_specialty"])]
    received = [r for r in radiology if in_hand(r)]
    if received:
        return Check(name, OK, f"{len(received)} radiology letter(s) received for DR: "
                               f"{_writers(received)}{_pending(radiology)}")
    if radiology:
        return Check(name, PROBLEM, f"no radiology letter received yet{_pending(radiology)}")
    if dr:
        return Check(name, PROBLEM, f"{len(dr)} letter(s) assigned to DR, none from a radiologist "
                                    "(role IR attending or diagnostic radiologist, or a radiology writer)")
    return Check(name, PROBLEM, "no letter is assigned to DR yet")


def _ir_kinds(row: dict[str, Any]) -> tuple[str, ...]:
    """What an IR/DR letter can stand for: IR, DR (another radiologist), core clinical."""
    role, writer = row["role"], row["writer_specialty"]
    if is_ir_letter(role, writer):
        return ("IR",)
    if is_radiology_letter(role, writer):
        return ("DR",)
    return ("core clinical",) if role == "core clinical" else ()


def _ir_check(rows: list[dict[str, Any]], f: Facts, backup: str | None) -> Check:
    """Guide 001: an IR applicant wants an IR letter, a diagnostic radiology letter and a core
    clinical letter, each counted once received."""
    name = "IR, DR and clinical letters for integrated IR"
    ir_assigned = [r for r in rows if INTEGRATED_IR in _assigned(r["assigned_to"], backup)]
    if not (f.target_ir or ir_assigned):
        return Check(name, NOT_NEEDED, "not targeting IR (profile) and no letter assigned to IR/DR")
    have = {kind for r in ir_assigned if in_hand(r) for kind in _ir_kinds(r)}
    missing = [kind for kind in ("IR", "DR", "core clinical") if kind not in have]
    received = [r for r in ir_assigned if in_hand(r)]
    got = f"received for IR/DR: {_writers(received)}" if received else "none received for IR/DR"
    if not missing:
        return Check(name, OK, f"IR, DR and core clinical letters {got}{_pending(ir_assigned)}")
    return Check(name, PROBLEM, f"{got}; still needed: {', '.join(missing)} letter(s)"
                                f"{_pending(ir_assigned)}")


def _backup_check(rows: list[dict[str, Any]], f: Facts, s: dict[str, Any]) -> Check:
    name = "Backup specialty letters"
    need = int(s["letters.backup_min"])
    if not f.dual_apply:
        return Check(name, NOT_NEEDED, "not dual applying (profile)")
    backup = f.backup_specialty
    if backup is None:
        return Check(name, PROBLEM, "dual applying, but no backup specialty is chosen in the profile")
    assigned = [r for r in rows if BACKUP in _assigned(r["assigned_to"], backup)]
    specialty = [r for r in assigned if writer_in(r["writer_specialty"], backup)]
    own = [r for r in specialty if in_hand(r)]
    others = len(assigned) - len(specialty)
    tail = f"; {others} more assigned from other specialties" if others else ""
    writers = f": {_writers(own)}" if own else ""
    counted = (f"{len(own)} letter(s) from {backup} writers received for {backup} "
               f"(at least {need}){writers}{_pending(specialty)}{tail}")
    return Check(name, OK if len(own) >= need else PROBLEM, counted)


def _per_program_check(rows: list[dict[str, Any]], backup: str | None, s: dict[str, Any]) -> Check:
    name = "Letters per specialty"
    most = int(s["letters.per_program_max"])
    counts: dict[str, int] = {}
    for r in rows:
        for target in _assigned(r["assigned_to"], backup):
            counts[target] = counts.get(target, 0) + 1
    if not counts:
        return Check(name, NOT_NEEDED, "no letter is assigned to a specialty yet")
    label = {BACKUP: f"backup ({backup})" if backup else BACKUP}
    shown = ", ".join(f"{label.get(t, t)} {n}" for t, n in counts.items())
    over = [label.get(t, t) for t, n in counts.items() if n > most]
    if over:
        return Check(name, WARNING, f"{shown}: a program receives at most {most} letters, so choose "
                                    f"which {most} go to each {' and '.join(over)} program")
    return Check(name, OK, f"{shown} (a program receives at most {most})")


def letter_checks(letters: pl.DataFrame, f: Facts, settings: dict[str, Any]) -> list[Check]:
    rows = letters.rows(named=True)
    backup = f.backup_specialty if f.dual_apply else None
    return [_radiology_check(rows, backup), _ir_check(rows, f, backup), _backup_check(rows, f, settings),
            _per_program_check(rows, backup, settings)]


# --- personal statements -----------------------------------------------------------------


def backup_specialties(f: Facts) -> tuple[str, ...]:
    """Specialties whose statements must not read as radiology first."""
    return (f.backup_specialty,) if f.backup_specialty else BACKUP_SPECIALTIES


def word_count(body: str | None) -> int:
    return len((body or "").split())


def statement_check(specialty: str, body: str | None, dismissed: bool | None, f: Facts) -> Check:
    name = f"Word check of this {specialty} statement"
    if specialty not in backup_specialties(f):
        return Check(name, NOT_NEEDED, f"{specialty} is not your backup specialty")
    words = list(dict.fromkeys(m.lower() for m in FIRST_CHOICE_WORDS.findall(body or "")))
    if not words:
        return Check(name, OK, "no radiology or backup wording found")
    found = f"mentions {', '.join(repr(w) for w in words)}"
    if dismissed:
        return Check(name, DISMISSED, f"{found}; you have read it and dismissed the check")
    return Check(name, WARNING, f"{found}: make sure it does not read as radiology first "
                                "(x dismisses the check once you have read it)")


STATEMENT_CHECK_SHOWN = {OK: "ok", WARNING: "look", DISMISSED: "dismissed", NOT_NEEDED: None}


def with_statement_columns(statements: pl.DataFrame, f: Facts) -> pl.DataFrame:
    """Statements plus `words` and `check` (ok / look / dismissed; empty when not a backup)."""
    checks = [STATEMENT_CHECK_SHOWN[statement_check(r["specialty"], r["body"], r["check_dismissed"], f).status]
              for r in statements.iter_rows(named=True)]
    return statements.with_columns(
        pl.Series("words", [word_count(b) for b in statements["body"]], pl.Int64),
        pl.Series("check", checks, pl.String))


def statement_coverage(statements: pl.DataFrame, f: Facts) -> list[Check]:
    """One statement per specialty applied to: DR always, IR/DR for IR, the backup when dual."""
    have: dict[str, list[dict[str, Any]]] = {}
    for r in statements.iter_rows(named=True):
        have.setdefault(r["specialty"], []).append(r)
    wanted = [(DIAGNOSTIC, PROBLEM, "DR is the primary specialty")]
    if f.target_ir:
        wanted.append((INTEGRATED_IR, WARNING, "targeting IR (profile): tailor one version to IR/DR"))
    if f.dual_apply and f.backup_specialty:
        wanted.append((f.backup_specialty, PROBLEM, "dual applying (profile)"))
    checks = []
    for specialty, missing, why in wanted:
        rows = have.get(specialty, [])
        shown = "; ".join(f"{r['track'] or 'any track'} v{r['version']} {r['status']}" for r in rows)
        name = f"{specialty} statement on file"
        checks.append(Check(name, OK, shown) if rows else Check(name, missing, f"none yet; {why}"))
    if f.dual_apply and not f.backup_specialty:
        checks.append(Check("Backup statement", PROBLEM,
                            "dual applying, but no backup specialty is chosen in the profile"))
    return checks


# --- practice exams ------------------------------------------------------------------------


@dataclass(frozen=True)
class Readiness:
    target: int
    target_reason: str
    near_from: int
    ready: bool
    latest: int | None
    gap: int | None  # target - latest: points still to gain (negative: above target)
    reason: str
    trend: str


def exam_target(settings: dict[str, Any], step1_failed: bool) -> tuple[int, str]:
    if step1_failed:
        target = int(settings["readiness.target_after_fail"])
        return target, f"Step 1 has a fail: target {target} (setting readiness.target_after_fail)"
    target = int(settings["readiness.target"])
    return target, f"Step 1 without a fail: target {target} (setting readiness.target)"


def sorted_exams(exams: pl.DataFrame) -> pl.DataFrame:
    return exams.sort("date", "id", nulls_last=True)


def gap_text(gap: int | None, target: int) -> str:
    if gap is None:
        return "no score yet"
    if gap > 0:
        return f"{gap} points below the target {target}"
    if gap == 0:
        return f"at the target {target}"
    return f"{-gap} points above the target {target}"


def readiness(exams: pl.DataFrame, settings: dict[str, Any], step1_failed: bool) -> Readiness:
    """Book Step 2 CK when the last two practice scores in a row are near the target."""
    target, target_reason = exam_target(settings, step1_failed)
    margin = int(settings["readiness.near_margin"])
    near_from = target - margin
    rows = sorted_exams(exams).rows(named=True)
    scores = [int(r["score"]) for r in rows]
    near = f"at least {near_from} (target {target} - {margin})"
    if not scores:
        reason = "no practice exams logged yet"
        return Readiness(target, target_reason, near_from, False, None, None, reason, "")
    latest = scores[-1]
    trend = "" if len(scores) < 2 else (
        f"{scores[-1] - scores[0]:+d} points over {len(scores)} exams "
        f"({scores[0]} on {rows[0]['date']} to {latest} on {rows[-1]['date']})")
    if len(scores) < 2:
        ok = "near" if latest >= near_from else "not near"
        reason = f"one practice score so far ({latest}, {ok}); two in a row must be {near}"
        return Readiness(target, target_reason, near_from, False, latest, target - latest, reason, trend)
    last_two = rows[-2:]
    shown = " and ".join(f"{r['score']} ({r['exam']}, {r['date']})" for r in last_two)
    ready = all(score >= near_from for score in scores[-2:])
    reason = (f"ready to book Step 2 CK: the last two scores, {shown}, are both {near}" if ready
              else f"not yet: the last two scores, {shown}, must both be {near}")
    return Readiness(target, target_reason, near_from, ready, latest, target - latest, reason, trend)


def with_exam_columns(exams: pl.DataFrame, ready: Readiness) -> pl.DataFrame:
    """Exams in date order plus `vs_target` (score - target) and `near` (counts as near)."""
    return sorted_exams(exams).with_columns(
        (pl.col("score") - ready.target).alias("vs_target"),
        (pl.col("score") >= ready.near_from).alias("near"))


def readiness_checks(ready: Readiness, step2_on_file: int | None) -> list[Check]:
    """The readiness signal, the target it uses, the gap and the trend, as checks."""
    checks = [
        Check("Target", INFO, ready.target_reason),
        Check("Readiness", OK if ready.ready else WARNING, ready.reason),
        Check("Gap to target", OK if ready.gap is not None and ready.gap <= 0 else WARNING,
              gap_text(ready.gap, ready.target) + (f" (latest {ready.latest})" if ready.latest else "")),
    ]
    if ready.trend:
        checks.append(Check("Trend", INFO, ready.trend))
    if step2_on_file is not None:
        checks.append(Check("Step 2 CK", INFO, f"{step2_on_file} is already in your profile: "
                                               "the practice log is the record of how you got there"))
    return checks
