"""Import end to end on the fixture files: preview counts, rejections, what the database holds."""

from __future__ import annotations

import threading
from collections import Counter
from pathlib import Path

import pytest

from importers.apply import ImportCancelled, ImportRefused, StalePlanError, apply_import
from importers.mapping import override
from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping
from test_import_read import make_workbook  # tests/ is on sys.path (rootdir conftest)

from importers.nrmp import parse_specialties
from registry.specialties import DEFAULT_MINE, MINE_KEY, SPECIALTIES

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def preview(store, path, sheet=None, specialties=None):
    table = open_table(path, sheet)
    return plan_import(store, table, suggest_mapping(store, table), specialties=specialties)


def programs(store) -> dict[str, dict]:
    return {row["name"]: row for row in store.rows("programs")}


def test_google_sheets_export(new_store):
    plan = preview(new_store, FIX / "google_sheets_title.csv")
    assert plan.counts == {"new": 4, "updated": 0, "unchanged": 0, "rejected": 0, "skipped": 0}
    result = apply_import(new_store, plan)
    assert result.new == 4
    got = programs(new_store)
    mercy = got["Mercy Regional Radiology"]
    assert (mercy["state"], mercy["specialty"], mercy["visa"]) == ("IL", "DR", "J-1+H-1B")
    assert (mercy["img_percent"], mercy["step2_min"], mercy["residents_per_year"]) == (35.0, 240, 4)
    assert mercy["personal_fit"] == 4
    lake = got["Lakeside University DR"]
    assert (lake["visa"], lake["img_percent"]) == ("J-1", 20.0)
    assert (lake["step2_min"], lake["personal_fit"]) == (245, 3)
    gulf = got["Gulf Coast Community Radiology"]
    assert (gulf["visa"], gulf["img_percent"], gulf["residents_per_year"]) == ("H-1B", None, 3)
    sunrise = got["Sunrise Transitional Year"]
    assert (sunrise["specialty"], sunrise["visa"], sunrise["step2_min"]) == ("TY", "none", None)
    assert sunrise["residents_per_year"] == 10
    # the liberties taken are listed with their line and column
    notes = {(n.line, n.column): n.note for n in plan.value_notes}
    assert "lower value 3" in notes[(6, "Residents per year")]
    assert "fraction" in notes[(5, "IMG %")]
    assert new_store.provenance(mercy["id"])["visa"].source == "import file"


def test_cp1252_file(new_store):
    apply_import(new_store, preview(new_store, FIX / "programs_cp1252.csv"))
    got = programs(new_store)
    assert set(got) == {"Hôpital São José Radiology", "Señora de Guadalupe Medical Center",
                        "Zürich Memorial Neurology"}
    assert got["Hôpital São José Radiology"]["notes"] == "Coordinator’s reply – visa case by case"
    assert got["Zürich Memorial Neurology"]["specialty"] == "Neurology"


def test_ten_percent_bad_values_refuse_the_whole_file(new_store):
    plan = preview(new_store, FIX / "ten_percent_bad.csv")
    assert plan.counts == {"new": 18, "updated": 0, "unchanged": 0, "rejected": 2, "skipped": 0}
    assert not plan.writable
    found = [(r.file, r.line, r.column, r.value) for r in plan.rejections]
    assert found == [("ten_percent_bad.csv", 7, "IMG %", "150%"),
                     ("ten_percent_bad.csv", 16, "Visa", "maybe"),
                     ("ten_percent_bad.csv", 16, "Personal fit", "excellent")]
    assert "IMG % must be a number from 0 to 100" in plan.rejections[0].reason
    assert "rating from 1 to 5" in plan.rejections[2].reason
    with pytest.raises(ImportRefused, match="nothing was written"):
        apply_import(new_store, plan)
    assert new_store.rows("programs") == []


def test_skip_rejected_imports_the_good_rows(new_store):
    plan = preview(new_store, FIX / "ten_percent_bad.csv")
    result = apply_import(new_store, plan, skip_rejected=True)
    assert (result.new, result.skipped_rejected) == (18, 2)
    got = programs(new_store)
    assert len(got) == 18 and "Program 06" not in got and "Program 15" not in got
    assert got["Program 07"]["img_percent"] == 14.0 and got["Program 07"]["step2_min"] == 227


def test_unknown_columns_are_kept_as_notes_and_reported(new_store):
    plan = preview(new_store, FIX / "unknown_columns.csv")
    assert plan.kept_columns == ["Favorite color", "Interview vibe", "SNHAF"]
    assert plan.ignored_columns == []
    assert any("Favorite color" in n and "Kept 3" in n for n in plan.notes)
    assert plan.cells["left out"] == 0 and plan.cells["kept"] > 0
    apply_import(new_store, plan)
    got = programs(new_store)
    assert all("Favorite color: " in row["notes"] for row in got.values())
    again = preview(new_store, FIX / "unknown_columns.csv")
    assert again.counts["unchanged"] == 2  # the note lines are there already
    assert got["Northwind Radiology"]["visa"] == "J-1"
    assert got["Harbor Internal Medicine"]["specialty"] == "IM"
    assert got["Harbor Internal Medicine"]["city"] == "Boston"


def seed_existing(store) -> dict[str, int]:
    ids = {}
    ids["miami"] = store.insert_row("programs", {
        "name": "U Miami Radiology", "city": "Miami", "specialty": "DR", "program_code": "1104420A0",
        "visa": "J-1", "notes": "my own note", "personal_fit": 5, "step2_min": 240})
    ids["lake_dr"] = store.insert_row("programs", {
        "name": "Lakeside University DR", "city": "Chicago", "specialty": "DR", "visa": "J-1",
        "notes": "loved the residents"})
    ids["lake_im"] = store.insert_row("programs", {
        "name": "Lakeside University IM", "city": "Chicago", "specialty": "IM", "personal_fit": 2})
    return ids


def test_update_of_existing_programs(new_store):
    ids = seed_existing(new_store)
    plan = preview(new_store, FIX / "update_existing.csv")
    assert plan.counts == {"new": 1, "updated": 2, "unchanged": 1, "rejected": 0, "skipped": 0}
    by_id = {row.program_id: row for row in plan.rows}
    assert by_id[ids["miami"]].changes == {"visa": ("J-1", "J-1+H-1B"), "step2_min": (240, 235),
                                           "img_percent": (None, 40.0),
                                           "track": (None, "Advanced")}  # from the program code
    assert by_id[ids["lake_dr"]].action == "unchanged"
    apply_import(new_store, plan)

    miami = new_store.get("programs", ids["miami"])
    assert (miami["visa"], miami["step2_min"], miami["img_percent"]) == ("J-1+H-1B", 235, 40.0)
    assert (miami["notes"], miami["personal_fit"]) == ("my own note", 5)  # empty cells keep edits
    assert new_store.provenance(ids["miami"])["visa"].source == "import file"
    assert "notes" not in new_store.provenance(ids["miami"])
    lake_im = new_store.get("programs", ids["lake_im"])
    assert (lake_im["visa"], lake_im["step2_min"], lake_im["personal_fit"]) == ("H-1B", 230, 2)
    assert new_store.get("programs", ids["lake_dr"])["notes"] == "loved the residents"
    new = programs(new_store)["Brand New Program"]
    assert (new["visa"], new["notes"], new["personal_fit"]) == ("none", "fresh", 3)
    assert new["status"] == "researching"
    assert len(new_store.rows("programs")) == 4

    # the whole import is one undo step
    new_store.undo()
    assert len(new_store.rows("programs")) == 3
    assert new_store.get("programs", ids["miami"])["visa"] == "J-1"


def test_same_name_in_two_cities_needs_a_city_column(new_store, tmp_path):
    new_store.insert_row("programs", {"name": "St. Mary Radiology", "city": "Reno", "specialty": "DR"})
    new_store.insert_row("programs", {"name": "St Mary Radiology", "city": "Tucson", "specialty": "DR"})
    path = tmp_path / "f.csv"
    path.write_text("Program,Visa\nst. mary radiology,J-1\n", encoding="utf-8")
    plan = preview(new_store, path)
    assert plan.counts["rejected"] == 1
    assert "matches 2 programs" in plan.rejections[0].reason
    path.write_text("Program,City,Visa\nst. mary radiology,TUCSON,J-1\n", encoding="utf-8")
    apply_import(new_store, preview(new_store, path))
    assert {r["city"]: r["visa"] for r in new_store.rows("programs")} == {"Reno": None, "Tucson": "J-1"}


def test_a_new_program_needs_a_name(new_store, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("City,Visa\nReno,J-1\n", encoding="utf-8")
    plan = preview(new_store, path)
    assert plan.counts["rejected"] == 1
    assert plan.rejections[0].line == 2 and "needs a name" in plan.rejections[0].reason


def test_rows_without_specialty_get_the_default_and_say_so(new_store, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("Program\nAlpha\n", encoding="utf-8")
    plan = preview(new_store, path)
    assert any("default" in n for n in plan.notes)
    apply_import(new_store, plan)
    assert new_store.rows("programs")[0]["specialty"] == "DR"


def test_excel_file_with_merged_header(new_store, tmp_path):
    plan = preview(new_store, make_workbook(tmp_path / "book.xlsx"))
    assert plan.counts["new"] == 3
    apply_import(new_store, plan)
    got = programs(new_store)
    assert got["Riverside Radiology"]["img_percent"] == 25.0  # a column of fractions
    assert got["Riverside Radiology"]["notes"] == "good call schedule"
    assert got["Valley Neurology"]["visa"] == "none"
    assert got["Hilltop IM"]["state"] == "CO"


def test_real_nrmp_file(new_store):
    plan = preview(new_store, FIX / "nrmp_florida_2020_2026.csv", specialties=DEFAULT_MINE)
    assert plan.counts == {"new": 267, "updated": 0, "unchanged": 0, "rejected": 0, "skipped": 687}
    assert plan.ignored_columns == []
    assert plan.kept_columns == ["Table", "SNHAF"]
    twins = [m.source for m in plan.mapping if m.method == "twin"]
    assert twins == ["Sponsoring Institution Cleaned", "City Cleaned", "Specialty Cleaned"]
    assert plan.cells["refused"] == 0
    apply_import(new_store, plan)
    rows = new_store.rows("programs")
    by_code = {r["program_code"]: r for r in rows}
    miami = by_code["1104420A0"]
    assert (miami["specialty"], miami["track"], miami["city"]) == ("DR", "Advanced", "Miami")
    assert miami["institution"] == "U Miami/Jackson Health System-FL"
    assert miami["residents_per_year"] == 9
    assert by_code["1101416A0"]["specialty"] == "IR/DR"
    prelim = by_code["2300140P0"]
    assert (prelim["specialty"], prelim["track"]) == ("Prelim Medicine", "Preliminary")
    assert by_code["1102440P1"]["specialty"] == "Prelim Surgery"
    assert by_code["1102440P1"]["name"] == "AdventHealth Florida – Surgery Prelim/Orlando"
    assert by_code["1102999P0"]["specialty"] == "TY"
    assert by_code["1102140M0"]["track"] == "Primary care"
    counts = Counter(r["specialty"] for r in rows)
    assert counts["DR"] == 21 and counts["TY"] == 39 and counts["IR/DR"] == 4
    assert "1102040A0" not in by_code  # anesthesiology: not among the specialties chosen
    # importing the same file again changes nothing
    again = preview(new_store, FIX / "nrmp_florida_2020_2026.csv", specialties=DEFAULT_MINE)
    assert again.counts["unchanged"] == 267 and again.counts["new"] == 0


def test_nrmp_rows_per_year_collapse_latest_year_wins(new_store):
    plan = preview(new_store, FIX / "nrmp_long.csv")
    assert plan.counts == {"new": 4, "updated": 0, "unchanged": 0, "rejected": 0, "skipped": 1}
    assert any("merged" in n and "latest year wins" in n for n in plan.notes)
    apply_import(new_store, plan)
    by_code = {r["program_code"]: r for r in new_store.rows("programs")}
    assert by_code["1234420A0"]["residents_per_year"] == 6  # 2026, though listed first
    assert by_code["1234140P0"]["residents_per_year"] == 9
    assert by_code["1234140P0"]["specialty"] == "Prelim Medicine"
    assert by_code["1234440P0"]["specialty"] == "Prelim Surgery"
    assert by_code["1234999P0"]["track"] == "Preliminary"
    assert "1234040A0" not in by_code


def big_file(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "big.csv"
    lines = ["Program,City,Specialty,Visa"] + [f"P{i},C{i},DR,J-1" for i in range(rows)]
    path.write_text("\n".join(lines), encoding="utf-8")
    return path


def test_progress_is_reported(new_store, tmp_path):
    plan = preview(new_store, big_file(tmp_path, 250))
    calls = []
    apply_import(new_store, plan, progress=lambda done, total: calls.append((done, total)))
    assert calls[0] == (0, 250) and calls[-1] == (250, 250)
    assert [d for d, _ in calls] == sorted(d for d, _ in calls)
    assert len(new_store.rows("programs")) == 250


def test_cancel_mid_import_leaves_the_database_unchanged(new_store, tmp_path):
    new_store.insert_row("programs", {"name": "Kept", "specialty": "DR"})
    plan = preview(new_store, big_file(tmp_path, 300))
    cancel = threading.Event()

    def progress(done, total):
        if done >= 100:
            cancel.set()

    with pytest.raises(ImportCancelled, match="nothing was written"):
        apply_import(new_store, plan, progress=progress, cancel=cancel)
    assert [r["name"] for r in new_store.rows("programs")] == ["Kept"]
    assert new_store.undo()[0].action == "insert"  # the last undo step is still the manual add


def test_a_plan_is_only_applied_to_what_it_previewed(new_store, tmp_path):
    plan = preview(new_store, big_file(tmp_path, 3))
    new_store.insert_row("programs", {"name": "Sneaked in", "specialty": "DR"})
    with pytest.raises(StalePlanError):
        apply_import(new_store, plan)
    assert len(new_store.rows("programs")) == 1


def test_manual_mapping_override(new_store, tmp_path):
    path = tmp_path / "f.csv"
    path.write_text("Program,Hospital,Remarks2\nAlpha,Big Hospital,call q4\n", encoding="utf-8")
    table = open_table(path)
    mapping = override(suggest_mapping(new_store, table), "call_schedule", "Remarks2")
    apply_import(new_store, plan_import(new_store, table, mapping))
    row = new_store.rows("programs")[0]
    assert (row["institution"], row["call_schedule"]) == ("Big Hospital", "call q4")


def test_nrmp_import_keeps_the_users_specialties_and_says_what_it_left_out(new_store):
    plan = preview(new_store, FIX / "nrmp_florida_2020_2026.csv")
    kept = {row.values["specialty"] for row in plan.rows}
    assert kept <= {"DR", "TY", "Prelim Medicine", "Prelim Surgery"} and "DR" in kept
    left_out = plan.left_out_specialties
    assert left_out["IM"] > 0 and "Anesthesiology" in left_out
    assert sum(left_out.values()) == plan.counts["skipped"]
    assert any(n.startswith(f"Left out {plan.counts['skipped']} row(s)") for n in plan.notes)
    result = apply_import(new_store, plan)
    assert f"left out {plan.counts['skipped']} row(s) of other specialties (" in str(result)
    new_store.set_value("profile", new_store.rows("profile")[0]["id"], "target_ir", True)
    with_ir = preview(new_store, FIX / "nrmp_florida_2020_2026.csv")
    assert with_ir.counts["new"] > 0 and "IR/DR" not in with_ir.left_out_specialties
    only_im = preview(new_store, FIX / "nrmp_florida_2020_2026.csv", specialties={"IM"})
    assert {row.values["specialty"] for row in only_im.rows if row.action == "new"} == {"IM"}


def test_an_added_specialty_is_imported_when_chosen_and_reported_as_left_out_when_not(new_store):
    florida = FIX / "nrmp_florida_2020_2026.csv"
    before = preview(new_store, florida)  # the default list has no psychiatry
    assert before.left_out_specialties["Psychiatry"] == 34
    assert "Psychiatry 34" in next(n for n in before.notes if "of other specialties" in n)
    assert not any(row.values["specialty"] == "Psychiatry" for row in before.rows)

    new_store.set_setting(MINE_KEY, ", ".join((*DEFAULT_MINE, "Psychiatry")))
    added = preview(new_store, florida)  # now one of the user's specialties: in by default
    assert "Psychiatry" not in added.left_out_specialties
    assert sum(row.values["specialty"] == "Psychiatry" for row in added.rows) == 34
    assert added.counts["new"] == before.counts["new"] + 34
    apply_import(new_store, added)
    by_code = {r["program_code"]: r for r in new_store.rows("programs")}
    assert (by_code["2300400C0"]["specialty"], by_code["2300400C0"]["track"]) == ("Psychiatry", "Categorical")
    assert by_code["2300400C0"]["residents_per_year"] == 6

    chosen = preview(new_store, florida, specialties={"DR"})  # chosen without it: left out again
    assert chosen.left_out_specialties["Psychiatry"] == 34


def test_specialties_are_chosen_by_code_name_or_nrmp_code():
    assert parse_specialties("dr, psychiatry, 040") == {"DR", "Psychiatry", "Anesthesiology"}
    assert parse_specialties("all") == set(SPECIALTIES)
    with pytest.raises(ValueError, match="not a specialty: cardiology"):
        parse_specialties("DR, cardiology")


def test_a_fellowship_whose_text_reads_like_a_residency_is_left_out(new_store):
    """Vascular surgery 450 in NRMP's Specialty table is the fellowship; 451 is the residency."""
    plan = preview(new_store, FIX / "nrmp_florida_2020_2026.csv", specialties=SPECIALTIES)
    vascular = sorted(row.values["program_code"] for row in plan.rows
                      if row.values["specialty"] == "Vascular Surgery")
    assert vascular == ["1104451C0", "1109451C0"]
