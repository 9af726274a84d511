"""The `matchdesk` command: open the app, or run one of the plain-text subcommands."""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

__version__ = "0.1.0"  # the package's one version number (pyproject.toml reads it from here)

SUBCOMMANDS = ("import", "export", "summary", "doctor", "backup", "restore", "forget-history", "serve",
               "completion")
SHELLS = ("bash", "zsh", "fish")
# The app's frames are small (a few thousand programs; one row per edit): waking Polars' thread
# pool costs more than it saves, and on a busy machine it made a one-row rescore several
# times slower (benchmarks/bench_scoring.py prints both). A value the user set wins.
APP_POLARS_THREADS = "1"


# Polars' allocator (jemalloc) keeps freed pages for ten seconds by default, so at start-up
# the pages freed by reading are still held while scoring and the first paint allocate new
# ones: handing them back at once keeps 50,000 programs under 200 MB at their peak
# (benchmarks/bench_terminal.py prints it). A value the user set wins.
APP_ALLOCATOR_CONF = "dirty_decay_ms:0,muzzy_decay_ms:0"


def pin_polars_threads() -> None:
    """Before Polars is imported: the thread count the app runs best with."""
    os.environ.setdefault("POLARS_MAX_THREADS", APP_POLARS_THREADS)


def return_freed_memory() -> None:
    """Before Polars is imported: freed memory goes back to the system at once."""
    os.environ.setdefault("_RJEM_MALLOC_CONF", APP_ALLOCATOR_CONF)


class AppParser(argparse.ArgumentParser):
    """The app's own options; its help lists the subcommands, whose parsers (and the importers,
    the doctor and the server they load) are built only when that help is asked for."""

    def format_help(self) -> str:
        self.epilog = ("subcommands (matchdesk SUBCOMMAND --help shows each one's options):\n"
                       + "\n".join(subcommand_lines()))
        return super().format_help()


def _app_parser() -> argparse.ArgumentParser:
    parser = AppParser(
        prog="matchdesk",
        description="Research, rank and match: a terminal dashboard for residency applications.",
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("path", nargs="?", type=Path,
                        help="database file to open (default: your database in the data directory)")
    add_app_options(parser)
    return parser


def add_app_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("--version", action="version", version=f"matchdesk {__version__}")
    parser.add_argument("--sample", action="store_true",
                        help="open your working copy of the bundled sample database")
    parser.add_argument("--fresh-sample", action="store_true",
                        help="with --sample: replace your copy with a new copy of the bundled sample")


def subcommand_parser(*, required: bool = True) -> argparse.ArgumentParser:
    from importers.cli import register as register_data_commands
    from tui.doctor import register as register_doctor
    from tui.serve import register as register_serve

    parser = argparse.ArgumentParser(prog="matchdesk")
    subparsers = parser.add_subparsers(dest="command", required=required, metavar="SUBCOMMAND")
    register_data_commands(subparsers)
    register_doctor(subparsers)
    register_backup_commands(subparsers)
    register_serve(subparsers)
    completion = subparsers.add_parser(
        "completion", help="print the shell code that completes matchdesk's options on Tab",
        description="Print the code that completes matchdesk's subcommands, options and file "
                    "names on Tab. Add to ~/.bashrc:  eval \"$(matchdesk completion bash)\"  "
                    "(zsh: the same in ~/.zshrc; fish: matchdesk completion fish | source).")
    completion.add_argument("shell", choices=SHELLS, help="your shell")
    completion.set_defaults(func=cmd_completion)
    return parser


def subcommand_lines() -> list[str]:
    """One line per subcommand: its name and its help, as each register() wrote them."""
    [choices] = [a for a in subcommand_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    width = max(len(choice.dest) for choice in choices._choices_actions)
    return [f"  {choice.dest:<{width}}  {choice.help}" for choice in choices._choices_actions]


# --- backup and restore ---------------------------------------------------------------------


def register_backup_commands(subparsers: argparse._SubParsersAction) -> None:
    from importers.cli import _guarded  # one line on stderr and exit 1 for a refusal

    parser = subparsers.add_parser(
        "backup", help="back the database up now, or list its backups",
        description="Copy the database into the backups folder beside it (kept until you delete "
                    "it), or list the backups with --list. MatchDesk also backs up on the first "
                    "start of each day and before every import, upgrade and restore.")
    parser.add_argument("--list", action="store_true", help="list the backups, newest first")
    parser.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    parser.set_defaults(func=_guarded("backup", cmd_backup))

    parser = subparsers.add_parser(
        "restore", help="put a backup in place of the database (after backing it up)",
        description="Check BACKUP (integrity and schema), back the current database up, then "
                    "restore BACKUP into it. Quit MatchDesk windows on this file first.")
    parser.add_argument("backup", type=Path, metavar="BACKUP", help="the backup file to restore")
    parser.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    parser.set_defaults(func=_guarded("restore", cmd_restore))

    parser = subparsers.add_parser(
        "forget-history", help="clear the undo history (after backing the database up)",
        description="Back the database up, then clear its undo history and rewrite the file, so "
                    "text you deleted (a red flag, an old statement) is no longer in it. Undo has "
                    "nothing to undo afterwards; the backup still holds the history.")
    parser.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    parser.set_defaults(func=_guarded("forget-history", cmd_forget_history))


def cmd_backup(args: argparse.Namespace) -> int:
    from store.backup import list_backup_details, make_backup

    if args.list:
        details = list_backup_details(args.db)
        print("\n".join(f"{d.label()}  {d.backup.path}" for d in details) or f"No backups of {args.db} yet.")
        return 0
    print(f"Backed up {args.db} to {make_backup(args.db, 'manual')}")
    return 0


def cmd_restore(args: argparse.Namespace) -> int:
    from store.backup import restore_backup

    before = restore_backup(args.backup, args.db)
    kept = f"; the file as it was is in {before}" if before else ""
    print(f"Restored {args.backup} into {args.db}{kept}.")
    return 0


def cmd_forget_history(args: argparse.Namespace) -> int:
    from importers.cli import UsageError
    from store import Store

    if not Path(args.db).exists():
        raise UsageError(f"{args.db} does not exist")
    with Store.open(args.db, create=False) as store:
        backup = store.forget_history()
    print(f"Forgot the undo history of {args.db}; the file as it was is in {backup}.")
    return 0


# --- shell completion ------------------------------------------------------------------------


def cmd_completion(args: argparse.Namespace) -> int:
    import argcomplete

    print(argcomplete.shellcode(["matchdesk"], shell=args.shell))
    return 0


def complete() -> None:
    """Answer the shell's Tab (the code from `matchdesk completion` runs matchdesk with
    _ARGCOMPLETE set) and exit. One parser holds both the subcommands and the app's options."""
    import argcomplete

    parser = subcommand_parser(required=False)  # options alone open the app
    add_app_options(parser)
    argcomplete.autocomplete(parser)


# --- entry point ----------------------------------------------------------------------------


def run_subcommand(argv: list[str]) -> int:
    from store.paths import default_db_path

    args = subcommand_parser().parse_args(argv)
    if getattr(args, "db", None) is None:
        args.db = default_db_path()
    return args.func(args)


def main(argv: list[str] | None = None) -> int:
    try:
        return _main(argv)
    except KeyboardInterrupt:  # kill -INT while starting up (a started app quits on it itself)
        return 130  # no traceback: the file is as the last commit left it


def _main(argv: list[str] | None) -> int:
    if "_ARGCOMPLETE" in os.environ:
        complete()
    argv = sys.argv[1:] if argv is None else argv
    if getattr(sys, "frozen", False) and argv[:2] == ["-m", "tui.cli"]:
        argv = argv[2:]  # `matchdesk serve` starts each session as `<python> -m tui.cli DB`
    if argv and argv[0] in SUBCOMMANDS:
        return run_subcommand(argv)
    args = _app_parser().parse_args(argv)
    if args.path is not None and not args.sample:
        path, first_run = args.path, False  # the store package (sqlite_utils) loads after the first paint
    else:
        from store import paths

        path = paths.sample_copy(fresh=args.fresh_sample) if args.sample else paths.default_db_path()
        first_run = not args.sample and not path.exists()
    pin_polars_threads()
    return_freed_memory()
    from tui import first_paint

    # The first screenful is on screen before Textual and Polars are even imported.
    handover = None if first_run else first_paint.paint(path)
    try:
        from tui.app import MatchDeskApp

        app = MatchDeskApp(path, first_run=first_run, handover=handover)
        app.run()
    finally:
        if handover is not None:
            handover.restore()  # Textual never started: the terminal as it was
    return app.return_code or 0


if __name__ == "__main__":
    sys.exit(main())
