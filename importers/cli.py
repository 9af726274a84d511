"""The plain-text subcommands: `matchdesk import`, `matchdesk export`, `matchdesk summary`.

register(subparsers) adds them to the main parser (tui/cli.py), which sets args.db to the
user's database when --db is not given and calls args.func(args). Exit codes: 0 ok, 1 the input
was rejected (or the database refused), 2 usage. Errors print as one line on stderr.
"""

from __future__ import annotations

import argparse
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from importers.terminal import terminal_text
from registry.errors import MatchDeskError

OK, REJECTED, USAGE = 0, 1, 2


def say(text: str, *, file=None) -> None:
    """Print a line that may carry user data (names, cells, file names): never its escapes."""
    print(terminal_text(text), file=file or sys.stdout)


class UsageError(Exception):
    pass


def register(subparsers) -> None:
    from importers.export import EXPORT_TABLES, FORMATS

    p = subparsers.add_parser(
        "import", help="import programs from a CSV, TSV or Excel file",
        description="Import programs from a CSV, TSV or XLSX file (NRMP result files too). "
                    "Shows what would be added, updated and refused; writes all rows or none.")
    p.add_argument("file", type=Path, metavar="FILE", help="the file to import")
    p.add_argument("--sheet", metavar="S", help="Excel sheet: its name or number (1 = first)")
    p.add_argument("--map", action="append", default=[], metavar="FIELD=COLUMN",
                   help="read FIELD from COLUMN (repeatable); FIELD= imports FIELD from no column")
    p.add_argument("--specialties", metavar="LIST",
                   help="comma-separated specialties to import, or 'all' (default for an NRMP "
                        "result file: yours; for other files: every row)")
    p.add_argument("--dry-run", action="store_true", help="preview only: write nothing")
    p.add_argument("--skip-rejected", action="store_true",
                   help="import the good rows and leave out rows with refused values")
    p.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    p.set_defaults(func=_guarded("import", cmd_import))

    p = subparsers.add_parser(
        "export", help="export programs, rank lists, contacts and interviews",
        description="Export to CSV (one file per table), XLSX (one sheet per table) or Markdown. "
                    "Programs carry the computed columns. Private fields, red flags and your "
                    "own facts only with --include-private. Files are written whole and private "
                    "(0600); a database is never overwritten.")
    p.add_argument("--format", choices=FORMATS, default="csv", help="file format (default: csv)")
    p.add_argument("--table", action="append", choices=[*EXPORT_TABLES, "all"], metavar="T",
                   help=f"table to export (repeatable): {', '.join(EXPORT_TABLES)}, all "
                        "(default: all but red_flags)")
    p.add_argument("--out", type=Path, metavar="PATH",
                   help="output file (or folder for several CSV files)")
    p.add_argument("--include-private", action="store_true",
                   help="include private fields (statements, red flag explanations), red flags, and "
                        "your own Step 2 CK score, exam attempts and years since graduation in the "
                        "computed columns")
    p.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    p.set_defaults(func=_guarded("export", cmd_export))

    p = subparsers.add_parser(
        "summary", help="print tiers, gates, balance and top programs as plain text",
        description="Print the application list at a glance: tier counts and balance, "
                    "eligibility gates, and the top programs by fit.")
    p.add_argument("--db", type=Path, metavar="DB", help="database file (default: yours)")
    p.add_argument("--top", type=int, default=10, metavar="N", help="how many top programs (default 10)")
    p.set_defaults(func=_guarded("summary", cmd_summary))


def _guarded(name: str, handler: Callable[[argparse.Namespace], int]) -> Callable[[argparse.Namespace], int]:
    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except UsageError as error:
            say(f"matchdesk {name}: {error}", file=sys.stderr)
            return USAGE
        except MatchDeskError as error:
            say(f"matchdesk {name}: {error.title}: {error.message}", file=sys.stderr)
            return REJECTED
        except OSError as error:
            say(f"matchdesk {name}: {error.strerror or error}: {error.filename or ''}".rstrip(": "),
                  file=sys.stderr)
            return REJECTED
        except KeyboardInterrupt:
            say(f"matchdesk {name}: interrupted; nothing was written.", file=sys.stderr)
            return 130
        except Exception as error:  # a bug: no traceback here, it could quote private data
            from importers.files import report_crash

            say(f"matchdesk {name}: {report_crash(error)}", file=sys.stderr)
            return REJECTED

    run.__name__ = f"cmd_{name}"
    return run


def _db(args: argparse.Namespace) -> Path:
    if getattr(args, "db", None) is None:
        raise UsageError("no database given: use --db DB")
    return Path(args.db).expanduser()


# --- import ---------------------------------------------------------------------------------


def _overrides(pairs: list[str]) -> list[tuple[str, str]]:
    out = []
    for pair in pairs:
        if "=" not in pair:
            raise UsageError(f"--map takes FIELD=COLUMN, got '{pair}'")
        field, column = pair.split("=", 1)
        out.append((field.strip(), column.strip()))
    return out


def cmd_import(args: argparse.Namespace) -> int:
    from importers.apply import apply_import
    from importers.history import import_history
    from importers.mapping import override, save_mapping
    from importers.plan import mapping_summary, plan_import
    from importers.nrmp import parse_specialties
    from importers.prepare import open_table, suggest_mapping
    from store import Store

    overrides = _overrides(args.map)
    try:
        specialties = parse_specialties(args.specialties) if args.specialties else None
    except ValueError as error:
        raise UsageError(str(error)) from None
    db = _db(args)
    table = open_table(args.file, args.sheet)
    with tempfile.TemporaryDirectory() as scratch:
        if args.dry_run:  # a preview writes nothing, not even a new database file
            store = Store.open(db, readonly=True) if db.exists() else Store.open(Path(scratch) / "empty.db")
        else:
            store = Store.open(db)
        with store:
            mapping = suggest_mapping(store, table)
            for field, column in overrides:
                try:
                    mapping = override(mapping, field, column or None)
                except KeyError as error:
                    raise UsageError(str(error.args[0])) from None
            say(f"Columns of {table.source}:")
            say("\n".join(mapping_summary(mapping)))
            plan = plan_import(store, table, mapping, specialties=specialties)
            say("\n".join(plan.summary_lines(limit=200)))
            if plan.rejections and not args.skip_rejected:
                say(f"matchdesk import: refused: {len(plan.rejections)} value(s) in "
                      f"{len(plan.rejected_lines)} row(s); nothing was written. Fix them or use "
                      "--skip-rejected.", file=sys.stderr)
                return REJECTED
            if args.dry_run:
                say("Dry run: nothing was written.")
                return OK
            result = apply_import(store, plan, skip_rejected=args.skip_rejected)
            result.history = import_history(store, table)
            save_mapping(store, table.headers, mapping)
            say(f"Imported into {db}: {result}.")
    return OK


# --- export ---------------------------------------------------------------------------------


def cmd_export(args: argparse.Namespace) -> int:
    from importers.export import DEFAULT_TABLES, export
    from store import Store

    db = _db(args)
    tables = args.table
    if tables and "all" in tables:
        tables = [*DEFAULT_TABLES, *(["red_flags"] if args.include_private else [])]
    if tables and "red_flags" in tables and not args.include_private:
        raise UsageError("red flags are private: add --include-private to export them")
    if not db.exists():
        raise UsageError(f"{db} does not exist")
    from importers.frames import bad_cell_lines, read_frames

    with Store.open(db, readonly=True) as store:
        written = export(store, args.format, args.out, tables, include_private=args.include_private)
        for line in bad_cell_lines(read_frames(store)[1]):
            print(f"matchdesk export: {line}", file=sys.stderr)
    for path in written:
        say(f"Wrote {path}")
    return OK


# --- summary --------------------------------------------------------------------------------


def cmd_summary(args: argparse.Namespace) -> int:
    from importers.summary import summary_text
    from store import Store

    db = _db(args)
    if not db.exists():
        raise UsageError(f"{db} does not exist")
    with Store.open(db, readonly=True) as store:
        say(summary_text(store, top=args.top))
    return OK
