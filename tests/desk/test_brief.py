"""desk.brief: the one-page interview brief, from a scored program of the sample."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import polars as pl
import pytest

from scoring import score_all, why
from store import Store
from desk.brief import brief_filename, interview_brief, one_line
from importers.frames import read_frames

TODAY = dt.date(2026, 11, 26)
SAMPLE_DB = Path(__file__).resolve().parents[2] / "sample.db"


@pytest.fixture(scope="module")
def scored(tmp_path_factory):
    path = tmp_path_factory.mktemp("brief") / "sample.db"
    shutil.copyfile(SAMPLE_DB, path)
    with Store.open(path) as store:
        frames, settings = read_frames(store)[0], store.settings()
    return score_all(frames, settings, today=TODAY)


def program(scored, program_id):
    return scored.programs.filter(pl.col("id") == program_id).row(0, named=True)


def contacts(scored, program_id):
    return scored.frames["contacts"].filter(pl.col("program_id") == program_id).rows(named=True)


def sections(markdown: str) -> list[str]:
    return [line[3:] for line in markdown.splitlines() if line.startswith("## ")]


def test_brief_has_every_section_with_the_program_data(scored):
    row = program(scored, 2)
    text = interview_brief(row, why(scored, 2), contacts(scored, 2), TODAY)
    assert text.startswith(f"# {row['name']}\n")
    assert sections(text) == ["Key facts", "Scores", "Why this program", "Contacts met", "Notes"]
    assert f"- **Visa:** {row['visa']}" in text
    assert row["why_program"] in text
    assert "Interview brief, 2026-11-26" in text
    assert "**Dr. Lukas Brandt** (faculty, in person, 2026-09-20)" in text


def test_scores_carry_their_why_sentences(scored):
    row = program(scored, 2)
    sentences = why(scored, 2)
    text = interview_brief(row, sentences, [], TODAY)
    assert f"- **Tier:** {row['tier']} — {sentences['tier']}" in text
    assert f"- **Fit:** {row['fit']:.1f} — " in text


def test_missing_parts_say_so_and_unknown_key_facts_become_questions(scored):
    row = {**program(scored, 5), "why_program": None, "visa": None, "notes": None,
           "culture_notes": None, "call_schedule": None, "location_notes": None}
    text = interview_brief(row, {}, [], TODAY)
    assert "_Not written yet._" in text and "_No contacts logged._" in text and "_No notes._" in text
    unknown = next(line for line in text.splitlines() if line.startswith("- **Still unknown (ask):**"))
    assert "Visa" in unknown


def test_long_notes_are_cut_to_keep_one_page():
    assert one_line("a\nb  c") == "a b c"
    cut = one_line("word " * 400)
    assert len(cut) <= 600 and cut.endswith("…")


def test_filename_is_a_safe_slug():
    assert brief_filename({"id": 7, "name": "St. Mary's / IR-DR (2027)"}) == "brief-st-mary-s-ir-dr-2027.md"
    assert brief_filename({"id": 7, "name": "???"}) == "brief-7.md"


def test_a_served_app_saves_briefs_only_inside_its_folder(tmp_path, tmp_path_factory, monkeypatch):
    from desk.brief import save_brief
    from importers.files import FILES_FOLDER_ENV, FileRefused

    monkeypatch.setenv(FILES_FOLDER_ENV, str(tmp_path))
    outside = tmp_path_factory.mktemp("elsewhere") / "brief.md"
    with pytest.raises(FileRefused, match="outside"):
        save_brief(outside, "# A brief")
    assert not outside.exists()
    save_brief(tmp_path / "brief.md", "# A brief")
    assert (tmp_path / "brief.md").read_text(encoding="utf-8") == "# A brief"
