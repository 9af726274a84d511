"""The undo log's cost on every edit: one committed cell edit at 5,000 programs, before and
after a 50,000-row import has grown the change log, with and without the partial index on
undone entries (each write drops the redo history: without the index that scanned the log).
Also what every write spends making sure the file is still the one opened (the looks before
it and the note after it), and an import through the bulk writer (as importers/apply.py
writes one): its undo and redo, and reading a program's provenance (the detail pane, at each
move) when the import's provenance is a range per field.

    python benchmarks/bench_undo_log.py [--runs 50]
"""

from __future__ import annotations

import argparse
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE.parent))
sys.path.insert(0, str(HERE))

from store import Store  # noqa: E402
from store.bulk import bulk_write  # noqa: E402
from synthetic_db import synthetic_db  # noqa: E402

IMPORT_ROWS = 50_000


def edit_ms(path: Path, runs: int) -> tuple[float, int]:
    """Median milliseconds of one committed edit, and the change log's length."""
    with Store.open(path) as store:
        program = store.rows("programs", "id = (SELECT min(id) FROM programs)")[0]["id"]
        times = []
        for n in range(runs):
            started = time.perf_counter()
            store.set_value("programs", program, "notes", f"edit {n}")
            times.append((time.perf_counter() - started) * 1000)
        length = store.conn.execute("SELECT count(*) FROM change_log").fetchone()[0]
    return statistics.median(times), length


def file_check_us(path: Path, runs: int) -> float:
    """Median microseconds a write spends on the file: the look before it, the look again
    before COMMIT and the note after it."""
    with Store.open(path) as store:
        times = []
        for _ in range(runs):
            started = time.perf_counter()
            store.check_file()
            store._file.change()
            store._file.record()
            times.append((time.perf_counter() - started) * 1e6)
    return statistics.median(times)


def bulk_import_s(path: Path, runs: int) -> None:
    """The import as the importer writes it (one log entry, provenance ranges), its undo and
    redo, and the median read of one imported program's provenance."""
    with Store.open(path) as store:
        templates = store.rows("programs", "id <= 60")
        rows = [{k: v for k, v in templates[n % len(templates)].items() if k != "id" and v is not None}
                for n in range(IMPORT_ROWS)]
        fields = sorted(set().union(*rows))
        started = time.process_time()
        with bulk_write(store, "import bench") as writer:
            ids = writer.insert("programs", rows)
            writer.provenance("import file", ids, fields, [])
        print(f"import of {IMPORT_ROWS:,} rows through the bulk writer: "
              f"{time.process_time() - started:.2f} s CPU")
        times = []
        for n in range(runs):
            program = ids[n * len(ids) // runs]
            started = time.perf_counter()
            store.provenance(program)
            times.append((time.perf_counter() - started) * 1000)
        print(f"provenance of one imported program: {statistics.median(times):.3f} ms (median of {runs})")
        for step in (store.undo, store.redo):
            started = time.process_time()
            step()
            print(f"{step.__name__} of that import: {time.process_time() - started:.2f} s CPU")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=50)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "undo.db"
        shutil.copyfile(synthetic_db(5_000), path)
        before, length = edit_ms(path, args.runs)
        print(f"one edit, 5,000 programs, log of {length:,} entries: {before:.3f} ms (median of {args.runs})")
        checks = max(args.runs, 1000)
        print(f"of each write, the looks at the file before and the note after: "
              f"{file_check_us(path, checks):.1f} µs (median of {checks:,})")
        with Store.open(path) as store:
            templates = store.rows("programs", "id <= 60")
            rows = [{k: v for k, v in templates[n % len(templates)].items() if k != "id"}
                    for n in range(IMPORT_ROWS)]
            started = time.perf_counter()
            store.insert_rows("programs", rows, source="import file")
            print(f"import of {IMPORT_ROWS:,} rows through insert_rows: {time.perf_counter() - started:.1f} s")
        started = time.perf_counter()
        Store.open(path).close()
        print(f"open after the import (history retention looks at the log): {time.perf_counter() - started:.2f} s")
        after, length = edit_ms(path, args.runs)
        print(f"one edit after the import, log of {length:,} entries, with the index: {after:.3f} ms")
        bare = Path(scratch) / "bare.db"
        with Store.open(path) as store:
            store.conn.execute("DROP INDEX change_log_undone")
            store.conn.execute("VACUUM INTO ?", (str(bare),))
        without, _ = edit_ms(bare, args.runs)
        print(f"one edit after the import, without the index (as before it): {without:.3f} ms")
        bulk = Path(scratch) / "bulk.db"
        shutil.copyfile(synthetic_db(5_000), bulk)
        bulk_import_s(bulk, args.runs)


if __name__ == "__main__":
    main()
