"""Backups from the outside: `matchdesk backup` / `restore`, before every import, and the
first start of the app each day (in a worker, after the first paint)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from db_tables import dump_tables  # tests/ is on sys.path (rootdir conftest)
from store.backup import list_backups
from store.store import Store
from tui.app import MatchDeskApp
from tui.cli import main

IMPORTS = Path(__file__).resolve().parents[1] / "fixtures" / "import"
TODAY = dt.date(2026, 11, 26)


def test_backup_list_and_restore_from_the_shell(sample_copy: Path, capsys):
    assert main(["backup", "--db", str(sample_copy)]) == 0
    [backup] = list_backups(sample_copy)
    assert str(backup.path) in capsys.readouterr().out
    assert main(["backup", "--list", "--db", str(sample_copy)]) == 0
    assert "programs" in capsys.readouterr().out
    with Store.open(sample_copy) as store:
        store.set_value("programs", 1, "name", "Changed after the backup")
    assert main(["restore", str(backup.path), "--db", str(sample_copy)]) == 0
    out = capsys.readouterr().out
    assert dump_tables(sample_copy)["programs"] == dump_tables(backup.path)["programs"]
    before = next(b for b in list_backups(sample_copy) if b.reason == "restore")
    assert str(before.path) in out


def test_restore_of_a_damaged_backup_is_refused_with_a_message(sample_copy: Path, tmp_path: Path, capsys):
    fake = tmp_path / "fake.db"
    fake.write_text("not a backup " * 100)
    before = sample_copy.read_bytes()
    assert main(["restore", str(fake), "--db", str(sample_copy)]) == 1
    assert "Restore refused" in capsys.readouterr().err
    assert sample_copy.read_bytes() == before


def test_an_import_backs_up_first_and_a_dry_run_does_not(sample_copy: Path, capsys):
    csv = str(IMPORTS / "update_existing.csv")
    assert main(["import", csv, "--dry-run", "--db", str(sample_copy)]) == 0
    assert list_backups(sample_copy) == []
    before = dump_tables(sample_copy)
    assert main(["import", csv, "--skip-rejected", "--db", str(sample_copy)]) == 0
    [backup] = list_backups(sample_copy)
    assert backup.reason == "import"
    assert dump_tables(backup.path)["programs"] == before["programs"]


async def test_the_app_makes_the_days_first_backup_in_a_worker(sample_copy: Path):
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        [backup] = list_backups(sample_copy)
        assert backup.reason == "daily"
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)):
        await app.workers.wait_for_complete()
    assert len(list_backups(sample_copy)) == 1, "one daily backup a day"


async def test_the_app_reports_a_backup_it_could_not_make(sample_copy: Path):
    folder = sample_copy.parent / "backups"
    folder.write_text("a file where the backups folder should be")
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert any(n.title == "Backup refused" for n in app._notifications)
        assert app.workspace is not None, "the app carries on"


def test_forget_history_from_the_shell_backs_up_first_and_leaves_nothing_to_undo(tmp_path: Path, capsys):
    db = tmp_path / "matchdesk.db"
    with Store.open(db) as store:
        flag = store.insert_row("red_flags", {"type": "exam failure or retake", "explanation": "Quokkazebra leave"})
        store.delete_row("red_flags", flag)
    assert main(["forget-history", "--db", str(db)]) == 0
    [backup] = [b for b in list_backups(db) if b.reason == "forget-history"]
    assert str(backup.path) in capsys.readouterr().out
    assert b"quokkazebra" not in db.read_bytes().lower()
    with Store.open(db) as store:
        assert not store.can_undo()


def test_forget_history_of_a_missing_file_is_a_usage_error(tmp_path: Path, capsys):
    missing = tmp_path / "missing.db"
    assert main(["forget-history", "--db", str(missing)]) == 2
    assert "does not exist" in capsys.readouterr().err
    assert not missing.exists()
