"""Benchmark FrameTable against Textual's stock DataTable.

Run:  /work/venv/bin/python benchmarks/bench_grid.py

Measures (headless app, 120x40 terminal):
  * load:   FrameTable.set_frame(frame) vs DataTable.clear(columns=True)+add_columns+add_rows,
            each followed by rendering the widget's visible lines (Widget.render_lines over the
            whole widget, i.e. what the compositor asks for on the next paint).
  * update: replace one visible row (FrameTable.update_rows(one-row frame) vs DataTable.update_cell
            for every column of that row), then render the widget's visible lines (Textual only
            re-renders lines marked dirty).
  * e2e:    the same operations followed by `await pilot.pause()` (message processing + a real
            screen refresh through the headless driver); includes fixed event-loop overhead.
DataTable is skipped at 50,000 rows (it needs tens of seconds to load).
"""

from __future__ import annotations

import asyncio
import random
import statistics
import sys
import time
from pathlib import Path
from typing import Awaitable, Callable

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import polars as pl  # noqa: E402
from textual.app import App, ComposeResult  # noqa: E402
from textual.geometry import Region  # noqa: E402
from textual.widgets import DataTable  # noqa: E402

from tui.widgets.grid import FrameTable, GridColumn  # noqa: E402

SIZES = (300, 5_000, 50_000)
DATATABLE_MAX_ROWS = 5_000
TERMINAL = (120, 40)

COLUMNS = [
    GridColumn("program", "Program"),
    GridColumn("city", "City"),
    GridColumn("state", "St"),
    GridColumn("specialty", "Specialty"),
    GridColumn("score", "Score", align="right"),
    GridColumn("rank", "Rank", align="right"),
    GridColumn("eligible", "Elig"),
    GridColumn("ratio", "Ratio", align="right", computed=True),
    GridColumn("note", "Note"),
    GridColumn("id", "ID", align="right"),
]


def make_frame(n: int, seed: int = 1) -> pl.DataFrame:
    rng = random.Random(seed)
    cities = ["Boston", "Chicago", "San Francisco", "Houston", "Seattle", "Nashville"]
    states = ["MA", "IL", "CA", "TX", "WA", "TN"]
    specs = ["Internal Medicine", "Pediatrics", "Surgery", "Psychiatry", "Neurology"]
    return pl.DataFrame(
        {
            "id": list(range(n)),
            "program": [f"Program {i} University Hospital" for i in range(n)],
            "city": [rng.choice(cities) for _ in range(n)],
            "state": [rng.choice(states) for _ in range(n)],
            "specialty": [rng.choice(specs) for _ in range(n)],
            "score": [rng.random() * 100 for _ in range(n)],
            "rank": [rng.randint(1, 500) for _ in range(n)],
            "eligible": [rng.random() < 0.7 for _ in range(n)],
            "ratio": [rng.random() for _ in range(n)],
            "note": [None if i % 4 else f"note {i}" for i in range(n)],
        }
    )


class BenchApp(App):
    def compose(self) -> ComposeResult:
        yield FrameTable(id="ft")
        yield DataTable(id="dt")

    CSS = "#ft, #dt { height: 1fr; }"


def stats(samples: list[float]) -> tuple[float, float]:
    samples = sorted(samples)
    p90 = samples[min(len(samples) - 1, int(round(0.9 * (len(samples) - 1))))]
    return statistics.median(samples), p90


async def measure(
    fn: Callable[[], Awaitable[None] | None], repeat: int, after: Callable[[], Awaitable[None]]
) -> list[float]:
    out = []
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        if result is not None:
            await result
        out.append((time.perf_counter() - t0) * 1000)
        await after()
    return out


def render_all(widget) -> None:
    widget.render_lines(Region(0, 0, widget.size.width, widget.size.height))


async def main() -> None:
    app = BenchApp()
    results: list[tuple[str, int, str, tuple[float, float] | None, tuple[float, float] | None]] = []
    async with app.run_test(size=TERMINAL) as pilot:
        ft = app.query_one(FrameTable)
        dt = app.query_one(DataTable)

        async def settle() -> None:
            await pilot.pause()

        for n in SIZES:
            frame = make_frame(n)
            rows = frame.select([c.name for c in COLUMNS]).rows()
            labels = [c.label for c in COLUMNS]
            reps = {300: 30, 5_000: 20, 50_000: 15}[n]

            # ---- load
            def ft_load() -> None:
                ft.set_frame(frame, COLUMNS)
                render_all(ft)

            ft_load_ms = await measure(ft_load, reps, settle)

            async def ft_load_e2e() -> None:
                ft.set_frame(frame, COLUMNS)
                await pilot.pause()

            ft_load_e2e_ms = await measure(ft_load_e2e, max(5, reps // 2), settle)

            dt_load_ms = dt_load_e2e_ms = None
            if n <= DATATABLE_MAX_ROWS:

                def dt_load() -> None:
                    dt.clear(columns=True)
                    dt.add_columns(*labels)
                    dt.add_rows(rows)
                    render_all(dt)

                dt_reps = 10 if n <= 300 else 3
                dt_load_ms = await measure(dt_load, dt_reps, settle)

                async def dt_load_e2e() -> None:
                    dt.clear(columns=True)
                    dt.add_columns(*labels)
                    dt.add_rows(rows)
                    await pilot.pause()

                dt_load_e2e_ms = await measure(dt_load_e2e, dt_reps, settle)

            results.append(("load (call+render)", n, "", stats(ft_load_ms), dt_load_ms and stats(dt_load_ms)))
            results.append(("load (e2e, pause)", n, "", stats(ft_load_e2e_ms), dt_load_e2e_ms and stats(dt_load_e2e_ms)))

            # ---- update one visible row
            target = 5
            variants = [
                frame.slice(target, 1).with_columns(
                    pl.lit(f"Program {target} edited v{k}").alias("program"),
                    pl.lit(float(k)).alias("score"),
                )
                for k in range(2)
            ]
            counter = iter(range(10**9))
            ft.set_frame(frame, COLUMNS)
            ft.move_cursor_to_key(0)
            await pilot.pause()

            def ft_update() -> None:
                ft.update_rows(variants[next(counter) % 2])
                render_all(ft)

            ft_update_ms = await measure(ft_update, 200, settle)

            async def ft_update_e2e() -> None:
                ft.update_rows(variants[next(counter) % 2])
                await pilot.pause()

            ft_update_e2e_ms = await measure(ft_update_e2e, 100, settle)

            dt_update_ms = dt_update_e2e_ms = None
            if n <= DATATABLE_MAX_ROWS:
                dt.clear(columns=True)
                column_keys = dt.add_columns(*labels)
                row_keys = dt.add_rows(rows)
                await pilot.pause()
                variant_rows = [v.select([c.name for c in COLUMNS]).row(0) for v in variants]

                def dt_update() -> None:
                    values = variant_rows[next(counter) % 2]
                    for column_key, value in zip(column_keys, values):
                        dt.update_cell(row_keys[target], column_key, value)
                    render_all(dt)

                dt_update_ms = await measure(dt_update, 30 if n <= 300 else 10, settle)

                async def dt_update_e2e() -> None:
                    values = variant_rows[next(counter) % 2]
                    for column_key, value in zip(column_keys, values):
                        dt.update_cell(row_keys[target], column_key, value)
                    await pilot.pause()

                dt_update_e2e_ms = await measure(dt_update_e2e, 30 if n <= 300 else 10, settle)

            results.append(("update 1 row (call+render)", n, "", stats(ft_update_ms), dt_update_ms and stats(dt_update_ms)))
            results.append(("update 1 row (e2e, pause)", n, "", stats(ft_update_e2e_ms), dt_update_e2e_ms and stats(dt_update_e2e_ms)))

            dt.clear(columns=True)
            await pilot.pause()

        # Baseline: cost of an idle `await pilot.pause()` (included in every e2e number).
        idle = await measure(lambda: pilot.pause(), 50, settle)

    print(f"Textual headless {TERMINAL[0]}x{TERMINAL[1]}, {len(COLUMNS)} columns; times in ms (median / p90)")
    print(f"{'operation':28} {'rows':>7}  {'FrameTable':>17}  {'DataTable':>19}  {'ratio DT/FT':>11}")
    for name, n, _, ft_stats, dt_stats in results:
        ft_text = f"{ft_stats[0]:7.2f} / {ft_stats[1]:7.2f}"
        if dt_stats:
            dt_text = f"{dt_stats[0]:8.2f} / {dt_stats[1]:8.2f}"
            ratio = f"{dt_stats[0] / ft_stats[0]:10.1f}x"
        else:
            dt_text = f"{'skipped':>19}"
            ratio = f"{'-':>11}"
        print(f"{name:28} {n:>7}  {ft_text}  {dt_text}  {ratio}")
    idle_stats = stats(idle)
    print(f"idle `await pilot.pause()` baseline: {idle_stats[0]:.2f} / {idle_stats[1]:.2f} ms")
    print(f"DataTable skipped above {DATATABLE_MAX_ROWS:,} rows (load time grows to tens of seconds).")


if __name__ == "__main__":
    asyncio.run(main())
