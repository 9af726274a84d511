"""Export programs (the current view or all) or every table to CSV, Excel or Markdown.

The exporter decides what goes in a file (computed columns, private data); this dialog only
chooses format, scope, privacy and where to write. The export runs in a worker thread with a
read-only Store of its own, so a large database does not freeze the screen.
"""

from __future__ import annotations

from pathlib import Path

from textual import on, work
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.message import Message
from textual.screen import ModalScreen
from textual.widgets import Input, Label, RadioSet, Static

from importers.export import DEFAULT_TABLES, export, output_paths, refuse_database
from desk.paths import FOLDER_PREF, resolve_typed, start_folder
from importers.files import describe_existing
from registry.computed import COMPUTED_NAMES
from store import MatchDeskError, Store
from registry.fields import TABLES
from tui.actions import bindings_for
from tui.widgets.toggles import MarkedRadioButton
from tui.screens.dialogs import ConfirmDialog
from tui.widgets.path_input import PathInput, completion_hint, remember_folder

SCOPE = "export"
FORMATS = {"csv": "CSV", "xlsx": "Excel (.xlsx)", "md": "Markdown"}
VIEW, PROGRAMS, ALL, RANK_LISTS = "view", "programs", "all", "rank_lists"
PRIVATE_WARNING = ("Private data on: red flags with their explanations, statement texts, and your own "
                   "Step 2 CK score, exam attempts and years since graduation (in the gate reasons) "
                   "go into the file. Keep it to yourself and your mentor.")



class PickOne(RadioSet, inherit_bindings=False):
    """A radio set whose arrow keys choose at once, which leaves enter free to write."""

    BINDINGS = bindings_for("export.options")

    def action_step(self, step: int) -> None:
        if step > 0:
            self.action_next_button()
        else:
            self.action_previous_button()
        self.action_toggle_button()

    @property
    def value(self) -> str:
        return self.pressed_button.name if self.pressed_button is not None else ""


class Exported(Message):
    def __init__(self, paths: list[Path] | None, error: MatchDeskError | None) -> None:
        super().__init__()
        self.paths = paths
        self.error = error


class ExportScreen(ModalScreen[Path | None]):
    SCOPE = SCOPE
    BINDINGS = bindings_for("export")

    def __init__(self, program_ids: list[int], columns: list[str], scope: str = VIEW) -> None:
        super().__init__()
        self.first_scope = scope
        self.program_ids = list(program_ids)
        self.columns = list(columns)
        self.default_path: Path | None = None
        self.busy = False
        self.folder: Path | None = None  # set once the app's store is known

    def compose(self) -> ComposeResult:
        self.folder = start_folder(self.app.store.path, self.app.store.get_pref(FOLDER_PREF))
        with Vertical(classes="dialog export-dialog"):
            yield Label("Export", classes="dialog-title")
            with Horizontal(classes="export-row"):
                yield Label("Format", classes="export-label")
                yield PickOne(*(MarkedRadioButton(label, value=i == 0, name=key)
                                for i, (key, label) in enumerate(FORMATS.items())),
                              id="export-format", classes="across")
            with Horizontal(classes="export-row"):
                yield Label("What", classes="export-label")
                yield PickOne(
                    MarkedRadioButton(f"Current view ({len(self.program_ids)} programs, its columns)",
                                value=self.first_scope == VIEW, name=VIEW),
                    MarkedRadioButton("All programs, every column", name=PROGRAMS),
                    MarkedRadioButton("All tables: programs, rank lists, contacts, interviews", name=ALL),
                    MarkedRadioButton("Rank lists, in NRMP order", value=self.first_scope == RANK_LISTS,
                                name=RANK_LISTS),
                    id="export-scope")
            with Horizontal(classes="export-row"):
                yield Label("Private", classes="export-label")
                yield PickOne(MarkedRadioButton("Leave out", value=True, name="no"),
                              MarkedRadioButton("Include private data", name="yes"),
                              id="export-private", classes="across")
            yield Static(PRIVATE_WARNING, id="export-private-warning", classes="hidden", markup=False)
            with Horizontal(classes="export-row"):
                yield Label("Write to", classes="export-label")
                yield PathInput(self.folder, picking="save", id="export-path")
            yield Static("", id="export-hint", markup=False)
            yield Static("", id="export-error", markup=False)

    def on_mount(self) -> None:
        self.refresh_choices()
        self.query_one("#export-format", PickOne).focus()

    # --- the choices --------------------------------------------------------------------

    @property
    def fmt(self) -> str:
        return self.query_one("#export-format", PickOne).value

    @property
    def scope(self) -> str:
        return self.query_one("#export-scope", PickOne).value

    @property
    def include_private(self) -> bool:
        return self.query_one("#export-private", PickOne).value == "yes"

    def default_target(self) -> Path:
        """In the start folder: <db stem>-programs.<ext>, or <db stem>-export.<ext> for all tables."""
        what = {ALL: "export", RANK_LISTS: "rank-lists"}.get(self.scope, "programs")
        return self.folder / f"{Path(self.app.store.path).stem}-{what}.{self.fmt}"

    def target(self) -> Path:
        """The path typed, read relative to the start folder."""
        return resolve_typed(self.query_one("#export-path", Input).value, self.folder)

    def on_path_input_completed(self, event: PathInput.Completed) -> None:
        if names := completion_hint(event.completion):
            self.query_one("#export-hint", Static).update(names)

    @on(RadioSet.Changed)
    def _changed(self) -> None:
        self.refresh_choices()

    def refresh_choices(self) -> None:
        path = self.query_one("#export-path", Input)
        default = self.default_target()
        if self.default_path is None or path.value == str(self.default_path):
            path.value = str(default)  # follow the choices until the user types a path
        self.default_path = default
        self.query_one("#export-private-warning").set_class(not self.include_private, "hidden")
        hint = {VIEW: "The programs in view, in their order, with the visible columns.",
                PROGRAMS: "Every program with every column, computed scores included.",
                ALL: "Every program and column, rank lists, contacts and interviews"
                     + (", and red flags." if self.include_private else "."),
                RANK_LISTS: "Every rank list in NRMP order: program codes, tracks, and the advanced "
                            "programs each PGY-1 list serves."}[self.scope]
        if self.scope == ALL and self.fmt == "csv":
            hint += " CSV: one file per table, named <file>-<table>.csv."
        self.query_one("#export-hint", Static).update(hint + " enter writes, ctrl+o browses, esc closes.")

    def export_request(self) -> dict:
        """The exporter's arguments for the choices made."""
        if self.scope == VIEW:
            known = {f.name for f in TABLES["programs"]} | set(COMPUTED_NAMES)
            return {"tables": ["programs"], "program_ids": self.program_ids,
                    "columns": [c for c in self.columns if c in known]}
        if self.scope == PROGRAMS:
            return {"tables": ["programs"]}
        if self.scope == RANK_LISTS:
            return {"tables": ["rank_lists"]}
        return {"tables": [*DEFAULT_TABLES, *(["red_flags"] if self.include_private else [])]}

    # --- writing ------------------------------------------------------------------------

    @on(Input.Submitted, "#export-path")
    def _submitted(self) -> None:
        self.action_write()

    def action_write(self) -> None:
        if self.busy:
            return
        if not self.query_one("#export-path", Input).value.strip():
            self.show_error("Give a file to write to.")
            return
        target = self.target()
        if target.is_dir() and not (self.fmt == "csv" and self.scope == ALL):
            self.show_error(f"{target} is a folder; give a file name.")
            return
        paths = output_paths(self.fmt, target, self.export_request()["tables"])
        try:
            for path in paths:
                refuse_database(path, Path(self.app.store.path))
        except MatchDeskError as error:
            self.show_error(error.message)
            return
        if folders := [path for path in paths if path.is_dir()]:
            self.show_error(f"{folders[0]} is a folder; give a file name.")
            return
        if existing := [path for path in paths if path.exists()]:
            described = "; ".join(f"{path} is {describe_existing(path)}" for path in existing)
            question = f"{described}. Replace {'it' if len(existing) == 1 else 'them'}?"
            self.app.push_screen(ConfirmDialog(question), lambda yes: self.start(target) if yes else None)
            return
        self.start(target)

    def start(self, target: Path) -> None:
        self.busy = True
        remember_folder(self.app, target if target.is_dir() else target.parent)
        self.show_error(None)
        self.query_one("#export-hint", Static).update(f"Writing {target}…")
        self.write_export(Path(self.app.store.path), target, self.fmt, self.include_private,
                          self.app.today, self.export_request())

    @work(thread=True, exclusive=True)
    def write_export(self, db_path: Path, target: Path, fmt: str, include_private: bool, today,
                     request: dict) -> None:
        try:
            with Store.open(db_path, readonly=True) as store:
                paths = export(store, fmt, target, include_private=include_private, today=today,
                               **request)
        except MatchDeskError as error:
            self.post_message(Exported(None, error))
            return
        self.post_message(Exported(paths, None))

    @on(Exported)
    def _exported(self, event: Exported) -> None:
        self.busy = False
        if event.error is not None:
            self.show_error(f"{event.error.title}: {event.error.message}")
            self.refresh_choices()
            return
        names = ", ".join(str(p) for p in event.paths)
        self.app.notify(f"Wrote {names}", title="Exported", timeout=8, markup=False)
        self.dismiss(event.paths[0] if event.paths else None)

    def show_error(self, message: str | None) -> None:
        self.query_one("#export-error", Static).update(message or "")

    def action_close(self) -> None:
        self.dismiss(None)
