"""Red flags screen: drafts with a live sentence count, mentor review, and privacy in exports."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from textual.widgets import Static, TextArea

from importers.export import export
from store import Store
from tui.app import MatchDeskApp
from tui.screens.redflags import PRIVATE_NOTE, RedFlagsScreen
from tui.widgets.sentences import SentenceCount, count_sentences

TODAY = dt.date(2026, 11, 26)
FIRST = "Failed Step 1."
DRAFT = f"{FIRST} Dr. Lee coached me. Passed."


@pytest.mark.parametrize("text, expected", [
    ("", 0),
    ("   ", 0),
    ("One sentence without a stop", 1),
    ("First. Second! Third? ", 3),
    ("I worked with Dr. Lee in the U.S. for 2.5 months. It helped.", 2),
    ("A gap (e.g. illness) happened. J. Smith wrote a letter.", 2),
    ('He said "done." Then I left', 2),
    (DRAFT, 3),
])
def test_count_sentences(text, expected):
    assert count_sentences(text) == expected


def exported_text(paths: list[Path]) -> str:
    files = [p for path in paths for p in ([path] if path.is_file() else sorted(path.iterdir()))]
    return "\n".join(p.read_text(encoding="utf-8") for p in files)


async def test_a_new_red_flag_is_drafted_counted_and_never_in_a_default_export(sample_copy, tmp_path):
    app = MatchDeskApp(sample_copy, today=TODAY)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("f8")
        screen = app.screen
        assert isinstance(screen, RedFlagsScreen)
        assert str(screen.query_one("#private-note", Static).render()) == PRIVATE_NOTE
        await pilot.press("a", "down", "enter")  # the second type: exam failure or retake
        await pilot.pause()
        draft = screen.query_one("#draft", TextArea)
        assert app.focused is draft
        counter = screen.query_one(SentenceCount)

        await pilot.press(*FIRST)
        assert counter.has_class("-outside")
        assert "1 sentence: under the 2-3 sentence guidance" in str(counter.render())
        await pilot.press(*DRAFT.removeprefix(FIRST))
        assert not counter.has_class("-outside")
        assert "3 sentences: within" in str(counter.render())

        await pilot.press("escape")  # saves and goes back to the list
        assert app.focused is screen.flags
        await pilot.press("m")  # mentor reviewed
        flag_id = screen.flags.current_id
        assert "3 sentences" in str(screen.flags.get_cell(str(flag_id), "explanation"))

        # a refused date keeps the old one
        await pilot.press("up", "up", "right", "e", *"2022-13", "enter")
        assert "YYYY-MM-DD" in str(app.screen.query_one("#error", Static).render())
        await pilot.press("escape")
        assert app.store.get("red_flags", 1)["start_date"] == "2022-09-01"

        # delete, then undo brings the flag and its draft back
        await pilot.press("d", "y")
        assert app.store.get("red_flags", 1) is None and screen.flags.row_count == 2
        await pilot.press("ctrl+z")
        assert screen.flags.records[1]["explanation"].startswith("After graduating")

    with Store.open(sample_copy) as store:
        flag = store.get("red_flags", flag_id)
        assert (flag["type"], flag["explanation"], flag["mentor_reviewed"]) == (
            "exam failure or retake", DRAFT, True)
        sample_drafts = [r["explanation"] for r in store.rows("red_flags") if r["id"] != flag_id]
        assert len(sample_drafts) == 2

        default = exported_text(export(store, "csv", tmp_path / "csv")
                                + export(store, "md", tmp_path / "export.md"))
        private = exported_text(export(store, "md", tmp_path / "private.md", include_private=True))
    assert "Contacts" in default  # the default export did write the shared tables
    for text in (DRAFT, *sample_drafts):
        assert text not in default
        assert text in private  # asking for private data is the only way out
