"""Match history from the real NRMP Florida file (2020-2026, one column pair per year)."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.history import save_history, year_records
from importers.read import read_table
from store import Store

NRMP_FILE = Path(__file__).resolve().parents[3] / "shared" / "data" / "nrmp_florida_2020_2026.csv"
CODES = ("2317420A0", "1481420A0", "1892140C0", "1102120C0", "2300999P0", "1383140P0",
         "1104040R0")

pytestmark = pytest.mark.skipif(not NRMP_FILE.is_file(), reason="the shared NRMP file is absent")


@pytest.fixture
def store_with_programs(new_store: Store) -> Store:
    for code in CODES:
        new_store.insert_row("programs", {"name": f"Program {code}", "program_code": code})
    return new_store


def history_of(store: Store, code: str) -> list[tuple[int, int, int]]:
    program = store.rows("programs", "program_code = ?", (code,))[0]["id"]
    return [(r["year"], r["quota"], r["matched"])
            for r in store.rows("match_history", "program_id = ?", (program,), order_by="year")]


def test_the_wide_layout_gives_every_year_of_every_program() -> None:
    records = year_records(read_table(NRMP_FILE))
    assert len({r.code for r in records}) == 953  # 954 rows, one code listed twice
    assert {r.year for r in records} == set(range(2020, 2027))
    # the code on two rows keeps both rows' years
    anesthesia = {r.year: (r.quota, r.matched) for r in records if r.code == "1104040R0"}
    assert anesthesia[2026] == (1, 1) and anesthesia[2020] == (1, 1) and anesthesia[2025] == (0, 0)


def test_programs_of_the_database_get_their_record_and_a_reimport_adds_nothing(
        store_with_programs: Store) -> None:
    records = year_records(read_table(NRMP_FILE))
    result = save_history(store_with_programs, records, NRMP_FILE.name)
    assert (result.programs, result.added, result.updated) == (7, 49, 0)
    assert len(result.unknown_codes) == 953 - 7
    # checked by hand against the file
    assert history_of(store_with_programs, "1481420A0") == [
        (2020, 4, 3), (2021, 4, 4), (2022, 4, 4), (2023, 5, 5), (2024, 5, 4), (2025, 5, 3),
        (2026, 4, 2)]
    again = save_history(store_with_programs, records, NRMP_FILE.name)
    assert (again.added, again.updated) == (0, 0)
    assert len(store_with_programs.rows("match_history")) == 49


def test_a_newer_file_in_the_long_layout_adds_its_year_and_corrects_one(
        store_with_programs: Store, tmp_path: Path) -> None:
    save_history(store_with_programs, year_records(read_table(NRMP_FILE)), NRMP_FILE.name)
    newer = tmp_path / "nrmp_2027.csv"
    newer.write_text("Program Code,Year,Quota,Matched\n2317420A0,2027,6,5\n2317420A0,2026,5,4\n",
                     encoding="utf-8")
    result = save_history(store_with_programs, year_records(read_table(newer)), newer.name)
    assert (result.added, result.updated) == (1, 1)
    assert history_of(store_with_programs, "2317420A0")[-2:] == [(2026, 5, 4), (2027, 6, 5)]


def test_the_import_is_one_undoable_step(store_with_programs: Store) -> None:
    save_history(store_with_programs, year_records(read_table(NRMP_FILE)), NRMP_FILE.name)
    store_with_programs.undo()
    assert store_with_programs.rows("match_history") == []
