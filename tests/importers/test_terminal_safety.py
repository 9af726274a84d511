"""What `matchdesk import`, `summary` and their error messages print never carries the escape
sequences or control characters of the user's data to the terminal."""

from __future__ import annotations

import pytest

from importers.terminal import terminal_text
from tests.importers.test_cli_data import run

HOSTILE = ["\x1b]0;window title\x07", "\x1b[2J", "\x1b[31m", "\r", "\x08", "\x9b1m", "\u202e",
           "\x1bP1;2|secret\x1b\\", "\x00", "\x7f"]
CONTROL = set(chr(c) for c in (*range(0x00, 0x09), *range(0x0B, 0x20), *range(0x7F, 0xA0))) | {"\u202e"}


def assert_clean(text: str) -> None:
    assert not CONTROL & set(text), repr(text)


@pytest.mark.parametrize("sequence", HOSTILE)
def test_sequences_and_control_characters_are_stripped(sequence):
    cleaned = terminal_text(f"Mercy{sequence} Hospital\n\tnext line")
    assert_clean(cleaned)
    assert cleaned.startswith("Mercy") and cleaned.endswith("Hospital\n next line")
    assert "secret" not in cleaned and "window title" not in cleaned


def test_import_and_summary_print_names_without_their_escapes(tmp_path, capsys):
    source = tmp_path / "hostile.csv"
    name = "Evil" + "".join(HOSTILE[:4]) + " Hospital"
    source.write_text(f"Program Name,City,Specialty,State\n\"{name}\",Akron\x1b[8m,DR,OH\n", encoding="utf-8")
    db = tmp_path / "m.db"
    assert run(["import", str(source), "--db", str(db)]) == 0
    assert run(["summary", "--db", str(db)]) == 0
    shown = capsys.readouterr()
    assert_clean(shown.out + shown.err)
    assert "Evil" in shown.out and "Hospital" in shown.out


def test_error_messages_print_file_names_without_their_escapes(tmp_path, capsys):
    missing = tmp_path / "programs\x1b]0;owned\x07\x1b[2J.csv"
    assert run(["import", str(missing), "--db", str(tmp_path / "m.db")]) == 1
    error = capsys.readouterr().err
    assert_clean(error)
    assert "does not exist" in error
