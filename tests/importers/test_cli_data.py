"""`matchdesk import / export / summary`, through a parser built the way tui/cli.py builds it."""

from __future__ import annotations

import argparse
from pathlib import Path

import pytest

from importers.cli import register
from store import Store

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def run(argv: list[str]) -> int:
    parser = argparse.ArgumentParser(prog="matchdesk")
    sub = parser.add_subparsers(dest="command", required=True)
    register(sub)
    args = parser.parse_args(argv)
    return args.func(args)


def names(db: Path) -> list[str]:
    with Store.open(db) as store:
        return sorted(r["name"] for r in store.rows("programs"))


def test_import_writes_and_reports(tmp_path, capsys):
    db = tmp_path / "m.db"
    assert run(["import", str(FIX / "google_sheets_title.csv"), "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "4 new, 0 updated, 0 unchanged, 0 rejected" in out
    assert "Program Name -> name" in out and "Imported" in out
    assert len(names(db)) == 4
    # the confirmed mapping is remembered for the same headers
    with Store.open(db) as store:
        from importers.mapping import load_mapping
        from importers.prepare import open_table
        assert load_mapping(store, open_table(FIX / "google_sheets_title.csv").headers)["City"] == "city"


def test_dry_run_writes_nothing(tmp_path, capsys):
    db = tmp_path / "m.db"
    assert run(["import", str(FIX / "nrmp_florida_2020_2026.csv"), "--dry-run", "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "267 new" not in out and "Left out" in out and "Anesthesiology" in out and "Dry run" in out
    # the user's specialties by default (DR and the PGY-1 years for a new profile); all on request
    assert run(["import", str(FIX / "nrmp_florida_2020_2026.csv"), "--dry-run", "--db", str(db),
                "--specialties", "all"]) == 0
    out = capsys.readouterr().out
    assert "527 new" in out and "426 skipped" in out
    assert run(["import", str(FIX / "nrmp_florida_2020_2026.csv"), "--dry-run", "--db", str(db),
                "--specialties", "DR,cardiology"]) == 2
    assert not db.exists()
    Store.open(db).close()
    assert run(["import", str(FIX / "unknown_columns.csv"), "--dry-run", "--db", str(db)]) == 0
    assert names(db) == []


def test_rejected_values_exit_1_and_write_nothing(tmp_path, capsys):
    db = tmp_path / "m.db"
    assert run(["import", str(FIX / "ten_percent_bad.csv"), "--db", str(db)]) == 1
    captured = capsys.readouterr()
    assert "ten_percent_bad.csv, line 7, column 'IMG %': '150%'" in captured.out
    assert "refused" in captured.err and "--skip-rejected" in captured.err
    assert captured.err.count("\n") == 1  # one clear line, no traceback
    assert names(db) == []
    assert run(["import", str(FIX / "ten_percent_bad.csv"), "--skip-rejected", "--db", str(db)]) == 0
    assert len(names(db)) == 18


def test_map_option(tmp_path, capsys):
    db = tmp_path / "m.db"
    src = tmp_path / "f.csv"
    src.write_text("Program,Mystery\nAlpha,q3 call\n", encoding="utf-8")
    assert run(["import", str(src), "--map", "call_schedule=mystery", "--db", str(db)]) == 0
    with Store.open(db) as store:
        assert store.rows("programs")[0]["call_schedule"] == "q3 call"


@pytest.mark.parametrize("argv, message", [
    (["--map", "nonsense"], "FIELD=COLUMN"),
    (["--map", "colour=Program"], "not a field"),
    (["--map", "notes=Nope"], "no column"),
])
def test_usage_errors_exit_2(tmp_path, capsys, argv, message):
    code = run(["import", str(FIX / "unknown_columns.csv"), *argv, "--db", str(tmp_path / "m.db")])
    assert code == 2
    err = capsys.readouterr().err
    assert message in err and "Traceback" not in err


def test_unreadable_input_exits_1_with_one_line(tmp_path, capsys):
    assert run(["import", str(tmp_path / "missing.csv"), "--db", str(tmp_path / "m.db")]) == 1
    err = capsys.readouterr().err
    assert err.startswith("matchdesk import: Cannot read the file:") and err.count("\n") == 1
    bad = tmp_path / "bad.xlsx"
    bad.write_text("not excel", encoding="utf-8")
    assert run(["import", str(bad), "--db", str(tmp_path / "m.db")]) == 1


def test_database_errors_are_one_line(tmp_path, capsys):
    not_db = tmp_path / "notes.txt"
    not_db.write_text("hello", encoding="utf-8")
    assert run(["import", str(FIX / "unknown_columns.csv"), "--db", str(not_db)]) == 1
    err = capsys.readouterr().err
    assert "Not a MatchDesk database" in err and err.count("\n") == 1


def test_export_formats_and_private_flag(tmp_path, capsys):
    db = tmp_path / "m.db"
    run(["import", str(FIX / "google_sheets_title.csv"), "--db", str(db)])
    with Store.open(db) as store:
        store.insert_row("red_flags", {"type": "leave of absence", "explanation": "SECRET reason"})
    capsys.readouterr()
    out_md = tmp_path / "x.md"
    assert run(["export", "--format", "md", "--out", str(out_md), "--db", str(db)]) == 0
    text = out_md.read_text(encoding="utf-8")
    assert "Mercy Regional Radiology" in text and "SECRET" not in text
    assert run(["export", "--format", "md", "--include-private", "--out", str(out_md), "--db", str(db)]) == 0
    assert "SECRET reason" in out_md.read_text(encoding="utf-8")
    assert run(["export", "--format", "xlsx", "--table", "programs", "--out", str(tmp_path / "p.xlsx"),
                "--db", str(db)]) == 0
    assert (tmp_path / "p.xlsx").exists()
    assert run(["export", "--table", "programs", "--out", str(tmp_path / "p.csv"), "--db", str(db)]) == 0
    assert "Wrote" in capsys.readouterr().out
    assert run(["export", "--table", "red_flags", "--db", str(db)]) == 2
    assert "--include-private" in capsys.readouterr().err


def test_export_of_a_missing_database_is_a_usage_error(tmp_path, capsys):
    assert run(["export", "--db", str(tmp_path / "none.db")]) == 2
    assert not (tmp_path / "none.db").exists()


def test_summary(tmp_path, capsys):
    db = tmp_path / "m.db"
    run(["import", str(FIX / "google_sheets_title.csv"), "--db", str(db)])
    capsys.readouterr()
    assert run(["summary", "--db", str(db), "--top", "3"]) == 0
    out = capsys.readouterr().out
    assert "Programs: 4" in out
    assert "Tiers" in out and "Balance:" in out and "Eligibility gates:" in out
    assert "Top 3 programs by fit:" in out
    assert out.count(" fit ") >= 3


def test_summary_of_an_empty_database(tmp_path, capsys):
    db = tmp_path / "m.db"
    Store.open(db).close()
    assert run(["summary", "--db", str(db)]) == 0
    assert "No programs yet" in capsys.readouterr().out


@pytest.mark.parametrize("command", ["import", "export", "summary"])
def test_help(command, capsys):
    with pytest.raises(SystemExit) as exit_info:
        run([command, "--help"])
    assert exit_info.value.code == 0
    assert "--db" in capsys.readouterr().out


def test_argparse_usage_errors_exit_2(capsys):
    with pytest.raises(SystemExit) as exit_info:
        run(["export", "--format", "pdf"])
    assert exit_info.value.code == 2


def test_a_bug_prints_a_short_message_and_a_private_report(sample_copy, tmp_path, capsys, monkeypatch):
    import importers.summary

    with Store.open(sample_copy, readonly=True) as store:
        secret = store.rows("red_flags")[0]["explanation"][:40]

    def failing_summary(store, **_):
        explanation = secret
        raise KeyError(explanation)  # a bug whose message quotes private text

    monkeypatch.setattr(importers.summary, "summary_text", failing_summary)
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "data"))
    assert run(["summary", "--db", str(sample_copy)]) == 1
    shown = capsys.readouterr()
    assert "KeyError" in shown.err and secret not in shown.out + shown.err
    [report] = (tmp_path / "data" / "matchdesk").glob("crash-*.txt")
    assert report.stat().st_mode & 0o777 == 0o600 and "failing_summary" in report.read_text()


def test_an_nrmp_import_fills_the_match_history_of_its_programs_once(tmp_path, capsys):
    db = tmp_path / "m.db"
    nrmp = str(FIX / "nrmp_florida_2020_2026.csv")
    assert run(["import", nrmp, "--db", str(db)]) == 0
    out = capsys.readouterr().out
    assert "113 new" in out and "791 program-years of Match history added" in out  # 113 x 2020-2026
    assert run(["import", nrmp, "--db", str(db)]) == 0
    assert "0 program-years of Match history added" in capsys.readouterr().out
    with Store.open(db) as store:
        assert len(store.rows("match_history")) == 791
        assert {r["source"] for r in store.rows("match_history")} == {"nrmp_florida_2020_2026.csv"}


def test_a_file_without_match_numbers_says_nothing_of_history(tmp_path, capsys):
    db = tmp_path / "m.db"
    assert run(["import", str(FIX / "google_sheets_title.csv"), "--db", str(db)]) == 0
    assert "Match history" not in capsys.readouterr().out


def test_summary_lists_new_programs_and_unfilled_years_with_their_record(sample_copy, capsys):
    assert run(["summary", "--db", str(sample_copy), "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "Match history: 7 new programs, 5 with unfilled years among your radiology list" in out
    new = [line for line in out.splitlines() if line.startswith("  new: ")]
    unfilled = [line for line in out.splitlines() if line.startswith("  unfilled years: ")]
    assert len(new) == len(unfilled) == 2
    assert "  ... and 5 more new" in out and "  ... and 3 more unfilled years" in out
    assert all("first positions" in line and "NRMP 2020-2026" in line for line in new)
    assert all("unfilled in" in line for line in unfilled)


def test_summary_without_match_history_says_how_to_get_it(tmp_path, capsys):
    db = tmp_path / "m.db"
    run(["import", str(FIX / "google_sheets_title.csv"), "--db", str(db)])
    capsys.readouterr()
    assert run(["summary", "--db", str(db)]) == 0
    assert "Match history: none imported" in capsys.readouterr().out
