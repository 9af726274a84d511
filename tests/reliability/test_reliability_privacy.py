"""Privacy: files only their owner can read, exports without the private notes unless asked,
and no network connection, ever."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import socket
import stat
from collections.abc import Iterator
from pathlib import Path

import pytest

from store.store import Store
from tui.app import MatchDeskApp
from tui.cli import main as matchdesk
from tui.widgets.grid import FrameTable

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
TODAY = dt.date(2026, 11, 26)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


@pytest.fixture
def permissive_umask() -> Iterator[None]:
    """Everyone may read new files unless the program says otherwise."""
    old = os.umask(0)
    try:
        yield
    finally:
        os.umask(old)


def test_a_new_database_and_its_journal_are_private(tmp_path: Path, permissive_umask):
    path = tmp_path / "new" / "mine.db"
    with Store.open(path) as store:
        store.insert_row("programs", {"name": "A"})
        companions = [Path(f"{path}-wal"), Path(f"{path}-shm")]
        assert all(p.exists() for p in companions)
        assert [mode(p) for p in (path, *companions)] == [0o600] * 3


async def test_the_app_creates_a_private_file_on_first_run(tmp_path: Path, permissive_umask):
    path = tmp_path / "first.db"
    app = MatchDeskApp(path, first_run=True, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        assert app.workspace is not None
    assert mode(path) == 0o600


@pytest.fixture
def no_network(monkeypatch) -> list[str]:
    """Every way to reach another machine raises, and is recorded."""
    attempts: list[str] = []

    def refuse(name: str):
        def blocked(*args, **kwargs):
            attempts.append(f"{name}{args[1:] if name.startswith('socket.') else args}")
            raise OSError(f"network use in a test: {name}")
        return blocked

    for name in ("connect", "connect_ex", "sendto"):
        monkeypatch.setattr(socket.socket, name, refuse(f"socket.{name}"))
    for name in ("create_connection", "getaddrinfo", "gethostbyname"):
        monkeypatch.setattr(socket, name, refuse(name))
    return attempts


def private_texts(path: Path) -> list[str]:
    with Store.open(path, readonly=True) as store:
        texts = [r["explanation"] for r in store.rows("red_flags")] + [r["body"] for r in store.rows("statements")]
    assert texts and all(texts)
    return [text[:40] for text in texts]


async def test_edit_and_export_without_any_network_and_without_private_notes(
        tmp_path: Path, no_network: list[str], capsys):
    path = tmp_path / "sample.db"
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o600)
    app = MatchDeskApp(path, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.screen.query_one("#programs", FrameTable).move_cursor_to_key(1, "step2_min")
        await pilot.press("e", "2", "4", "4", "enter")
        await pilot.pause()
        await pilot.press("ctrl+z", "ctrl+y")
        await pilot.pause()
    with Store.open(path, readonly=True) as store:
        assert store.get("programs", 1)["step2_min"] == 244

    secrets = private_texts(path)
    outputs = {"csv": tmp_path / "csv", "xlsx": tmp_path / "out.xlsx", "md": tmp_path / "out.md"}
    for fmt, out in outputs.items():
        assert matchdesk(["export", "--format", fmt, "--table", "all", "--out", str(out), "--db", str(path)]) == 0
    capsys.readouterr()
    written = [p for out in outputs.values() for p in ([out] if out.is_file() else sorted(out.iterdir()))]
    assert len(written) >= 6
    for file in written:
        data = file.read_bytes()
        if file.suffix == ".xlsx":
            data = _xlsx_text(file)
        for secret in secrets:
            assert secret.encode() not in data, f"{file.name} holds a private note"
    assert no_network == [], f"network use: {no_network}"
    # and the check above can fail: asked for, the red flags are there
    assert matchdesk(["export", "--format", "md", "--include-private", "--out", str(outputs["md"]),
                      "--db", str(path)]) == 0
    assert secrets[0] in outputs["md"].read_text(encoding="utf-8")


def test_the_network_guard_catches_a_connection(no_network: list[str]):
    import urllib.request

    with pytest.raises(OSError):
        urllib.request.urlopen("http://127.0.0.1:9/", timeout=1)
    assert no_network


def _xlsx_text(path: Path) -> bytes:
    import zipfile

    with zipfile.ZipFile(path) as book:
        return b"".join(book.read(name) for name in book.namelist())
