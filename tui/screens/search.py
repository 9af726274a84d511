"""Search everything you wrote: program, culture and call notes, interview notes, outreach
questions and answers, why-this-program paragraphs (and red-flag explanations only while the
setting says so). Results are grouped by the screen that shows them; enter opens that screen
on the row.

Opened from anywhere (ctrl+f, or the command palette) and from the spreadsheet's filter bar
by starting the text with SEARCH_PREFIX.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from rich.text import Text
from textual import on
from textual.app import App, ComposeResult
from textual.containers import Vertical
from textual.screen import ModalScreen, Screen
from textual.widgets import Input, Label, OptionList, Static, TabbedContent
from textual.widgets.option_list import Option

from registry.fields import get_field
from registry.settings import SETTINGS_BY_KEY
from store.search import PRIVATE_SETTING, SearchHit
from tui.actions import SCREEN_KEYS, bindings_for, scope_title

# Text typed in the spreadsheet's filter bar that starts with this searches the notes instead.
SEARCH_PREFIX = "/"
HIGHLIGHT = "bold reverse"


@dataclass(frozen=True)
class SearchResult:
    """A hit placed on the screen that shows it: `row_id` is the row of `hit.table`."""

    scope: str
    program_id: int | None
    label: str  # the program's name, or the red flag's type
    hit: SearchHit

    @property
    def row_id(self) -> int:
        return self.hit.row_id


def screen_of(hit: SearchHit) -> str:
    """The screen a field is written on: the why paragraph has a tab of its own on F9."""
    if hit.table == "programs":
        return "materials" if hit.field == "why_program" else "programs"
    return {"interviews": "interviews", "contacts": "outreach", "red_flags": "redflags"}[hit.table]


# Groups in this order; a screen with no hits is left out.
GROUP_ORDER = ("programs", "interviews", "outreach", "materials", "redflags")


def group_title(scope: str) -> str:
    title = scope_title(scope)
    if scope == "materials":
        title += ": why this program"
    return f"{title} ({SCREEN_KEYS[scope][0].upper()})"


def place_hits(app: App, hits: list[SearchHit]) -> list[SearchResult]:
    """Each hit with its program and screen, grouped by screen (best first within a group)."""
    frames = app.workspace.frames
    programs = app.workspace.programs
    names = dict(zip(programs["id"].to_list(), programs["name"].to_list(), strict=True))
    owner = {table: dict(zip(frames[table]["id"].to_list(), frames[table]["program_id"].to_list(), strict=True))
             for table in ("interviews", "contacts")}
    results = []
    for hit in hits:
        if hit.table == "programs":
            program_id = hit.row_id
        elif hit.table in owner:
            program_id = owner[hit.table].get(hit.row_id)
        else:
            program_id = None
        if hit.table == "red_flags":
            label = (app.store.get("red_flags", hit.row_id) or {}).get("type") or "Red flag"
        else:
            label = names.get(program_id, "No program")
        results.append(SearchResult(screen_of(hit), program_id, label, hit))
    return sorted(results, key=lambda r: GROUP_ORDER.index(r.scope))  # stable: rank kept within


def result_prompt(result: SearchResult) -> Text:
    """Two lines: the program (or flag) and field, then the snippet with the words marked.
    User text only ever goes into Text, never markup."""
    snippet = Text("  " + result.hit.snippet.replace("\n", " "), no_wrap=True, overflow="ellipsis")
    for start, end in result.hit.spans:
        snippet.stylize(HIGHLIGHT, start + 2, end + 2)
    field = get_field(result.hit.table, result.hit.field).label
    return Text.assemble((result.label, "bold"), ("  ·  " + field, "dim"), "\n", snippet)


class SearchScreen(ModalScreen[SearchResult | None]):
    """Type words; every word must appear (as the start of a word) in one field."""

    BINDINGS = bindings_for("search")

    def __init__(self, text: str = "") -> None:
        super().__init__()
        self.initial_text = text
        self.results: list[SearchResult] = []

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog search-dialog"):
            yield Label("Search everything you wrote", classes="dialog-title")
            yield Input(self.initial_text, placeholder="words to find (each as the start of a word)",
                        id="search-text")
            yield Static("", id="search-summary", markup=False)
            yield OptionList(id="search-results")

    def on_mount(self) -> None:
        self.query_one("#search-text", Input).focus()
        self.show_results(self.initial_text)

    @on(Input.Changed, "#search-text")
    def _typed(self, event: Input.Changed) -> None:
        self.show_results(event.value)

    def show_results(self, text: str) -> None:
        self.results = place_hits(self.app, self.app.store.search(text))
        options: list[Option | None] = []
        scope = None
        for index, result in enumerate(self.results):
            if result.scope != scope:
                scope = result.scope
                options.append(Option(Text(group_title(scope), style="bold underline"), disabled=True))
            options.append(Option(result_prompt(result), id=str(index)))
        listing = self.query_one("#search-results", OptionList)
        listing.set_options(options)
        listing.highlighted = next((i for i, o in enumerate(options) if o is not None and not o.disabled), None)
        self.query_one("#search-summary", Static).update(self.summary(text))

    def summary(self, text: str) -> str:
        if not text.strip():
            found = "Type to search notes, interview notes, outreach answers and why-this-program paragraphs."
        else:
            found = f"{len(self.results)} found · enter opens the first; ↓ moves into the list"
        if not self.app.workspace.settings[PRIVATE_SETTING]:
            found += f"\nRed-flag explanations are not searched (F10: {SETTINGS_BY_KEY[PRIVATE_SETTING].label})."
        return found

    @on(Input.Submitted, "#search-text")
    def _submitted(self) -> None:
        if self.results:
            self.dismiss(self.results[0])

    @on(OptionList.OptionSelected, "#search-results")
    def _chosen(self, event: OptionList.OptionSelected) -> None:
        self.dismiss(self.results[int(event.option.id)])

    def action_to_list(self) -> None:
        if self.results:
            self.query_one("#search-results", OptionList).focus()

    def action_close(self) -> None:
        self.dismiss(None)


def open_search(app: App, text: str = "") -> None:
    def chosen(result: SearchResult | None) -> None:
        if result is not None:
            app.call_later(open_result, app, result)

    app.push_screen(SearchScreen(text), chosen)


async def open_result(app: App, result: SearchResult) -> None:
    """Switch to the result's screen and put the cursor on its row."""
    await app.switch_mode(result.scope)
    # once the screen has settled: a screen opened for the first time finishes mounting first
    app.screen.call_after_refresh(show_result, app.screen, result)


def show_result(screen: Screen, result: SearchResult) -> None:
    if not LOCATORS[result.scope](screen, result):
        screen.notify(f"{result.label} is not listed on {scope_title(result.scope)} now.", severity="warning",
                      markup=False)


def locate_program(screen: Screen, result: SearchResult) -> bool:
    screen.redraw_if_stale()
    if screen.table.row_for_key(result.program_id) is None:
        screen.action_clear_query()  # the filter hides it
    screen.table.move_cursor_to_key(result.program_id, column=result.hit.field)
    screen.table.focus()
    if screen.table.cursor_column_name != result.hit.field and screen.query_one("#detail").has_class("hidden"):
        screen.action_toggle_detail()  # the note's column is not shown: the detail pane has it
    return screen.table.cursor_key == result.program_id


def locate_interview(screen: Screen, result: SearchResult) -> bool:
    screen.redraw_if_stale()
    ids = screen.rows["id"].to_list()
    screen.table.focus()
    if result.program_id not in ids:
        return False
    screen.table.move_cursor(row=ids.index(result.program_id))
    screen.update_lower()
    return True


def locate_record(table_of: Callable[[Screen], object]) -> Callable[[Screen, SearchResult], bool]:
    def locate(screen: Screen, result: SearchResult) -> bool:
        screen.redraw_if_stale()
        records = table_of(screen)
        records.move_to_id(result.row_id)
        records.focus()
        return records.current_id == result.row_id
    return locate


def locate_why(screen: Screen, result: SearchResult) -> bool:
    def select() -> None:
        screen.action_show_tab("why")
        tab = screen.active_tab
        tab.refresh_if_stale()
        tab.table.move_cursor_to_key(result.program_id)

    # after the tabs' own first activation, which is still queued on a screen just opened
    screen.query_one(TabbedContent).call_later(select)
    return True  # every program has a row there


LOCATORS: dict[str, Callable[[Screen, SearchResult], bool]] = {
    "programs": locate_program,
    "interviews": locate_interview,
    "outreach": locate_record(lambda screen: screen.contacts),
    "redflags": locate_record(lambda screen: screen.flags),
    "materials": locate_why,
}
