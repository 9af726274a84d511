"""A sheet laid out as the guides tell applicants to keep it imports with no manual step."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from importers.apply import apply_import
from importers.mapping import propose_mapping
from importers.nrmp import YEAR_COLUMN_RE
from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"
GUIDE = sorted(Path("/work/shared/seeds").glob("000_*.txt"))

# The field each heading of the guide's research list and post-interview list feeds, by the
# heading's first words (the guide's wording follows in its own file).
EXPECTED = {
    "program name": "name", "state / city": "city", "program type": "program_type",
    "number of residents per year": "residents_per_year", "visa sponsorship": "visa",
    "img presence": "img_presence", "step 2 ck minimum": "step2_min",
    "usmle fail policy": "fail_policy", "number of imgs in current residents": "current_imgs",
    "research opportunities": "research", "fellowship pipeline": "fellowship_pipeline",
    "call schedule / workload notes": "call_schedule", "location pros/cons": "location_notes",
    "culture notes": "culture_notes", "personal fit": "personal_fit",
    "overall priority": "priority",
    "program culture": "interviews.culture", "resident happiness": "interviews.happiness",
    "educational quality": "interviews.education", "img support": "interviews.img_support",
    "location suitability": "interviews.location",
    "specific positive experiences": "interviews.positives",
    "any red flags": "interviews.red_flags_noticed",
}
VARIANTS = {
    "State/City": "city", "City, State": "city", "City, ST": "city", "ST - City": "city",
    "Residents per year": "residents_per_year", "# of residents": "residents_per_year",
    "No. of IMGs in current residents": "current_imgs", "IMG presence (Y/N; %)": "img_presence",
    "Research (Y/N; strength)": "research", "Personal fit (1-5)": "personal_fit",
    "Priority (H/M/L)": "priority", "Overall priority": "priority",
    "Program Culture": "interviews.culture", "Resident happiness/burnout": "interviews.happiness",
    "Educational quality": "interviews.education", "IMG support": "interviews.img_support",
    "Red flags": "interviews.red_flags_noticed", "Positives": "interviews.positives",
    "Sponsoring Institution": "institution", "Program Code": "program_code",
    "Specialty": "specialty", "City": "city", "Quota": "residents_per_year",
}


def expected_field(heading: str) -> str:
    folded = heading.lower().replace("\u2011", "-")
    for start, name in EXPECTED.items():
        if folded.startswith(start):
            return name
    raise AssertionError(f"the test does not know the heading {heading!r}")


def guide_headings() -> list[str]:
    """The bullets under the guide's spreadsheet list and its post-interview Rate/Note lists."""
    text = GUIDE[0].read_text(encoding="utf-8")
    out = []
    for section, stop in (("Create a Program Research Spreadsheet", "This quantifies"),
                          ("Update Your Spreadsheet with Interview Impressions", "B. Adjust")):
        body = text.split(section, 1)[1].split(stop, 1)[0]
        out += [m.group(1).strip() for m in re.finditer(r"^- (.+)$", body, re.M)]
    return out


@pytest.mark.skipif(not GUIDE, reason="the guides are not on this machine")
def test_every_heading_of_the_guide_maps_with_no_manual_step():
    headings = guide_headings()
    assert len(headings) == 16 + 7
    mapping = propose_mapping(headings)
    assert {m.source: m.field for m in mapping} == {h: expected_field(h) for h in headings}
    for heading in headings:  # alone as well as among the others
        assert propose_mapping([heading])[0].field == expected_field(heading)


def test_the_guide_shaped_fixture_maps_every_column():
    table = open_table(FIX / "guide_research_sheet.csv")
    mapping = propose_mapping(table.headers, table.samples())
    assert {m.source: m.field for m in mapping} == {h: expected_field(h) for h in table.headers}


@pytest.mark.parametrize("heading, field", VARIANTS.items())
def test_common_variants_of_the_headings(heading, field):
    assert propose_mapping([heading])[0].field == field


def test_nrmp_result_file_columns_are_all_accounted_for():
    table = open_table(FIX / "nrmp_florida_2020_2026.csv")
    mapping = {m.source: m for m in suggest_mapping(None, table)}
    for header in ("Sponsoring Institution", "City", "Specialty", "Program Code", "Quota"):
        assert mapping[header].field == VARIANTS[header]
    assert all(mapping[h].method == "consumed" for h in table.headers if YEAR_COLUMN_RE.match(h))
def test_interview_impressions_land_in_the_interviews_table(new_store):
    table = open_table(FIX / "guide_research_sheet.csv")
    plan = plan_import(new_store, table, suggest_mapping(new_store, table))
    apply_import(new_store, plan)
    ids = {r["name"]: r["id"] for r in new_store.rows("programs")}
    interviews = {r["program_id"]: r for r in new_store.rows("interviews")}
    assert set(interviews) == {ids["Gulf Coast University Radiology"], ids["Lakeshore Medical Center"]}
    lake = interviews[ids["Lakeshore Medical Center"]]
    assert (lake["happiness"], lake["education"], lake["img_support"], lake["location"]) == (3, 4, 5, 2)
    assert lake["positives"] == "great teaching"
    assert lake["red_flags_noticed"] == "residents hesitant to talk about call"
    # importing again changes nothing; an edited impression updates the same interview
    again = plan_import(new_store, table, suggest_mapping(new_store, table))
    assert again.counts["unchanged"] == 4


def test_a_guide_shaped_sheet_previews_nothing_refused_or_left_out(new_store):
    table = open_table(FIX / "guide_research_sheet.csv")
    plan = plan_import(new_store, table, suggest_mapping(new_store, table))
    filled = sum(1 for row in table.rows for cell in row if cell.strip())
    assert plan.cells == {"read": filled, "kept": 0, "refused": 0, "left out": 0}


def test_the_field_chooser_offers_keep_leave_out_and_the_closest_fields_first():
    from tui.screens.import_choosers import IGNORE, KEEP_CHOICE, FieldChooser

    table = open_table(FIX / "unknown_columns.csv")
    chooser = FieldChooser("Interview vibe", propose_mapping(table.headers))
    ids = [option.id for option in chooser.options("")]
    assert ids[:2] == [KEEP_CHOICE, IGNORE]
    assert ids[2].startswith("interviews.")  # the closest reading of "Interview vibe"
