"""Median time of the scoring engine at 60, 5,000 and 50,000 programs: the full recompute
(with its plan cached and every table as the last rescore read them; with every table read
again, equal but not the same frames, as the app's reload gives them; after a settings change,
with the plan for those settings built before and when it is built first; with nothing reused,
scoring.reuse), the same with a Match history of seven years per program, and the one-row path
after an edit of a field the scores read (the Step 2 CK minimum; the specialty, which the most
columns read) and of the name, which none reads.

    python benchmarks/bench_scoring.py [--app-threads]

(--app-threads: with Polars' thread pool as the app sets it, tui/cli.py).

Each figure is printed twice: wall-clock and CPU time of the process (all threads). On a shared
machine the wall-clock figure moves with the load; CPU time much less. A peer is timed in the
same run: the cheapest possible Polars query on the same frame (one computed column).
"""

from __future__ import annotations

import datetime as dt
import os
import platform
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

if "--app-threads" in sys.argv:  # Polars' threads as `matchdesk` sets them, before Polars loads
    from tui.cli import pin_polars_threads

    pin_polars_threads()

import polars as pl  # noqa: E402

from scoring import rescore_rows, score_all  # noqa: E402
from scoring.reuse import Reused, ReusedColumns  # noqa: E402
from registry.schema import frame_from_rows  # noqa: E402
from registry.settings import default_settings  # noqa: E402
from registry.choices import PRIORITY_FEATURES
from registry.fields import TABLES  # noqa: E402

TODAY = dt.date(2026, 6, 1)


def _value(rng: random.Random, field):
    """A registry-valid value, or None (unknown) one time in five."""
    if rng.random() < 0.2 and not field.required:
        return None
    if field.choices:
        return rng.choice(field.choices)
    lo, hi = field.minimum or 0, field.maximum if field.maximum is not None else 100
    return {
        "int": lambda: rng.randint(int(lo), int(min(hi, lo + 60))),
        "rating": lambda: rng.randint(1, 5),
        "float": lambda: round(rng.uniform(lo, min(hi, 100)), 1),
        "bool": lambda: rng.random() < 0.5,
        "date": lambda: "2025-09-01",
        "text": lambda: rng.choice(["IR, neuro", "MSK", "breast, peds", "notes"]),
    }[field.kind]()


def synthetic_frames(n: int, seed: int = 1, history: bool = False) -> dict[str, pl.DataFrame]:
    rng = random.Random(seed)
    programs = [{"id": i + 1, **{f.name: _value(rng, f) for f in TABLES["programs"]}}
                for i in range(n)]
    for p in programs:  # realistic Step 2 CK figures for radiology
        p["step2_min"] = rng.choice([None, None, 220, 230, 240])
        p["typical_step2"] = rng.choice([None, None, 235, 242, 250])
    interviews = [{"program_id": rng.randint(1, n), "culture": rng.randint(1, 5),
                   "happiness": rng.randint(1, 5), "education": rng.randint(1, 5),
                   "img_support": rng.randint(1, 5), "location": rng.randint(1, 5),
                   "red_flag_count": rng.randint(0, 2)} for _ in range(min(n // 10, 120))]
    records = [{"program_id": p["id"], "year": year, "quota": rng.randint(0, 6), "matched": rng.randint(0, 6),
                "source": "NRMP results.csv"} for p in programs if history for year in range(2020, 2027)]
    return {
        "match_history": frame_from_rows("match_history", records),
        "programs": frame_from_rows("programs", programs),
        "profile": frame_from_rows("profile", [{
            "visa_need": "J-1", "step1_result": "pass", "step1_attempts": 1, "step2_score": 244,
            "step2_attempts": 1, "graduation_year": 2021, "step3_status": "planned",
            "target_ir": True, "radiology_publications": 1, "posters": 2}]),
        "priorities": frame_from_rows("priorities", [
            {"feature": f, "importance": rng.choice(["must", "nice", "not"]),
             "preference": {"region": "Midwest,South", "subspecialty interest": "IR,neuro"}.get(f)}
            for f in PRIORITY_FEATURES]),
        "interviews": frame_from_rows("interviews", interviews),
        "usce": frame_from_rows("usce", [
            {"type": "observership", "specialty": "Radiology", "months": 2.0, "radiology": True},
            {"type": "elective", "specialty": "Internal medicine", "months": 1.0}]),
    }


def edited(frames: dict[str, pl.DataFrame], program_id: int, field: str, value) -> dict[str, pl.DataFrame]:
    """The frames with one cell of one program changed, the other tables shared as the app does."""
    programs = frames["programs"]
    column = pl.when(pl.col("id") == program_id).then(pl.lit(value)).otherwise(pl.col(field))
    return {**frames, "programs": programs.with_columns(column.cast(programs.schema[field]).alias(field))}


def medians_ms(fn, repeat: int, before=None) -> tuple[float, float]:
    """(wall-clock, CPU) medians in ms of `fn()`; `before()` runs untimed before each call."""
    fn()  # warm-up: first call builds and caches the expressions
    wall, cpu = [], []
    for _ in range(repeat):
        if before:
            before()
        start, start_cpu = time.perf_counter(), time.process_time()
        fn()
        cpu.append(time.process_time() - start_cpu)
        wall.append(time.perf_counter() - start)
    return statistics.median(wall) * 1000, statistics.median(cpu) * 1000


def _scoring_caches():
    for name, module in list(sys.modules.items()):
        if name.startswith("scoring"):
            for value in vars(module).values():
                for cache in value if isinstance(value, tuple) else (value,):
                    if hasattr(cache, "cache_clear") and not isinstance(cache, type):
                        yield cache


def forget_plans() -> None:
    """As after a settings or profile change: every cached scoring plan is built again, and
    nothing a full rescore reuses is kept."""
    for cache in _scoring_caches():
        cache.cache_clear()


def forget_reused() -> None:
    """As after a change of every table: nothing a full rescore reuses is kept (scoring.reuse),
    the plan is."""
    for cache in _scoring_caches():
        if isinstance(cache, (Reused, ReusedColumns)):
            cache.cache_clear()


def shown(times: tuple[float, float]) -> str:
    return f"{times[0]:7.2f} ms ({times[1]:6.2f} CPU)"


def main() -> None:
    settings = default_settings()
    print(f"Python {platform.python_version()}, Polars {pl.__version__}, "
          f"{pl.thread_pool_size()} Polars threads, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    print("medians: wall-clock ms (CPU ms)")
    for n, repeat in ((60, 300), (5_000, 200), (50_000, 20)):
        frames = synthetic_frames(n)
        programs = frames["programs"]
        peer = medians_ms(lambda: programs.with_columns(x=pl.col("id") + 1), repeat)
        full = medians_ms(lambda: score_all(frames, settings, TODAY), repeat)
        derived = medians_ms(lambda: score_all(frames, settings, TODAY), repeat, forget_reused)
        read_again = [frames, synthetic_frames(n)]  # equal tables, other frames
        reread = medians_ms(lambda: score_all(read_again.reverse() or read_again[0], settings, TODAY), repeat)
        other = {**settings, "fit.w_img": settings["fit.w_img"] + 1}  # both plans built and cached
        pair = [settings, other]
        changed = medians_ms(lambda: score_all(frames, pair.reverse() or pair[0], TODAY), repeat)
        first = medians_ms(lambda: score_all(frames, settings, TODAY), repeat, forget_plans)
        with_history = synthetic_frames(n, history=True)
        history_full = medians_ms(lambda: score_all(with_history, settings, TODAY), repeat)
        history_derived = medians_ms(lambda: score_all(with_history, settings, TODAY), repeat // 4 + 1,
                                     forget_reused)
        scored = score_all(frames, settings, TODAY)
        target = n // 2
        one_row = {}
        for label, field, value in (("Step 2 CK minimum", "step2_min", 271),
                                    ("specialty", "specialty", "IR/DR"), ("name", "name", "Renamed")):
            edit = edited(frames, target, field, value)
            one_row[label] = medians_ms(lambda: rescore_rows(scored, edit, settings, [target], TODAY),
                                        repeat)
        print(f"{n:>6,} programs [{repeat} runs]: full recompute {shown(full)}, "
              f"every table read again {shown(reread)}, after a settings change {shown(changed)} "
              f"(plan built before; {shown(first)} when built), nothing reused {shown(derived)}; "
              f"peer (one-column query) {shown(peer)}")
        print(f"{n:>6,} programs with 7 years of Match history: full recompute {shown(history_full)}, "
              f"nothing reused {shown(history_derived)}")
        for label, times in one_row.items():
            print(f"{n:>6,} programs, one-row path, {label} edited: {shown(times)}")


if __name__ == "__main__":
    main()
