"""Interview season: one row per program you were invited to or interviewed at, its ratings
editable in place; the rank score and the place in the suggested order follow at once, and
the first impression stays beside the latest."""

from __future__ import annotations

from typing import Any

import polars as pl
from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal
from textual.widgets import DataTable, Header, Static

from registry.computed import computed
from scoring import why
from store import MatchDeskError
from registry.fields import get_field
from registry.specialties import tag as specialty_tag
from desk import impressions
from tui.actions import bindings_for
from tui.screens.explain import ExplainScreen
from tui.widgets.footer import QuietFooter
from tui.screens.dialogs import ConfirmDialog
from tui.screens.base import WorkspaceScreen
from tui.widgets.editors import CellEditor
from tui.widgets.records import header

SCOPE = "interviews"


# column key -> (header, width); program columns first, then the interview record's. The
# ratings get three-letter headers: their columns are three wide.
COLUMNS: dict[str, tuple[str, int]] = {
    "name": (header("programs", "name"), 30), "status": (header("programs", "status"), 11),
    "date": (header("interviews", "date"), 10), "format": (header("interviews", "format"), 9),
    "culture": ("Cul", 3), "happiness": ("Hap", 3), "education": ("Edu", 3),
    "img_support": ("Vis", 3), "location": ("Loc", 3), "gut_rank": ("Gut", 3),
    "red_flag_count": ("Flg", 3), "rank_score": (header("programs", "rank_score"), 5),
    "suggested": ("Sugg", 4),
}
RECORD_COLUMNS = tuple(c for c in COLUMNS if c in impressions.RECORD_FIELDS)
RIGHT = (*impressions.RATED_FIELDS, "rank_score", "suggested")


def program_label(row: dict, style: str = "") -> Text:
    """The specialty first: one institution often has several programs."""
    return Text.assemble((f"{specialty_tag(row['specialty'])} ", "dim"), row["name"], style=style, overflow="ellipsis", no_wrap=True)


def shown(value: Any) -> str:
    if value is None:
        return "—"
    return f"{value:g}" if isinstance(value, float) else str(value)


class InterviewsScreen(WorkspaceScreen):
    SCOPE = SCOPE
    BINDINGS = bindings_for("interviews")

    def __init__(self) -> None:
        super().__init__()
        self.rows: pl.DataFrame | None = None
        self.suggested: dict[int, impressions.Suggestion] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="season", cursor_type="cell", zebra_stripes=True, fixed_columns=1)
        with Horizontal(id="interview-lower"):
            yield Static("", id="impressions")
            yield Static("", id="interview-suggested")
        yield Static("", id="interview-status")
        yield QuietFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#season", DataTable)

    def on_mount(self) -> None:
        for key, (label, width) in COLUMNS.items():
            self.table.add_column(label, width=width, key=key)
        self.rebuild()
        self.table.focus()

    # --- rendering ---------------------------------------------------------------------

    @property
    def current(self) -> dict | None:
        if self.rows is None or self.rows.is_empty():
            return None
        return self.rows.row(min(self.table.cursor_row, self.rows.height - 1), named=True)

    @property
    def current_column(self) -> str:
        return list(COLUMNS)[self.table.cursor_column]

    def rebuild(self) -> None:
        """Re-read the season; the cursor stays on the same program and column."""
        focus = self.current["id"] if self.current else None
        column = self.table.cursor_column
        self.rows = impressions.season_programs(self.workspace.scored, self.workspace.frames)
        self.suggested = impressions.suggestions(self.workspace.scored, self.workspace.frames,
                                                 self.workspace.settings)
        self.seen_version = self.workspace.version
        table = self.table
        table.clear()
        for row in self.rows.iter_rows(named=True):
            table.add_row(*(self.cell(key, row) for key in COLUMNS), key=str(row["id"]))
        ids = self.rows["id"].to_list()
        if focus in ids:
            table.move_cursor(row=ids.index(focus), column=column)
        self.update_lower()
        self.update_status()

    def cell(self, key: str, row: dict) -> Text:
        if key == "name":
            return program_label(row)
        if key == "suggested":
            place = self.suggested.get(row["id"])
            text = "—" if place is None else f"{place.position}{'~' if place.fragile else ''}"
            return Text(text, justify="right")
        style = "bold red" if key == "rank_score" and row["do_not_rank_warning"] else ""
        return Text(shown(row[key]), justify="right" if key in RIGHT else "left", style=style)

    def update_lower(self) -> None:
        row = self.current
        self.query_one("#impressions", Static).update(self.impressions_panel(row), layout=False)
        self.query_one("#interview-suggested", Static).update(self.suggested_panel(row), layout=False)

    def impressions_panel(self, row: dict | None) -> Text | Table:
        if row is None:
            return Text("No program is invited or interviewed yet: set a program's status to invited "
                        "on the Programs screen (F1).", style="italic")
        panel = Table.grid(padding=(0, 1))
        panel.add_column()
        when = ", ".join(str(v) for v in (row["date"], row["format"]) if v) or "no date yet"
        panel.add_row(Text(f"{row['name']} — {when}", style="bold"))
        if row["interview_id"] is None:
            panel.add_row(Text("No impressions yet: pick a cell and press enter to rate.", style="italic"))
            return panel
        record = self.store.get("interviews", row["interview_id"])
        side_by_side = Table(box=None, padding=(0, 1), show_edge=False)
        for header in ("Impression", "First", "entered", "Latest", "entered"):
            side_by_side.add_column(header, style="dim" if header == "entered" else "", no_wrap=True)
        for item in impressions.impressions(self.store, record):
            if item.field not in impressions.RATED_FIELDS:
                continue  # the notes follow in full
            style = "yellow" if item.changed else ""
            side_by_side.add_row(item.label, Text(shown(item.first), style=style), self.when(item.first_at),
                                 Text(shown(item.latest), style=style), self.when(item.latest_at))
        panel.add_row(side_by_side)
        panel.add_row(Text("— entered before the change log began; yellow: your impression changed", style="dim"))
        for name in impressions.NOTE_FIELDS:
            label, text = get_field("interviews", name).label, row[name]
            if name == impressions.FLAG_NOTE:
                label += f" ({row[impressions.FLAG_COUNT] or 0})"  # the count the rank score uses
            panel.add_row(Text.assemble((f"{label}: ", "bold"), text or "—"))
        if row["do_not_rank_warning"]:
            panel.add_row(Text(f"⚠ Do not rank: {row['do_not_rank_warning']}", style="bold red"))
        return panel

    @staticmethod
    def when(ts: str | None) -> str:
        return "—" if ts is None else ts.replace("T", " ")[:16]

    def suggested_panel(self, row: dict | None) -> Table:
        programs = {p["id"]: p for p in self.workspace.programs.select("id", "name", "specialty", "rank_score")
                    .iter_rows(named=True)}
        panel = Table.grid(padding=(0, 1))
        panel.add_column(justify="right")
        panel.add_column(max_width=30)
        panel.add_column(justify="right", min_width=4)
        panel.add_row("", Text("Suggested order", style="bold"), "")
        for program_id, place in sorted(self.suggested.items(), key=lambda item: item[1].position):
            program = programs[program_id]
            style = "reverse" if row is not None and program_id == row["id"] else ""
            panel.add_row(f"{place.position}{'~' if place.fragile else ''}", program_label(program, style),
                          shown(program["rank_score"]))
        if any(p.fragile for p in self.suggested.values()):
            panel.add_row("", Text("~ fragile: moves as weights vary", style="dim"), "")
        return panel

    def update_status(self) -> None:
        text = (f"{self.rows.height} programs invited or interviewed · {len(self.suggested)} in the suggested order"
                " · ratings 1-5 (enter, then a digit) · ~ fragile place")
        self.query_one("#interview-status", Static).update(text, layout=False)

    @on(DataTable.CellHighlighted)
    def _highlighted(self) -> None:
        self.update_lower()

    @on(DataTable.CellSelected)
    def _selected(self) -> None:
        self.action_edit_cell()

    # --- actions -----------------------------------------------------------------------

    def action_edit_cell(self) -> None:
        row, column = self.current, self.current_column
        if row is None:
            return
        if column == "status":
            self.edit(get_field("programs", "status"), row,
                      lambda raw: self.workspace.set_value("programs", row["id"], "status", raw))
        elif column in RECORD_COLUMNS:
            self.edit_record(row, column)
        else:
            self.action_explain()

    def action_edit_positives(self) -> None:
        if self.current is not None:
            self.edit_record(self.current, "positives")

    def action_edit_red_flags(self) -> None:
        if self.current is not None:
            self.edit_record(self.current, "red_flags_noticed")

    def edit_record(self, row: dict, field: str) -> None:
        self.edit(get_field("interviews", field), row, lambda raw: self.workspace.record_impression(
            row["id"], row["interview_id"], field, raw))

    def edit(self, fld, row: dict, save) -> None:
        before = self.suggested.get(row["id"])

        def commit(raw: Any) -> str | None:
            try:
                save(raw)
            except MatchDeskError as error:
                return error.message
            self.redraw_if_stale()
            return None

        def done(saved: bool | None) -> None:
            if saved:
                self.notify(self.moved_message(row, before), timeout=4)
            self.table.focus()

        self.app.push_screen(CellEditor(fld, row.get(fld.name), commit, context=row["name"]), done)

    def moved_message(self, row: dict, before: impressions.Suggestion | None) -> str:
        score = self.workspace.programs.filter(pl.col("id") == row["id"])["rank_score"][0]
        after = self.suggested.get(row["id"])
        place = "not in the suggested order" if after is None else f"suggested {after.position}"
        if before is not None and after is not None and before.position != after.position:
            place += f" (was {before.position})"
        return f"Saved. Rank score {shown(score)}, {place}."

    def action_explain(self) -> None:
        row = self.current
        if row is None:
            return
        sentences = why(self.workspace.scored, row["id"])
        place = self.suggested.get(row["id"])
        rows = [(computed(name).label, sentences[name]) for name in ("rank_score", "do_not_rank_warning")]
        if place is not None:
            rows.append(("Suggested place", f"{place.position}: {place.reason}; keeps this place in "
                                            f"{place.kept_share:.0%} of rank-weight variations."))
        self.app.push_screen(ExplainScreen(f"Why: {row['name']}", rows))

    def action_delete_record(self) -> None:
        row = self.current
        if row is None or row["interview_id"] is None:
            self.notify("No interview record here.", severity="warning")
            return

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: self.workspace.delete_row("interviews", row["interview_id"]),
                           "Deleted the interview record (ctrl+z brings it back)")

        self.app.push_screen(ConfirmDialog(f"Delete the interview record of {row['name']}?"), confirmed)
