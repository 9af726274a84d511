"""Two windows on one file: a cell changed elsewhere is not overwritten blindly, and a rank list
never holds two entries at one position."""

from __future__ import annotations

from pathlib import Path

import pytest

from db_tables import load_fixture  # tests/ is on sys.path (rootdir conftest)
from desk import rank_lists
from registry.errors import ValidationError
from store.errors import ConflictError
from store.store import Store



@pytest.fixture
def two_windows(tmp_db: Path):
    a, b = Store.open(tmp_db), Store.open(tmp_db)
    yield a, b
    a.close()
    b.close()


def test_compare_and_set_refuses_a_cell_changed_in_another_window(two_windows):
    a, b = two_windows
    program = a.insert_row("programs", {"name": "Lakemont", "visa": "J-1", "img_presence": True})
    shown = a.get("programs", program)
    b.set_value("programs", program, "visa", "H-1B")
    with pytest.raises(ConflictError) as caught:
        a.set_value("programs", program, "visa", "none", expected=shown["visa"])
    error = caught.value
    assert (error.shown, error.current, error.attempted) == ("J-1", "H-1B", "none")
    assert (error.table, error.row_id, error.field) == ("programs", program, "visa")
    assert "changed in another window" in error.message and "'H-1B'" in error.message
    assert a.get("programs", program)["visa"] == "H-1B"  # nothing written, nothing logged
    assert [c.new for c in b.undo()] == ["H-1B"]
    # the value shown is still there (booleans as get() returns them): the write goes through
    a.set_value("programs", program, "img_presence", "no", expected=True)
    assert b.get("programs", program)["img_presence"] is False
    a.set_value("programs", program, "notes", "first", expected=None)
    with pytest.raises(ConflictError):
        b.set_value("programs", program, "notes", "second", expected=None)


def test_conflict_message_keeps_private_text_out(two_windows):
    a, b = two_windows
    flag = a.insert_row("red_flags", {"type": "leave of absence", "explanation": "secret one"})
    b.set_value("red_flags", flag, "explanation", "secret two")
    with pytest.raises(ConflictError) as caught:
        a.set_value("red_flags", flag, "explanation", "secret three", expected="secret one")
    assert "secret" not in caught.value.message and caught.value.current == "secret two"


def test_the_file_refuses_two_entries_at_one_position(new_store: Store):
    first = new_store.insert_row("programs", {"name": "A"})
    second = new_store.insert_row("programs", {"name": "B"})
    new_store.insert_row("rank_entries", {"list_id": 1, "program_id": first, "position": 1})
    with pytest.raises(ValidationError, match="UNIQUE"):
        new_store.insert_row("rank_entries", {"list_id": 1, "program_id": second, "position": 1})


def test_reorders_from_two_windows_keep_positions_distinct_and_undo(two_windows):
    a, b = two_windows
    ids = [a.insert_row("programs", {"name": f"P{n}"}) for n in range(5)]
    entries = [rank_lists.add_program(a, program) for program in ids]
    rank_lists.move_entry(a, entries[4], 1)  # computed from what a saw
    rank_lists.move_entry(b, entries[0], 5)  # b saw the old order: computed again under the lock
    rank_lists.remove_entry(a, entries[2])
    positions = sorted((e["position"], e["id"]) for e in b.rows("rank_entries"))
    assert [p for p, _ in positions] == [1, 2, 3, 4]
    assert [i for _, i in positions] == [entries[4], entries[1], entries[3], entries[0]]
    for store in (a, b, a):
        store.undo()  # each step back passes through valid states only
    assert sorted(e["position"] for e in a.rows("rank_entries")) == [1, 2, 3, 4, 5]
    with pytest.raises(ConflictError, match="changed in another window"):
        a.set_rank_order(1, entries[:3])  # not the list as it is


def test_upgrade_renumbers_a_list_with_tied_positions(tmp_path: Path):
    path = tmp_path / "v1.db"
    conn = load_fixture(1, path)
    conn.execute("UPDATE rank_entries SET position = 1")  # another tool left a tie
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        entries = store.rows("rank_entries", order_by="position")
        assert [(e["id"], e["position"]) for e in entries] == [(1, 1), (2, 2)]
