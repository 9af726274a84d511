"""Every threshold and weight the scoring reads, grouped by section, each with its default and a
reset. Values that differ from the default are marked."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.widgets import DataTable, Header, Static

from scoring import tier_counts
from store import MatchDeskError
from registry.settings import ESTIMATE, SETTINGS, SETTINGS_BY_KEY, Setting, shown_settings
from store.store import setting_field
from tui.actions import bindings_for
from desk.column_fit import stretch_width
from tui.widgets.footer import QuietFooter
from tui.widgets.editors import CellEditor
from tui.widgets.records import RecordScreen, focus_after


SECTION_PREFIX = "section:"
CHANGED_MARK = "●"
LONGEST_LABEL = max(len(setting.label) for setting in SETTINGS)
OTHER_WIDTHS = (1, 10, 10)  # mark, value, default: as wide as a date; a longer list ends in "…"
FIXED_WIDTHS = {"mark": OTHER_WIDTHS[0], "value": OTHER_WIDTHS[1], "default": OTHER_WIDTHS[2]}


def cut(text: str, style: str = "") -> Text:
    """A value in its narrow column: a long one (the specialty list) ends in "…"; the line under
    the table shows it whole."""
    return Text(text, style=style, no_wrap=True, overflow="ellipsis")


def sections(values: dict[str, Any]) -> dict[str, list[Setting]]:
    """The settings shown (a typical score only for the user's specialties), grouped by
    section, sections in order of first appearance."""
    grouped: dict[str, list[Setting]] = {}
    for setting in shown_settings(values):
        grouped.setdefault(setting.section, []).append(setting)
    return grouped


def shown(setting: Setting, value: Any) -> str:
    return setting_field(setting.key).format(value)


class SettingsScreen(RecordScreen):
    SCOPE = "settings"
    BINDINGS = bindings_for("settings")

    def __init__(self) -> None:
        super().__init__()
        self.label_width = 0

    def compose(self) -> ComposeResult:
        yield Header()
        yield DataTable(id="settings", cursor_type="row")
        yield Static(id="setting-detail", markup=False)
        yield Static(id="settings-status", markup=False)
        yield QuietFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#settings", DataTable)

    def on_mount(self) -> None:
        self.fit_columns(self.app.size.width)
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        if self.fit_columns(event.size.width):
            self.show_data()

    def fit_columns(self, screen_width: int) -> bool:
        """(Re)make the table when the terminal's width changes how wide the labels can be, so
        value and default stay on screen; True when it did."""
        label_width = stretch_width(screen_width, OTHER_WIDTHS, least=24, most=LONGEST_LABEL)
        if label_width == self.label_width:
            return False
        self.label_width = label_width
        table = self.table
        row = max(table.cursor_row, 1)
        table.clear(columns=True)
        for key, label in (("mark", " "), ("label", "Setting"), ("value", "Value"), ("default", "Default"),
                           ("source", "Source of the default")):
            table.add_column(label, key=key, width=FIXED_WIDTHS.get(key, label_width if key == "label" else None))
        self.add_rows()
        table.move_cursor(row=row)
        return True

    def add_rows(self) -> None:
        """One row per setting shown; rebuilt when the user's specialties change what is shown."""
        table = self.table
        table.clear()
        self.shown = shown_settings(self.workspace.settings)
        for section, members in sections(self.workspace.settings).items():
            table.add_row("", Text(section, style="bold underline"), "", "", "", key=SECTION_PREFIX + section)
            for setting in members:
                table.add_row("", Text(setting.label, no_wrap=True, overflow="ellipsis"), "",
                              cut(shown(setting, setting.default), style="dim"),
                              Text(setting.source, style="dim italic" if setting.source.startswith(ESTIMATE)
                                   else "dim"), key=setting.key)

    # --- rendering ---------------------------------------------------------------------

    def show_data(self) -> None:
        values = self.workspace.settings
        if shown_settings(values) != self.shown:
            row = self.table.cursor_row
            self.add_rows()
            self.table.move_cursor(row=row)
        changed = 0
        for setting in self.shown:
            differs = values[setting.key] != setting.default
            changed += differs
            style = f"bold {self.palette['warning']}" if differs else ""
            self.table.update_cell(setting.key, "mark", Text(CHANGED_MARK if differs else "", style=style))
            self.table.update_cell(setting.key, "value", cut(shown(setting, values[setting.key]), style=style))
        counts = tier_counts(self.workspace.scored)
        tiers = " · ".join(f"{tier} {count}" for tier, count in counts.items())
        self.query_one("#settings-status", Static).update(
            f"{changed} setting(s) differ from the default ({CHANGED_MARK})  │  radiology list now: {tiers}")

    # --- editing -----------------------------------------------------------------------

    def current_setting(self) -> Setting | None:
        if not self.table.row_count:
            return None
        key = self.table.coordinate_to_cell_key((self.table.cursor_row, 0)).row_key.value
        return SETTINGS_BY_KEY.get(key)

    @on(DataTable.RowHighlighted, "#settings")
    def _row_highlighted(self) -> None:
        """In a narrow terminal the label may be cut and the source is off screen: both here."""
        setting = self.current_setting()
        detail = "" if setting is None else (f"{setting.label} · now {shown(setting, self.workspace.settings[setting.key])}"
                                             f" · default {shown(setting, setting.default)} · {setting.source}")
        self.query_one("#setting-detail", Static).update(detail)

    @on(DataTable.RowSelected, "#settings")
    def _row_selected(self) -> None:
        self.action_edit_setting()

    def action_edit_setting(self) -> None:
        setting = self.current_setting()
        if setting is None:
            self.notify("Highlight a setting, not a section title.", severity="warning")
            return

        def commit(raw: Any) -> str | None:
            try:
                self.workspace.set_setting(setting.key, raw)
            except MatchDeskError as error:
                return error.message
            self.rebuild()
            return None

        context = f"{setting.key} · default {shown(setting, setting.default)} · r on the list resets it"
        self.app.push_screen(CellEditor(setting_field(setting.key), self.workspace.settings[setting.key],
                                        commit, context=context),
                             focus_after(self.table))

    def action_reset_setting(self) -> None:
        setting = self.current_setting()
        if setting is None:
            return
        default = shown(setting, setting.default)
        if self.workspace.settings[setting.key] == setting.default:
            self.notify(f"{setting.label} is already the default ({default}).", timeout=3)
            return
        ok, _ = self.attempt(lambda: self.workspace.set_setting(setting.key, setting.default))
        if ok:
            self.notify(f"{setting.label}: back to {default} (ctrl+z undoes)", timeout=3)
