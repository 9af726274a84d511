"""Small editable lists of store rows (red flags, contacts, fees, timeline) and the screen
behaviour they share: refresh when the data changed elsewhere, edit a cell through the
registry's editor, report a refused write instead of raising."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from rich.console import RenderableType
from rich.text import Text
from textual.widget import Widget
from textual.widgets import DataTable

from store import MatchDeskError
from registry.computed import computed, is_computed
from registry.fields import fields_of, get_field
from tui.widgets.editors import CellEditor
from tui.screens.base import WorkspaceScreen


def clip(text: str | None, width: int) -> str:
    """One line of at most `width` characters."""
    line = " ".join((text or "").split())
    return line if len(line) <= width else line[: width - 1] + "…"


def display(table: str, name: str, value: Any) -> str:
    """A stored value as the registry formats it; a worked-out value as plain text."""
    if value is None:
        return ""
    fld = next((f for f in fields_of(table) if f.name == name), None)
    if fld is None:
        return str(value)
    if fld.kind == "bool":
        return "✓" if value else "·"
    return fld.format(value)


def header(table: str, name: str) -> str:
    """A column's header: the registry label of the field, or of the computed column."""
    if is_computed(name):
        return computed(name).short
    return get_field(table, name).label


@dataclass(frozen=True)
class RecordColumn:
    name: str  # a field of the table (editable) or a computed name
    label: str = ""  # the registry's label when empty; set only where the header differs
    width: int | None = None
    render: Callable[[dict], RenderableType] | None = None
    editable: bool = True
    explain: Callable[[dict], str] | None = None  # why a worked-out value is what it is


class RecordTable(DataTable):
    """A DataTable of store rows keyed by id; the cursor stays on its row across reloads."""

    def __init__(self, table: str, columns: Iterable[RecordColumn], *, cursor_type: str = "cell",
                 id: str | None = None, classes: str | None = None) -> None:
        super().__init__(id=id, classes=classes, cursor_type=cursor_type, zebra_stripes=True)
        self.table = table
        self.record_columns = tuple(columns)
        self.records: dict[int, dict] = {}

    def on_mount(self) -> None:
        self.add_record_columns()

    def add_record_columns(self) -> None:
        for column in self.record_columns:
            self.add_column(column.label or header(self.table, column.name), width=column.width,
                            key=column.name)

    def set_columns(self, columns: Iterable[RecordColumn]) -> None:
        """Remake the columns when their widths changed (a resize) and repaint the rows shown."""
        columns = tuple(columns)
        if [c.width for c in columns] == [c.width for c in self.record_columns]:
            return
        self.record_columns = columns
        self.clear(columns=True)
        self.add_record_columns()
        self.show(list(self.records.values()))

    def _cell(self, column: RecordColumn, row: dict) -> RenderableType:
        if column.render is not None:
            rendered = column.render(row)
        else:
            rendered = display(self.table, column.name, row.get(column.name))
        if isinstance(rendered, str):
            return Text(clip(rendered, column.width) if column.width else rendered)
        return rendered

    def show(self, rows: Iterable[dict]) -> None:
        """Repaint; the cursor stays on its row, or where the row was when it is gone."""
        keep_id, keep_row, keep_column = self.current_id, self.cursor_row, self.cursor_column
        self.clear()
        self.records = {}
        for row in rows:
            self.records[row["id"]] = row
            self.add_row(*(self._cell(c, row) for c in self.record_columns), key=str(row["id"]))
        if keep_id in self.records:
            self.move_to_id(keep_id, keep_column)
        elif self.row_count:
            self.move_cursor(row=min(keep_row, self.row_count - 1), column=keep_column)

    @property
    def current_id(self) -> int | None:
        if not self.row_count:
            return None
        return int(self.coordinate_to_cell_key(self.cursor_coordinate).row_key.value)

    @property
    def current_record(self) -> dict | None:
        return self.records.get(self.current_id)

    @property
    def current_column(self) -> RecordColumn | None:
        """The cell under the cursor; on a row list, the row's first editable column."""
        if not self.record_columns:
            return None
        if self.cursor_type == "row":
            return next((c for c in self.record_columns if c.editable), self.record_columns[0])
        return self.record_columns[min(self.cursor_column, len(self.record_columns) - 1)]

    def move_to_id(self, row_id: int, column: int | None = None) -> None:
        if row_id in self.records:
            self.move_cursor(row=self.get_row_index(str(row_id)),
                             column=self.cursor_column if column is None else column)


class RecordScreen(WorkspaceScreen):
    """Base of the list screens: `show_data` paints everything from the workspace."""

    def on_mount(self) -> None:
        self.rebuild()

    def rebuild(self) -> None:
        self.seen_version = self.workspace.version
        self.show_data()

    def show_data(self) -> None:
        raise NotImplementedError

    def commit_to(self, table: str, row_id: int, field: str) -> Callable[[Any], str | None]:
        """An editor's commit: save through the workspace, or return why it was refused."""

        def commit(raw: Any) -> str | None:
            try:
                self.workspace.set_value(table, row_id, field, raw)
            except MatchDeskError as error:
                return error.message
            self.rebuild()
            return None

        return commit

    def edit_current(self, records: RecordTable, context: str = "") -> None:
        """Open the registry editor on the table's current cell."""
        row, column = records.current_record, records.current_column
        if row is None or column is None:
            return
        if not column.editable:
            why = column.explain(row) if column.explain else f"{column.label} is worked out, not typed in."
            self.notify(why, title=column.label, timeout=8)
            return
        fld = get_field(records.table, column.name)
        self.app.push_screen(CellEditor(fld, row.get(column.name),
                                        self.commit_to(records.table, row["id"], column.name),
                                        context=context),
                             focus_after(records))

    @property
    def palette(self) -> dict[str, str]:
        """Rich styles for the roles the lists colour by, from the current theme."""
        theme = self.app.theme_variables
        return {"warning": theme["warning"], "error": theme["error"], "success": theme["success"],
                "muted": "dim", "plain": ""}

    def theme_text(self, text: str, role: str) -> Text:
        return Text(text, style=self.palette[role])


def focus_after(widget: Widget) -> Callable[[Any], None]:
    return lambda _result: widget.focus()
