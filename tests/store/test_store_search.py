"""Full-text search over notes: kept in step by triggers, red flags only when the user says so."""

from __future__ import annotations

from pathlib import Path

from db_tables import load_fixture  # tests/ is on sys.path (rootdir conftest)
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
