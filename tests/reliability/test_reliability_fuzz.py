"""Fuzzing: random edit sequences against a model of the store, and arbitrary text into the
filter bar and the importers' coercers. (tests/test_query.py and tests/test_import_coerce.py
fuzz the parser on a small frame and the coercers with text; here: the real scored sample
frame with sorting, and the non-text values a spreadsheet reader hands over.)"""

from __future__ import annotations

import datetime as dt
import re
import shutil
from pathlib import Path
from typing import Any

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, invariant, rule, run_state_machine_as_test

from importers.apply import apply_import
from importers.coerce import coerce, coerce_column
from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping

from registry.errors import ValidationError
from registry.fields import TABLES, get_field
from store.store import Store
from desk.query import ALIASES, QueryError
from desk.view import ViewState, apply_view
from desk.workspace import Workspace

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
TODAY = dt.date(2026, 11, 26)

# --- the store against a model --------------------------------------------------------------

# The columns the machine edits, and raw values for them: valid, invalid and same-as-before.
PROGRAM_VALUES: dict[str, st.SearchStrategy] = {
    "name": st.text(max_size=12),  # "" and blanks are refused: a program needs a name
    "notes": st.one_of(st.none(), st.text(max_size=20)),
    "residents_per_year": st.one_of(st.none(), st.integers(-3, 110)),  # 0..100 allowed
    "img_percent": st.one_of(st.none(), st.floats(-5, 105, allow_nan=False)),
    "img_presence": st.one_of(st.none(), st.booleans(), st.sampled_from(["yes", "no", "maybe"])),
    "visa": st.one_of(st.none(), st.sampled_from(["J-1", "H-1B", "j1", "none", "bogus"])),
}
CONTACT_VALUES: dict[str, st.SearchStrategy] = {
    "person": st.text(min_size=1, max_size=8).filter(str.strip),
}
TRACKED = {"programs": list(PROGRAM_VALUES), "contacts": ["person", "program_id"]}
State = dict[str, dict[int, dict[str, Any]]]


def parse(table: str, field: str, raw: Any) -> Any:
    """The value the store keeps for raw (the registry is the one validator)."""
    return get_field(table, field).parse(raw)


def read_state(store: Store) -> State:
    return {table: {row["id"]: {name: row[name] for name in names} for row in store.rows(table)}
            for table, names in TRACKED.items()}


def copy_state(state: State) -> State:
    return {table: {row_id: dict(row) for row_id, row in rows.items()} for table, rows in state.items()}


def starting_file(path: Path) -> None:
    with Store.open(path) as store:
        for n in (1, 2, 3):
            store.insert_row("programs", {"name": f"Program {n}", "residents_per_year": n})
        store.insert_row("contacts", {"person": "Dr. A", "program_id": 1})
        store.conn.execute("DELETE FROM change_log")


class StoreModel(RuleBasedStateMachine):
    """Edits, inserts, deletes, batches, undos and redos; the file always equals the model.

    The model keeps one state per undo step: a write that changed something starts a new step
    (and drops the redo history); a refused write or one that changed nothing does neither.
    """

    start_file: Path
    work_file: Path

    def __init__(self) -> None:
        super().__init__()
        shutil.copyfile(self.start_file, self.work_file)
        self.store = Store.open(self.work_file)
        self.steps = [read_state(self.store)]
        self.position = 0

    @property
    def state(self) -> State:
        return self.steps[self.position]

    def commit(self, state: State, logged: bool) -> None:
        if logged:
            self.steps[self.position + 1:] = [state]
            self.position += 1

    def planned_edit(self, state: State, table: str, row_id: int, field: str, raw: Any) -> bool:
        """Apply one edit to the model state; True if it changes the value (is logged)."""
        value = parse(table, field, raw)
        changed = state[table][row_id][field] != value
        if changed:
            state[table][row_id][field] = value
        return changed

    @rule(data=st.data(), field=st.sampled_from(list(PROGRAM_VALUES)))
    def set_program_value(self, data, field):
        if not self.state["programs"]:
            return
        row_id = data.draw(st.sampled_from(sorted(self.state["programs"])))
        raw = data.draw(PROGRAM_VALUES[field])
        state = copy_state(self.state)
        try:
            logged = self.planned_edit(state, "programs", row_id, field, raw)
        except ValidationError:
            with pytest.raises(ValidationError):
                self.store.set_value("programs", row_id, field, raw)
            return
        self.store.set_value("programs", row_id, field, raw)
        self.commit(state, logged)

    @rule(data=st.data())
    def set_value_twice_in_a_batch(self, data):
        """Two edits as one undo step; if either is refused, neither is saved."""
        if not self.state["programs"]:
            return
        ids = sorted(self.state["programs"])
        edits = [(data.draw(st.sampled_from(ids)), field, data.draw(PROGRAM_VALUES[field]))
                 for field in data.draw(st.lists(st.sampled_from(list(PROGRAM_VALUES)), min_size=2, max_size=2))]
        state = copy_state(self.state)
        try:
            logged = [self.planned_edit(state, "programs", *edit) for edit in edits]
        except ValidationError:
            with pytest.raises(ValidationError), self.store.batch("two edits"):
                for edit in edits:
                    self.store.set_value("programs", *edit)
            return
        with self.store.batch("two edits"):
            for edit in edits:
                self.store.set_value("programs", *edit)
        self.commit(state, any(logged))

    @rule(name=PROGRAM_VALUES["name"], residents=PROGRAM_VALUES["residents_per_year"])
    def insert_program(self, name, residents):
        values = {"name": name, "residents_per_year": residents}
        try:
            row = {field: parse("programs", field, values.get(field, get_field("programs", field).default))
                   for field in PROGRAM_VALUES}
        except ValidationError:
            with pytest.raises(ValidationError):
                self.store.insert_row("programs", values)
            return
        row_id = self.store.insert_row("programs", values)
        assert row_id == max(self.state["programs"], default=0) + 1
        state = copy_state(self.state)
        state["programs"][row_id] = row
        self.commit(state, True)

    @rule(data=st.data(), person=CONTACT_VALUES["person"])
    def insert_contact(self, data, person):
        if not self.state["programs"]:
            return
        program = data.draw(st.sampled_from(sorted(self.state["programs"])))
        row_id = self.store.insert_row("contacts", {"person": person, "program_id": program})
        state = copy_state(self.state)
        state["contacts"][row_id] = {"person": parse("contacts", "person", person), "program_id": program}
        self.commit(state, True)

    @rule(data=st.data())
    def delete_program(self, data):
        """A program goes with its contacts (one undo step brings all back)."""
        if not self.state["programs"]:
            return
        row_id = data.draw(st.sampled_from(sorted(self.state["programs"])))
        self.store.delete_row("programs", row_id)
        state = copy_state(self.state)
        del state["programs"][row_id]
        state["contacts"] = {k: v for k, v in state["contacts"].items() if v["program_id"] != row_id}
        self.commit(state, True)

    @rule(data=st.data())
    def import_file(self, data):
        """A sheet updating some programs (matched by name) and adding others: one undo step."""
        safe = {row_id: row["name"] for row_id, row in self.state["programs"].items()
                if re.fullmatch(r"[A-Za-z][A-Za-z0-9 ]*[A-Za-z0-9]", row["name"] or "")}
        folded = [re.sub(r"[^a-z0-9]", "", name.lower()) for name in
                  (row["name"] or "" for row in self.state["programs"].values())]
        safe = {i: n for i, n in safe.items() if folded.count(re.sub(r"[^a-z0-9]", "", n.lower())) == 1}
        updates = data.draw(st.lists(st.sampled_from(sorted(safe)), unique=True, max_size=3)) if safe else []
        self.imported = getattr(self, "imported", 0)
        news = [f"Imported {self.imported + k}" for k in range(data.draw(st.integers(0, 3)))]
        self.imported += len(news)
        lines = [(safe[i], data.draw(st.one_of(st.just(""), st.integers(0, 100).map(str))),
                  data.draw(st.sampled_from(["", "call q4", "note"]))) for i in updates]
        lines += [(name, data.draw(st.integers(0, 100).map(str)), "") for name in news]
        if not lines:
            return
        path = self.work_file.with_name("sheet.csv")
        body = "\n".join(f"{name},{residents},{notes}" for name, residents, notes in lines)
        path.write_text("Program,Residents per year,Notes\n" + body + "\n", encoding="utf-8")
        table = open_table(path)
        plan = plan_import(self.store, table, suggest_mapping(self.store, table))
        state = copy_state(self.state)
        changed = False
        for row_id, (_name, residents, notes) in zip(updates, lines, strict=False):
            for field, raw in (("residents_per_year", residents), ("notes", notes)):
                if raw:
                    changed |= self.planned_edit(state, "programs", row_id, field, raw)
        next_id = max(self.state["programs"], default=0) + 1
        for offset, (name, residents, _notes) in enumerate(lines[len(updates):]):
            state["programs"][next_id + offset] = {
                field: parse("programs", field, {"name": name, "residents_per_year": residents}.get(
                    field, get_field("programs", field).default)) for field in PROGRAM_VALUES}
            changed = True
        apply_import(self.store, plan)
        self.commit(state, changed)

    @rule()
    def undo(self):
        changes = self.store.undo()
        assert bool(changes) == (self.position > 0)
        self.position = max(0, self.position - 1)

    @rule()
    def redo(self):
        changes = self.store.redo()
        assert bool(changes) == (self.position < len(self.steps) - 1)
        self.position = min(len(self.steps) - 1, self.position + 1)

    @invariant()
    def file_equals_model(self):
        assert read_state(self.store) == self.state

    def teardown(self):
        try:
            while self.store.undo():
                pass
            assert read_state(self.store) == self.steps[0], "undo of everything is the start"
            assert self.store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        finally:
            self.store.close()


def test_random_edit_sequences_match_the_model(tmp_path: Path):
    StoreModel.start_file = tmp_path / "start.db"
    StoreModel.work_file = tmp_path / "work.db"
    starting_file(StoreModel.start_file)
    run_state_machine_as_test(StoreModel, settings=settings(
        max_examples=60, stateful_step_count=25, deadline=None, derandomize=True,
        suppress_health_check=[HealthCheck.too_slow]))


# --- the filter bar on the real spreadsheet -------------------------------------------------

@pytest.fixture(scope="module")
def scored_sample(tmp_path_factory) -> pl.DataFrame:
    """The programs frame the spreadsheet shows: the sample, scored, computed columns and all."""
    path = tmp_path_factory.mktemp("fuzz") / "sample.db"
    shutil.copyfile(SAMPLE, path)
    with Store.open(path) as store:
        return Workspace(store, today=TODAY).programs


def query_words(frame: pl.DataFrame) -> list[str]:
    """Column names, aliases, labels and some real values of the frame, to build filters from."""
    labels = [f.label for f in TABLES["programs"]]
    values = [str(v) for name in frame.columns for v in frame[name].drop_nulls().unique(maintain_order=True).head(3)]
    return [*frame.columns, *ALIASES, *labels, *values]


OPERATORS = [":", "=", "==", "!=", ">", ">=", "<", "<=", "~", ":?", "!=?", ":none"]


@st.composite
def filters(draw, words: list[str]) -> str:
    term = st.tuples(st.sampled_from(["", "-", '"']), st.sampled_from(words), st.sampled_from(OPERATORS),
                     st.one_of(st.sampled_from(words), st.text(max_size=6))).map("".join)
    return draw(st.one_of(st.text(max_size=40), st.lists(term, max_size=4).map(" ".join)))


def test_any_filter_and_sort_on_the_real_frame_filters_or_says_why(scored_sample: pl.DataFrame):
    words = query_words(scored_sample)
    ids = set(scored_sample["id"])

    @settings(max_examples=300, deadline=None, derandomize=True)
    @given(text=filters(words), sort=st.one_of(st.none(), st.sampled_from([*scored_sample.columns, "nope"])),
           descending=st.booleans())
    def check(text: str, sort: str | None, descending: bool) -> None:
        try:
            view = apply_view(scored_sample, ViewState(query=text, sort=sort, descending=descending))
        except QueryError as error:
            assert error.message.strip()
            return
        assert set(view["id"]) <= ids and view["id"].n_unique() == view.height
        assert view.columns == scored_sample.columns

    check()


# --- the importers' coercers with what a spreadsheet reader hands over ----------------------

ALL_FIELDS = [f for fields in TABLES.values() for f in fields]
CELLS = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(), st.text(max_size=30),
                  st.dates(), st.datetimes(), st.decimals(allow_nan=True))
# coerce() turns an internal error into a refusal so an import never stops; it must not need to.
SAFETY_NET = re.compile(r"could not read .* \(\w+\)$")


@settings(max_examples=500, deadline=None, derandomize=True)
@given(fld=st.sampled_from(ALL_FIELDS), raw=CELLS, fraction=st.sampled_from([None, True, False]))
def test_coerce_reads_any_cell_value_or_gives_a_reason(fld, raw, fraction):
    result = coerce(fld, raw, fraction_percent=fraction)
    if result.ok:
        if result.value is not None:
            assert fld.parse(result.value) == result.value
    else:
        assert result.value is None and result.reason.strip()
        assert not SAFETY_NET.search(result.reason), result.reason


@settings(max_examples=200, deadline=None, derandomize=True)
@given(fld=st.sampled_from([f for f in ALL_FIELDS if f.kind in ("float", "int", "rating", "bool", "date")]),
       column=st.lists(CELLS, max_size=8))
def test_coerce_column_reads_any_mixed_column(fld, column):
    results = coerce_column(fld, column)
    assert len(results) == len(column)
    for result in results:
        assert result.ok or (result.reason.strip() and not SAFETY_NET.search(result.reason))
