"""Application materials and exam readiness: letters, personal statements, why-this-program
notes and practice exams, one tab each, every change saved at once and undoable."""

from __future__ import annotations

import plotext._utility as plotext_utility
from textual import on
from textual.app import ComposeResult
from textual.screen import Screen
from textual.widgets import Header, TabbedContent, TabPane

from tui.actions import bindings_for
from tui.widgets.footer import QuietFooter
from tui.messages import DataChanged
from tui.widgets.materials_exams import ExamsTab
from tui.widgets.materials_letters import LettersTab
from tui.widgets.materials_statements import StatementsTab
from tui.widgets.materials_table import RecordTab
from tui.widgets.materials_why import WhyTab


def ordered_unique(data) -> list:
    """The same elements as plotext's own de-duplication, in first-seen order. plotext's goes
    through a set, whose order follows the per-process string hash: the same practice scores
    drew a chart of another width, with other dated labels, from one launch to the next."""
    return list(dict.fromkeys(data))


plotext_utility.no_duplicates = ordered_unique  # before the exams tab draws its first chart

SCOPE = "materials"

# tab id -> (title, widget class)
TABS: dict[str, tuple[str, type[RecordTab]]] = {
    "letters": ("Letters (l)", LettersTab),
    "statements": ("Statements (s)", StatementsTab),
    "why": ("Why this program (w)", WhyTab),
    "exams": ("Practice exams (p)", ExamsTab),
}



class MaterialsScreen(Screen):
    SCOPE = SCOPE
    BINDINGS = bindings_for("materials")

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="letters"):
            for tab_id, (title, tab_class) in TABS.items():
                with TabPane(title, id=tab_id):
                    yield tab_class(id=f"{tab_id}-tab")
        yield QuietFooter()

    @property
    def active_tab(self) -> RecordTab:
        return self.query_one(f"#{self.query_one(TabbedContent).active}-tab", RecordTab)

    def on_mount(self) -> None:
        self.refresh_stale()
        self.active_tab.table.focus()

    def refresh_stale(self) -> None:
        """Only the tab in view is redrawn; the others catch up when they are opened."""
        self.active_tab.refresh_if_stale()

    def on_screen_resume(self) -> None:
        self.refresh_stale()

    @on(DataChanged)
    def _data_changed(self) -> None:
        self.refresh_stale()

    @on(TabbedContent.TabActivated)
    def _tab_activated(self) -> None:
        self.refresh_stale()
        self.active_tab.table.focus()

    # --- actions -----------------------------------------------------------------------

    def action_show_tab(self, tab_id: str) -> None:
        self.query_one(TabbedContent).active = tab_id
        self.active_tab.table.focus()

    def action_edit(self) -> None:
        self.active_tab.edit_current()

    def action_add(self) -> None:
        self.active_tab.add_row()

    def action_delete(self) -> None:
        self.active_tab.delete_current()

    def action_dismiss_check(self) -> None:
        if self.query_one(TabbedContent).active != "statements":
            self.action_show_tab("statements")
            self.notify("Choose a statement, then press x to dismiss or restore its check.", timeout=4)
            return
        self.query_one(StatementsTab).toggle_dismissed()

    def action_export_brief(self) -> None:
        self.action_show_tab("why")
        self.query_one(WhyTab).export_brief()
