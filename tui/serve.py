"""`matchdesk serve`: the same app in a browser tab, through textual-serve.

textual-serve starts one app process per browser connection by running `app_command` through the
shell, and relays the terminal over a websocket that the page opens back to the address it was
served from.

Only the person who started the server gets in: the page and the websocket need a secret made
for this run (printed in the address, as Jupyter does); requests naming another host (DNS
rebinding) or sent from another site's page are refused; at most a few sessions run at once;
and the page loads nothing from the internet.
"""

from __future__ import annotations

import argparse
import hmac
import ipaddress
import secrets
import shlex
import sys
from pathlib import Path

from importers.files import FILES_FOLDER_ENV
from importers.terminal import terminal_text
from registry.settings import SERVE_MAX_SESSIONS

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
LOOPBACK_NAMES = {"localhost"}
LOOPBACK_HOSTS = ("localhost", "127.0.0.1", "[::1]")  # what a browser on this machine may call us
PAGE_FOLDER = Path(__file__).parent / "serve_page"  # our page template: no font from the internet
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


def app_command(db: Path, files_folder: Path | None = None) -> str:
    """The shell command for one session: the app on `db`, kept to `files_folder` (default: the
    database's folder) for imports, exports and briefs."""
    folder = files_folder or db.parent
    # exec: the app replaces the shell, so the process textual-serve watches and stops is the app.
    return (f"{FILES_FOLDER_ENV}={shlex.quote(str(folder))} "
            f"exec {shlex.quote(sys.executable)} -m tui.cli {shlex.quote(str(db))}")


def allowed_hosts(host: str, port: int) -> set[str]:
    """The Host headers a request may carry: the address bound, and for a loopback address the
    names this machine's browser may use for it. Any other name is a DNS-rebinding attempt."""
    names = {f"[{host}]" if ":" in host else host}
    if is_loopback(host):
        names |= set(LOOPBACK_HOSTS)
    return {f"{name}:{port}" for name in names} | ({*names} if port == 80 else set())


def allowed_origins(host: str, port: int) -> set[str]:
    return {f"http://{name}" for name in allowed_hosts(host, port)}


def same_secret(given: str | None, token: str) -> bool:
    return given is not None and hmac.compare_digest(given.encode(), token.encode())


def host_warning(host: str) -> str | None:
    if is_loopback(host):
        return None
    return (f"warning: serving on {host}: anyone who can reach this address can read and change your "
            f"private application data. Use the default {DEFAULT_HOST} unless you mean it.")


def make_server(db: Path, host: str, port: int, *, token: str | None = None,
                max_sessions: int = SERVE_MAX_SESSIONS, files_folder: Path | None = None):
    """textual-serve's server, guarded (token, Host, Origin, session limit), with a one-line
    banner, quiet request logs and a prompt Ctrl+C."""
    # Imported here: aiohttp and textual-serve take seconds to load, and the other subcommands
    # build this module's parser too.
    import asyncio
    import logging

    import aiohttp_jinja2
    import jinja2
    from aiohttp import web
    from textual_serve.server import Server, to_int

    secret = token or secrets.token_urlsafe(32)
    hosts, origins = allowed_hosts(host, port), allowed_origins(host, port)

    def refused(status: type[web.HTTPException], reason: str) -> web.HTTPException:
        return status(text=f"MatchDesk: {reason}\n", content_type="text/plain")

    @web.middleware
    async def guard(request: web.Request, handler):
        if request.headers.get("Host") not in hosts:
            raise refused(web.HTTPForbidden, "this server answers only to its own address.")
        origin = request.headers.get("Origin")
        if origin is not None and origin not in origins:
            raise refused(web.HTTPForbidden, "requests from other sites' pages are refused.")
        response = await handler(request)
        response.headers.setdefault("Referrer-Policy", "no-referrer")  # the token stays here
        response.headers.setdefault("X-Frame-Options", "DENY")
        return response

    class MatchDeskServer(Server):
        def __init__(self) -> None:
            super().__init__(app_command(db, files_folder), host=host, port=port, title="MatchDesk",
                             public_url=public_url(host, port), templates_path=PAGE_FOLDER)
            self.sessions: set[asyncio.Task] = set()
            self.token = secret
            self.max_sessions = max_sessions

        @property
        def page_url(self) -> str:
            return f"{self.public_url}/?token={self.token}"

        async def _make_app(self) -> web.Application:
            # textual-serve's routes minus its file downloads (MatchDesk delivers none) and its
            # static folder listing; every route behind the guard.
            app = web.Application(middlewares=[guard])
            aiohttp_jinja2.setup(app, loader=jinja2.FileSystemLoader(self.templates_path),
                                 autoescape=True)
            app.add_routes([
                web.get("/", self.handle_index, name="index"),
                web.get("/ws/{token}", self.handle_websocket, name="websocket"),
                web.static("/static", self.statics_path, name="static"),
            ])
            app.on_startup.append(self.on_startup)
            app.on_shutdown.append(self.on_shutdown)
            return app

        def check_room(self) -> None:
            if len(self.sessions) >= self.max_sessions:
                raise refused(web.HTTPTooManyRequests,
                              f"already {len(self.sessions)} session(s) open, the most this server "
                              "runs at once (--max-sessions): close a tab and reload.")

        async def handle_index(self, request: web.Request) -> web.Response:
            if not same_secret(request.query.get("token"), self.token):
                raise refused(web.HTTPForbidden, "open the address `matchdesk serve` printed, "
                                                 "with its token.")
            self.check_room()
            context = {"title": self.title, "static_url": "/static/",
                       "font_size": to_int(request.query.get("fontsize", "16"), 16),
                       "websocket_url": f"ws://{request.host}/ws/{self.token}"}
            response = aiohttp_jinja2.render_template("app_index.html", request, context)
            response.headers["Cache-Control"] = "no-store"
            # The browser itself refuses anything from another server.
            response.headers["Content-Security-Policy"] = (
                "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; "
                f"img-src 'self' data:; connect-src 'self' ws://{request.host}; frame-ancestors 'none'")
            return response

        def initialize_logging(self) -> None:
            # Every static file request would otherwise be logged; failures still are.
            logging.basicConfig(level=logging.WARNING, format="%(name)s: %(message)s")

        async def on_startup(self, app: web.Application) -> None:
            print(f"MatchDesk: serving {terminal_text(str(db))}\n  open {self.page_url}\n  (ctrl+c stops)",
                  flush=True)

        async def handle_websocket(self, request: web.Request) -> web.WebSocketResponse:
            if not same_secret(request.match_info["token"], self.token):
                raise refused(web.HTTPForbidden, "wrong token.")
            self.check_room()
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
        shown = terminal_text(str(db))
        print(f"matchdesk serve: no database at {shown}. Open it once with `matchdesk {shown}` "
              "(or `matchdesk --sample`), then serve it.", file=sys.stderr)
        return 2
    if is_unspecified(args.host):
        print(f"matchdesk serve: cannot serve on {args.host}: the page connects back to the address it "
              "was served from, so give this machine's own address, e.g. --host 192.168.1.20.",
              file=sys.stderr)
        return 2
    files_folder = Path(args.files_folder).expanduser().resolve() if args.files_folder else None
    if files_folder is not None and not files_folder.is_dir():
        print(f"matchdesk serve: --files-folder {terminal_text(str(files_folder))} is not a folder.",
              file=sys.stderr)
        return 2
    if warning := host_warning(args.host):
        print(warning, file=sys.stderr)
    try:
        make_server(db, args.host, args.port, max_sessions=args.max_sessions,
                    files_folder=files_folder).serve()
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


def session_count(text: str) -> int:
    count = int(text)
    if count < 1:
        raise argparse.ArgumentTypeError(f"{text}: at least 1 session")
    return count


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "serve", help="serve the app to a web browser (this machine only by default)",
        description="Serve the full MatchDesk app to a web browser, one app per browser tab. "
                    "Binds to 127.0.0.1 (this machine only) unless --host says otherwise. "
                    "Open the address it prints: its token is the key. Ctrl+C stops it.")
    parser.add_argument("db", nargs="?", type=Path, help="database file (default: your database)")
    parser.add_argument("--host", default=DEFAULT_HOST,
                        help=f"address to bind (default {DEFAULT_HOST}; any other address exposes your data)")
    parser.add_argument("--port", type=port_number, default=DEFAULT_PORT,
                        help=f"port (default {DEFAULT_PORT})")
    parser.add_argument("--max-sessions", type=session_count, default=SERVE_MAX_SESSIONS, metavar="N",
                        help=f"browser tabs served at once (default {SERVE_MAX_SESSIONS})")
    parser.add_argument("--files-folder", type=Path, metavar="DIR",
                        help="the only folder the served app imports from and exports to "
                             "(default: the database's folder)")
    parser.set_defaults(func=run)
