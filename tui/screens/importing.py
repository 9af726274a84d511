"""Import programs from a file: map its columns, preview what changes, write all rows or none.

Reading, planning and writing run in worker threads, each with a Store of its own (an SQLite
connection belongs to the thread that opened it). Workers only post messages; the handlers
here own the screen's state. The write is one transaction: a cancel or an error rolls it back.
"""

from __future__ import annotations

import threading
from pathlib import Path

from rich.text import Text
from textual import events, on, work
from textual.app import ComposeResult
from textual.containers import Vertical
from textual.message import Message
from textual.screen import Screen
from textual.widgets import (DataTable, Header, ProgressBar, Static)

from importers.apply import ImportCancelled, ImportResult, StalePlanError, apply_import
from importers.history import import_history
from importers.mapping import ColumnMapping, override, save_mapping
from importers.plan import ImportPlan, PlannedRow, plan_import
from importers.prepare import open_table, suggest_mapping
from importers.read import TableData
from importers.mapping import (LEFT_OUT_TEXT, UNMAPPED_TEXT, keep_as_note,
                               leave_out, target_label)
from importers.nrmp import default_specialties
from desk.column_fit import give_way
from store import MatchDeskError, Store
from tui.actions import bindings_for
from tui.screens.import_choosers import FIELDS, IGNORE, KEEP_CHOICE, TABLE, FieldChooser, SpecialtyChooser
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.footer import QuietFooter

SCOPE = "import"
ROWS_SHOWN = 500  # a file can hold thousands of rows; the first ones tell the story
VALUE_NOTES_SHOWN = 5
SAMPLE_WIDTH = 48
MAPPING_COLUMNS = ("Column in file", "Imports into", "Sample values", "Confidence", "Matched by")
# The samples give way first, then the file's column names, then the target (least, most): in a
# narrow terminal each is cut with an ellipsis before confidence and method leave the screen.
MAPPING_STRETCHING = {"Sample values": (13, SAMPLE_WIDTH), "Column in file": (20, 48), "Imports into": (12, 36)}
MAPPING_FIXED = {"Confidence": 10, "Matched by": 10}


# --- messages from the workers ------------------------------------------------------------


class Loaded(Message):
    def __init__(self, table: TableData, mapping: list[ColumnMapping]) -> None:
        super().__init__()
        self.table = table
        self.mapping = mapping


class Planned(Message):
    def __init__(self, plan: ImportPlan, version: int) -> None:
        super().__init__()
        self.plan = plan
        self.version = version


class Failed(Message):
    """Reading or planning failed: nothing can be written until it is fixed."""

    def __init__(self, title: str, message: str) -> None:
        super().__init__()
        self.title = title
        self.message = message


class WriteProgress(Message):
    def __init__(self, done: int, total: int) -> None:
        super().__init__()
        self.done = done
        self.total = total


class WriteEnded(Message):
    """The write finished: `result` on success, else the error (cancelled, stale, refused)."""

    def __init__(self, result: ImportResult | None, error: MatchDeskError | None) -> None:
        super().__init__()
        self.result = result
        self.error = error


# --- choosing a field ---------------------------------------------------------------------


def target_text(mapping: ColumnMapping) -> Text:
    if mapping.field:
        return Text(target_label(mapping.field, table=TABLE))
    return Text(UNMAPPED_TEXT.get(mapping.method or "", LEFT_OUT_TEXT), style="dim")


def cut(text: str | Text) -> Text:
    """Ends in an ellipsis where its column is too narrow, instead of wrapping."""
    text = Text(text) if isinstance(text, str) else text.copy()
    text.no_wrap, text.overflow = True, "ellipsis"
    return text


def confidence_text(mapping: ColumnMapping) -> Text:
    if not mapping.field:
        return Text("")
    style = "" if mapping.confidence >= 0.9 else "bold yellow"
    return Text(f"{mapping.confidence:.0%}", style=style, justify="right")


def change_summary(row: PlannedRow) -> str:
    """'Step 2 min 230 → 235; Notes → Updated' for an update; the values filled for a new program."""
    parts = []
    changes = row.changes or {name: (None, value) for name, value in row.values.items()}
    for name, (old, new) in changes.items():
        fld, label = FIELDS[name], target_label(name, table=TABLE)
        if row.action == "new":
            parts.append(f"{label} {fld.format(new)}")
        else:
            parts.append(f"{label} {fld.format(old) or '—'} → {fld.format(new)}")
    return "; ".join(parts)


class ImportScreen(Screen[ImportResult | None]):
    SCOPE = SCOPE
    BINDINGS = bindings_for("import")

    def __init__(self, path: str) -> None:
        super().__init__()
        self.path = Path(path.strip()).expanduser()
        self.data: TableData | None = None
        self.mapping: list[ColumnMapping] = []
        self.plan: ImportPlan | None = None
        self.version = 0  # bumped on every mapping change; a plan is for the version it was made for
        self.planned_version = -1
        self.cancel: threading.Event | None = None  # set while a write runs
        self.specialties: set[str] | None = None  # None: the plan's default (yours, for NRMP)
        self.mapping_widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static(Text(f"Import programs from {self.path}"), id="import-source")
        yield Static("", id="import-problem", classes="hidden")
        yield DataTable(id="mapping", cursor_type="row", zebra_stripes=True)
        yield Static("", id="import-counts")
        yield Static("", id="import-notes")
        with Vertical(id="import-details"):
            yield Static("", id="rejections-title", classes="details-title hidden")
            yield DataTable(id="rejections", cursor_type="row", classes="hidden")
            yield Static("", id="changes-title", classes="details-title hidden")
            yield DataTable(id="changes", cursor_type="row", classes="hidden")
        yield ProgressBar(id="progress", show_eta=False, classes="hidden")
        yield Static(f"Reading {self.path.name}…", id="import-status")
        yield QuietFooter()

    def on_mount(self) -> None:
        self.fit_mapping_columns(self.app.size.width)
        self.query_one("#rejections", DataTable).add_columns("File", "Line", "Column", "Value", "Reason")
        self.query_one("#changes", DataTable).add_columns("Line", "Action", "Program", "What changes")
        self.query_one("#mapping", DataTable).focus()
        self.read_file(self.app.store.path)

    def on_resize(self, event: events.Resize) -> None:
        self.fit_mapping_columns(event.size.width)

    def fit_mapping_columns(self, screen_width: int) -> None:
        """(Re)make the mapping's columns when the terminal's width changes how wide they can be."""
        longest = {label: max([len(label), *(len(cell) for cell in cells)])
                   for label, cells in zip(MAPPING_COLUMNS, zip(*self.mapping_cells()))}
        stretching = {label: (least, min(most, longest.get(label, most)))
                      for label, (least, most) in MAPPING_STRETCHING.items()}
        widths = give_way(screen_width, {**{label: most for label, (_, most) in stretching.items()},
                                         **MAPPING_FIXED}, stretching)
        if widths == self.mapping_widths:
            return
        self.mapping_widths = widths
        table = self.query_one("#mapping", DataTable)
        table.clear(columns=True)
        for label in MAPPING_COLUMNS:
            table.add_column(label, width=widths[label], key=label)
        self.fill_mapping()

    @property
    def writing(self) -> bool:
        return self.cancel is not None

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """While a write runs, only cancelling and closing (which cancels) are offered."""
        if action in ("choose_field", "ignore_column", "preview", "write", "choose_specialties"):
            return None if self.writing else True
        if action == "cancel_write":
            return self.writing
        return True

    @property
    def current_plan(self) -> ImportPlan | None:
        """The preview of the mapping on screen, or None while it is being made."""
        return self.plan if self.planned_version == self.version else None

    # --- workers (their own Store; they only post messages) -------------------------------

    @work(thread=True, exclusive=True, group="import-plan")
    def read_file(self, db_path: Path) -> None:
        try:
            data = open_table(self.path)
            with Store.open(db_path, readonly=True) as store:
                mapping = suggest_mapping(store, data)
        except MatchDeskError as error:
            self.post_message(Failed(error.title, error.message))
            return
        except OSError as error:
            self.post_message(Failed("Cannot read the file", f"{self.path}: {error.strerror or error}"))
            return
        self.post_message(Loaded(data, mapping))

    @work(thread=True, exclusive=True, group="import-plan")
    def make_plan(self, db_path: Path, data: TableData, mapping: list[ColumnMapping], version: int,
                  specialties: set[str] | None) -> None:
        try:
            with Store.open(db_path, readonly=True) as store:
                plan = plan_import(store, data, mapping, specialties=specialties)
        except MatchDeskError as error:
            self.post_message(Failed(error.title, error.message))
            return
        self.post_message(Planned(plan, version))

    @work(thread=True, exclusive=True, group="import-write")
    def write_plan(self, db_path: Path, plan: ImportPlan, data: TableData, skip_rejected: bool,
                   cancel: threading.Event) -> None:
        try:
            with Store.open(db_path) as store:
                result = apply_import(store, plan, progress=self.report_progress, cancel=cancel,
                                      skip_rejected=skip_rejected)
                result.history = import_history(store, data)
                save_mapping(store, data.headers, plan.mapping)
        except MatchDeskError as error:
            self.post_message(WriteEnded(None, error))
            return
        self.post_message(WriteEnded(result, None))

    def report_progress(self, done: int, total: int) -> None:
        self.post_message(WriteProgress(done, total))

    # --- what the workers report ----------------------------------------------------------

    @on(Loaded)
    def _loaded(self, event: Loaded) -> None:
        self.data = event.table
        source = self.query_one("#import-source", Static)
        details = [f"{event.table.row_count} rows", f"header on line {event.table.header_line}"]
        if event.table.encoding:
            details.append(event.table.encoding)
        source.update(Text(f"Import programs from {event.table.source}  ({', '.join(details)})"))
        self.set_mapping(event.mapping)

    @on(Planned)
    def _planned(self, event: Planned) -> None:
        if event.version != self.version:
            return  # made for a mapping the user has since changed
        self.plan, self.planned_version = event.plan, event.version
        self.show_plan(event.plan)

    @on(Failed)
    def _failed(self, event: Failed) -> None:
        self.query_one("#mapping", DataTable).set_class(self.data is None, "hidden")
        self.show_problem(f"{event.title}: {event.message}")
        self.set_status("Nothing was written. esc closes.")

    @on(WriteProgress)
    def _progress(self, event: WriteProgress) -> None:
        # Only the bar moves: a text change re-lays out the screen, and that costs the writer time.
        self.query_one("#progress", ProgressBar).update(total=max(event.total, 1), progress=event.done)

    @on(WriteEnded)
    def _write_ended(self, event: WriteEnded) -> None:
        self.cancel = None
        self.refresh_bindings()
        self.query_one("#progress", ProgressBar).add_class("hidden")
        if event.result is not None:
            self.dismiss(event.result)
            return
        error = event.error
        if isinstance(error, ImportCancelled):
            self.set_status("Cancelled: nothing was written. w writes again, esc closes.")
        elif isinstance(error, StalePlanError):
            self.show_problem(f"{error.title}: {error.message} (previewing again)")
            self.request_plan()
        else:
            self.show_problem(f"{error.title}: {error.message}")
            self.set_status("Nothing was written.")

    # --- showing ------------------------------------------------------------------------

    def set_status(self, text: str) -> None:
        self.query_one("#import-status", Static).update(Text(text))

    def show_problem(self, text: str | None) -> None:
        problem = self.query_one("#import-problem", Static)
        problem.set_class(text is None, "hidden")
        problem.update(Text(text or ""))

    def set_mapping(self, mapping: list[ColumnMapping]) -> None:
        self.mapping = mapping
        self.mapping_widths = {}  # the widths follow what the columns now hold
        self.fit_mapping_columns(self.app.size.width)
        self.request_plan()

    def mapping_cells(self) -> list[tuple[Text, ...]]:
        """One row of cells per column in the file, each cut with an ellipsis if its column is narrower."""
        return [(cut(m.source), cut(target_text(m)), cut("; ".join(m.sample_values[:3])),
                 confidence_text(m), Text(m.method or "", style="dim")) for m in self.mapping]

    def fill_mapping(self) -> None:
        table = self.query_one("#mapping", DataTable)
        row = table.cursor_row
        table.clear()
        for m, cells in zip(self.mapping, self.mapping_cells()):
            table.add_row(*cells, key=m.source)
        table.move_cursor(row=min(row, len(self.mapping) - 1))

    def request_plan(self) -> None:
        self.version += 1
        self.query_one("#import-counts", Static).update("Previewing…")
        self.make_plan(self.app.store.path, self.data, self.mapping, self.version, self.specialties)

    def show_plan(self, plan: ImportPlan) -> None:
        self.show_problem(None)
        c = plan.counts
        counts = Text.assemble(
            ("New ", "bold"), (str(c["new"]), "bold green"), "   ",
            ("Updated ", "bold"), (str(c["updated"]), "bold cyan"), "   ",
            ("Unchanged ", "bold"), str(c["unchanged"]), "   ",
            ("Rejected ", "bold"), (str(c["rejected"]), "bold red" if c["rejected"] else ""), "   ",
            ("Skipped ", "bold"), str(c["skipped"]),
            (f"   of {plan.total_lines} rows in the file", "dim"))
        if plan.cells:
            counts.append("\nCells ", style="bold")
            counts.append(" · ".join(f"{n:,} {what}" for what, n in plan.cells.items()))
        self.query_one("#import-counts", Static).update(counts)
        notes = list(plan.notes)
        notes += [f"Read line {n.line}, column '{n.column}': {n.note}"
                  for n in plan.value_notes[:VALUE_NOTES_SHOWN]]
        if len(plan.value_notes) > VALUE_NOTES_SHOWN:
            notes.append(f"… and {len(plan.value_notes) - VALUE_NOTES_SHOWN} more values read loosely.")
        notes_widget = self.query_one("#import-notes", Static)
        notes_widget.update(Text("\n".join(notes)))
        notes_widget.set_class(not notes, "hidden")
        self.show_rejections(plan)
        self.show_changes(plan)
        if plan.rejections:
            self.set_status(f"{len(plan.rejections)} value(s) refused: w offers to skip their rows, "
                            "or fix the file (or the mapping) first.")
        else:
            self.set_status("enter changes a mapping · w writes all rows at once · esc closes")

    def show_rejections(self, plan: ImportPlan) -> None:
        title = self.query_one("#rejections-title", Static)
        table = self.query_one("#rejections", DataTable)
        table.clear()
        shown = plan.rejections[:ROWS_SHOWN]
        for r in shown:
            table.add_row(Text(r.file), Text(str(r.line), justify="right"), Text(r.column), Text(r.value),
                          Text(r.reason))
        more = f" (first {ROWS_SHOWN} of {len(plan.rejections)})" if len(plan.rejections) > ROWS_SHOWN else ""
        title.update(Text(f"Rejected values in {len(plan.rejected_lines)} row(s){more}: the write is "
                          "refused unless those rows are skipped"))
        for widget in (title, table):
            widget.set_class(not plan.rejections, "hidden")

    def show_changes(self, plan: ImportPlan) -> None:
        title = self.query_one("#changes-title", Static)
        table = self.query_one("#changes", DataTable)
        table.clear()
        counts = plan.counts
        written = counts["new"] + counts["updated"]
        for row in plan.rows.written(ROWS_SHOWN):  # a row's values are made only for those shown
            table.add_row(Text(str(row.line), justify="right"), Text(row.action), Text(row.label),
                          Text(change_summary(row)))
        more = f" (first {ROWS_SHOWN} of {written})" if written > ROWS_SHOWN else ""
        title.update(Text(f"Programs the import adds or changes{more}"))
        for widget in (title, table):
            widget.set_class(not written, "hidden")

    # --- actions ------------------------------------------------------------------------

    def current_column(self) -> str | None:
        if not self.mapping or self.writing:
            return None
        row = self.query_one("#mapping", DataTable).cursor_row
        return self.mapping[min(row, len(self.mapping) - 1)].source

    @on(DataTable.RowSelected, "#mapping")
    def _row_selected(self) -> None:
        self.action_choose_field()

    def action_choose_field(self) -> None:
        column = self.current_column()
        if column is None:
            return

        def chosen(choice: str | None) -> None:
            if choice == IGNORE:
                self.ignore(column)
            elif choice == KEEP_CHOICE:
                self.set_mapping(keep_as_note(self.mapping, column))
            elif choice is not None:
                self.set_mapping(override(self.mapping, choice, column))
            self.query_one("#mapping", DataTable).focus()

        self.app.push_screen(FieldChooser(column, self.mapping), chosen)

    def action_ignore_column(self) -> None:
        column = self.current_column()
        if column is not None:
            self.ignore(column)

    def ignore(self, column: str) -> None:
        self.set_mapping(leave_out(self.mapping, column))

    def action_choose_specialties(self) -> None:
        if self.writing or self.data is None:
            return

        def chosen(ticked: tuple[str, ...] | None) -> None:
            if ticked is not None:
                self.specialties = set(ticked)
                self.request_plan()

        current = self.specialties or default_specialties(self.app.store)
        self.app.push_screen(SpecialtyChooser(current), chosen)

    def action_preview(self) -> None:
        if self.data is not None and not self.writing:
            self.request_plan()

    def action_write(self) -> None:
        if self.writing or self.data is None:
            return
        plan = self.current_plan
        if plan is None:
            self.notify("The preview is still being made; write when it shows.", severity="warning")
            return
        if not plan.rejections:
            self.start_write(plan, skip_rejected=False)
            return
        keep = plan.counts["new"] + plan.counts["updated"]
        question = (f"{len(plan.rejections)} value(s) in {len(plan.rejected_lines)} row(s) were refused, "
                    f"so the whole import is refused.\n\nSkip those rows and write the other {keep} "
                    f"program(s)?\n\ny: skip the rejected rows · n: write nothing")

        def answered(skip: bool | None) -> None:
            if skip:
                self.start_write(plan, skip_rejected=True)
            else:
                self.set_status("Nothing was written.")

        self.app.push_screen(ConfirmDialog(question), answered)

    def start_write(self, plan: ImportPlan, *, skip_rejected: bool) -> None:
        self.cancel = threading.Event()
        self.refresh_bindings()
        bar = self.query_one("#progress", ProgressBar)
        bar.update(total=None, progress=0)
        bar.remove_class("hidden")
        self.show_problem(None)
        self.set_status("Writing…  esc or c cancels; nothing is written until every row is in")
        self.write_plan(self.app.store.path, plan, self.data, skip_rejected, self.cancel)

    def action_cancel_write(self) -> None:
        if self.cancel is not None:
            self.cancel.set()
            self.set_status("Cancelling: rolling back…")

    def action_close(self) -> None:
        if self.writing:
            self.action_cancel_write()
        else:
            self.dismiss(None)
