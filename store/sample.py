"""Build the bundled sample database: fictional programs and a fictional applicant.

    python -m store.sample [PATH]      (default: sample.db at the repository root)

The build is deterministic: no randomness and no clock. Every value goes through the Store
API, so the registry validates it exactly as it validates a user's edit. Dates are set around
SAMPLE_TODAY (late in the interview season), so the sample shows past and future follow-ups.
The shipped file carries no undo history and is a single file (journal_mode DELETE); the app
turns WAL back on when it opens a copy.

Every institution, person and address is invented (the programs in store/sample_programs.py);
web addresses use the reserved `.example` domain.
"""

from __future__ import annotations

import argparse
import os
import sqlite3
import sys
from pathlib import Path

from store.sample_programs import DR, FM, IM, PROGRAMS, program_row, provenance
from store.store import Store

SAMPLE_TODAY = "2026-11-26"
DEFAULT_PATH = Path(__file__).resolve().parent.parent / "sample.db"


PROFILE = {
    "name": "Sample Applicant",
    "citizenship": "non-US citizen",
    "visa_need": "J-1",
    "step1_result": "pass",
    "step1_attempts": 1,
    "step1_date": "2020-09-18",
    "step2_score": 241,
    "step2_attempts": 1,
    "step2_date": "2026-06-06",
    "step3_status": "not planned",
    "failed_attempt": False,
    "school_country": "India",
    "school_name": "Riverbend Medical College",
    "graduation_year": 2022,
    "radiology_publications": 2,
    "posters": 3,
    "qi_projects": 1,
    "other_publications": 1,
    "english_test": "IELTS Academic 8.0 (2024)",
    "communication_notes": "Medical school taught in English; presented posters at two meetings.",
    "target_ir": False,
    "dual_apply": True,
    "backup_specialty": "IM",
}

USCE = (
    {"type": "observership", "specialty": "Radiology", "institution": "Lakeshore University Health",
     "months": 2, "radiology": True, "start_date": "2025-09-01"},
    {"type": "externship", "specialty": "Internal Medicine",
     "institution": "Hudson Gate Medical Center", "months": 3, "radiology": False,
     "start_date": "2025-11-03"},
    {"type": "elective", "specialty": "Internal Medicine",
     "institution": "Cedar Hollow University Hospital", "months": 1, "radiology": False,
     "start_date": "2021-07-05"},
)

PRIORITIES = {  # feature -> (importance, preference)
    "J-1/H-1B sponsorship": ("must", None),
    "IMG representation": ("must", None),
    "region": ("nice", "Midwest,South"),
    "level 1 trauma center": ("nice", None),
    "collegial culture": ("nice", None),
    "history with IMGs": ("nice", None),
    "subspecialty interest": ("nice", "neuro,MSK"),
    "cost of living": ("nice", None),
}

RED_FLAGS = (
    {"type": "gap over 3-6 months", "start_date": "2022-09-01", "end_date": "2023-06-30",
     "explanation": "After graduating I spent ten months caring for my father during his cancer "
                    "treatment. I kept up with medicine through weekly teleradiology case reviews "
                    "and an online research course, and returned to full-time work once he was in "
                    "remission. The research that followed led to both of my radiology "
                    "publications.",
     "mentor_reviewed": True},
    {"type": "limited radiology exposure", "start_date": None, "end_date": None,
     "explanation": "My US radiology experience is a two-month observership. I added depth with "
                    "two radiology research projects and by shadowing the reading room during my "
                    "medicine externship, and my radiology letter comes from the observership "
                    "supervisor.",
     "mentor_reviewed": False},
)

# (person, role, program key or None, channel, date, questions, notes, follow-up, done)
CONTACTS = (
    ("Dr. Amara Okafor", "IMG resident", ("lakemont", DR), "social DM", "2026-07-14",
     "Is the J-1 sponsored every year? How many IMGs matched in the last two classes? "
     "Is there protected research time?",
     "J-1 every year through ECFMG; three IMGs in each of the last two classes; "
     "a research half-day every other week.", "2026-08-01", True),
    ("Residency coordinator (Ms. Ferrante)", "coordinator", ("silverpine", DR), "email",
     "2026-10-02",
     "Do you sponsor J-1 or H-1B visas? Is there a Step 2 CK minimum? "
     "Do you consider graduates from 2022?", "Automatic reply only; resend to the PD.",
     "2026-11-10", False),
    ("Residency coordinator", "coordinator", ("pinecrest", DR), "email", "2026-11-18",
     "Do you sponsor J-1 visas? Is there a limit on years since graduation? "
     "Do you require US clinical experience?", None, "2026-12-02", False),
    ("Mr. Daniel Hsu (coordinator)", "coordinator", ("tidewater", DR), "email", "2026-11-12",
     "Do you sponsor J-1 visas? How many current residents are IMGs? Is there a Step 2 CK minimum?",
     "Replied: J-1 'case by case'; asked for my CV. Sent it.", "2026-11-24", False),
    ("Residency coordinator", "coordinator", ("evergreen", IM), "email", "2026-09-12",
     "Do you sponsor J-1 or H-1B visas? Do you accept graduates from 2022?",
     "J-1 only, no H-1B; graduates within 5 years. They will update the website.", None, True),
    ("Dr. Lukas Brandt", "faculty", ("cedar", DR), "in person", "2026-09-20",
     "How do residents get involved in neuroradiology research? Do DR residents rotate in IR? "
     "How are visas handled?",
     "Met at the regional radiology meeting. Neuro projects open to PGY-2s; IR elective "
     "from PGY-3; GME office handles J-1 and H-1B.", "2026-12-05", False),
    ("Dr. Helen Marsh", "mentor", None, "call", "2026-06-05",
     "Is a DR-only application defensible with 241? How many IM programs as backup? "
     "When should I build the PGY-1 list?",
     "Dual apply: about 80 DR and 90 IM; apply to TY/prelim programs at the same institutions.",
     "2026-12-15", False),
    ("Dr. Rafael Gomes", "alum", ("magnolia", DR), "social DM", "2026-08-22",
     "How supportive is the program of IMGs? How did the J-1 process go? What is call like?",
     "Very supportive; J-1 paperwork smooth; PGY-2 call is heavy but well supervised.", None,
     False),
    ("Dr. Irina Volkova", "current resident", ("greatlakes", DR), "call", "2026-10-28",
     "Will the new program director keep sponsoring J-1 visas? How many IMGs in each class? "
     "How is the case volume?", "Not sure about the visa after the PD leaves; case volume good.",
     "2026-11-20", False),
    ("Dr. Chinedu Obi", "IMG resident", ("brightwater", IM), "social DM", "2026-09-30",
     "Do IMG residents get fellowship interviews? How is the 4+1 schedule in practice? "
     "Can IM residents do radiology research?",
     "Yes to all; two IMG graduates matched cardiology last year.", None, False),
    ("Residency coordinator", "coordinator", ("highdesert", FM), "email", "2026-11-05",
     "Do you sponsor J-1 visas? Is there a Step 2 CK minimum?", None, "2026-11-19", False),
    ("Residency coordinator", "coordinator", ("capitol", "Prelim Surgery"), "email", "2026-11-12",
     "Do preliminary surgery residents get J-1 sponsorship? Is there a Step 2 CK minimum?",
     None, "2026-12-01", False),
    ("Dr. Meera Pillai", "current resident", ("prairie", DR), "call", "2026-11-21",
     "What do residents wish they had known before starting? How is the call schedule? "
     "How does the program support J-1 residents?",
     "Book a call before the interview; program likes specific questions about the curriculum.",
     "2026-12-03", False),
)

# (program key, date, format, culture, happiness, education, img_support, location, gut,
#  red flag count, positives, red flags noticed)
INTERVIEWS = (
    (("cedar", DR), "2026-10-21", "virtual", 5, 4, 5, 4, 3, 5, 0,
     "Excellent neuro and body teaching; PD answered the visa question directly.", None),
    (("lakemont", DR), "2026-10-28", "in person", 5, 5, 4, 5, 4, 5, 0,
     "Happy residents; three IMGs per class; J-1 sponsored every year.", None),
    (("lakemont", "TY"), "2026-10-29", "in person", 4, 5, 3, 4, 4, 4, 0,
     "Radiology elective in PGY-1; same hospital as the DR program.", None),
    (("brightwater", DR), "2026-11-04", "virtual", 4, 3, 4, 4, 4, 4, 1,
     "High volume; good procedures exposure.",
     "Two residents mentioned frequent 28-hour calls in PGY-2."),
    (("brightwater", IM), "2026-11-05", "virtual", 4, 4, 4, 5, 4, 4, 0,
     "Supportive chiefs; many IMG residents; fellowship matches strong.", None),
    (("brightwater", "Prelim Medicine"), "2026-11-06", "virtual", 3, 3, 4, 4, 4, 3, 1,
     "Solid ward teaching.", "Heavy ward months with few electives."),
    (("magnolia", DR), "2026-11-12", "virtual", 4, 4, 3, 5, 4, 4, 0,
     "Supportive culture; long record with IMG residents.", None),
    (("greatlakes", DR), "2026-11-18", "virtual", 3, 3, 3, 2, 3, 2, 2,
     "Good case volume.",
     "Program director leaving in June; nobody sure the J-1 will still be sponsored."),
)

PRIMARY_LIST = (("cedar", DR), ("lakemont", DR), ("brightwater", DR), ("magnolia", DR),
                ("brightwater", IM), ("greatlakes", DR))
SUPPLEMENTAL_LIST = (("lakemont", "TY"), ("brightwater", "Prelim Medicine"))

LETTERS = (
    {"writer": "Dr. Naomi Castellanos", "role": "diagnostic radiologist",
     "writer_specialty": "Radiology", "us_based": True, "requested": "2026-06-20",
     "received": "2026-08-10", "uploaded": "2026-08-12", "assigned_to": "DR"},
    {"writer": "Dr. Samuel Whitfield", "role": "core clinical",
     "writer_specialty": "Internal Medicine", "us_based": True, "requested": "2026-06-25",
     "received": "2026-08-28", "uploaded": "2026-08-30", "assigned_to": "DR,backup"},
    {"writer": "Dr. Priya Raman", "role": "research mentor", "writer_specialty": "Radiology",
     "us_based": False, "requested": "2026-07-01", "received": "2026-09-05",
     "uploaded": "2026-09-06", "assigned_to": "DR"},
    {"writer": "Dr. Thomas Adeyemi", "role": "core clinical", "writer_specialty": "Internal Medicine",
     "us_based": True, "requested": "2026-07-10", "received": None, "uploaded": None,
     "assigned_to": "backup"},
)

STATEMENTS = (
    {"specialty": "DR", "track": "Advanced", "version": 3, "status": "mentor-reviewed",
     "body": "The first time I saw a CT angiogram change a treatment plan in minutes, I was a "
             "medical student on a night shift. Radiology has held my attention ever since: it "
             "sits at the centre of almost every decision the rest of the hospital makes.\n\n"
             "After graduating I spent ten months caring for my father during his treatment. I "
             "kept learning through weekly case reviews, and the research that followed became "
             "two radiology publications on emergency CT use.\n\n"
             "My observership in a busy academic reading room showed me how radiologists teach, "
             "consult and protect patients from unnecessary imaging. I am looking for a program "
             "with strong clinical volume, generous teaching and room for research, where I can "
             "grow into a radiologist that referring physicians seek out."},
    {"specialty": "IM", "track": "Categorical", "version": 1, "status": "draft",
     "body": "Internal medicine taught me to think about the whole patient. During my US "
             "externship I followed patients from admission to discharge and learned how much a "
             "clear plan and an honest conversation matter. [Draft: add the externship case and "
             "what I want from an IM program.]"},
)

PRACTICE_EXAMS = (("NBME", "2026-02-14", 226), ("NBME", "2026-03-14", 231),
                  ("UWSA1", "2026-04-04", 236), ("NBME", "2026-04-25", 240),
                  ("UWSA2", "2026-05-16", 243))


HISTORY_SOURCE = "fictional sample figures, not NRMP data"
HISTORY_YEARS = range(2020, 2027)


def match_history(program_id: int, index: int, quota: int | None) -> list[dict]:
    """A made-up Match record per program, varied by its place in the list: every fifth
    program is new (first positions 2025), every fourth left positions unfilled, every third
    grew by one position in 2024."""
    if not quota:
        return []
    rows = []
    for year in HISTORY_YEARS:
        offered = 0 if index % 5 == 0 and year < 2025 else max(quota - (index % 3 == 0 and year < 2024), 1)
        unfilled = 1 if index % 4 == 0 and year in (2022, 2024) and offered else 0
        rows.append({"program_id": program_id, "year": year, "quota": offered,
                     "matched": offered - unfilled, "source": HISTORY_SOURCE,
                     "source_date": SAMPLE_TODAY})
    return rows


def build(path: str | Path) -> Path:
    """Write the sample database to `path`, replacing any file there. Returns the path."""
    path = Path(path)
    temp = path.with_name(f".{path.name}.building")
    for leftover in (temp, Path(f"{temp}-wal"), Path(f"{temp}-shm"), Path(f"{temp}-journal")):
        leftover.unlink(missing_ok=True)
    store = Store.open(temp)
    try:
        with store.batch("build sample"):
            _fill(store)
        conn = store.conn
        conn.execute("DELETE FROM change_log")  # the shipped file has no undo history
        conn.execute("VACUUM")
        conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        mode = conn.execute("PRAGMA journal_mode = DELETE").fetchone()[0]
        if mode != "delete":
            raise RuntimeError(f"could not leave WAL mode (journal_mode is {mode})")
    finally:
        store.close()
    for sidecar in ("-wal", "-shm", "-journal"):
        Path(f"{path}{sidecar}").unlink(missing_ok=True)
    os.replace(temp, path)
    return path


def _fill(store: Store) -> None:
    ids: dict[tuple[str, str], int] = {}
    for index, p in enumerate(PROGRAMS):
        key = (p.inst, p.specialty)
        if key in ids:
            raise ValueError(f"duplicate sample program {key}")
        ids[key] = store.insert_row("programs", program_row(p, index))
        for field, source, noted_at in provenance(p, index):
            store.set_provenance(ids[key], field, source, noted_at)
        store.insert_rows("match_history", match_history(ids[key], index,
                                                         program_row(p, index)["residents_per_year"]))

    profile_id = store.rows("profile")[0]["id"]
    for field, value in PROFILE.items():
        store.set_value("profile", profile_id, field, value)
    for row in USCE:
        store.insert_row("usce", row)
    by_feature = {row["feature"]: row["id"] for row in store.rows("priorities")}
    for feature, (importance, preference) in PRIORITIES.items():
        store.set_value("priorities", by_feature[feature], "importance", importance)
        if preference is not None:
            store.set_value("priorities", by_feature[feature], "preference", preference)
    for row in RED_FLAGS:
        store.insert_row("red_flags", row)
    for person, role, program, channel, date, questions, notes, follow_up, done in CONTACTS:
        store.insert_row("contacts", {
            "person": person, "role": role, "program_id": ids[program] if program else None,
            "channel": channel, "date": date, "questions": questions, "notes": notes,
            "follow_up": follow_up, "follow_up_done": done})
    for (program, date, fmt, culture, happiness, education, img_support, location, gut, flags,
         positives, noticed) in INTERVIEWS:
        store.insert_row("interviews", {
            "program_id": ids[program], "date": date, "format": fmt, "culture": culture,
            "happiness": happiness, "education": education, "img_support": img_support,
            "location": location, "gut_rank": gut, "red_flag_count": flags,
            "positives": positives, "red_flags_noticed": noticed})

    primary = next(r["id"] for r in store.rows("rank_lists") if r["kind"] == "primary")
    for position, program in enumerate(PRIMARY_LIST, start=1):
        store.insert_row("rank_entries", {"list_id": primary, "program_id": ids[program],
                                          "position": position})
    advanced = [ids[p] for p in PRIMARY_LIST if p[1] == DR]
    supplemental = store.insert_row("rank_lists", {
        "kind": "supplemental", "name": "Supplemental PGY-1 list",
        "advanced_program_ids": ",".join(str(i) for i in advanced)})
    for position, program in enumerate(SUPPLEMENTAL_LIST, start=1):
        store.insert_row("rank_entries", {"list_id": supplemental, "program_id": ids[program],
                                          "position": position})

    for row in LETTERS:
        store.insert_row("letters", row)
    for row in STATEMENTS:
        store.insert_row("statements", row)
    for exam, date, score in PRACTICE_EXAMS:
        store.insert_row("practice_exams", {"exam": exam, "date": date, "score": score})
    # Timeline: everything due before the interview season is done.
    for row in store.rows("timeline"):
        if row["months_before_match"] is not None and row["months_before_match"] > 4:
            store.set_value("timeline", row["id"], "done", True)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m store.sample", description=__doc__.split("\n")[0])
    parser.add_argument("path", nargs="?", default=str(DEFAULT_PATH),
                        help=f"where to write the sample (default: {DEFAULT_PATH})")
    args = parser.parse_args(argv)
    try:
        out = build(args.path)
    except (OSError, sqlite3.Error) as error:
        print(f"could not build the sample: {error}", file=sys.stderr)
        return 1
    print(f"wrote {out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
