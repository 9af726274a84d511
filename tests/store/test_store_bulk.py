"""Bulk writes (imports): one change-log entry, exact undo and redo, no duplicates under races."""

from __future__ import annotations

import json
import sqlite3
import threading
from pathlib import Path

import pytest

from importers.apply import StalePlanError, apply_import
from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping
from store.bulk import bulk_write
from store.store import Store


def table_rows(store: Store) -> dict[str, list[tuple]]:
    names = [r[0] for r in store.conn.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' AND name != 'change_log' "
        "AND name NOT LIKE '%fts%' ORDER BY name")]  # search indexes follow their tables
    return {n: store.conn.execute(f'SELECT * FROM "{n}" ORDER BY rowid').fetchall() for n in names}


def sheet(tmp_path: Path, rows: int) -> Path:
    path = tmp_path / "programs.csv"
    lines = ["Program,City,State,Step 2 min,Program culture,Favorite color"]
    lines += [f"Program {i},City {i % 7},FL,{220 + i % 30},{1 + i % 5},teal" for i in range(rows)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def plan_for(store: Store, path: Path):
    table = open_table(path)
    return plan_import(store, table, suggest_mapping(store, table))


def test_a_bulk_write_is_one_log_entry_undone_and_redone_exactly(new_store: Store):
    kept = new_store.insert_row("programs", {"name": "Mine", "notes": "before"})
    new_store.set_provenance(kept, "notes", "resident")
    before = table_rows(new_store)
    with bulk_write(new_store, "import x") as writer:
        ids = writer.insert("programs", [{"name": f"P{i}", "step2_min": 230 + i} for i in range(50)])
        writer.update("programs", [(kept, "notes", "after"), (ids[3], "notes", "new")])
        writer.provenance("import file", ids, ["name", "step2_min"], [(kept, "notes"), (kept, "name")])
        writer.insert("interviews", [{"program_id": ids[0], "culture": 4}])
    after = table_rows(new_store)
    group = new_store.conn.execute("SELECT max(grp) FROM change_log").fetchone()[0]
    assert new_store.conn.execute("SELECT count(*) FROM change_log WHERE grp = ?", (group,)).fetchone() == (1,)
    assert new_store.get("programs", kept)["notes"] == "after"
    assert new_store.provenance(kept)["notes"].source == "import file"
    assert new_store.provenance(ids[0])["step2_min"].source == "import file"
    [change] = new_store.undo()
    assert change.action == "bulk" and change.label == "import x"
    assert table_rows(new_store) == before
    new_store.close()
    with Store.open(new_store.path) as reopened:  # the history lives in the file
        assert reopened.redo()
        assert table_rows(reopened) == after
        reopened.undo()
        assert table_rows(reopened) == before
        reopened.redo()
        assert table_rows(reopened) == after


def test_an_import_is_one_undo_step(new_store: Store, tmp_path: Path):
    before = table_rows(new_store)
    plan = plan_for(new_store, sheet(tmp_path, 300))
    apply_import(new_store, plan)
    after = table_rows(new_store)
    assert len(new_store.rows("programs")) == 300 and len(new_store.rows("interviews")) == 300
    assert new_store.conn.execute(
        "SELECT count(*) FROM change_log WHERE grp = (SELECT max(grp) FROM change_log)").fetchone() == (1,)
    new_store.undo()
    assert table_rows(new_store) == before
    new_store.redo()
    assert table_rows(new_store) == after
    # an update by a second import, then its undo, gives back the values of the first
    path = sheet(tmp_path, 300)
    path.write_text(path.read_text().replace(",teal", ",red"), encoding="utf-8")
    apply_import(new_store, plan_for(new_store, path))
    assert new_store.rows("programs")[0]["notes"] == "Favorite color: teal\nFavorite color: red"
    new_store.undo()
    assert table_rows(new_store) == after


@pytest.mark.parametrize("rounds", range(3))
def test_two_imports_of_one_file_at_once_do_not_duplicate(tmp_db: Path, tmp_path: Path, rounds: int):
    Store.open(tmp_db).close()
    path = sheet(tmp_path, 400)
    plans = {}
    results: dict[int, object] = {}
    ready = threading.Barrier(2)

    def run(n: int) -> None:
        with Store.open(tmp_db) as store:  # a connection per thread, as in two windows
            plans[n] = plan_for(store, path)
            ready.wait()
            try:
                results[n] = apply_import(store, plans[n])
            except StalePlanError as error:
                results[n] = error

    threads = [threading.Thread(target=run, args=(n,)) for n in (1, 2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert sorted(type(r).__name__ for r in results.values()) == ["ImportResult", "StalePlanError"]
    with Store.open(tmp_db) as store:
        names = [row["name"] for row in store.rows("programs")]
        assert len(names) == len(set(names)) == 400


def search_index(store: Store) -> dict[str, list[tuple]]:
    """Everything the programs' full-text index holds: every word where it sits, each
    document's size, and the totals ranking uses."""
    store.conn.execute("CREATE VIRTUAL TABLE IF NOT EXISTS temp.words USING "
                       "fts5vocab(main, programs_fts, instance)")
    return {"words": store.conn.execute("SELECT * FROM temp.words ORDER BY 1, 2, 3, 4").fetchall(),
            "sizes": store.conn.execute("SELECT * FROM programs_fts_docsize ORDER BY id").fetchall(),
            "totals": store.conn.execute("SELECT block FROM programs_fts_data WHERE id = 1").fetchall()}


def test_a_bulk_insert_indexes_notes_as_the_row_trigger_does(new_store: Store, tmp_path: Path):
    rows = [{"name": f"P{i}", "notes": f"call q{i % 4} night float" if i % 3 else None,
             "culture_notes": "kind faculty" if i % 5 == 0 else None} for i in range(120)]
    with Store.open(tmp_path / "one-by-one.db") as by_trigger:
        by_trigger.insert_rows("programs", rows)
        expected = search_index(by_trigger)
    empty = search_index(new_store)
    with bulk_write(new_store, "import x") as writer:
        writer.insert("programs", rows)
    assert search_index(new_store) == expected
    assert sorted(hit.row_id for hit in new_store.search("float q2")) == [
        i + 1 for i in range(120) if i % 4 == 2 and i % 3]
    new_store.undo()
    assert search_index(new_store)["words"] == empty["words"] == []
    assert search_index(new_store)["sizes"] == []
    new_store.redo()
    assert search_index(new_store) == expected
    assert new_store.conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'trigger' "
                                  "AND tbl_name = 'programs'").fetchone() == (3,)  # all made again


def test_undo_keeps_an_exact_copy_of_every_value(new_store: Store):
    """The copy undo keeps for redo holds each value as it was: a REAL to the last bit (an
    infinity too), any text, whole numbers past 2**53."""
    reals = [0.1 + 0.2, 1 / 3, -0.0, 5e-324, 1.2345678901234567e19, float("inf"), float("-inf"), 43.75]
    texts = ['quote " and \\ back', "line\nbreak\ttab\x01", "é ü 漢字 😀", "", "[1, 2]", "null"]
    rows = [{"name": texts[i % len(texts)], "img_percent": reals[i % len(reals)],
             "residents_per_year": [2**62, -7, 2.5, 0][i % 4], "notes": texts[(i + 1) % len(texts)]}
            for i in range(24)]
    with bulk_write(new_store, "import x") as writer:
        writer.insert("programs", rows)
    before = table_rows(new_store)
    new_store.undo()
    new_store.redo()
    after = table_rows(new_store)
    assert after == before
    exact = [[(type(v), repr(v)) for v in row] for row in after["programs"]]  # -0.0 == 0.0, so by repr
    assert exact == [[(type(v), repr(v)) for v in row] for row in before["programs"]]


def test_undo_copies_only_the_columns_an_import_filled(new_store: Store):
    with bulk_write(new_store, "import x") as writer:
        writer.insert("programs", [{"name": f"P{i}", "step2_min": 230 + i} for i in range(20)])
    filled = new_store.rows("programs")
    new_store.undo()
    entry = new_store.conn.execute("SELECT new FROM change_log WHERE action = 'bulk'").fetchone()[0]
    copied = json.loads(entry)["rows"]["programs"]["columns"]
    assert set(copied) == {"id", "name", "step2_min", "specialty", "status", "signal", "ask_by_email"}
    new_store.redo()
    assert new_store.rows("programs") == filled  # the columns left out come back empty


def test_the_log_names_the_columns_a_bulk_insert_wrote(new_store: Store):
    with bulk_write(new_store, "import x") as writer:
        writer.insert("programs", [{"name": f"P{i}", "step2_min": 230 + i if i % 2 else None} for i in range(6)])
        writer.insert_columns("programs", {"name": ["Q0", "Q1"], "city": [None, "Tampa"]}, 2)
        writer.insert("interviews", [{"program_id": 1, "culture": 4, "notes": None}])
    old = json.loads(new_store.conn.execute("SELECT old FROM change_log WHERE action = 'bulk'").fetchone()[0])
    # a column every row leaves empty is not among them; one with a default always is
    assert old["columns"]["programs"] == ["ask_by_email", "city", "name", "signal", "specialty", "status",
                                          "step2_min"]
    assert old["columns"]["interviews"] == ["culture", "program_id", "red_flag_count"]


def test_an_import_logged_without_its_columns_undoes_and_redoes_by_looking_for_them(new_store: Store,
                                                                                   tmp_path: Path):
    before = table_rows(new_store)
    apply_import(new_store, plan_for(new_store, sheet(tmp_path, 40)))
    after = table_rows(new_store)
    new_store.conn.execute("UPDATE change_log SET old = json_remove(old, '$.columns') WHERE action = 'bulk'")
    new_store.conn.commit()
    new_store.undo()
    assert table_rows(new_store) == before
    new_store.redo()
    assert table_rows(new_store) == after


def test_columns_given_field_by_field_are_written_as_the_same_rows_given_one_by_one(new_store: Store):
    rows = [{"name": "A", "step2_min": 231}, {"name": "B", "city": "Tampa"}, {"name": "C", "specialty": "IM"}]
    columns = {name: [row.get(name) for row in rows] for name in ("name", "step2_min", "city", "specialty")}
    with bulk_write(new_store, "by rows") as writer:
        by_rows = writer.insert("programs", rows)
        writer.provenance("import file", by_rows, ["city", "name", "specialty", "step2_min"], [])
    with bulk_write(new_store, "by columns") as writer:
        by_columns = writer.insert_columns("programs", columns, len(rows))
        writer.provenance("import file", by_columns, ["city", "name", "specialty", "step2_min"], [])
    written = {r["id"]: {k: v for k, v in r.items() if k != "id"} for r in new_store.rows("programs")}
    assert [written[i] for i in by_rows] == [written[i] for i in by_columns]
    ranges = new_store.conn.execute("SELECT first_id, field, filled FROM provenance_ranges ORDER BY id").fetchall()
    assert [(f, m) for first, f, m in ranges if first == by_rows[0]] == \
        [(f, m) for first, f, m in ranges if first == by_columns[0]]


def test_rows_bound_many_to_a_statement_are_the_rows_given_one_by_one(new_store: Store, tmp_path: Path):
    # At most 40 values a statement: the insert binds 6 a row (id and 5 fields), so 13 statements
    # of 6 rows, then one of 5; redo binds 9 a row (the 3 defaults too): 20 of 4, then one of 3.
    new_store.conn.setlimit(sqlite3.SQLITE_LIMIT_VARIABLE_NUMBER, 40)
    rows = [{"name": f"P{i}", "step2_min": 230 + i % 9 if i % 4 else None,
             "city": None if i % 3 else "Tampa", "img_percent": i / 7 if i % 2 else None,
             "specialty": "IM" if i % 5 else "FM"} for i in range(83)]
    with Store.open(tmp_path / "one-by-one.db") as by_row:
        by_row.insert_rows("programs", rows)
        expected = by_row.conn.execute("SELECT * FROM programs ORDER BY id").fetchall()
        expected_index = search_index(by_row)
    columns = {name: [row[name] for row in rows] for name in rows[0]}
    with bulk_write(new_store, "import x") as writer:
        writer.insert_columns("programs", columns, len(rows))
    written = new_store.conn.execute("SELECT * FROM programs ORDER BY id").fetchall()
    assert written == expected
    new_store.undo()
    assert new_store.conn.execute("SELECT count(*) FROM programs").fetchone() == (0,)
    new_store.redo()  # the copy undo kept, put back by the same statements
    assert new_store.conn.execute("SELECT * FROM programs ORDER BY id").fetchall() == expected
    assert search_index(new_store) == expected_index
