"""Keys typed during the first paint, before Textual has started, reach the spreadsheet in order
once it shows, as if typed then (tui/keys_in_order.py): in a real terminal (a pty)."""

from __future__ import annotations

import sqlite3
import sys
from pathlib import Path

from tests.ui.test_start_first_paint import drawn_lines, run_in_terminal

DOWN, CLEAR_LINE = b"\x1b[B", b"\x15"
NEW_NAME = "Typed Ahead Hospital"


def program_names(path: Path) -> dict[int, str]:
    with sqlite3.connect(path) as conn:
        names = dict(conn.execute("SELECT id, name FROM programs"))
    conn.close()
    return names


def first_by_name(path: Path, where: str = "1") -> list[int]:
    with sqlite3.connect(path) as conn:
        ids = [r[0] for r in conn.execute(f"SELECT id FROM programs WHERE {where} ORDER BY lower(name), id")]
    conn.close()
    return ids


def type_during_first_paint(path: Path, typed: bytes) -> int:
    """Start the app on `path`, type `typed` as soon as the first paint shows; its exit code."""
    first_name = drawn_lines(path, 120, 40)[3].split("…")[0].strip()[:20]
    drawn, code, before, after = run_in_terminal(
        [sys.executable, "-m", "tui.cli", str(path)], typed=typed, until=first_name.encode(), limit=60)
    assert drawn.startswith(b"\x1b[?1049h")  # typed while the first paint was on screen
    assert after == before
    return code


def renamed(before: dict[int, str], path: Path) -> list[int]:
    after = program_names(path)
    assert set(after) == set(before)
    return [i for i in before if after[i] != before[i]]


def test_down_down_then_an_edit_typed_during_the_first_paint_edits_the_third_row(sample_copy: Path) -> None:
    before, third = program_names(sample_copy), first_by_name(sample_copy)[2]
    # the edit waits for the scores; the keys after it wait with it and keep their order
    typed = DOWN + DOWN + b"e" + CLEAR_LINE + NEW_NAME.encode() + b"\rq"
    assert type_during_first_paint(sample_copy, typed) == 0  # the q at the end quit
    assert renamed(before, sample_copy) == [third]
    assert program_names(sample_copy)[third] == NEW_NAME


def test_a_search_typed_during_the_first_paint_lands_in_the_search_box(sample_copy: Path) -> None:
    [only_in_arizona] = first_by_name(sample_copy, "state = 'AZ'")
    before = program_names(sample_copy)
    typed = b"/state:AZ\re" + CLEAR_LINE + NEW_NAME.encode() + b"\rq"
    assert type_during_first_paint(sample_copy, typed) == 0
    assert renamed(before, sample_copy) == [only_in_arizona]  # the filter applied, then the edit
