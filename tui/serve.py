"""`matchdesk serve`: the same app in a browser tab, through textual-serve."""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path

LOOPBACK_NAMES = {"localhost"}


def is_loopback(host: str) -> bool:
    if host in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def app_command(db: Path) -> str:
    return f"{shlex.quote(sys.executable)} -m tui.cli {shlex.quote(str(db))}"


def run(args: argparse.Namespace) -> int:
    from textual_serve.server import Server

    if not is_loopback(args.host):
        print(f"warning: serving on {args.host}: anyone who can reach this address sees your private "
              "application data. Use the default 127.0.0.1 unless you mean it.", file=sys.stderr)
    print(f"MatchDesk on http://{args.host}:{args.port}  (ctrl+c stops)", file=sys.stderr)
    server = Server(app_command(Path(args.db).expanduser().resolve()), host=args.host, port=args.port,
                    title="MatchDesk")
    try:
        server.serve()
    except KeyboardInterrupt:
        pass
    return 0


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("serve", help="serve the app to a browser on this machine",
                                   description="Serve MatchDesk to a web browser (localhost by default).")
    parser.add_argument("db", nargs="?", type=Path, help="database file (default: your database)")
    parser.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    parser.add_argument("--port", type=int, default=8000, help="port (default 8000)")
    parser.set_defaults(func=run)
