"""`matchdesk serve`: its options, its guards (token, Host, Origin, session limit, nothing from
the internet), a clean Ctrl+C, and an edit made in a real headless browser."""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import select
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
from dataclasses import dataclass
from pathlib import Path

import aiohttp
import pytest

from importers.files import FILES_FOLDER_ENV
from tui.serve import app_command, host_warning, public_url, register, run

CHROMIUM = shutil.which("chromium")
CHROMIUM_FLAGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                  "--disable-component-update", "--no-first-run"]
E2E_SECONDS = 50  # from server start to the saved edit; stopping the server adds at most 10 s
PAGE_ADDRESS = re.compile(rb"open (http://\S+/\?token=(\S+))")
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
    folder = tmp_path / "it's $(touch pwned) my; folder"
    db = folder / "it's $(touch pwned) my; file.db"
    command = app_command(db)
    assert shlex.split(command) == [f"{FILES_FOLDER_ENV}={folder}", "exec", sys.executable, "-m",
                                    "tui.cli", str(db)]
    # The shell textual-serve uses must run it as exactly those words, and run nothing else.
    def shell(command: str) -> list[str]:
        return subprocess.run(["sh", "-c", command], capture_output=True, text=True, cwd=tmp_path,
                              check=True).stdout.splitlines()

    assert shell(command.replace("exec ", "exec printf '%s\\n' ", 1)) == [sys.executable, "-m", "tui.cli", str(db)]
    assert shell(command.split(" exec ")[0] + f" exec printenv {FILES_FOLDER_ENV}") == [str(folder)]
    assert not (tmp_path / "pwned").exists()


def test_a_missing_database_is_not_created(tmp_path, capsys):
    db = tmp_path / "typo.db"
    assert run(parse(["serve", str(db)])) == 2
    assert "no database" in capsys.readouterr().err
    assert not db.exists()


def test_a_files_folder_that_is_not_a_folder_is_refused(sample_copy, capsys):
    assert run(parse(["serve", str(sample_copy), "--files-folder", str(sample_copy)])) == 2
    assert "not a folder" in capsys.readouterr().err


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


@dataclass
class Served:
    server: subprocess.Popen
    base: str  # http://127.0.0.1:PORT
    page: str  # the address printed: the base with ?token=
    token: str

    def ws(self, token: str | None = None) -> str:
        return f"ws{self.base[4:]}/ws/{self.token if token is None else token}?width=120&height=40"


@contextmanager
def serving(db: Path, *options: str, timeout: float = 20) -> Iterator[Served]:
    """`matchdesk serve DB` on a free port, in its own process group as a terminal would run it;
    ready once it has printed the address to open."""
    port = free_port()
    server = subprocess.Popen([sys.executable, "-m", "tui.cli", "serve", str(db), "--port", str(port),
                               *options],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, start_new_session=True)
    try:
        deadline = time.monotonic() + timeout
        printed = b""
        while not (found := PAGE_ADDRESS.search(printed)):
            if server.poll() is not None:
                pytest.fail(f"matchdesk serve exited with {server.returncode}: {server.stderr.read()!r}")
            if time.monotonic() > deadline:
                pytest.fail(f"matchdesk serve printed no address within {timeout} s: {printed!r}")
            if select.select([server.stdout], [], [], 0.2)[0]:
                printed += os.read(server.stdout.fileno(), 4096)
        while True:  # the address is printed just before the server listens
            try:
                socket.create_connection(("127.0.0.1", port), timeout=0.5).close()
                break
            except OSError:
                if time.monotonic() > deadline:
                    pytest.fail(f"matchdesk serve did not listen on port {port} within {timeout} s")
                time.sleep(0.1)
        yield Served(server, f"http://127.0.0.1:{port}", found[1].decode(), found[2].decode())
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
    with serving(sample_copy) as served:
        server = served.server
        async with aiohttp.ClientSession() as session:
            async with session.ws_connect(served.ws()) as browser:
                screen = b""
                async with bounded(30, "the app to draw its first screen"):
                    async for message in browser:
                        screen += message.data if message.type == aiohttp.WSMsgType.BINARY else b""
                        if b"MatchDesk" in screen:
                            break
                assert len(live_processes(server.pid)) > 1, "no app process was started"

                interrupt(server.pid)
                async with bounded(10, "the server to close the browser's connection"):
                    async for _ in browser:
                        pass
        out, err = server.communicate(timeout=10)
        assert server.returncode == 0, err
        assert b"Traceback" not in out + err
        deadline = time.monotonic() + 3
        while live_processes(server.pid) and time.monotonic() < deadline:
            time.sleep(0.1)
        assert live_processes(server.pid) == [], "an app process outlived the server"


# --- the guards ------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def guarded(tmp_path_factory) -> Iterator[Served]:
    """One server for the guard tests, with room for one session only."""
    from tests.conftest import SAMPLE_DB

    db = tmp_path_factory.mktemp("served") / "sample-copy.db"
    shutil.copyfile(SAMPLE_DB, db)
    db.chmod(0o600)
    with serving(db, "--max-sessions", "1") as served:
        yield served


async def status_of(url: str, **headers: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as session, session.get(url, headers=headers,
                                                                  allow_redirects=False) as response:
        return response.status, await response.text(errors="replace")


async def test_the_page_needs_the_token(guarded):
    assert (await status_of(guarded.page))[0] == 200
    for address in (guarded.base + "/", f"{guarded.base}/?token=", f"{guarded.base}/?token=guess"):
        status, text = await status_of(address)
        assert status == 403 and "token" in text
        assert guarded.token not in text


async def test_another_host_name_is_refused(guarded):
    # DNS rebinding: evil.example resolves to 127.0.0.1, so its page reaches this port by name.
    port = guarded.base.rsplit(":", 1)[1]
    for host in (f"evil.example:{port}", "127.0.0.1:1", "evil.example"):
        assert (await status_of(guarded.page, Host=host))[0] == 403
    assert (await status_of(guarded.page, Host=f"localhost:{port}"))[0] == 200


async def test_another_origin_is_refused(guarded):
    assert (await status_of(guarded.page, Origin="http://evil.example"))[0] == 403
    assert (await status_of(guarded.page, Origin=guarded.base))[0] == 200


@pytest.mark.parametrize("case", ["no token", "wrong token", "wrong origin", "wrong host"])
async def test_the_websocket_refuses_strangers(guarded, case):
    address = guarded.ws("" if case == "no token" else "guess" if case == "wrong token" else None)
    headers = {"wrong origin": {"Origin": "http://evil.example"},
               "wrong host": {"Host": "evil.example"}}.get(case, {})
    async with aiohttp.ClientSession() as session:
        with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
            await session.ws_connect(address, headers=headers)
    assert refused.value.status in (403, 404)


async def test_sessions_beyond_the_limit_are_refused(guarded):
    async with aiohttp.ClientSession() as session:
        async with session.ws_connect(guarded.ws(), headers={"Origin": guarded.base}) as first:
            async with bounded(30, "the first session's app"):
                async for message in first:
                    if message.type == aiohttp.WSMsgType.BINARY and b"MatchDesk" in message.data:
                        break
            with pytest.raises(aiohttp.WSServerHandshakeError) as refused:
                await session.ws_connect(guarded.ws())
            assert refused.value.status == 429
            assert (await status_of(guarded.page))[0] == 429
    async with bounded(15, "room for a session once the first one closed"):
        while (await status_of(guarded.page))[0] != 200:
            await asyncio.sleep(0.1)


ASSET_REFERENCE = re.compile(r"""(?:src|href)\s*=\s*["']([^"']+)["']|url\(\s*["']?([^"')]+)""")


async def test_the_page_and_its_assets_are_all_local(guarded):
    """Offline means offline: nothing the page references lives on another server."""
    status, html = await status_of(guarded.page)
    assert status == 200
    seen, queue = set(), [("page", html)]
    while queue:
        _, text = queue.pop()
        for match in ASSET_REFERENCE.finditer(text):
            reference = match[1] or match[2]
            if reference.startswith("data:") or reference in seen:
                continue
            assert reference.startswith("/") and not reference.startswith("//"), reference
            seen.add(reference)
            status, body = await status_of(guarded.base + reference)
            assert status == 200, reference
            if reference.endswith(".css"):
                queue.append((reference, body))
    assert {"/static/js/textual.js", "/static/css/xterm.css"} <= seen
    assert any(reference.endswith(".ttf") for reference in seen)  # the bundled font
    assert "googleapis" not in html and "http://" not in html.replace(guarded.base, "")
    async with aiohttp.ClientSession() as session, session.get(guarded.page) as response:
        policy = response.headers["Content-Security-Policy"]
    assert "default-src 'self'" in policy and "frame-ancestors 'none'" in policy


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

    with serving(sample_copy) as served, sync_api.sync_playwright() as playwright:
        url = served.base
        browser = playwright.chromium.launch_persistent_context(
            tmp_path / "chromium-profile", executable_path=CHROMIUM, headless=True, args=CHROMIUM_FLAGS,
            viewport={"width": 1400, "height": 900}, timeout=left_ms())
        try:
            page = browser.pages[0] if browser.pages else browser.new_page()
            # Hermetic: only the local server is reachable (the page asks for nothing else).
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

            page.goto(served.page, timeout=left_ms())
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
