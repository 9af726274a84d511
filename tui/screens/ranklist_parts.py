"""Pieces of the rank list screen: its column widths, its marks (percent, rank shift, list
counters) and the dialog that shows what moved between two versions of the lists."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Label, Static

from desk import rank_view
from tui.actions import bindings_for
from desk.column_fit import give_way
from tui.widgets.records import header

NAME, WARNINGS = header("programs", "name"), "Warnings"
STRETCHING = {NAME: (14, 36), WARNINGS: (10, 26)}  # (least, most)


def column_widths(screen_width: int) -> dict[str, int]:
    """Label -> width. Program names give way first, then warnings, so the short columns
    between and after them (Sugg, Δ) stay on screen in a narrow terminal."""
    widths = {"#": 3, NAME: STRETCHING[NAME][1], header("programs", "track"): 11,
              header("programs", "rank_score"): 5, header("programs", "tier"): 6,
              "P(m)": 4, "Sugg": 4, "Δ": 3, WARNINGS: STRETCHING[WARNINGS][1]}
    return give_way(screen_width, widths, STRETCHING)


def percent(p: float) -> str:
    return f"{p * 100:.1f}%"


def shift_mark(shift: int) -> Text:
    if shift > 0:
        return Text(f"▲{shift}", style="green")
    if shift < 0:
        return Text(f"▼{-shift}", style="yellow")
    return Text("=", style="dim")


def counter_text(counter: rank_view.RankCounter) -> Text:
    text = Text(f"{counter.label} {counter.count}/{counter.limit}")
    if counter.over:
        text.stylize("bold yellow")
    return text


class DiffScreen(ModalScreen[None]):
    """What moved between two versions of the lists."""

    BINDINGS = bindings_for("ranklist.diff")

    def __init__(self, title: str, lines: list[str]) -> None:
        super().__init__()
        self.title_text = title
        self.lines = lines

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog", id="diff"):
            yield Label(self.title_text, classes="dialog-title", markup=False)
            yield Static("\n".join(self.lines), id="diff-body", markup=False)

    def action_dismiss(self) -> None:
        self.dismiss(None)
