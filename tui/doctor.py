"""`matchdesk doctor`: the facts a person pastes when asking for help, and nothing private.

It reports versions, where the database is and what state it is in, and where the backups are;
it never prints a value from the database (only counts, sizes, pragmas and file names).
"""

from __future__ import annotations

import argparse
import importlib
import platform
import sqlite3
import stat
import sys
from pathlib import Path

OK, PROBLEM = 0, 1


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "doctor", help="print versions and the database's health, to paste when asking for help",
        description="Print MatchDesk's, Python's and the libraries' versions, and the database's "
                    "path, size, schema, integrity, journal mode, file mode and newest backup. "
                    "Prints no notes or other private text. Exit code 1 when a problem is found.")
    parser.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    parser.set_defaults(func=run)


def run(args: argparse.Namespace) -> int:
    lines, healthy = report(Path(args.db).expanduser())
    print("\n".join(lines))
    return OK if healthy else PROBLEM


def library_version(module: str) -> str:
    try:
        return str(importlib.import_module(module).__version__)
    except (ImportError, AttributeError):
        from importlib.metadata import PackageNotFoundError, version

        try:
            return version(module)
        except PackageNotFoundError:
            return "not found"


def report(db: Path) -> tuple[list[str], bool]:
    from tui.cli import __version__

    lines = [
        f"MatchDesk  {__version__}{' (one-file bundle)' if getattr(sys, 'frozen', False) else ''}",
        f"Python     {platform.python_version()} ({platform.system()} {platform.machine()})",
        f"Textual    {library_version('textual')}",
        f"Polars     {library_version('polars')}",
        f"SQLite     {sqlite3.sqlite_version}",
        f"Database   {db.absolute()}",
    ]
    healthy = True
    if db.is_file():
        facts, healthy = database_facts(db)
        lines += [f"  {name:<14}{value}" for name, value in facts]
    else:
        lines.append("  not created yet (MatchDesk creates it on first start)")
    lines += backup_lines(db)
    return lines, healthy


def database_facts(db: Path) -> tuple[list[tuple[str, str]], bool]:
    from store.backup import human_size
    from store.schema import SCHEMA_VERSION

    info = db.stat()
    mode = stat.S_IMODE(info.st_mode)
    facts = [("size", f"{human_size(info.st_size)} ({info.st_size} bytes)"),
             ("file mode", f"{mode:04o}" + ("" if mode & 0o077 == 0 else
                                            "  (others can read it: chmod 600 it)"))]
    try:
        connection = sqlite3.connect(db.absolute().as_uri() + "?mode=ro", uri=True, timeout=5)
    except sqlite3.Error as error:
        return [*facts, ("opens", f"no ({error})")], False
    try:
        version = connection.execute("PRAGMA user_version").fetchone()[0]
        check = connection.execute("PRAGMA quick_check").fetchone()[0]
        journal = connection.execute("PRAGMA journal_mode").fetchone()[0]
    except sqlite3.Error as error:
        return [*facts, ("integrity", f"FAILED: {error}")], False
    finally:
        connection.close()
    newer = version > SCHEMA_VERSION
    facts += [("schema", f"version {version} (this MatchDesk reads up to {SCHEMA_VERSION})"
                         + ("  NEWER: update MatchDesk" if newer else "")),
              ("integrity", "ok (quick_check)" if check == "ok" else f"FAILED: {check.splitlines()[0]}"),
              ("journal mode", journal)]
    return facts, check == "ok" and not newer


def backup_lines(db: Path) -> list[str]:
    from store.backup import backup_folder, human_size, list_backups

    folder = backup_folder(db)
    lines = [f"Backups    {folder}"]
    backups = list_backups(db)
    if not backups:
        return [*lines, "  none yet (one is made on the first start of each day)"]
    newest = backups[0]
    return [*lines, f"  newest        {newest.path.name}  ({newest.taken_at:%Y-%m-%d %H:%M}, "
                    f"{newest.reason}, {human_size(newest.size)})",
            f"  count         {len(backups)}"]
