"""`matchdesk serve`: its options, a clean Ctrl+C, and an edit made in a real headless browser."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import shlex
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from collections.abc import AsyncIterator, Iterator
from contextlib import asynccontextmanager, closing, contextmanager
from pathlib import Path

import aiohttp
import pytest

from tui.serve import app_command, host_warning, public_url, register, run

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
E2E_SECONDS = 50  # from server start to the saved edit; stopping the server adds at most 10 s
ANSI_SEQUENCE = re.compile(rb"\x1b(\[[0-9;?$]*[ -/]*[@-~]|\][^\x07\x1b]*(\x07|\x1b\\)|.)")


def parse(argv: list[str]) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="matchdesk")
    register(parser.add_subparsers(dest="command", required=True))
    return parser.parse_args(argv)


# --- options -------------------------------------------------------------------------------


def test_defaults_bind_to_localhost_port_8000():
    args = parse(["serve"])
    assert (args.db, args.host, args.port) == (None, "127.0.0.1", 8000)
    args = parse(["serve", "my.db", "--host", "192.168.1.20", "--port", "8123"])
    assert (args.db, args.host, args.port) == (Path("my.db"), "192.168.1.20", 8123)


@pytest.mark.parametrize("port", ["0", "65536", "http"])
def test_a_port_out_of_range_is_refused(port, capsys):
    with pytest.raises(SystemExit):
        parse(["serve", "--port", port])
    assert "--port" in capsys.readouterr().err


@pytest.mark.parametrize("host", ["127.0.0.1", "127.0.0.2", "localhost", "::1"])
def test_loopback_hosts_need_no_warning(host):
    assert host_warning(host) is None


@pytest.mark.parametrize("host", ["192.168.1.20", "10.0.0.5", "example.org", "fe80::1"])
def test_any_other_host_warns_that_the_data_is_private(host):
    warning = host_warning(host)
    assert warning is not None and host in warning and "private" in warning


def test_the_page_connects_back_to_a_bracketed_ipv6_address():
    assert public_url("127.0.0.1", 8000) == "http://127.0.0.1:8000"
    assert public_url("::1", 8000) == "http://[::1]:8000"


def test_the_app_command_quotes_the_path_for_the_shell(tmp_path):
    db = tmp_path / "it's $(touch pwned) my; file.db"
    command = app_command(db)
    assert shlex.split(command) == ["exec", sys.executable, "-m", "tui.cli", str(db)]
    # The shell textual-serve uses must run it as exactly those words, and run nothing else.
    shown = subprocess.run(["sh", "-c", command.replace("exec ", "exec printf '%s\\n' ", 1)],
                           capture_output=True, text=True, cwd=tmp_path, check=True).stdout
    assert shown.splitlines() == [sys.executable, "-m", "tui.cli", str(db)]
    assert not (tmp_path / "pwned").exists()


def test_a_missing_database_is_not_created(tmp_path, capsys):
    db = tmp_path / "typo.db"
    assert run(parse(["serve", str(db)])) == 2
    assert "no database" in capsys.readouterr().err
    assert not db.exists()


@pytest.mark.parametrize("host", ["0.0.0.0", "::"])
def test_every_address_at_once_is_refused_with_the_reason(sample_copy, capsys, host):
    assert run(parse(["serve", str(sample_copy), "--host", host])) == 2
    assert "--host" in capsys.readouterr().err


def test_a_public_host_warns_before_binding(sample_copy):
    # 192.0.2.1 is a documentation address: never this machine's, so binding fails right away.
    done = subprocess.run([sys.executable, "-m", "tui.cli", "serve", str(sample_copy),
                           "--host", "192.0.2.1", "--port", str(free_port())],
                          capture_output=True, text=True, timeout=30)
    assert done.returncode == 1
    assert "private" in done.stderr and "cannot listen on http://192.0.2.1:" in done.stderr
    assert "Traceback" not in done.stderr + done.stdout


# --- a running server ----------------------------------------------------------------------


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def live_processes(group: int) -> list[int]:
    """Processes of a process group that have not exited (zombies excluded)."""
    alive = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except (OSError, IndexError):
            continue
        if int(fields[2]) == group and fields[0] != "Z":
            alive.append(int(stat.parent.name))
    return alive


@contextmanager
def serving(db: Path, timeout: float = 20) -> Iterator[tuple[subprocess.Popen, str]]:
    """`matchdesk serve DB` on a free port, in its own process group as a terminal would run it."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", str(db), "--port", str(port)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        while True:
            if server.poll() is not None:
                pytest.fail(f"matchdesk serve exited with {server.returncode}: {server.stderr.read()!r}")
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"matchdesk serve did not listen on port {port} within {timeout} s")
                time.sleep(0.1)
        yield server, f"http://127.0.0.1:{port}"
    finally:
        if server.poll() is None:
            os.killpg(server.pid, signal.SIGINT)
            try:
                server.wait(10)
            except subprocess.TimeoutExpired:
                os.killpg(server.pid, signal.SIGKILL)
        server.communicate()


@asynccontextmanager
async def bounded(seconds: float, what: str) -> AsyncIterator[None]:
    try:
        async with asyncio.timeout(seconds):
            yield
    except TimeoutError:
        pytest.fail(f"timed out after {seconds} s waiting for {what}")


@pytest.mark.skipif(not Path("/proc/self/stat").exists(), reason="reads the process table from /proc")
@pytest.mark.parametrize("interrupt", [
    pytest.param(lambda pid: os.killpg(pid, signal.SIGINT), id="ctrl+c in its terminal"),
    pytest.param(lambda pid: os.kill(pid, signal.SIGINT), id="kill -INT"),
])
async def test_sigint_stops_the_server_and_its_apps_cleanly(sample_copy, interrupt):
    with serving(sample_copy) as (server, url):
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(f"{url}/ws?width=120&height=40") as browser:
                screen = b""
                async with bounded(30, "the app to draw its first screen"):
                    async for message in browser:
                        screen += message.data if message.type == aiohttp.WSMsgType.BINARY else b""
                        if b"MatchDesk" in screen:
                            break
                assert len(live_processes(server.pid)) > 1, "no app process was started"

                started = time.monotonic()
                interrupt(server.pid)
                async with bounded(10, "the server to close the browser's connection"):
                    async for _ in browser:
                        pass
        out, err = server.communicate(timeout=10)
        assert server.returncode == 0, err
        assert time.monotonic() - started < 8
        assert b"Traceback" not in out + err
        deadline = time.monotonic() + 3
        while live_processes(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_processes(server.pid) == [], "an app process outlived the server"


# --- end to end, in headless Chromium --------------------------------------------------------


def program_names(db: Path) -> dict[int, str]:
    with closing(sqlite3.connect(f"file:{db}?mode=ro", uri=True)) as reader:
        return dict(reader.execute("SELECT id, name FROM programs"))


def terminal_text(data: bytes) -> str:
    return ANSI_SEQUENCE.sub(b"", data).decode("utf-8", "replace")


@pytest.mark.skipif(CHROMIUM is None, reason="Chromium is not installed (apt-get install -y chromium)")
def test_an_edit_typed_in_the_browser_reaches_the_database(sample_copy, tmp_path):
    sync_api = pytest.importorskip("playwright.sync_api", reason="Playwright is not installed")
    deadline = time.monotonic() + E2E_SECONDS
    new_name = "Renamed In The Browser Hospital"
    before = program_names(sample_copy)

    def left_ms() -> float:
        return max(deadline - time.monotonic(), 0) * 1000

    with serving(sample_copy) as (_, url), sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900}, timeout=left_ms())
        try:
            page = browser.pages[0] if browser.pages else browser.new_page()
            # Hermetic: the page also asks for a web font; only the local server is reachable.
            page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url)
                       else route.abort())
            received = bytearray()  # everything the app drew, as terminal output
            page.on("websocket", lambda ws: ws.on(
                "framereceived", lambda frame: received.extend(frame if isinstance(frame, bytes) else b"")))

            def wait_for(condition, what: str) -> None:
                while not condition():
                    if time.monotonic() > deadline:
                        pytest.fail(f"{what} did not appear within the test's {E2E_SECONDS} s; the screen "
                                    f"showed: {terminal_text(bytes(received))[-600:]!r}")
                    page.wait_for_timeout(100)

            page.goto(url, timeout=left_ms())
            wait_for(lambda: any(name[:20] in terminal_text(bytes(received)) for name in before.values()),
                     "the programs table")
            page.focus(".xterm-helper-textarea")  # xterm.js reads keys from this textarea

            received.clear()
            page.keyboard.press("e")
            wait_for(lambda: "esc cancels" in terminal_text(bytes(received)), "the cell editor")
            page.keyboard.press("End")
            page.keyboard.press("Control+U")  # the Input's "delete everything left of the cursor"
            page.keyboard.type(new_name)
            page.keyboard.press("Enter")
            wait_for(lambda: new_name in program_names(sample_copy).values(), "the new name in the database")
        finally:
            browser.close()

    after = program_names(sample_copy)
    changed = {key for key in before if before[key] != after.get(key)}
    assert after.keys() == before.keys()
    assert len(changed) == 1 and after[changed.pop()] == new_name
