"""Practice exams: the NBME/UWSA log, a trend chart, and the readiness signal of DOMAIN 1
(book Step 2 CK once two practice scores in a row are near the target)."""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import Static
from textual_plotext import PlotextPlot

from scoring.materials import Check, Readiness, readiness, readiness_checks, with_exam_columns
from tui.widgets.grid import FrameTable
from tui.widgets.materials_table import RecordTab


def draw_trend(plot: PlotextPlot, exams: pl.DataFrame, ready: Readiness) -> None:
    """Scores in date order against the target and the near-target line; same data, same chart."""
    plt = plot.plt
    plt.clear_figure()
    if exams.is_empty():
        plt.title("No practice scores yet")
        plot.refresh()
        return
    scores = exams["score"].to_list()
    x = list(range(1, len(scores) + 1))
    plt.title("Practice scores")
    plt.plot(x, [ready.target] * len(x), label=f"target {ready.target}", color="green", marker="braille")
    plt.plot(x, [ready.near_from] * len(x), label=f"near {ready.near_from}", color="yellow",
             marker="braille")
    plt.plot(x, scores, label="score", color="cyan", marker="braille")
    plt.scatter(x, scores, color="cyan", marker="●")
    plt.xticks(x, [str(date)[5:] for date in exams["date"]])
    low, high = min(*scores, ready.near_from) - 3, max(*scores, ready.target) + 3
    plt.ylim(low, high)
    plt.yticks(list(range(low, high + 1, max((high - low) // 6, 1))))
    plot.refresh()


class ExamsTab(RecordTab):
    TABLE = "practice_exams"
    NOUN = "practice exam"
    COLUMNS = ("exam", "date", "score", "vs_target", "near")
    COMPUTED = {"vs_target": "vs target", "near": "Near"}
    FORM_FIELDS = ("exam", "date", "score")

    def compose(self) -> ComposeResult:
        with Horizontal(classes="exams-body"):
            yield FrameTable(frozen_columns=1, id=f"{self.TABLE}-table")
            yield PlotextPlot(id="exams-chart")
        yield Static("", classes="materials-checks", id=f"{self.TABLE}-checks")

    def readiness(self) -> Readiness:
        return readiness(self.workspace.frames[self.TABLE], self.workspace.settings,
                         self.workspace.scored.facts.step1_failed)

    def display_frame(self) -> pl.DataFrame:
        return with_exam_columns(self.workspace.frames[self.TABLE], self.readiness())

    def refresh_data(self) -> None:
        super().refresh_data()
        draw_trend(self.query_one(PlotextPlot), self.display_frame(), self.readiness())

    def checks(self) -> list[Check]:
        return readiness_checks(self.readiness(), self.workspace.scored.facts.step2)

    def style_cell(self, column: str, value: Any) -> str | None:
        if column == "near" and value is not None:
            return self.themed("text-success" if value else "text-warning")
        return None

    def describe(self, row: dict[str, Any]) -> str:
        return f"{row['exam']} {row['date']}: {row['score']}"

    def initial_values(self) -> dict[str, Any]:
        return {"date": (self.app.today or dt.date.today()).isoformat()}
