"""The peer for bench_edit: Textual's stock DataTable doing the same work as MatchDesk's table —
the same store, the same scoring, the same visible columns."""

from __future__ import annotations

from rich.text import Text
from textual.widgets import DataTable

from store import Store
from desk.view import DEFAULT_COLUMNS
from desk.workspace import Workspace


def _cell(value) -> Text:
    return Text("" if value is None else str(value))


def load_peer_table(table: DataTable, db: str) -> Workspace:
    workspace = Workspace(Store.open(db))
    frame = workspace.programs.select(["id", *DEFAULT_COLUMNS])
    for name in DEFAULT_COLUMNS:
        table.add_column(name, key=name)
    # keyed by program id, so an edit can address its row
    for row in frame.iter_rows():
        table.add_row(*(_cell(v) for v in row[1:]), key=str(row[0]))
    return workspace


def peer_edit(table: DataTable, workspace: Workspace, program_id: int, field: str, raw) -> None:
    """Save, rescore the row, and update every visible cell of it, as the stock widget must."""
    rows = workspace.set_program_value(program_id, field, raw)
    row = rows.select(DEFAULT_COLUMNS).row(0, named=True)
    for name, value in row.items():
        table.update_cell(str(program_id), name, _cell(value))
