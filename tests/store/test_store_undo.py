"""Undo and redo: persisted in the file, so they survive closing and reopening."""

from __future__ import annotations

from pathlib import Path

import pytest

from store.errors import StoreError
from registry.choices import PRIORITY_FEATURES
from registry.errors import ValidationError
from db_tables import user_tables  # tests/ is on sys.path (rootdir conftest)
from store.store import Change, Provenance, Store


def reopen(store: Store) -> Store:
    path = store.path
    store.close()
    return Store.open(path)


def table_rows(store: Store) -> dict[str, list[tuple]]:
    """Every row of every table except the change log itself."""
    names = [n for n in user_tables(store.conn) if n != "change_log"]
    return {n: store.conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}


@pytest.fixture
def store(tmp_db: Path):
    s = Store.open(tmp_db)
    yield s
    s.close()


def test_update_undo_redo_across_reopen(store: Store):
    pid = store.insert_row("programs", {"name": "Lakemont", "step2_min": 230})
    store.set_value("programs", pid, "step2_min", "235")
    store.set_value("programs", pid, "img_presence", "yes")
    store = reopen(store)
    try:
        assert store.can_undo() and not store.can_redo()
        [change] = store.undo()
        assert change == Change("update", "programs", pid, "img_presence", None, 1, "edit IMGs present")
        assert store.get("programs", pid)["img_presence"] is None
        store = reopen(store)
        [change] = store.undo()
        assert (change.old, change.new) == (230, 235)
        assert store.get("programs", pid)["step2_min"] == 230
        assert store.can_redo()
        store = reopen(store)
        store.redo()
        assert store.get("programs", pid)["step2_min"] == 235
        store = reopen(store)
        store.redo()
        assert store.get("programs", pid)["img_presence"] is True
        assert store.redo() == [] and not store.can_redo()
    finally:
        store.close()


def test_insert_undo_redo_across_reopen(store: Store):
    pid = store.insert_row("programs", {"name": "Lakemont", "state": "oh", "visa": "J-1"})
    row = store.get("programs", pid)
    store = reopen(store)
    try:
        [change] = store.undo()
        assert change.action == "insert" and change.row_id == pid
        assert store.get("programs", pid) is None
        store = reopen(store)
        store.redo()
        assert store.get("programs", pid) == row  # same id, same values
        store.undo()
        store.undo()  # nothing before the insert: the seeded rows are not undoable
        assert store.undo() == []
        assert store.rows("programs") == []
        assert len(store.rows("priorities")) == len(PRIORITY_FEATURES)
    finally:
        store.close()


def test_delete_with_children_restores_them_across_reopen(store: Store):
    pid = store.insert_row("programs", {"name": "Lakemont", "notes": "n"})
    other = store.insert_row("programs", {"name": "Other"})
    store.set_provenance(pid, "visa", "FREIDA", "2026-01-05")
    store.insert_row("interviews", {"program_id": pid, "culture": 5, "positives": "good"})
    store.insert_row("interviews", {"program_id": other, "culture": 2})
    store.insert_row("contacts", {"person": "Dr. A", "program_id": pid})
    store.insert_row("contacts", {"person": "Dr. B", "program_id": other})
    store.insert_row("rank_entries", {"list_id": 1, "program_id": pid, "position": 1})
    before = table_rows(store)

    store.delete_row("programs", pid)
    assert store.get("programs", pid) is None
    assert [r["person"] for r in store.rows("contacts")] == ["Dr. B"]
    assert [r["program_id"] for r in store.rows("interviews")] == [other]
    assert store.rows("rank_entries") == [] and store.provenance(pid) == {}

    store = reopen(store)
    try:
        changes = store.undo()
        assert [c.action for c in changes] == ["delete"] * 5
        assert table_rows(store) == before
        store = reopen(store)
        store.redo()
        assert store.get("programs", pid) is None and len(store.rows("contacts")) == 1
        store.undo()
        assert table_rows(store) == before
    finally:
        store.close()


def test_delete_rank_list_takes_its_entries(store: Store):
    pid = store.insert_row("programs", {"name": "A"})
    lid = store.insert_row("rank_lists", {"kind": "supplemental", "name": "S", "advanced_program_ids": str(pid)})
    store.insert_row("rank_entries", {"list_id": lid, "program_id": pid, "position": 1})
    store.delete_row("rank_lists", lid)
    assert store.rows("rank_entries") == []
    store.undo()
    assert [r["list_id"] for r in store.rows("rank_entries")] == [lid]


def test_delete_missing_row(store: Store):
    with pytest.raises(StoreError, match="No row 99 in programs"):
        store.delete_row("programs", 99)
    with pytest.raises(StoreError, match="No row 99 in programs"):
        store.set_value("programs", 99, "name", "x")
    assert not store.can_undo()


def test_settings_undo_redo_across_reopen(store: Store):
    store.set_setting("weight.must", "5")
    store.set_setting("match_date", "2027-03-20")
    store = reopen(store)
    try:
        assert store.settings()["match_date"] == "2027-03-20"
        [change] = store.undo()
        assert change == Change("update", "settings", None, "match_date", "2027-03-19", "2027-03-20",
                                "change 'Match Day'")
        store = reopen(store)
        store.undo()
        assert store.settings()["weight.must"] == 3.0
        store.redo()
        assert store.settings()["weight.must"] == 5.0
        store.reset_setting("weight.must")
        assert store.settings()["weight.must"] == 3.0
        assert not store.can_redo()
        store.undo()
        assert store.settings()["weight.must"] == 5.0
    finally:
        store.close()


def test_setting_to_the_same_value_is_not_an_undo_step(store: Store):
    store.set_setting("weight.must", 3.0)
    assert not store.can_undo()


def test_successful_batch_undoes_as_one(store: Store):
    pid = store.insert_row("programs", {"name": "Before"})
    with store.batch("import 3 programs"):
        a = store.insert_row("programs", {"name": "A"})
        store.insert_row("programs", {"name": "B"})
        store.set_value("programs", pid, "name", "Renamed")
        store.set_setting("weight.nice", 2)
        store.insert_row("interviews", {"program_id": a})
        store.set_provenance(a, "name", "import file", "2026-11-01")
    store = reopen(store)
    try:
        changes = store.undo()
        assert len(changes) == 6 and {c.label for c in changes} == {"import 3 programs"}
        assert [r["name"] for r in store.rows("programs")] == ["Before"]
        assert store.settings()["weight.nice"] == 1.0
        assert store.rows("interviews") == [] and store.rows("provenance") == []
        store.redo()
        assert [r["name"] for r in store.rows("programs")] == ["Renamed", "A", "B"]
        assert store.provenance(a) == {"name": Provenance("import file", "2026-11-01")}
        store.undo()
        store.undo()
        assert store.rows("programs") == []
    finally:
        store.close()


def test_failing_batch_rolls_everything_back(store: Store):
    pid = store.insert_row("programs", {"name": "Kept"})
    store.undo()
    assert store.can_redo()
    before = table_rows(store)
    log_before = store.conn.execute("SELECT * FROM change_log").fetchall()
    with pytest.raises(ValidationError, match="Step 2 min"):
        with store.batch("import"):
            store.insert_row("programs", {"name": "A"})
            store.set_setting("weight.nice", 2)
            store.insert_row("programs", {"name": "B", "step2_min": "high"})
    assert table_rows(store) == before
    assert store.conn.execute("SELECT * FROM change_log").fetchall() == log_before
    assert store.can_redo()  # a rolled-back batch did not clear the redo history
    with pytest.raises(RuntimeError):
        with store.batch("other error"):
            store.insert_row("programs", {"name": "C"})
            raise RuntimeError("boom")
    assert table_rows(store) == before
    store.redo()
    assert [r["id"] for r in store.rows("programs")] == [pid]
    # The store stays usable after a failed batch.
    store.set_value("programs", pid, "notes", "fine")
    assert not store.conn.in_transaction


def test_nested_batch_is_one_group(store: Store):
    with store.batch("outer"):
        store.insert_row("programs", {"name": "A"})
        with store.batch("inner"):
            store.insert_row("programs", {"name": "B"})
    assert len(store.undo()) == 2
    assert store.rows("programs") == []


def test_new_edit_after_undo_clears_redo(store: Store):
    pid = store.insert_row("programs", {"name": "A"})
    store.set_value("programs", pid, "name", "B")
    store.set_value("programs", pid, "name", "C")
    store.undo()
    store.undo()
    assert store.can_redo()
    store.set_value("programs", pid, "name", "A")  # same value: not an edit
    assert store.can_redo()
    store.set_value("programs", pid, "notes", "new edit")
    assert not store.can_redo() and store.redo() == []
    store = reopen(store)
    try:
        assert not store.can_redo()
        store.undo()
        assert store.get("programs", pid) == {**store.get("programs", pid), "name": "A", "notes": None}
        store.undo()
        assert store.get("programs", pid) is None
        assert not store.can_undo()
    finally:
        store.close()


def test_bool_and_float_values_round_trip_through_undo(store: Store):
    pid = store.insert_row("programs", {"name": "A", "img_percent": 0.1 + 0.2, "ask_by_email": True})
    store.set_value("programs", pid, "img_percent", 12.5)
    store.set_value("programs", pid, "ask_by_email", False)
    store.delete_row("programs", pid)
    store.undo()
    store.undo()
    store.undo()
    row = store.get("programs", pid)
    assert row["img_percent"] == 0.1 + 0.2 and row["ask_by_email"] is True


def test_provenance_set_read_undo(store: Store):
    pid = store.insert_row("programs", {"name": "A", "visa": "J-1"})
    assert store.provenance(pid) == {}
    store.set_provenance(pid, "visa", "program website", "2026-03-01")
    assert store.provenance(pid) == {"visa": Provenance("program website", "2026-03-01")}
    store.set_provenance(pid, "visa", "coordinator email", "2026-10-15")
    assert store.provenance(pid)["visa"] == Provenance("coordinator email", "2026-10-15")
    store.set_provenance(pid, "visa", "coordinator email", "2026-10-15")  # same: no step
    store = reopen(store)
    try:
        changes = store.undo()
        assert {(c.field, c.old, c.new) for c in changes} == {
            ("source", "program website", "coordinator email"), ("noted_at", "2026-03-01", "2026-10-15")}
        assert store.provenance(pid)["visa"] == Provenance("program website", "2026-03-01")
        store.undo()
        assert store.provenance(pid) == {}
        store.redo()
        assert store.provenance(pid)["visa"] == Provenance("program website", "2026-03-01")
        with pytest.raises(ValidationError) as info:
            store.set_provenance(pid, "visa", "a friend", "2026-01-01")
        assert info.value.message == (
            "Source must be one of: program website, FREIDA, coordinator email, resident, forum, "
            "import file, other; got 'a friend'")
        with pytest.raises(KeyError):
            store.set_provenance(pid, "no_such_field", "FREIDA", "2026-01-01")
        with pytest.raises(ValidationError, match="FOREIGN KEY"):
            store.set_provenance(999, "visa", "FREIDA", "2026-01-01")
    finally:
        store.close()


def test_provenance_recorded_with_edits(store: Store):
    pid = store.insert_row("programs", {"name": "A", "visa": "J-1", "state": None}, source="FREIDA")
    assert set(store.provenance(pid)) >= {"name", "visa", "specialty"} and "state" not in store.provenance(pid)
    store.set_value("programs", pid, "step2_min", 230, source="coordinator email")
    assert store.provenance(pid)["step2_min"].source == "coordinator email"
    store.undo()
    assert "step2_min" not in store.provenance(pid)
    assert store.get("programs", pid)["step2_min"] is None


def test_prefs_are_not_undoable(store: Store):
    store.set_pref("programs.sort", {"by": "fit", "desc": True})
    assert store.get_pref("programs.sort") == {"by": "fit", "desc": True}
    assert store.get_pref("missing", 7) == 7
    assert not store.can_undo()


def test_insert_rows_matches_insert_row_and_undoes_as_one(new_store) -> None:
    rows = [{"name": f"Bulk {n}", "city": "Dayton", "state": "OH", "specialty": "DR", "step2_min": "230"}
            for n in range(3)]
    ids = new_store.insert_rows("programs", rows, source="import file")
    stored = [new_store.get("programs", i) for i in ids]
    assert [r["name"] for r in stored] == ["Bulk 0", "Bulk 1", "Bulk 2"]
    assert all(r["step2_min"] == 230 and r["status"] == "researching" for r in stored)
    assert new_store.provenance(ids[0])["step2_min"].source == "import file"
    new_store.undo()
    assert new_store.rows("programs") == []
    assert new_store.conn.execute("SELECT count(*) FROM provenance").fetchone()[0] == 0
    new_store.redo()
    assert [r["name"] for r in new_store.rows("programs")] == ["Bulk 0", "Bulk 1", "Bulk 2"]
    assert new_store.provenance(ids[2])["city"].source == "import file"


def test_insert_rows_is_all_or_nothing(new_store) -> None:
    import pytest

    from registry.errors import ValidationError

    rows = [{"name": "Good", "specialty": "DR"}, {"name": "Bad", "specialty": "DR", "step2_min": "abc"}]
    with pytest.raises(ValidationError, match="Step 2 min"):
        new_store.insert_rows("programs", rows)
    assert new_store.rows("programs") == []


def test_the_ends_of_a_range_setting_cannot_cross(new_store) -> None:
    import pytest

    from registry.errors import ValidationError

    with pytest.raises(ValidationError, match="Balance: Reach at least % cannot be above Balance: Reach at most % \\(30\\)"):
        new_store.set_setting("balance.reach_min", "60")
    with pytest.raises(ValidationError, match="cannot be below"):
        new_store.set_setting("balance.reach_max", "10")
    assert new_store.settings()["balance.reach_min"] == 20.0
    new_store.set_setting("balance.reach_max", "35")
    new_store.set_setting("balance.reach_min", "35")  # equal ends are a fixed share, allowed
    assert new_store.settings()["balance.reach_min"] == 35.0
