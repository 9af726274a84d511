"""What matters in a program (DOMAIN 2): each feature Must-have / Nice-to-have / Not important,
with a live preview of what the changes made since the screen was opened do to the programs."""

from __future__ import annotations

import polars as pl
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from desk.column_fit import give_way
from scoring.region import CENSUS_REGIONS
from registry.choices import IMPORTANCE, LEVELS, SETTINGS_KINDS
from registry.fields import get_field
from tui.actions import bindings_for
from tui.widgets.footer import QuietFooter
from tui.widgets.editors import CellEditor
from tui.widgets.records import RecordColumn, RecordScreen, RecordTable, focus_after


IMPORTANCE_LABELS = {"must": "Must-have", "nice": "Nice-to-have", "not": "Not important"}
IMPORTANCE_STYLES = {"must": "bold", "nice": "", "not": "dim"}
# The features whose program test reads the preference, and the values it understands.
PREFERENCE_CHOICES: dict[str, tuple[str, ...] | None] = {
    "region": tuple(CENSUS_REGIONS),
    "urban/suburban/rural": SETTINGS_KINDS,
    "cost of living": LEVELS,
    "subspecialty interest": None,  # free words, matched against the program's subspecialties
}
UNKNOWN_MUST = "must-have unknown: "  # how scoring marks a must-have it cannot judge
SNAPSHOT_COLUMNS = ("id", "name", "tier", "fit", "missed_must_haves")
EXAMPLES = 3


def next_importance(importance: str | None) -> str:
    position = IMPORTANCE.index(importance) if importance in IMPORTANCE else len(IMPORTANCE) - 1
    return IMPORTANCE[(position + 1) % len(IMPORTANCE)]


def with_must_state(programs: pl.DataFrame) -> pl.DataFrame:
    """Adds `misses` (a must-have is missed) and `unknown` (a must-have cannot be judged)."""
    parts = pl.col("missed_must_haves").fill_null("").str.split("; ")
    return programs.with_columns(
        misses=parts.list.eval((pl.element() != "") & pl.element().str.starts_with(UNKNOWN_MUST).not_())
        .list.any(),
        unknown=parts.list.eval(pl.element().str.starts_with(UNKNOWN_MUST)).list.any())


def must_counts(programs: pl.DataFrame) -> dict[str, int]:
    """How many programs name each missed (or, prefixed, unknown) must-have."""
    parts = programs.select(part=pl.col("missed_must_haves").fill_null("").str.split("; ")).explode("part")
    return dict(parts.filter(pl.col("part") != "").group_by("part").len().iter_rows())


def preview_text(before: pl.DataFrame, after: pl.DataFrame) -> Text:
    both = with_must_state(after.select(SNAPSHOT_COLUMNS)).join(
        with_must_state(before.select(SNAPSHOT_COLUMNS)), on="id", suffix="_before")
    tier_moves = both.filter(pl.col("tier").ne_missing(pl.col("tier_before")))
    fit_moves = both.filter(pl.col("fit").round(1).ne_missing(pl.col("fit_before").round(1))).with_columns(
        change=(pl.col("fit") - pl.col("fit_before")).abs()).sort("change", descending=True, nulls_last=True)

    text = Text("Preview", style="bold")
    text.append("  compared with when you opened this screen\n", style="dim")
    text.append(f"Tier changed: {tier_moves.height} program(s)")
    for name, old, new in tier_moves.select("name", "tier_before", "tier").head(EXAMPLES).iter_rows():
        text.append(f"\n  · {name}: {old or 'no tier'} → {new or 'no tier'}", style="dim")
    misses, unknown = both["misses"].sum(), both["unknown"].sum()
    text.append(f"\nMiss a must-have: {misses} program(s) (was {both['misses_before'].sum()}); "
                f"{unknown} with a must-have unknown (was {both['unknown_before'].sum()})")
    mean, mean_before = both["fit"].mean(), both["fit_before"].mean()
    text.append(f"\nFit changed: {fit_moves.height} of {both.height} program(s); mean fit "
                f"{_fit(mean_before)} → {_fit(mean)}")
    for name, old, new in fit_moves.select("name", "fit_before", "fit").head(EXAMPLES).iter_rows():
        text.append(f"\n  · {name}: {_fit(old)} → {_fit(new)}", style="dim")
    return text


def _fit(value: float | None) -> str:
    return "unknown" if value is None else f"{value:.1f}"


def importance_cell(row: dict) -> Text:
    return Text(IMPORTANCE_LABELS[row["importance"]], style=IMPORTANCE_STYLES[row["importance"]])


def preference_cell(row: dict) -> Text:
    if row["preference"]:
        return Text(row["preference"], no_wrap=True, overflow="ellipsis")
    if row["feature"] in PREFERENCE_CHOICES:
        return Text("none set (p)", style="dim italic")
    return Text("")


def missing_cell(row: dict) -> Text:
    if row["importance"] != "must":
        return Text("—", style="dim")
    return Text(f"{row['missed']} miss · {row['unknown']} unknown", style="bold red" if row["missed"] else "")


# The feature names give way first, then the preferences (least, most), so the must-have
# counts stay on screen in a narrow terminal; a cut cell ends in an ellipsis.
STRETCHING = {"feature": (15, 28), "preference": (10, 24)}
FIXED_WIDTHS = {"importance": 13, "weight": 6, "missing": 19}


def priority_columns(screen_width: int) -> tuple[RecordColumn, ...]:
    widths = give_way(screen_width, {**{name: most for name, (_, most) in STRETCHING.items()}, **FIXED_WIDTHS},
                      STRETCHING)
    return (
        RecordColumn("feature", editable=False, width=widths["feature"],
                     explain=lambda row: "The features are fixed: choose how much each one matters."),
        RecordColumn("importance", width=widths["importance"], render=importance_cell),
        RecordColumn("weight", "Weight", editable=False, width=widths["weight"],
                     render=lambda row: Text(f"{row['weight']:g}", justify="right"),
                     explain=lambda row: "The weight of this importance, from Settings (F10)."),
        RecordColumn("preference", width=widths["preference"], render=preference_cell),
        RecordColumn("missing", "Must-have missed by", editable=False, width=widths["missing"],
                     render=missing_cell,
                     explain=lambda row: "Programs that miss this must-have, and those whose data cannot tell."),
    )


class PrioritiesScreen(RecordScreen):
    SCOPE = "priorities"
    BINDINGS = bindings_for("priorities")

    def __init__(self) -> None:
        super().__init__()
        self.baseline: pl.DataFrame | None = None  # the scored programs when the screen was opened

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(id="weights")
        yield RecordTable("priorities", priority_columns(self.app.size.width), cursor_type="row", id="priorities")
        yield Static(id="preview")
        yield QuietFooter()

    @property
    def table(self) -> RecordTable:
        return self.query_one("#priorities", RecordTable)

    def on_mount(self) -> None:
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.table.set_columns(priority_columns(event.size.width))

    def on_screen_suspend(self) -> None:
        # A dialog on top keeps the comparison; leaving for another screen ends this visit.
        if self.app.current_mode != self.SCOPE:
            self.baseline = None

    def on_screen_resume(self) -> None:
        if self.baseline is None:  # a new visit: compare with the programs as they are now
            self.baseline = self.workspace.programs.select(SNAPSHOT_COLUMNS)
            self.rebuild()

    # --- rendering ---------------------------------------------------------------------

    def show_data(self) -> None:
        settings = self.workspace.settings
        weights = " · ".join(f"{IMPORTANCE_LABELS[level].lower()} {settings[f'weight.{level}']:g}"
                             for level in IMPORTANCE)
        self.query_one("#weights", Static).update(
            Text(f"Weights: {weights}   (change them in Settings, F10)"))
        counts = must_counts(self.workspace.programs)
        rows = []
        for row in self.store.rows("priorities"):
            importance = row["importance"] or "not"
            rows.append({**row, "importance": importance, "weight": settings[f"weight.{importance}"],
                         "missed": counts.get(row["feature"], 0),
                         "unknown": counts.get(UNKNOWN_MUST + row["feature"], 0)})
        self.table.show(rows)
        if self.baseline is not None:
            self.query_one("#preview", Static).update(preview_text(self.baseline, self.workspace.programs))

    # --- editing -----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#priorities")
    def _row_selected(self) -> None:
        self.action_edit_importance()

    def action_edit_importance(self) -> None:
        self.edit_current(self.table, "must-have / nice-to-have / not important")

    def action_cycle_importance(self) -> None:
        row = self.table.current_record
        if row is not None:
            self.attempt(lambda: self.workspace.set_value(
                "priorities", row["id"], "importance", next_importance(row["importance"])))

    def action_edit_preference(self) -> None:
        row = self.table.current_record
        if row is None:
            return
        feature = row["feature"]
        if feature not in PREFERENCE_CHOICES:
            context = f"{feature}: this feature is judged from program data; a preference is only a note"
        elif PREFERENCE_CHOICES[feature] is None:
            context = f"{feature}: words matched in each program's subspecialties, e.g. neuro,MSK,IR"
        else:
            context = f"{feature}: any of {', '.join(PREFERENCE_CHOICES[feature])}, comma separated"
        self.app.push_screen(
            CellEditor(get_field("priorities", "preference"), row["preference"],
                       self.commit_to("priorities", row["id"], "preference"), context=context),
            focus_after(self.table))
