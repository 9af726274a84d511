"""Exports never destroy a database, never leave half a file, are private (0600), and by
default say nothing about the applicant's own exam attempts, score or graduation year."""

from __future__ import annotations

import csv
import hashlib
import os
import sqlite3
import subprocess
import sys
from contextlib import closing
from pathlib import Path

import pytest

from importers.export import export
from tests.importers.test_cli_data import run as run_cli

def digest(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


# --- never over a database -------------------------------------------------------------------


@pytest.mark.parametrize("target", ["the database", "its -wal", "its -shm", "another SQLite file"])
def test_export_over_a_database_is_refused(sample_copy, tmp_path, capsys, target):
    other = tmp_path / "notes.bin"
    with closing(sqlite3.connect(other)) as connection:
        connection.execute("CREATE TABLE t (x)")
        connection.commit()
    out = {"the database": sample_copy, "its -wal": Path(f"{sample_copy}-wal"),
           "its -shm": Path(f"{sample_copy}-shm"), "another SQLite file": other}[target]
    before = {p: digest(p) for p in (sample_copy, other)}
    assert run_cli(["export", "--db", str(sample_copy), "--table", "programs", "--out", str(out)]) == 1
    error = capsys.readouterr().err
    assert "would destroy it" in error and str(out) in error
    assert {p: digest(p) for p in (sample_copy, other)} == before


# --- all or nothing --------------------------------------------------------------------------

FULL_DISK_CHILD = """
import resource, signal, sys
from importers.cli import register
import argparse
signal.signal(signal.SIGXFSZ, signal.SIG_IGN)  # a write past the limit fails with EFBIG instead
resource.setrlimit(resource.RLIMIT_FSIZE, (int(sys.argv[1]), int(sys.argv[1])))
parser = argparse.ArgumentParser(prog="matchdesk")
register(parser.add_subparsers(dest="command", required=True))
args = parser.parse_args(sys.argv[2:])
sys.exit(args.func(args))
"""


@pytest.mark.parametrize("fmt", ["csv", "md", "xlsx"])
def test_a_write_that_runs_out_of_space_leaves_the_old_file(sample_copy, tmp_path, fmt):
    old = tmp_path / f"export.{fmt}"
    old.write_bytes(b"the previous export\n")
    done = subprocess.run([sys.executable, "-c", FULL_DISK_CHILD, "6000", "export", "--db",
                           str(sample_copy), "--table", "programs", "--format", fmt, "--out", str(old)],
                          capture_output=True, text=True, timeout=120,
                          env={**os.environ, "PYTHONPATH": os.getcwd()})
    assert done.returncode == 1, done.stderr
    assert "Nothing was replaced" in done.stderr and "Traceback" not in done.stderr
    assert old.read_bytes() == b"the previous export\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["export." + fmt, "sample-copy.db"]


def test_csv_tables_are_replaced_all_or_none(sample_store, tmp_path):
    out = tmp_path / "all.csv"
    blocker = tmp_path / "all-interviews.csv"
    blocker.mkdir()  # the last table cannot be written
    for name in ("programs", "rank_lists", "contacts"):
        (tmp_path / f"all-{name}.csv").write_text("old\n", encoding="utf-8")
    with pytest.raises(Exception, match="Nothing was replaced"):
        export(sample_store, "csv", out)
    for name in ("programs", "rank_lists", "contacts"):
        assert (tmp_path / f"all-{name}.csv").read_text(encoding="utf-8") == "old\n"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".part")]


# --- private files ---------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["csv", "md", "xlsx"])
def test_exports_are_private_files_whatever_the_umask(sample_store, tmp_path, fmt):
    previous = os.umask(0o022)
    try:
        written = export(sample_store, fmt, tmp_path / f"out.{fmt}")
        (tmp_path / "old.md").write_text("old", encoding="utf-8")
        (tmp_path / "old.md").chmod(0o644)
        written += export(sample_store, "md", tmp_path / "old.md")  # replacing a readable file
    finally:
        os.umask(previous)
    assert written and all(p.stat().st_mode & 0o777 == 0o600 for p in written)


def test_briefs_are_private_files(tmp_path):
    from desk.brief import save_brief

    previous = os.umask(0o022)
    try:
        save_brief(tmp_path / "brief.md", "# A brief")
    finally:
        os.umask(previous)
    assert (tmp_path / "brief.md").stat().st_mode & 0o777 == 0o600


# --- nothing about the applicant by default --------------------------------------------------


def exported_programs(store, path: Path, **options) -> list[dict[str, str]]:
    [written] = export(store, "csv", path, ["programs"], **options)
    with written.open(encoding="utf-8-sig", newline="") as handle:
        return list(csv.DictReader(handle))


def test_gate_reasons_do_not_tell_the_applicant_s_facts_by_default(sample_store, tmp_path):
    profile = sample_store.rows("profile")[-1]
    sample_store.set_value("profile", profile["id"], "failed_attempt", True)
    program = sample_store.rows("programs")[0]["id"]
    for column, value in (("fail_policy", "no failed attempts"), ("step2_min", 280),
                          ("grad_limit_years", 0)):
        sample_store.set_value("programs", program, column, value)
    profile = sample_store.rows("profile")[-1]
    step2 = str(profile["step2_score"])

    private = exported_programs(sample_store, tmp_path / "private.csv", include_private=True)[0]
    assert "you have a failed attempt" in private["Gate reasons"]
    assert f"Step 2 CK {step2}" in private["Gate reasons"] and "graduated" in private["Gate reasons"]
    assert "Years since grad" in private and "Step 2 vs typical (computed)" in private

    shared = exported_programs(sample_store, tmp_path / "shared.csv")
    first = shared[0]
    assert first["Gate reasons"].startswith("fails the program's attempt policy")
    assert "Step 2 CK minimum" in first["Gate reasons"] and "graduation-year limit" in first["Gate reasons"]
    everything = (tmp_path / "shared.csv").read_text(encoding="utf-8-sig")
    assert "you have a failed attempt" not in everything and "graduated" not in everything
    assert f"Step 2 CK {step2}" not in everything
    assert "Years since grad" not in first and "Step 2 vs typical (computed)" not in first
