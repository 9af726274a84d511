"""The statements every write runs on the undo log use an index: their cost does not grow with
the log (benchmarks/bench_undo_log.py has the timings)."""

from __future__ import annotations

from pathlib import Path

from db_tables import load_fixture  # tests/ is on sys.path (rootdir conftest)
from store.store import Store

PER_WRITE = ("DELETE FROM change_log WHERE undone = 1",
             "SELECT min(grp) FROM change_log WHERE undone = 1",
             "SELECT 1 FROM change_log WHERE undone = 1 LIMIT 1",
             "SELECT coalesce(max(grp), 0) FROM change_log",
             "SELECT 1 FROM change_log WHERE grp = 1 LIMIT 1")


def plans(store: Store) -> dict[str, str]:
    return {sql: " ".join(row[3] for row in store.conn.execute(f"EXPLAIN QUERY PLAN {sql}"))
            for sql in PER_WRITE}


def test_per_write_log_statements_never_scan_the_whole_log(new_store: Store):
    for sql, plan in plans(new_store).items():
        assert "USING" in plan or "SEARCH" in plan, f"{sql}: {plan}"


def test_an_upgraded_file_gets_the_index(tmp_path: Path):
    path = tmp_path / "v1.db"
    load_fixture(1, path).close()
    with Store.open(path) as store:
        assert "change_log_undone" in plans(store)["DELETE FROM change_log WHERE undone = 1"]
        program = store.insert_row("programs", {"name": "After"})
        store.set_value("programs", program, "notes", "one")
        store.undo()
        store.set_value("programs", program, "notes", "two")  # drops the undone entry
        assert store.redo() == []
