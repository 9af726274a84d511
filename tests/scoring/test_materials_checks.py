"""scoring.materials: letter, statement and practice-exam checks on small frames built here."""

from __future__ import annotations

import datetime as dt

import pytest

from scoring.facts import applicant_facts
from scoring.materials import (DISMISSED, INFO, NOT_NEEDED, OK, PROBLEM, WARNING, letter_checks,
                               normalize_assignment, readiness, readiness_checks,
                               statement_check, statement_coverage, with_exam_columns,
                               with_letter_columns, with_statement_columns)
from registry.schema import frame_from_rows
from registry.settings import default_settings
from registry.errors import ValidationError

TODAY = dt.date(2026, 11, 26)
SETTINGS = default_settings()


def facts(**profile):
    return applicant_facts(frame_from_rows("profile", [{"id": 1, **profile}]),
                           frame_from_rows("usce", []), TODAY)


RECEIVED = {"received": "2026-08-01"}
IR_CHECK = "IR, DR and clinical letters for integrated IR"


def letters(*rows):
    return frame_from_rows("letters", [{"id": i, **row} for i, row in enumerate(rows, 1)])


def letter(writer, role, specialty, assigned, us=True, **dates):
    return {"writer": writer, "role": role, "writer_specialty": specialty, "us_based": us,
            "assigned_to": assigned, **dates}


def by_name(checks):
    return {c.name: c for c in checks}


DUAL_IM = facts(dual_apply=True, backup_specialty="IM")


def test_assignment_is_normalised_and_unknown_words_refused():
    assert normalize_assignment(" dr, Backup ,ir/dr, DR") == "DR, backup, IR/DR"
    assert normalize_assignment("") is None
    with pytest.raises(ValidationError, match="'radiology' is not a specialty"):
        normalize_assignment("DR, radiology")


def test_sample_like_letters_pass_every_check():
    frame = letters(
        letter("Dr. A", "diagnostic radiologist", "Radiology", "DR", **RECEIVED),
        letter("Dr. B", "core clinical", "Internal Medicine", "DR,backup", **RECEIVED),
        letter("Dr. C", "research mentor", "Radiology", "DR", us=False, **RECEIVED),
        letter("Dr. D", "core clinical", "Internal Medicine", "backup", **RECEIVED))
    checks = by_name(letter_checks(frame, DUAL_IM, SETTINGS))
    assert checks["Radiology letter for DR"].status == OK
    assert "Dr. A (US), Dr. C" in checks["Radiology letter for DR"].reason
    assert checks["IR, DR and clinical letters for integrated IR"].status == NOT_NEEDED
    assert checks["Backup specialty letters"].status == OK
    assert checks["Letters per specialty"].reason.startswith("DR 3, backup (IM) 2")


def test_dr_letters_without_a_radiologist_are_a_problem():
    frame = letters(letter("Dr. B", "core clinical", "Internal Medicine", "DR", **RECEIVED))
    check = by_name(letter_checks(frame, facts(), SETTINGS))["Radiology letter for DR"]
    assert check.status == PROBLEM and "none from a radiologist" in check.reason
    empty = by_name(letter_checks(letters(), facts(), SETTINGS))["Radiology letter for DR"]
    assert empty.status == PROBLEM and "no letter" in empty.reason


def test_ir_applicant_needs_an_ir_attending_letter_assigned_to_ir_dr():
    ir = facts(target_ir=True)
    frame = letters(letter("Dr. R", "diagnostic radiologist", "Radiology", "DR, IR/DR", **RECEIVED))
    assert by_name(letter_checks(frame, ir, SETTINGS))[IR_CHECK].status == PROBLEM
    frame = letters(letter("Dr. R", "diagnostic radiologist", "Radiology", "DR, IR/DR", **RECEIVED),
                    letter("Dr. V", "IR attending", "Interventional Radiology", "IR/DR", **RECEIVED),
                    letter("Dr. K", "core clinical", "Internal Medicine", "IR/DR", **RECEIVED))
    check = by_name(letter_checks(frame, ir, SETTINGS))[IR_CHECK]
    assert check.status == OK and "Dr. V" in check.reason


def test_backup_letters_must_come_from_backup_specialty_writers():
    frame = letters(letter("Dr. B", "core clinical", "Internal Medicine", "backup", **RECEIVED),
                    letter("Dr. S", "core clinical", "Surgery", "IM", **RECEIVED))  # the backup's own code
    check = by_name(letter_checks(frame, DUAL_IM, SETTINGS))["Backup specialty letters"]
    assert check.status == PROBLEM
    assert "1 letter(s) from IM writers received" in check.reason and "1 more assigned from other" in check.reason
    no_backup = by_name(letter_checks(frame, facts(dual_apply=True), SETTINGS))
    assert "no backup specialty" in no_backup["Backup specialty letters"].reason
    single = by_name(letter_checks(frame, facts(dual_apply=False), SETTINGS))
    assert single["Backup specialty letters"].status == NOT_NEEDED


def test_more_than_four_letters_for_one_specialty_warns():
    frame = letters(*(letter(f"Dr. {n}", "diagnostic radiologist", "Radiology", "DR") for n in "ABCDE"))
    check = by_name(letter_checks(frame, facts(), SETTINGS))["Letters per specialty"]
    assert check.status == WARNING and "DR 5" in check.reason and "at most 4" in check.reason
    lenient = by_name(letter_checks(frame, facts(), {**SETTINGS, "letters.per_program_max": 5}))
    assert lenient["Letters per specialty"].status == OK


def test_letter_stage_follows_the_latest_date():
    frame = with_letter_columns(letters(
        letter("A", None, None, None),
        letter("B", None, None, None, requested="2026-06-01"),
        letter("C", None, None, None, requested="2026-06-01", received="2026-07-01"),
        letter("D", None, None, None, requested="2026-06-01", uploaded="2026-07-02")))
    assert frame["stage"].to_list() == ["to request", "requested", "received", "uploaded"]


def test_backup_statement_word_check_and_dismissal():
    body = "Internal medicine is my plan B; radiology remains my first choice."
    check = statement_check("IM", body, False, DUAL_IM)
    assert check.status == WARNING
    assert "'plan b'" in check.reason and "'radiology'" in check.reason and "'first choice'" in check.reason
    assert statement_check("IM", body, True, DUAL_IM).status == DISMISSED
    assert statement_check("IM", "I love continuity of care.", False, DUAL_IM).status == OK
    assert statement_check("DR", body, False, DUAL_IM).status == NOT_NEEDED


def test_statement_columns_count_words_and_show_the_check():
    frame = frame_from_rows("statements", [
        {"id": 1, "specialty": "DR", "version": 2, "status": "final", "body": "Imaging drew me in.",
         "check_dismissed": False},
        {"id": 2, "specialty": "IM", "version": 1, "status": "draft",
         "body": "I work well with radiologists.", "check_dismissed": False}])
    shown = with_statement_columns(frame, DUAL_IM)
    assert shown["words"].to_list() == [4, 5]
    assert shown["check"].to_list() == [None, "look"]


def test_statement_coverage_asks_for_each_specialty_applied_to():
    frame = frame_from_rows("statements", [
        {"id": 1, "specialty": "DR", "track": "Advanced", "version": 3, "status": "final"}])
    checks = by_name(statement_coverage(frame, facts(dual_apply=True, backup_specialty="FM",
                                                     target_ir=True)))
    assert checks["DR statement on file"].status == OK
    assert checks["DR statement on file"].reason == "Advanced v3 final"
    assert checks["IR/DR statement on file"].status == WARNING
    assert checks["FM statement on file"].status == PROBLEM
    assert [c.name for c in statement_coverage(frame, facts())] == ["DR statement on file"]


def exams(*scores):
    return frame_from_rows("practice_exams", [
        {"id": i, "exam": "NBME", "date": f"2026-0{i}-01", "score": s} for i, s in enumerate(scores, 1)])


def test_two_consecutive_near_target_scores_make_ready():
    ready = readiness(exams(226, 240, 243), SETTINGS, step1_failed=False)
    assert (ready.target, ready.near_from, ready.ready, ready.gap) == (245, 240, True, 2)
    assert "240 (NBME, 2026-02-01) and 243 (NBME, 2026-03-01)" in ready.reason
    assert ready.trend.startswith("+17 points over 3 exams")


def test_one_near_score_is_not_enough_and_order_is_by_date():
    frame = frame_from_rows("practice_exams", [
        {"id": 1, "exam": "UWSA2", "date": "2026-05-01", "score": 230},
        {"id": 2, "exam": "NBME", "date": "2026-04-01", "score": 244}])
    ready = readiness(frame, SETTINGS, step1_failed=False)
    assert not ready.ready and ready.latest == 230 and "not yet" in ready.reason
    shown = with_exam_columns(frame, ready)
    assert shown["score"].to_list() == [244, 230]
    assert shown["vs_target"].to_list() == [-1, -15]
    assert shown["near"].to_list() == [True, False]


def test_a_step1_fail_raises_the_target_and_settings_move_it():
    ready = readiness(exams(246, 247), SETTINGS, step1_failed=True)
    assert ready.target == 250 and ready.ready and "readiness.target_after_fail" in ready.target_reason
    strict = readiness(exams(246, 247), {**SETTINGS, "readiness.near_margin": 2}, step1_failed=True)
    assert not strict.ready


def test_readiness_checks_explain_gap_and_empty_log():
    empty = readiness(exams(), SETTINGS, step1_failed=False)
    checks = by_name(readiness_checks(empty, None))
    assert checks["Readiness"].status == WARNING and "no practice exams" in checks["Readiness"].reason
    assert checks["Gap to target"].reason == "no score yet"
    above = by_name(readiness_checks(readiness(exams(248, 250), SETTINGS, False), 251))
    assert above["Gap to target"].status == OK
    assert above["Gap to target"].reason.startswith("5 points above the target 245")
    assert above["Step 2 CK"].status == INFO


LETTER_CASES = [
    # (case, facts, letters, check name, status, words in the reason)
    ("a requested radiology letter is pending, not counted", {},
     [letter("Dr. A", "diagnostic radiologist", "Radiology", "DR", requested="2026-06-01")],
     "Radiology letter for DR", PROBLEM, "not received yet (pending): Dr. A"),
    ("an uploaded radiology letter counts", {},
     [letter("Dr. A", "diagnostic radiologist", "Radiology", "DR", uploaded="2026-08-02")],
     "Radiology letter for DR", OK, "1 radiology letter(s) received"),
    ("a research mentor who is not a radiologist is no radiology letter", {},
     [letter("Dr. M", "research mentor", "Epidemiology", "DR", **RECEIVED)],
     "Radiology letter for DR", PROBLEM, "none from a radiologist"),
    ("a radiology research mentor is a radiologist", {},
     [letter("Dr. M", "research mentor", "Radiology", "DR", **RECEIVED)],
     "Radiology letter for DR", OK, "Dr. M"),
    ("IR applicant with only an IR letter", {"target_ir": True},
     [letter("Dr. V", "IR attending", "Interventional Radiology", "IR/DR", **RECEIVED)],
     IR_CHECK, PROBLEM, "still needed: DR, core clinical letter(s)"),
    ("IR applicant: the IR letter still pending", {"target_ir": True},
     [letter("Dr. V", "IR attending", "Interventional Radiology", "IR/DR", requested="2026-06-01"),
      letter("Dr. R", "diagnostic radiologist", "Radiology", "IR/DR", **RECEIVED),
      letter("Dr. K", "core clinical", "Internal Medicine", "IR/DR", **RECEIVED)],
     IR_CHECK, PROBLEM, "still needed: IR letter(s)"),
    ("dual applicant: one backup letter received, one pending", {"dual_apply": True,
                                                                 "backup_specialty": "IM"},
     [letter("Dr. B", "core clinical", "Internal Medicine", "backup", **RECEIVED),
      letter("Dr. D", "core clinical", "Internal Medicine", "backup", requested="2026-07-01")],
     "Backup specialty letters", PROBLEM, "1 letter(s) from IM writers received"),
]


@pytest.mark.parametrize("case,changes,rows,check,status,words", LETTER_CASES,
                         ids=[c[0] for c in LETTER_CASES])
def test_letters_count_once_received(case, changes, rows, check, status, words):
    found = by_name(letter_checks(letters(*rows), facts(**changes), SETTINGS))[check]
    assert found.status == status and words in found.reason
