"""The `matchdesk` command's own options: --version, --help's list of subcommands, doctor."""

from __future__ import annotations

import argparse
import re
from pathlib import Path

import pytest

from store.backup import make_backup
from store.store import Store
from tui.cli import SUBCOMMANDS, __version__, main, subcommand_parser


def run(capsys, *argv: str) -> tuple[int, str]:
    try:
        code = main(list(argv))
    except SystemExit as exit_:
        code = exit_.code
    captured = capsys.readouterr()
    return code, captured.out + captured.err


def test_version(capsys):
    code, out = run(capsys, "--version")
    assert (code, out) == (0, f"matchdesk {__version__}\n")
    assert re.fullmatch(r"\d+\.\d+\.\d+", __version__)


def test_help_lists_every_subcommand_on_one_line(capsys):
    code, out = run(capsys, "--help")
    assert code == 0
    [choices] = [a for a in subcommand_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    assert set(choices.choices) == set(SUBCOMMANDS), "main() dispatches exactly the registered subcommands"
    listing = out.split("subcommands (")[1].splitlines()[1:]
    assert [line.split()[0] for line in listing] == list(choices.choices)
    assert all(len(line.split()) > 2 for line in listing), "each subcommand has its one-line help"


def private_texts(path: Path) -> list[str]:
    with Store.open(path, readonly=True) as store:
        texts = [r["explanation"] for r in store.rows("red_flags")] + [r["body"] for r in store.rows("statements")]
    assert texts and all(texts)
    return texts


def test_doctor_reports_the_facts_and_no_private_text(capsys, sample_copy: Path):
    Store.open(sample_copy).close()  # as after a first start: WAL on
    backup = make_backup(sample_copy, "manual")
    code, out = run(capsys, "doctor", "--db", str(sample_copy))
    assert code == 0, out
    for fact in (f"MatchDesk  {__version__}", "Python", "Textual", "Polars", "SQLite",
                 str(sample_copy), "bytes", "schema", "ok (quick_check)", "journal mode  wal",
                 "file mode     0600", str(backup.parent), backup.name):
        assert fact in out, fact
    lowered = out.lower()
    for text in private_texts(sample_copy):
        for start in range(0, len(text) - 20, 20):  # no 20-character piece of any private note
            assert text[start:start + 20].lower() not in lowered


def test_doctor_names_a_damaged_file_and_fails(capsys, sample_copy: Path):
    data = bytearray(sample_copy.read_bytes())
    data[4096 * 3:4096 * 3 + 512] = b"\x07" * 512  # a table page overwritten
    sample_copy.write_bytes(bytes(data))
    code, out = run(capsys, "doctor", "--db", str(sample_copy))
    assert code == 1
    assert "FAILED" in out


def test_doctor_on_a_database_not_created_yet(capsys, tmp_path: Path):
    code, out = run(capsys, "doctor", "--db", str(tmp_path / "none.db"))
    assert code == 0
    assert "not created yet" in out and "none yet" in out
    assert not (tmp_path / "none.db").exists()


@pytest.mark.parametrize("command", SUBCOMMANDS)
def test_each_subcommand_has_help(capsys, command):
    code, out = run(capsys, command, "--help")
    assert code == 0 and f"matchdesk {command}" in out
