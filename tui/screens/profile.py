"""The applicant profile (DOMAIN 1): every field, the USCE entries, and beside them the live
self-assessment, risk category, Step 2 CK band, strategy and application counts."""

from __future__ import annotations

from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import DataTable, Header, Static

from scoring import ApplicantAssessment
from registry.computed import computed
from registry.specialties import DIAGNOSTIC
from registry.choices import USCE_TYPES
from registry.fields import fields_of, get_field
from tui.actions import bindings_for
from tui.widgets.footer import QuietFooter
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog
from tui.widgets.editors import CellEditor
from tui.widgets.records import RecordColumn, RecordScreen, RecordTable, focus_after


YEARS_ROW = "_years"  # the derived row below the graduation year
VALUE_WIDTH = 34
USCE_WIDTHS = {"type": 14, "specialty": 20, "institution": 34, "months": 6, "radiology": 9, "start_date": 10}
USCE_COLUMNS = tuple(RecordColumn(f.name, f.label, width=USCE_WIDTHS.get(f.name)) for f in fields_of("usce"))
USCE_CONTEXT = "US clinical experience · the self-assessment and risk follow at once"
# colour roles of RecordScreen.palette, so every theme shows them
RATING_ROLES = {"Strong": "success", "Average": "warning", "Weak": "error", "Unknown": "muted"}
RISK_ROLES = {"higher-likelihood": "success", "moderate-risk": "warning", "high-risk": "error", "unclear": "plain"}
Palette = dict[str, str]
TRACK_LABELS = {DIAGNOSTIC: "Diagnostic radiology", "IR": "Interventional (IR/DR)", "backup": get_field("profile", "backup_specialty").label}


def shown_value(fld, value: Any, width: int | None = None) -> Text:
    """A stored value as table text: 'unknown' when empty, cut to `width`."""
    if value is None or value == "":
        return Text("unknown", style="dim italic")
    text = fld.format(value).replace("\n", " ")
    if width is not None and len(text) > width:
        text = text[:width - 1] + "…"
    return Text(text)


def bold(palette: Palette, role: str) -> str:
    return f"bold {palette[role]}".strip()


def ratings_table(assessment: ApplicantAssessment, palette: Palette) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True, width=7)
    table.add_column(ratio=1)
    for rating in assessment.self_assessment:
        line = Text(rating.category, style="bold")
        line.append(f"  {rating.reason}")
        table.add_row(Text(rating.rating, style=bold(palette, RATING_ROLES.get(rating.rating, "plain"))), line)
    return table


def headline(label: str, value: str, style: str, reason: str) -> Text:
    text = Text(f"{label}: ", style="bold")
    text.append(value, style=style)
    text.append(f"\n{reason}", style="dim")
    return text


def risk_text(assessment: ApplicantAssessment, palette: Palette) -> Text:
    # The rule text repeats the category at its start; show the rule part once.
    rule = assessment.risk_rule.removeprefix(f"{assessment.risk_category}: ")
    return headline("Risk category", assessment.risk_category,
                    bold(palette, RISK_ROLES.get(assessment.risk_category, "plain")), rule)


def band_text(assessment: ApplicantAssessment) -> Text:
    return headline("Step 2 CK band", assessment.step2_band, "bold", assessment.step2_band_reason)


STRATEGY_ROLES = {"radiology-only": "success", "dual apply": "warning",
                  "dual apply, backup broad": "warning", "backup as main plan": "error"}


def strategy_text(assessment: ApplicantAssessment, palette: Palette) -> Text:
    plan = assessment.strategy
    text = headline("Strategy", plan.headline, bold(palette, STRATEGY_ROLES[plan.kind]),
                    plan.sentence)
    facts = assessment.facts
    if facts.dual_apply:
        text.append(f"\nYour profile says dual applying (backup: {facts.backup_specialty or 'not chosen'}).",
                    style="dim")
    return text


def counts_table(assessment: ApplicantAssessment) -> Table:
    table = Table.grid(padding=(0, 1))
    table.add_column(no_wrap=True)
    table.add_column(no_wrap=True, justify="right")
    table.add_column(ratio=1, style="dim")
    for count in assessment.recommended:
        span = "—" if count.high == 0 else f"{count.low}-{count.high}"
        table.add_row(TRACK_LABELS.get(count.track, count.track), span, count.reason)
    return table


class ProfileScreen(RecordScreen):
    SCOPE = "profile"
    BINDINGS = bindings_for("profile")

    def compose(self) -> ComposeResult:
        yield Header()
        with Horizontal(id="profile-body"):
            yield DataTable(id="profile-fields", cursor_type="row", zebra_stripes=True)
            with VerticalScroll(id="assessment"):
                yield Static("Self-assessment", classes="section-title", markup=False)
                yield Static(id="ratings")
                yield Static(id="risk")
                yield Static(id="band")
                yield Static(id="strategy")
                yield Static("Recommended applications", classes="section-title", markup=False)
                yield Static(id="counts")
        yield Static("US clinical experience  (tab here · a adds · d deletes · enter edits a cell)",
                     classes="section-title", markup=False)
        yield RecordTable("usce", USCE_COLUMNS, id="usce")
        yield QuietFooter()

    @property
    def fields_table(self) -> DataTable:
        return self.query_one("#profile-fields", DataTable)

    @property
    def usce_table(self) -> RecordTable:
        return self.query_one("#usce", RecordTable)

    def on_mount(self) -> None:
        self.fields_table.add_column("Field", key="label")
        self.fields_table.add_column("Value", key="value", width=VALUE_WIDTH)
        self.fields_table.focus()

    # --- rendering ---------------------------------------------------------------------

    def profile_row(self) -> dict:
        rows = self.store.rows("profile")
        return rows[0] if rows else {}

    def show_data(self) -> None:
        self.fill_fields()
        self.usce_table.show(self.store.rows("usce"))
        self.fill_assessment()

    def fill_fields(self) -> None:
        table, row = self.fields_table, self.profile_row()
        years = self.workspace.scored.applicant.facts.years
        cells = []
        for fld in fields_of("profile"):
            cells.append((fld.name, fld.label, shown_value(fld, row.get(fld.name), VALUE_WIDTH)))
            if fld.name == "graduation_year":
                shown = (Text("unknown (needs the graduation year)", style="dim italic") if years is None
                         else Text(f"{years} (derived from today)", style="italic"))
                cells.append((YEARS_ROW, computed("years_since_graduation").label, shown))
        if table.row_count:
            for key, _, value in cells:
                table.update_cell(key, "value", value)
        else:
            for key, label, value in cells:
                table.add_row(label, value, key=key)

    def fill_assessment(self) -> None:
        assessment, palette = self.workspace.scored.applicant, self.palette
        self.query_one("#ratings", Static).update(ratings_table(assessment, palette))
        self.query_one("#risk", Static).update(risk_text(assessment, palette))
        self.query_one("#band", Static).update(band_text(assessment))
        self.query_one("#strategy", Static).update(strategy_text(assessment, palette))
        self.query_one("#counts", Static).update(counts_table(assessment))

    # --- editing -----------------------------------------------------------------------

    @on(DataTable.RowSelected, "#profile-fields")
    def _field_selected(self, event: DataTable.RowSelected) -> None:
        self.edit_field(event.row_key.value)

    @on(DataTable.CellSelected, "#usce")
    def _usce_selected(self) -> None:
        self.edit_current(self.usce_table, USCE_CONTEXT)

    def action_edit(self) -> None:
        if self.usce_table.has_focus:
            self.edit_current(self.usce_table, USCE_CONTEXT)
        else:
            row = self.fields_table.cursor_row
            self.edit_field(self.fields_table.coordinate_to_cell_key((row, 0)).row_key.value)

    def edit_field(self, name: str) -> None:
        if name == YEARS_ROW:
            self.notify("Years since graduation is worked out from the graduation year and today.",
                        title=computed("years_since_graduation").label, timeout=6)
            return
        row = self.profile_row()
        if not row:  # a database without a profile row yet: make the empty one to edit
            ok, _ = self.attempt(lambda: self.workspace.insert_row("profile", {}))
            if not ok:
                return
            row = self.profile_row()
        self.app.push_screen(
            CellEditor(get_field("profile", name), row[name], self.commit_to("profile", row["id"], name),
                       context="Profile · every program is rescored when you save"),
            focus_after(self.fields_table))

    def action_add_usce(self) -> None:
        def chosen(kind: str | None) -> None:
            if kind is None:
                return
            ok, entry_id = self.attempt(lambda: self.workspace.insert_row("usce", {"type": kind}))
            if ok:
                self.usce_table.move_to_id(entry_id, column=1)
                self.usce_table.focus()
                self.notify(f"Added a {kind}: enter edits each cell", timeout=3)

        self.app.push_screen(ChoiceDialog("Type of US clinical experience", USCE_TYPES), chosen)

    def action_delete_usce(self) -> None:
        table = self.usce_table
        entry = table.current_record
        if entry is None:
            self.notify("No US clinical experience to delete.", severity="warning")
            return
        table.focus()

        def confirmed(yes: bool | None) -> None:
            if yes:
                ok, _ = self.attempt(lambda: self.workspace.delete_row("usce", entry["id"]))
                if ok:
                    self.notify("Deleted (ctrl+z brings it back)", timeout=3)

        where = f" in {entry['specialty']}" if entry["specialty"] else ""
        at = f" at {entry['institution']}" if entry["institution"] else ""
        self.app.push_screen(ConfirmDialog(f"Delete this US clinical experience: {entry['type']}{where}{at}?"),
                             confirmed)
