"""Import speed: rows per second for generated 5,000- and 50,000-row CSV files.

Each phase (read, map, plan, write) is timed into a new database, and the same file is opened
by a peer tool for scale: VisiData in batch mode (`vd -b -f csv FILE -o OUT.tsv`) when it is
installed, and Polars' read_csv alone (the floor: parsing without any checks) always. All times
are CPU seconds (the child's for VisiData): steadier than wall time on a busy machine. Polars
is imported before the timing starts (the app has it loaded), so no phase pays for loading it.

    /work/venv/bin/python benchmarks/bench_import.py [ROWS ...]
"""

from __future__ import annotations

import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import polars  # noqa: F401  loaded before any import is timed, as the app has it loaded (scoring)

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from importers.apply import apply_import  # noqa: E402
from importers.plan import plan_import  # noqa: E402
from importers.prepare import open_table, suggest_mapping  # noqa: E402
from store import Store  # noqa: E402

HEADER = ["Program Name", "City", "State", "Specialty", "Program Code", "Visa Sponsorship", "IMG %",
          "Step 2 CK cutoff", "Residents per year", "Research", "Notes"]
VISAS = ["J-1", "J1", "H1B only", "J-1 and H-1B", "no visas", "", "N/A"]
SPECIALTIES = [("Diagnostic Radiology", "420", "A"), ("Internal Medicine", "140", "C"),
               ("Transitional Year", "999", "P"), ("Family Medicine", "120", "C"),
               ("Neurology", "180", "C"), ("IR/DR", "416", "A")]
STATES = ["FL", "Texas", "NY", "ohio", "CA", "IL"]


def generate(path: Path, rows: int, seed: int = 7) -> Path:
    rng = random.Random(seed)
    lines = [",".join(HEADER)]
    for i in range(rows):
        name, code, track = rng.choice(SPECIALTIES)
        fields = [
            f"Program {i:06d} {name}", f"City {i % 997}", rng.choice(STATES), name,
            f"{1000 + i // 10:04d}{code}{track}{i % 10}" if i % 3 else "",  # unique per row
            rng.choice(VISAS), rng.choice(["35%", "0.2", "12", "", "unknown"]),
            rng.choice(["240+", ">= 235", "230 (2023)", "", "245"]), rng.choice(["3-4", "8", "10 per year"]),
            rng.choice(["strong", "some", "none", ""]), '"notes, with a comma"' if i % 5 == 0 else "",
        ]
        lines.append(",".join(fields))
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def timed(fn):
    """The value, and the CPU seconds it took (steadier than wall time on a shared machine)."""
    start = time.process_time()
    value = fn()
    return value, time.process_time() - start


def bench_matchdesk(path: Path, scratch: Path, *, undo: bool = True) -> dict[str, float]:
    db = scratch / f"bench-{path.stem}.db"
    if db.exists():
        db.unlink()
    store = Store.open(db)
    try:
        table, t_read = timed(lambda: open_table(path))
        mapping, t_map = timed(lambda: suggest_mapping(store, table))
        plan, t_plan = timed(lambda: plan_import(store, table, mapping))
        result, t_write = timed(lambda: apply_import(store, plan, skip_rejected=True))
        stored = store.conn.execute("SELECT count(*) FROM programs").fetchone()[0]
        t_undo = t_redo = 0.0
        if undo:
            _, t_undo = timed(store.undo)
            assert store.conn.execute("SELECT count(*) FROM programs").fetchone()[0] == 0
            _, t_redo = timed(store.redo)
            assert store.conn.execute("SELECT count(*) FROM programs").fetchone()[0] == stored
    finally:
        store.close()
    return {"read": t_read, "map": t_map, "plan": t_plan, "write": t_write,
            "total": t_read + t_map + t_plan + t_write, "stored": stored, "undo": t_undo,
            "redo": t_redo, "rejected": plan.counts["rejected"], "new": result.new}


def peak_rss_of_import(rows: int, scratch: Path) -> float:
    """Peak resident memory (MB) of a fresh process importing `rows` rows, end to end."""
    path = generate(scratch / f"rss-{rows}.csv", rows)
    code = ("import sys, resource; sys.path.insert(0, %r); from pathlib import Path; "
            "from benchmarks.bench_import import bench_matchdesk; "
            "bench_matchdesk(Path(%r), Path(%r), undo=False); "
            "print(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss)") % (str(ROOT), str(path), str(scratch))
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return int(done.stdout.split()[-1]) / 1024


def bench_visidata(path: Path, scratch: Path) -> float | None:
    vd = shutil.which("vd") or (str(Path(sys.executable).with_name("vd"))
                                if Path(sys.executable).with_name("vd").exists() else None)
    if vd is None:
        return None
    out = scratch / f"{path.stem}-vd.tsv"
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    done = subprocess.run([vd, "-b", "-f", "csv", str(path), "-o", str(out)],
                          capture_output=True, text=True, check=False)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    elapsed = (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)
    return elapsed if done.returncode == 0 and out.exists() else None


def bench_polars(path: Path) -> float:
    import polars as pl

    _, elapsed = timed(lambda: pl.read_csv(path, infer_schema_length=0))
    return elapsed


def main(sizes: list[int]) -> None:
    with tempfile.TemporaryDirectory() as scratch_name:
        scratch = Path(scratch_name)
        for rows in sizes:
            path = generate(scratch / f"programs-{rows}.csv", rows)
            md = bench_matchdesk(path, scratch)
            vd = bench_visidata(path, scratch)
            floor = bench_polars(path)
            print(f"\n{rows:,} rows ({path.stat().st_size / 1e6:.1f} MB): {md['new']:,} programs written, "
                  f"{md['rejected']:,} rows rejected")
            for phase in ("read", "map", "plan", "write"):
                print(f"  {phase:<6} {md[phase]:8.2f} s  {rows / md[phase]:>12,.0f} rows/s")
            print(f"  {'total':<6} {md['total']:8.2f} s  {rows / md['total']:>12,.0f} rows/s")
            print(f"  undo of the import {md['undo']:.2f} s, redo {md['redo']:.2f} s")
            if vd is not None:
                print(f"  VisiData batch open+save: {vd:.2f} s ({rows / vd:,.0f} rows/s); "
                      f"MatchDesk import takes {md['total'] / vd:.1f}x as long")
            else:
                print("  VisiData not installed: no peer-tool timing")
            print(f"  polars.read_csv alone (floor): {floor:.3f} s ({rows / floor:,.0f} rows/s); "
                  f"MatchDesk import takes {md['total'] / floor:.0f}x as long")


def rss(rows: int) -> None:
    with tempfile.TemporaryDirectory() as scratch_name:
        print(f"\npeak RSS importing {rows:,} rows (a fresh process, end to end): "
              f"{peak_rss_of_import(rows, Path(scratch_name)):.0f} MB")


if __name__ == "__main__":
    main([int(a) for a in sys.argv[1:]] or [5_000, 50_000])
    if len(sys.argv) == 1:
        rss(200_000)
