"""`matchdesk serve`: the same app in a browser tab, through textual-serve.

textual-serve starts one app process per browser connection by running `app_command` through the
shell, and relays the terminal over a websocket that the page opens back to the address it was
served from.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = {"localhost"}
SESSION_STOP_SECONDS = 5  # how long Ctrl+C waits for open browser sessions' apps to quit


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def is_unspecified(host: str) -> bool:
    """0.0.0.0 or ::, "every address": not one the page could connect back to."""
    try:
        return ipaddress.ip_address(host).is_unspecified
    except ValueError:
        return False


def public_url(host: str, port: int) -> str:
    """The address the page connects its websocket back to (IPv6 literals need brackets)."""
    return f"http://[{host}]:{port}" if ":" in host else f"http://{host}:{port}"


def app_command(db: Path) -> str:
    # exec: the app replaces the shell, so the process textual-serve watches and stops is the app.
    return f"exec {shlex.quote(sys.executable)} -m tui.cli {shlex.quote(str(db))}"


def host_warning(host: str) -> str | None:
    if is_loopback(host):
        return None
    return (f"warning: serving on {host}: anyone who can reach this address can read and change your "
            f"private application data. Use the default {DEFAULT_HOST} unless you mean it.")


def make_server(db: Path, host: str, port: int):
    """textual-serve's server with a one-line banner, quiet request logs and a prompt Ctrl+C."""
    # Imported here: aiohttp and textual-serve take seconds to load, and the other subcommands
    # build this module's parser too.
    import asyncio
    import logging

    from aiohttp import web
    from textual_serve.server import Server

    class MatchDeskServer(Server):
        def __init__(self) -> None:
            super().__init__(app_command(db), host=host, port=port, title="MatchDesk",
                             public_url=public_url(host, port))
            self.sessions: set[asyncio.Task] = set()

        def initialize_logging(self) -> None:
            # Every static file request would otherwise be logged; failures still are.
            logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            print(f"MatchDesk: serving {db} at {self.public_url}  (ctrl+c stops)", flush=True)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            session = asyncio.current_task()
            self.sessions.add(session)
            try:
                return await super().handle_websocket(request)
            finally:
                self.sessions.discard(session)

        async def on_shutdown(self, app: web.Application) -> None:
            # aiohttp waits for open handlers before it stops, so an open browser tab would hold
            # the stop for many seconds. Cancelling a session closes its websocket and tells its
            # app to quit.
            for session in self.sessions:
                session.cancel()
            if self.sessions:
                await asyncio.wait(self.sessions, timeout=SESSION_STOP_SECONDS)

    return MatchDeskServer()


def run(args: argparse.Namespace) -> int:
    db = Path(args.db).expanduser().resolve()
    if not db.is_file():
        print(f"matchdesk serve: no database at {db}. Open it once with `matchdesk {db}` "
              "(or `matchdesk --sample`), then serve it.", file=sys.stderr)
        return 2
    if is_unspecified(args.host):
        print(f"matchdesk serve: cannot serve on {args.host}: the page connects back to the address it "
              "was served from, so give this machine's own address, e.g. --host 192.168.1.20.",
              file=sys.stderr)
        return 2
    if warning := host_warning(args.host):
        print(warning, file=sys.stderr)
    try:
        make_server(db, args.host, args.port).serve()
    except OSError as error:
        print(f"matchdesk serve: cannot listen on {public_url(args.host, args.port)}: "
              f"{error.strerror or error}", file=sys.stderr)
        return 1
    except KeyboardInterrupt:  # ctrl+c before the server installed its own handler
        pass
    return 0


def port_number(text: str) -> int:
    port = int(text)
    if not 1 <= port <= 65535:
        raise argparse.ArgumentTypeError(f"{text} is not a port (1-65535)")
    return port


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the app to a web browser (this machine only by default)",
        description="Serve the full MatchDesk app to a web browser, one app per browser tab. "
                    "Binds to 127.0.0.1 (this machine only) unless --host says otherwise. "
                    "Ctrl+C stops it.")
    parser.add_argument("db", nargs="?", type=Path, help="database file (default: your database)")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to bind (default {DEFAULT_HOST}; any other address exposes your data)")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT})")
    parser.set_defaults(func=run)
