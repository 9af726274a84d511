"""An import keeps the provenance of the programs it adds as one range row per field (schema
version 3), read exactly as the row per cell it replaces: through undo, redo and later edits,
and beside the per-cell rows an older file holds."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from db_tables import load_fixture  # tests/ is on sys.path (rootdir conftest)

from store import bulk
from store.bulk import bulk_write
from store.schema import SCHEMA_VERSION, reconcile
from store.store import Provenance, Store

TODAY = dt.date.today().isoformat()
FIELDS = ["name", "step2_min", "notes", "research", "visa"]  # the file's columns; visa all empty
# Row i fills step2_min unless i % 3 == 0 and notes when i % 4 == 0; research only from row 30,
# so the first chunks of 15 do not name it at all.
ROWS = [{k: v for k, v in {"name": f"P{i}", "step2_min": 230 + i if i % 3 else None,
                           "notes": "n" if i % 4 == 0 else None,
                           "research": "some" if i >= 30 else None}.items() if v is not None}
        for i in range(40)]


def import_rows(store: Store, rows: list[dict] = ROWS, chunk: int = 15) -> list[int]:
    with bulk_write(store, "import x") as writer:
        ids: list[int] = []
        for start in range(0, len(rows), chunk):  # as importers/apply.py writes: chunk by chunk
            ids += writer.insert("programs", rows[start:start + chunk])
        writer.provenance("import file", ids, FIELDS, [])
    return ids


def per_cell(rows: list[dict], ids: list[int]) -> dict[int, dict[str, Provenance]]:
    """What the row per cell said: every named field a new program's row filled."""
    return {pid: {f: Provenance("import file", TODAY) for f in FIELDS if row.get(f) is not None}
            for pid, row in zip(ids, rows, strict=True)}


def every_provenance(store: Store) -> dict[int, dict[str, Provenance]]:
    return {pid: store.provenance(pid) for (pid,) in store.conn.execute("SELECT id FROM programs")}


def count(store: Store, table: str) -> int:
    return store.conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]


def test_an_import_keeps_its_new_programs_provenance_as_a_range_per_field(new_store: Store):
    ids = import_rows(new_store)
    assert every_provenance(new_store) == per_cell(ROWS, ids)
    assert count(new_store, "provenance") == 0
    ranges = new_store.conn.execute("SELECT first_id, last_id, field, filled FROM provenance_ranges "
                                    "ORDER BY id").fetchall()
    assert [r[:3] for r in ranges] == [(ids[0], ids[-1], f) for f in FIELDS if f != "visa"]
    assert ranges[0][3] is None  # every name filled
    assert ranges[3][3] == "0" * 30 + "1" * 10
    # A cell the file left empty, typed later without a source, is not the file's.
    assert ROWS[0].get("step2_min") is None
    new_store.set_value("programs", ids[0], "step2_min", 240)
    assert "step2_min" not in new_store.provenance(ids[0])


def test_a_large_import_keeps_a_range_row_per_span_of_programs(new_store: Store, monkeypatch):
    """A row per field and RANGE_SPAN programs, so a read looks at a bounded number of marks."""
    monkeypatch.setattr(bulk, "RANGE_SPAN", 16)
    ids = import_rows(new_store)
    assert every_provenance(new_store) == per_cell(ROWS, ids)
    spans = new_store.conn.execute("SELECT field, first_id - ?, last_id - ?, filled FROM provenance_ranges "
                                   "ORDER BY field, first_id", (ids[0], ids[0])).fetchall()
    assert [s for s in spans if s[0] == "research"] == [("research", 16, 31, "0" * 14 + "11"),
                                                        ("research", 32, 39, None)]
    assert [s[1:3] for s in spans if s[0] == "name"] == [(0, 15), (16, 31), (32, 39)]
    for _ in range(9):  # the last span, then part of the one before
        new_store.delete_row("programs", new_store.conn.execute("SELECT max(id) FROM programs").fetchone()[0])
    added = new_store.insert_row("programs", {"name": "Typed"})
    assert added == ids[31] and new_store.provenance(added) == {}
    assert every_provenance(new_store) == {**per_cell(ROWS[:31], ids[:31]), added: {}}


def test_undo_of_an_import_removes_its_ranges_and_redo_restores_them(new_store: Store):
    mine = new_store.insert_row("programs", {"name": "Mine"})
    new_store.set_provenance(mine, "name", "program website", "2026-03-01")
    before = every_provenance(new_store)
    ids = import_rows(new_store)
    after = every_provenance(new_store)
    ranges = new_store.conn.execute("SELECT * FROM provenance_ranges ORDER BY id").fetchall()
    new_store.undo()
    assert count(new_store, "provenance_ranges") == 0
    assert every_provenance(new_store) == before
    assert all(new_store.provenance(pid) == {} for pid in ids)
    new_store.redo()
    assert new_store.conn.execute("SELECT * FROM provenance_ranges ORDER BY id").fetchall() == ranges
    assert every_provenance(new_store) == after == {**before, **per_cell(ROWS, ids)}


def test_an_edit_after_the_import_wins_over_its_range(new_store: Store):
    ids = import_rows(new_store)
    new_store.set_provenance(ids[1], "step2_min", "coordinator email", "2026-10-15")
    new_store.set_value("programs", ids[2], "name", "Renamed", source="program website")
    assert new_store.provenance(ids[1])["step2_min"] == Provenance("coordinator email", "2026-10-15")
    assert new_store.provenance(ids[2])["name"] == Provenance("program website", TODAY)
    assert new_store.provenance(ids[3]) == per_cell(ROWS, ids)[ids[3]]  # its neighbours keep the file
    assert count(new_store, "provenance") == 2 and count(new_store, "provenance_ranges") == 4
    new_store.undo()
    new_store.undo()
    assert every_provenance(new_store) == per_cell(ROWS, ids)


def test_a_new_program_taking_a_deleted_programs_id_is_not_in_its_range(new_store: Store):
    """The next program takes the id one past the largest, so deleting an import's last
    programs ends its ranges before their ids (undone with the delete)."""
    ids = import_rows(new_store)
    new_store.delete_row("programs", ids[5])  # inside: that id is never given again
    new_store.delete_row("programs", ids[-1])
    new_store.delete_row("programs", ids[-2])
    typed = new_store.insert_row("programs", {"name": "Typed"})
    [added] = new_store.insert_rows("programs", [{"name": "Added"}])
    with bulk_write(new_store, "import y") as writer:
        [imported] = writer.insert("programs", [{"name": "Imported later"}])
    assert [typed, added, imported] == [ids[-2], ids[-1], ids[-1] + 1]
    assert new_store.provenance(typed) == new_store.provenance(added) == new_store.provenance(imported) == {}
    for _ in range(6):  # the later import, the two adds, the three deletes
        new_store.undo()
    assert every_provenance(new_store) == per_cell(ROWS, ids)
    for _ in range(6):
        new_store.redo()
    assert new_store.provenance(typed) == new_store.provenance(added) == {}
    kept = {pid: p for pid, p in per_cell(ROWS, ids).items() if pid not in (ids[5], ids[-2], ids[-1])}
    assert every_provenance(new_store) == {**kept, typed: {}, added: {}, imported: {}}


def test_a_version_2_file_keeps_its_per_cell_rows_and_reads_the_same(tmp_path: Path):
    path = tmp_path / "v2.db"
    conn = load_fixture(2, path)
    cells = conn.execute("SELECT program_id, field, source, noted_at FROM provenance ORDER BY id").fetchall()
    conn.close()
    expected: dict[int, dict[str, Provenance]] = {}
    for program_id, field, source, noted_at in cells:
        expected.setdefault(program_id, {})[field] = Provenance(source, noted_at)
    assert {"name", "specialty"} <= set(expected[3])  # the fixture's import wrote rows per cell

    with Store.open(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION >= 3
        assert count(store, "provenance_ranges") == 0
        assert store.conn.execute("SELECT program_id, field, source, noted_at FROM provenance "
                                  "ORDER BY id").fetchall() == cells
        assert {pid: p for pid, p in every_provenance(store).items() if p} == expected
        # The version-2 import in the file's history still undoes and redoes, its rows per cell.
        [change] = store.undo()
        assert change.action == "bulk" and store.provenance(3) == {}
        store.redo()
        # (the fixture's rows were dated after it was made; the log has the day of the import)
        for program in (1, 3):
            assert {f: p.source for f, p in store.provenance(program).items()} == {
                f: p.source for f, p in expected[program].items()}
        # A new import beside it keeps ranges; both kinds read.
        ids = import_rows(store)
        assert {pid: store.provenance(pid) for pid in ids} == per_cell(ROWS, ids)
        assert store.provenance(4) == {f: Provenance("import file", "2026-11-30")
                                       for f in ("name", "specialty")}


def test_version_3_drops_the_second_index_on_provenance_program_id(tmp_path: Path):
    """UNIQUE (program_id, field) already indexes program_id: reads and the delete of a
    program's rows use it, and reconcile() does not make the dropped index again."""
    path = tmp_path / "v2.db"
    conn = load_fixture(2, path)
    assert conn.execute("SELECT 1 FROM sqlite_master WHERE name = 'provenance_program_id'").fetchone()
    conn.close()
    with Store.open(path) as store:
        reconcile(store.conn)
        indexes = [r[1] for r in store.conn.execute("PRAGMA index_list(provenance)")]
        assert indexes == ["sqlite_autoindex_provenance_1"]
        [plan] = store.conn.execute("EXPLAIN QUERY PLAN SELECT field FROM provenance "
                                    "WHERE program_id = 1").fetchall()
        assert "sqlite_autoindex_provenance_1" in plan[3]
        store.delete_row("programs", 1)
        assert store.provenance(1) == {}
        store.undo()
        assert store.provenance(1)["visa"].source == "coordinator email"


def test_a_failed_import_leaves_no_range(new_store: Store):
    mine = new_store.insert_row("programs", {"name": "Mine"})
    with pytest.raises(RuntimeError, match="stopped"), bulk_write(new_store, "import x") as writer:
        ids = writer.insert("programs", ROWS)
        writer.provenance("import file", ids, FIELDS, [])
        raise RuntimeError("stopped")
    assert count(new_store, "provenance_ranges") == 0 and count(new_store, "programs") == 1
    assert new_store.undo()[0].row_id == mine  # the last step is still the add
    assert new_store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                  "AND tbl_name = 'programs'").fetchone() == (3,)
