"""Files an import must refuse with a clear message, changing nothing and never hanging: huge
cells, damaged UTF-16, quotes without partners, pipes, devices, folders, broken links, files
over the size limit; and a file mixing UTF-8 and Windows-1252 lines, read line by line."""

from __future__ import annotations

import os
import threading
from pathlib import Path

import pytest

from importers.read import ReadError, read_table
from store import Store
from tests.importers.test_cli_data import run as cli

HEADER = "Program Name,City,Specialty,State\n"


def utf16(text: str) -> bytes:
    return b"\xff\xfe" + text.encode("utf-16-le")


def make_bad_file(kind: str, folder: Path) -> Path:
    path = folder / f"{kind.replace(' ', '-')}.csv"
    if kind == "huge cell":
        path.write_text(HEADER + f'"{"x" * 200_000}",Akron,DR,OH\n', encoding="utf-8")
    elif kind == "odd UTF-16":
        path.write_bytes(utf16(HEADER + "Mercy,Akron,DR,OH\n") + b"M")
    elif kind == "unpaired surrogate":
        path.write_bytes(utf16(HEADER) + b"\x00\xd8" + "ercy,Akron,DR,OH\n".encode("utf-16-le"))
    elif kind == "quote never closed":
        path.write_text(HEADER + "Mercy,Akron,DR,OH\n\"Hope,Dayton,DR,OH\n", encoding="utf-8")
    elif kind == "quote merges rows":
        path.write_text(HEADER + '"Mercy,Akron,DR,OH\nHope,Dayton,DR,OH\nCare,"Kent",DR,OH\n',
                        encoding="utf-8")
    elif kind == "named pipe":
        os.mkfifo(path)
    elif kind == "device":
        return Path("/dev/zero")
    elif kind == "folder":
        path.mkdir()
    elif kind == "broken link":
        path.symlink_to(folder / "moved-away.csv")
    elif kind == "too big":
        path.write_text(HEADER + "Mercy,Akron,DR,OH\n" * 200, encoding="utf-8")
    return path


BAD = {  # kind: what the message says
    "huge cell": "longer than 128 KB", "odd UTF-16": "odd number of bytes",
    "unpaired surrogate": "unpaired surrogate", "quote never closed": "line 3: a quote opens a cell here and runs to the end",
    "quote merges rows": "line 2: a quote opens a cell here and takes in line(s) 3", "named pipe": "a named pipe",
    "device": "a device", "folder": "is a folder", "broken link": "which does not exist",
    "too big": "an import reads at most",
}


@pytest.fixture
def small_limit(monkeypatch):
    """A 2 KB limit, for a "too big" file the test can write quickly."""
    import importers.read

    monkeypatch.setattr(importers.read, "IMPORT_MAX_BYTES", 2000)


def finishes(action, seconds: float = 20):
    """Run `action` in a thread; fail (rather than hang the suite) if it does not return."""
    outcome: list = []

    def target():
        try:
            outcome.append(("ok", action()))
        except BaseException as error:  # handed back to the test
            outcome.append(("error", error))

    worker = threading.Thread(target=target, daemon=True)
    worker.start()
    worker.join(seconds)
    assert outcome, f"still reading after {seconds} s"
    kind, value = outcome[0]
    if kind == "error":
        raise value
    return value


@pytest.mark.parametrize("kind", list(BAD))
def test_a_bad_file_is_refused_with_a_clear_message(kind, tmp_path, request):
    if kind == "too big":
        request.getfixturevalue("small_limit")
    path = make_bad_file(kind, tmp_path)
    with pytest.raises(ReadError) as refused:
        finishes(lambda: read_table(path))
    assert BAD[kind] in refused.value.message


@pytest.mark.parametrize("kind", ["quote merges rows", "named pipe", "odd UTF-16"])
def test_the_cli_refuses_it_and_changes_nothing(kind, sample_copy, tmp_path, capsys):
    with Store.open(sample_copy, readonly=True) as store:
        before = store.rows("programs")
    path = make_bad_file(kind, tmp_path)
    assert finishes(lambda: cli(["import", str(path), "--db", str(sample_copy)])) == 1
    error = capsys.readouterr().err
    assert BAD[kind] in error and "Traceback" not in error
    with Store.open(sample_copy, readonly=True) as store:
        assert store.rows("programs") == before


def test_mixed_utf8_and_windows_1252_lines_are_read_line_by_line(tmp_path):
    path = tmp_path / "mixed.csv"
    path.write_bytes(HEADER.encode() + "Zürich Clinic,Zürich,DR,ZH\n".encode("utf-8")
                     + "Málaga Clinic,Málaga,DR,MA\n".encode("cp1252")
                     + "Köln Clinic,Köln,DR,NW\n".encode("utf-8"))
    table = read_table(path)
    assert [row[0] for row in table.rows] == ["Zürich Clinic", "Málaga Clinic", "Köln Clinic"]
    assert any("Line(s) 3 are not UTF-8" in note for note in table.notes)


def test_a_multi_line_note_in_quotes_is_still_one_cell(tmp_path):
    path = tmp_path / "notes.csv"
    path.write_text("Program Name,City,Notes\n"
                    'Mercy,Akron,"first line, with a comma\nsecond line"\nHope,Dayton,short\n',
                    encoding="utf-8")
    table = read_table(path)
    assert table.rows == [["Mercy", "Akron", "first line, with a comma\nsecond line"],
                          ["Hope", "Dayton", "short"]]
