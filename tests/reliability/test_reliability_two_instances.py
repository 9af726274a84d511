"""Two MatchDesk windows on one file: both read, writes wait for each other or say why they
could not, no edit is lost, and a window notices when the other changed the file."""

from __future__ import annotations

import datetime as dt
import shutil
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import polars as pl

from registry.fields import get_field
from store.errors import ConflictError
from store.store import Store
from tui.screens.dialogs import ConfirmDialog, overwrite_question
from tui.app import MatchDeskApp
from tui.widgets.grid import FrameTable

SAMPLE = Path(__file__).resolve().parents[2] / "sample.db"
TODAY = dt.date(2026, 11, 26)
LAKEMONT, SILVER_PINE = 1, 2  # Step 2 minimum 230 and 225 in the sample
NOTICE = "changed by another window"


def window(path: Path) -> MatchDeskApp:
    app = MatchDeskApp(path, today=TODAY)
    app.CHANGE_POLL_SECONDS = 0.05  # look often, so the test need not wait 2 s
    return app


def cell(app: MatchDeskApp, program_id: int, column: str = "step2_min") -> str:
    table = app.screen.query_one("#programs", FrameTable)
    return table.cell_text(table.row_for_key(program_id), column)


def notices(app: MatchDeskApp, text: str) -> list[str]:
    return [n.message for n in app._notifications if text in n.message]


async def type_edit(pilot, program_id: int, value: str) -> None:
    pilot.app.screen.query_one("#programs", FrameTable).move_cursor_to_key(program_id, "step2_min")
    await pilot.press("e", *value, "enter")
    await pilot.pause()


async def wait_for(pilot, condition: Callable[[], bool], seconds: float = 5.0) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, "timed out waiting"
        await pilot.pause(0.05)


def editor_error(app: MatchDeskApp) -> str:
    return app.screen.query_one("#programs").editor.error


@contextmanager
def other_window_writing(path: Path, program_id: int, value: int, *, hold: float | None) -> Iterator[threading.Event]:
    """Another window's batch edit that holds the write lock: for `hold` seconds, or until the
    event it yields is set. The edit is committed when the lock is released."""
    locked, release = threading.Event(), threading.Event()
    failures: list[BaseException] = []

    def write() -> None:
        try:
            with Store.open(path) as other, other.batch("other window"):
                other.set_value("programs", program_id, "step2_min", value)
                locked.set()
                release.wait(hold if hold is not None else 30)
        except BaseException as error:  # noqa: BLE001 - reported by the test below
            failures.append(error)
            locked.set()

    thread = threading.Thread(target=write)
    thread.start()
    try:
        assert locked.wait(10)
        yield release
    finally:
        release.set()
        thread.join(10)
    assert not failures, failures


def copy_sample(tmp_path: Path) -> Path:
    path = tmp_path / "shared.db"
    shutil.copyfile(SAMPLE, path)
    path.chmod(0o600)
    return path


async def test_each_window_notices_the_others_edit_and_reloads_on_request(tmp_path: Path):
    path = copy_sample(tmp_path)
    a, b = window(path), window(path)
    async with a.run_test(size=(120, 40)) as pa, b.run_test(size=(120, 40)) as pb:
        await pa.pause()
        await pb.pause()
        assert cell(a, LAKEMONT) == cell(b, LAKEMONT) == "230"  # both read

        await type_edit(pa, LAKEMONT, "244")
        assert cell(a, LAKEMONT) == "244"
        await wait_for(pb, lambda: notices(b, NOTICE))
        assert "ctrl+r to reload" in notices(b, NOTICE)[0]
        assert cell(b, LAKEMONT) == "230"  # not until asked
        await type_edit(pa, LAKEMONT, "245")
        await pb.pause(0.3)
        assert len(notices(b, NOTICE)) == 1, "one notice until the window reloads"

        await pb.press("ctrl+r")
        await pb.pause()
        assert cell(b, LAKEMONT) == "245"
        assert notices(b, "Reloaded")

        await type_edit(pb, SILVER_PINE, "233")
        await wait_for(pa, lambda: notices(a, NOTICE))
        await pa.press("ctrl+r")
        await pa.pause()
        assert cell(a, SILVER_PINE) == "233"
        await pb.pause(0.3)
        assert len(notices(b, NOTICE)) == 1, "a window's own edit is no news to it"

    with Store.open(path) as store:  # no edit lost
        assert store.get("programs", LAKEMONT)["step2_min"] == 245
        assert store.get("programs", SILVER_PINE)["step2_min"] == 233


async def test_an_edit_waits_while_the_other_window_writes(tmp_path: Path):
    path = copy_sample(tmp_path)
    app = window(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with other_window_writing(path, SILVER_PINE, 233, hold=0.3):
            started = time.monotonic()
            await type_edit(pilot, LAKEMONT, "244")
            assert time.monotonic() - started >= 0.2, "the edit should have waited for the lock"
        assert app.screen.query_one("#programs").editor is None
        assert cell(app, LAKEMONT) == "244"
    with Store.open(path) as store:
        assert store.get("programs", LAKEMONT)["step2_min"] == 244
        assert store.get("programs", SILVER_PINE)["step2_min"] == 233
        assert len(store.undo()) == 1 and len(store.undo()) == 1  # both are undo steps


async def test_an_edit_blocked_too_long_is_refused_clearly_then_saved_on_retry(tmp_path: Path):
    path = copy_sample(tmp_path)
    app = window(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.store.conn.execute("PRAGMA busy_timeout = 200")  # the 5 s of a real session, shortened
        with other_window_writing(path, SILVER_PINE, 233, hold=None) as release:
            await type_edit(pilot, LAKEMONT, "244")
            assert app.screen.query_one("#programs").editor is not None, "the editor stays open with the reason"
            assert "being written by another program" in editor_error(app)
            assert "nothing was changed" in editor_error(app)
            release.set()
        await pilot.press("enter")  # the same value again, once the other window is done
        await pilot.pause()
        assert app.screen.query_one("#programs").editor is None
        assert cell(app, LAKEMONT) == "244"
    with Store.open(path) as store:
        assert store.get("programs", LAKEMONT)["step2_min"] == 244
        assert store.get("programs", SILVER_PINE)["step2_min"] == 233
        assert store.conn.execute("PRAGMA integrity_check").fetchone()[0] == "ok"


async def test_theme_change_while_the_file_is_busy_is_reported_not_a_crash(tmp_path: Path):
    """Regression: the theme is saved as a preference; a busy file used to crash the app."""
    path = copy_sample(tmp_path)
    app = window(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        app.store.conn.execute("PRAGMA busy_timeout = 100")
        with other_window_writing(path, SILVER_PINE, 233, hold=None):
            app.theme = "nord"
            await pilot.pause()
        assert app.theme == "nord"
        assert notices(app, "being written by another program")
        app.theme = "gruvbox"  # saved once the file is free
    with Store.open(path) as store:
        assert store.get_pref("theme") == "gruvbox"


def test_undo_reverts_the_latest_change_even_if_it_landed_a_moment_before(tmp_path: Path):
    """Regression: undo chose its group before taking the write lock, so an edit committed by
    another window in between was left applied while an older one was reverted under it."""
    path = copy_sample(tmp_path)
    with Store.open(path) as mine, Store.open(path) as other:
        mine.set_value("programs", LAKEMONT, "notes", "mine")

        def other_writes_first(statement: str) -> None:
            if statement == "BEGIN IMMEDIATE":
                mine.conn.set_trace_callback(None)
                other.set_value("programs", LAKEMONT, "notes", "other")

        mine.conn.set_trace_callback(other_writes_first)
        reverted = mine.undo()
        assert [(c.old, c.new) for c in reverted] == [("mine", "other")]
        assert mine.get("programs", LAKEMONT)["notes"] == "mine"
        assert [c.new for c in mine.undo()] == ["mine"]
        assert mine.redo() and mine.redo()
        assert other.get("programs", LAKEMONT)["notes"] == "other"


async def open_stale_edit(pilot, path: Path, other_value: int, typed: str) -> str:
    """Another window saves `other_value` while this one still shows 230; this one then types
    `typed` over 230. Returns the question the app asks."""
    with Store.open(path) as other:
        other.set_value("programs", LAKEMONT, "step2_min", other_value)
    await type_edit(pilot, LAKEMONT, typed)
    assert isinstance(pilot.app.screen, ConfirmDialog), "a conflicting save asks first"
    return pilot.app.screen.question


async def test_an_edit_over_another_windows_change_asks_and_no_keeps_theirs(tmp_path: Path):
    path = copy_sample(tmp_path)
    app = window(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        question = await open_stale_edit(pilot, path, 240, "250")
        assert question == ("Another window changed Step 2 min from 230 to 240 since you opened it. "
                            "Replace it with 250?")
        with Store.open(path) as store:
            assert store.get("programs", LAKEMONT)["step2_min"] == 240, "nothing written before the answer"
        await pilot.press("n")
        await pilot.pause()
        assert cell(app, LAKEMONT) == "240", "the row shows the other window's value"
        assert app.workspace.programs.filter(pl.col("id") == LAKEMONT)["step2_min"].item() == 240
    with Store.open(path) as store:
        assert store.get("programs", LAKEMONT)["step2_min"] == 240


async def test_an_edit_over_another_windows_change_yes_replaces_it(tmp_path: Path):
    path = copy_sample(tmp_path)
    app = window(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        await open_stale_edit(pilot, path, 240, "250")
        await pilot.press("y")
        await pilot.pause()
        assert cell(app, LAKEMONT) == "250"
    with Store.open(path) as store:
        assert store.get("programs", LAKEMONT)["step2_min"] == 250


def test_the_overwrite_question_never_quotes_private_text():
    flag_text = get_field("red_flags", "explanation")
    conflict = ConflictError("changed", table="red_flags", row_id=1, field="explanation",
                             shown="failed Step 1 once", current="leave of absence", attempted="health")
    question = overwrite_question(flag_text, conflict)
    for secret in ("failed", "leave", "health"):
        assert secret not in question
    assert question.startswith("Another window changed Explanation draft from its private text")


async def test_typing_the_value_the_other_window_saved_asks_nothing(tmp_path: Path):
    path = copy_sample(tmp_path)
    app = window(path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        with Store.open(path) as other:
            other.set_value("programs", LAKEMONT, "step2_min", 240)
        await type_edit(pilot, LAKEMONT, "240")
        assert not isinstance(app.screen, ConfirmDialog)
        assert app.screen.query_one("#programs").editor is None
        assert cell(app, LAKEMONT) == "240"
