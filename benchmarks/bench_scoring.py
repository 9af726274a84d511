"""Median time of the scoring engine: full recompute at 300, 5,000 and 50,000 programs, and
the one-row path after an edit of a field the scores read (and of the name, which none reads). Run: python benchmarks/bench_scoring.py [--app-threads]
(--app-threads: with Polars' thread pool as the app sets it, tui/cli.py).

A peer is timed in the same run: the cheapest possible Polars query on the same frame (one
computed column). On a shared machine the absolute numbers move with the load; the ratio to
the peer moves much less.
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


def synthetic_frames(n: int, seed: int = 1) -> dict[str, pl.DataFrame]:
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
    return {
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


def median_ms(fn, repeat: int) -> float:
    fn()  # warm-up: first call builds and caches the expressions
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        fn()
        times.append(time.perf_counter() - start)
    return statistics.median(times) * 1000


def main() -> None:
    settings = default_settings()
    print(f"Python {platform.python_version()}, Polars {pl.__version__}, "
          f"{pl.thread_pool_size()} Polars threads, {os.cpu_count()} CPUs, "
          f"load average {os.getloadavg()[0]:.1f}")
    for n, repeat in ((300, 200), (5_000, 200), (50_000, 20)):
        frames = synthetic_frames(n)
        programs = frames["programs"]
        peer = median_ms(lambda: programs.with_columns(x=pl.col("id") + 1), repeat)
        full = median_ms(lambda: score_all(frames, settings, TODAY), repeat)
        scored = score_all(frames, settings, TODAY)
        target = n // 2
        scored_edit = edited(frames, target, "step2_min", 271)  # read by the gates: computed again
        other_edit = edited(frames, target, "name", "Renamed")  # read by no score: scores kept
        one = median_ms(lambda: rescore_rows(scored, scored_edit, settings, [target], TODAY), repeat)
        kept = median_ms(lambda: rescore_rows(scored, other_edit, settings, [target], TODAY), repeat)
        print(f"{n:>6} programs: full recompute {full:7.2f} ms, one-row path {one:6.2f} ms "
              f"(name edited: {kept:5.2f} ms), peer (one-column Polars query) {peer:5.2f} ms  "
              f"[medians of {repeat} runs]")


if __name__ == "__main__":
    main()
