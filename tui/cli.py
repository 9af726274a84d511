"""The `matchdesk` command: open the app, or run one of the plain-text subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

SUBCOMMANDS = ("import", "export", "summary", "serve")
# The app's frames are small (a few thousand programs; one row per edit): waking Polars' thread
# pool costs more than it saves, and on a busy machine it made a one-row rescore several
# times slower (benchmarks/bench_scoring.py prints both). A value the user set wins.
APP_POLARS_THREADS = "1"


def pin_polars_threads() -> None:
    """Before Polars is imported: the thread count the app runs best with."""
    os.environ.setdefault("POLARS_MAX_THREADS", APP_POLARS_THREADS)


def _app_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="matchdesk",
        description="Research, rank and match: a terminal dashboard for residency applications.",
        epilog=f"Subcommands: {', '.join(SUBCOMMANDS)} (matchdesk SUBCOMMAND --help).",
    )
    parser.add_argument("path", nargs="?", type=Path,
                        help="database file to open (default: your database in the data directory)")
    parser.add_argument("--sample", action="store_true",
                        help="open your working copy of the bundled sample database")
    parser.add_argument("--fresh-sample", action="store_true",
                        help="with --sample: replace your copy with a new copy of the bundled sample")
    return parser


def _subcommand_parser() -> argparse.ArgumentParser:
    from importers.cli import register as register_data_commands
    from tui.serve import register as register_serve

    parser = argparse.ArgumentParser(prog="matchdesk")
    subparsers = parser.add_subparsers(dest="command", required=True)
    register_data_commands(subparsers)
    register_serve(subparsers)
    return parser


def run_subcommand(argv: list[str]) -> int:
    from desk.paths import default_db_path

    args = _subcommand_parser().parse_args(argv)
    if getattr(args, "db", None) is None:
        args.db = default_db_path()
    return args.func(args)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    if argv and argv[0] in SUBCOMMANDS:
        return run_subcommand(argv)
    args = _app_parser().parse_args(argv)
    from desk import paths

    if args.sample:
        path = paths.sample_copy(fresh=args.fresh_sample)
    else:
        path = args.path or paths.default_db_path()
    first_run = args.path is None and not args.sample and not path.exists()
    pin_polars_threads()
    from tui.app import MatchDeskApp

    app = MatchDeskApp(path, first_run=first_run)
    app.run()
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
