"""Private text is really gone: zeroed on delete, the undo history trimmed on open, and
forget_history() leaves no trace of a deleted red flag anywhere in the file's bytes."""

from __future__ import annotations

from pathlib import Path

from store.backup import list_backups
from store.store import Store

SECRET = "Quokkazebra exam failure in 2019"


def file_bytes(path: Path) -> bytes:
    """The database and whatever its journal holds."""
    wal = path.with_name(path.name + "-wal")
    return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")


def contains_secret(path: Path) -> bool:
    return b"quokkazebra" in file_bytes(path).lower()


def test_secure_delete_is_on(new_store: Store):
    assert new_store.conn.execute("PRAGMA secure_delete").fetchone()[0] == 1


def test_forget_history_leaves_no_trace_of_a_deleted_red_flag(tmp_db: Path):
    with Store.open(tmp_db) as store:
        store.set_setting("search.include_red_flags", True)  # its words in the index too
        flag = store.insert_row("red_flags", {"type": "exam failure or retake", "explanation": SECRET})
        store.set_value("red_flags", flag, "explanation", SECRET + ", retaken")
        store.delete_row("red_flags", flag)
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert contains_secret(tmp_db), "the undo history still holds it (it can be undone)"
        backup = store.forget_history()
        assert not store.can_undo()
        assert backup in [b.path for b in list_backups(tmp_db)] and backup.name.endswith(".forget-history.db")
        assert contains_secret(backup), "the backup made first keeps the history, for a change of mind"
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
        assert not contains_secret(tmp_db)
        assert store.search("quokkazebra") == []
    assert not contains_secret(tmp_db)


def test_history_older_than_the_setting_is_dropped_on_open(tmp_db: Path):
    with Store.open(tmp_db) as store:
        program = store.insert_row("programs", {"name": "Lakemont"})
        store.set_value("programs", program, "notes", "old note")
        store.conn.execute("UPDATE change_log SET ts = '2020-01-01T00:00:00'")
        store.set_value("programs", program, "notes", "recent note")
    with Store.open(tmp_db) as store:
        assert [c.new for c in store.undo()] == ["recent note"]
        assert store.undo() == []  # the 2020 steps are gone
        assert store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 1


def test_history_beyond_the_number_kept_is_dropped_on_open(tmp_db: Path):
    with Store.open(tmp_db) as store:
        store.set_setting("history.keep_changes", 3)
        program = store.insert_row("programs", {"name": "Lakemont"})
        for n in range(6):
            store.set_value("programs", program, "notes", f"note {n}")
    with Store.open(tmp_db) as store:
        undone = []
        while changes := store.undo():
            undone.append(changes[0].new)
        assert undone == ["note 5", "note 4", "note 3"]
