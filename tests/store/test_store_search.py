"""Full-text search over notes: kept in step by triggers, red flags only when the user says so."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database

from db_tables import load_fixture  # tests/ is on sys.path (rootdir conftest)
from store.bulk import bulk_write
from store.search import INDEXED, PRIVATE_INDEXED
from store.store import Store

def found(store: Store, text: str) -> set[tuple[str, int, str]]:
    return {(hit.table, hit.row_id, hit.field) for hit in store.search(text)}


def test_every_indexed_note_is_found_with_its_match_marked(new_store: Store):
    program = new_store.insert_row("programs", {
        "name": "Lakemont", "notes": "Coordinator said they sponsor H-1B visas",
        "culture_notes": "Collegial residents", "call_schedule": "Home call from PGY-3",
        "why_program": "Strong neuroradiology teaching"})
    interview = new_store.insert_row("interviews", {"program_id": program, "positives": "Friendly residents",
                                                    "red_flags_noticed": "Tired residents"})
    contact = new_store.insert_row("contacts", {"person": "Dr. A", "program_id": program,
                                                "notes": "Answered: visa sponsorship is routine"})
    assert found(new_store, "residents") == {("programs", program, "culture_notes"),
                                             ("interviews", interview, "positives"),
                                             ("interviews", interview, "red_flags_noticed")}
    assert found(new_store, "neuro") == {("programs", program, "why_program")}  # prefix match
    assert found(new_store, "visa spons") == {("programs", program, "notes"),
                                              ("contacts", contact, "notes")}
    assert found(new_store, "pgy") == {("programs", program, "call_schedule")}
    [hit] = new_store.search("collegial")
    start, end = hit.spans[0]
    assert hit.snippet[start:end] == "Collegial"
    assert new_store.search("") == []
    assert found(new_store, 'NEAR( "x* OR') == set()  # query syntax in the text is literal


def test_edits_undo_and_deletes_keep_the_index_in_step(new_store: Store):
    program = new_store.insert_row("programs", {"name": "Lakemont", "notes": "quiet town"})
    new_store.set_value("programs", program, "notes", "busy trauma service")
    assert found(new_store, "trauma") == {("programs", program, "notes")}
    assert found(new_store, "quiet") == set()
    new_store.undo()
    assert found(new_store, "trauma") == set() and found(new_store, "quiet") != set()
    new_store.delete_row("programs", program)
    assert found(new_store, "quiet") == set()
    new_store.undo()
    assert found(new_store, "quiet") == {("programs", program, "notes")}


def test_red_flag_explanations_are_indexed_only_while_the_setting_is_on(new_store: Store):
    flag = new_store.insert_row("red_flags", {"type": "leave of absence",
                                              "explanation": "Medical leave for surgery"})
    tables = lambda: {r[0] for r in new_store.conn.execute("SELECT name FROM sqlite_master")}  # noqa: E731
    assert found(new_store, "surgery") == set()
    assert not any(name.startswith("red_flags_fts") for name in tables())
    new_store.set_setting("search.include_red_flags", True)
    assert found(new_store, "surgery") == {("red_flags", flag, "explanation")}
    new_store.undo()  # turning it back off drops the index with its words
    assert found(new_store, "surgery") == set()
    assert not any(name.startswith("red_flags_fts") for name in tables())
    new_store.redo()
    assert found(new_store, "surgery") == {("red_flags", flag, "explanation")}


def test_an_upgraded_file_has_its_existing_notes_indexed(tmp_path: Path):
    path = tmp_path / "v1.db"
    load_fixture(1, path).close()
    with Store.open(path) as store:
        assert found(store, "unicode") == {("programs", 1, "notes")}
        assert found(store, "happy") == {("interviews", 1, "positives")}


def index_of(conn: sqlite3.Connection, table: str) -> dict[str, list[tuple]]:
    """Everything the index of `table` holds: every word where it sits, each row's sizes, and
    the totals ranking uses."""
    fts = f"{table}_fts"
    conn.execute(f'CREATE VIRTUAL TABLE IF NOT EXISTS temp."{fts}_words" USING fts5vocab(main, "{fts}", instance)')
    return {"words": conn.execute(f'SELECT * FROM temp."{fts}_words" ORDER BY 1, 2, 3, 4').fetchall(),
            "sizes": conn.execute(f'SELECT * FROM "{fts}_docsize" ORDER BY id').fetchall(),
            "totals": conn.execute(f'SELECT block FROM "{fts}_data" WHERE id = 1').fetchall()}


def assert_indexes_rows_with_text(conn: sqlite3.Connection, table: str, columns: tuple[str, ...]) -> None:
    """The index of `table` holds the rows that have text in some of `columns` and nothing
    else, exactly as an index made afresh from them would."""
    fts = f'"{table}_fts"'
    quoted = ", ".join(f'"{c}"' for c in columns)
    with_text = [row_id for row_id, *texts in conn.execute(f'SELECT id, {quoted} FROM "{table}" ORDER BY id')
                 if any(text is not None for text in texts)]
    assert [size[0] for size in index_of(conn, table)["sizes"]] == with_text
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('integrity-check')")
    held = index_of(conn, table)
    conn.execute("SAVEPOINT afresh")
    conn.execute(f"INSERT INTO {fts} ({fts}) VALUES ('delete-all')")
    conn.execute(f'INSERT INTO {fts} (rowid, {quoted}) SELECT id, {quoted} FROM "{table}" '
                 f"WHERE id IN ({', '.join(map(str, with_text))})")
    afresh = index_of(conn, table)
    conn.execute("ROLLBACK TO afresh")
    conn.execute("RELEASE afresh")
    assert held == afresh


def test_only_rows_with_text_are_indexed_through_edits_imports_undo_and_redo(new_store: Store):
    columns = INDEXED["programs"]
    words = ("quiet", "float", "teaching", "faculty", "day")

    def check() -> None:
        assert_indexes_rows_with_text(new_store.conn, "programs", columns)
        for word in words:
            expected = {("programs", row["id"], name) for row in new_store.rows("programs")
                        for name in columns if row[name] and word in row[name].lower().split()}
            assert found(new_store, word) == expected, word

    quiet = new_store.insert_row("programs", {"name": "A", "notes": "quiet town"})
    empty = new_store.insert_row("programs", {"name": "B"})
    with bulk_write(new_store, "import x") as writer:
        ids = writer.insert("programs", [{"name": f"P{i}", "notes": "night float" if i % 5 == 0 else None}
                                         for i in range(20)])
        writer.update("programs", [(quiet, "notes", None), (empty, "why_program", "great teaching")])
    check()
    edits = [lambda: new_store.set_value("programs", ids[1], "culture_notes", "kind faculty"),  # text added
             lambda: new_store.set_value("programs", ids[0], "notes", "day float"),  # text changed
             lambda: new_store.set_value("programs", ids[5], "notes", None),  # text removed
             lambda: new_store.set_value("programs", ids[2], "city", "Tampa"),  # a row without text
             lambda: new_store.delete_row("programs", ids[10]),  # with text
             lambda: new_store.delete_row("programs", ids[3])]  # without
    for edit in edits:
        edit()
        check()
    for _ in range(len(edits) + 1):  # and the import
        new_store.undo()
        check()
    assert [row["id"] for row in new_store.rows("programs")] == [quiet, empty]
    for _ in range(len(edits) + 1):
        new_store.redo()
        check()


def test_an_upgrade_keeps_in_the_indexes_only_the_rows_with_text(tmp_path: Path):
    path = tmp_path / "v3.db"
    conn = load_fixture(3, path)
    conn.execute("INSERT INTO programs (name) VALUES ('No notes')")
    conn.execute("INSERT INTO interviews (program_id) VALUES (1)")
    conn.execute("INSERT INTO contacts (person) VALUES ('Dr. B')")
    conn.execute("INSERT INTO red_flags (type) VALUES ('gap over 3-6 months')")
    conn.execute("UPDATE settings SET value = 'true' WHERE key = 'search.include_red_flags'")
    Database(conn).table("red_flags").enable_fts(["explanation"], create_triggers=True)  # as version 3 did
    conn.commit()
    conn.close()
    with Store.open(path) as store:
        for table, columns in {**INDEXED, **PRIVATE_INDEXED}.items():
            assert_indexes_rows_with_text(store.conn, table, columns)
        assert found(store, "changed") == {("programs", 1, "notes")}
        assert found(store, "private") == {("red_flags", 1, "explanation")}
        program = store.insert_row("programs", {"name": "After", "notes": "changed too"})
        store.set_value("programs", 1, "notes", None)
        store.delete_row("programs", 2)
        assert found(store, "changed") == {("programs", program, "notes")}
        for table, columns in {**INDEXED, **PRIVATE_INDEXED}.items():
            assert_indexes_rows_with_text(store.conn, table, columns)
