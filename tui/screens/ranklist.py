"""The rank order list: your order beside the suggested one, warnings, NRMP counters, match
odds, saved versions and the export. List logic lives in desk.rank_lists, desk.rank_view and
desk.rank_versions, writes go through the workspace; this screen shows it and turns keys into
those operations."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Horizontal, Vertical
from textual.widgets import DataTable, Header, Static

from registry.computed import computed
from scoring import not_suggested, why
from store import MatchDeskError
from registry.errors import ValidationError
from registry.fields import get_field
from registry.settings import ESTIMATE, source_of
from desk import rank_lists, rank_versions, rank_view
from registry import specialties
from tui.actions import bindings_for
from tui.screens.ranklist_lists import SupplementalLists
from tui.screens.ranklist_parts import DiffScreen, column_widths, counter_text, percent, shift_mark
from tui.screens.explain import ExplainScreen
from tui.widgets.footer import QuietFooter
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog
from tui.screens.base import WorkspaceScreen
from tui.widgets.editors import CellEditor
from tui.screens.programs_cells import TIER_STYLES
from tui.widgets.odds_chart import OddsChart

SCOPE = "ranklist"



CURRENT = "The current lists"


class RankListScreen(SupplementalLists, WorkspaceScreen):
    SCOPE = SCOPE
    BINDINGS = bindings_for("ranklist")

    def __init__(self) -> None:
        super().__init__()
        self.list_id: int | None = None
        self.view: rank_view.RankListView | None = None
        self.widths: dict[str, int] = {}

    def compose(self) -> ComposeResult:
        yield Header()
        yield Static("", id="lists-bar")
        yield DataTable(id="entries", cursor_type="row", zebra_stripes=True)
        with Horizontal(id="rank-lower"):
            yield Static("", id="entry-detail")
            yield Static("", id="suggested")
            with Vertical(id="odds"):
                yield Static("", id="odds-numbers")
                yield OddsChart(id="odds-chart")
        yield Static("", id="rank-status")
        yield QuietFooter()

    @property
    def table(self) -> DataTable:
        return self.query_one("#entries", DataTable)

    def on_mount(self) -> None:
        self.fit_columns(self.app.size.width)
        self.rebuild()
        self.table.focus()

    def on_resize(self, event: events.Resize) -> None:
        self.fit_columns(event.size.width)

    def fit_columns(self, screen_width: int) -> None:
        """(Re)make the columns when the terminal's width changes how wide they can be."""
        widths = column_widths(screen_width)
        if widths == self.widths:
            return
        self.widths = widths
        focus = self.current_entry.entry_id if self.current_entry else None
        self.table.clear(columns=True)
        for label, width in widths.items():
            self.table.add_column(label, width=width, key=label)
        if self.view is not None:
            self.fill_table()
            self.select_entry(focus)

    # --- rendering ---------------------------------------------------------------------

    @property
    def lists(self) -> list[rank_lists.RankList]:
        return rank_lists.rank_lists(self.workspace.frames)

    @property
    def current_entry(self) -> rank_view.EntryView | None:
        if not self.view or not self.view.entries:
            return None
        return self.view.entries[min(self.table.cursor_row, len(self.view.entries) - 1)]

    def rebuild(self) -> None:
        """Redraw everything from the workspace; the cursor stays on the same entry."""
        lists = self.lists
        if self.list_id not in {l.id for l in lists}:
            self.list_id = lists[0].id if lists else None
        focus_entry = self.current_entry.entry_id if self.current_entry else None
        self.view = (rank_view.list_view(self.workspace.scored, self.workspace.frames,
                                       self.workspace.settings, self.list_id)
                     if self.list_id is not None else None)
        self.seen_version = self.workspace.version
        self.fill_table()
        self.select_entry(focus_entry)
        self.update_lists_bar(lists)
        self.update_side()
        self.update_detail()
        self.update_status()

    def select_entry(self, entry_id: int | None) -> None:
        ids = [e.entry_id for e in self.view.entries] if self.view else []
        if entry_id in ids:
            self.table.move_cursor(row=ids.index(entry_id))

    def fill_table(self) -> None:
        table = self.table
        table.clear()
        for e in self.view.entries if self.view else ():
            table.add_row(
                Text(str(e.position), justify="right"),
                Text(e.name, overflow="ellipsis", no_wrap=True),
                e.track,
                Text("—" if e.rank_score is None else f"{e.rank_score:g}", justify="right"),
                Text(e.tier or "—", style=TIER_STYLES.get(e.tier, "dim")),
                Text(f"{e.probability:.2f}", justify="right", style="" if e.probability_set else "dim italic"),
                Text(str(e.suggested_position), justify="right"),
                shift_mark(e.shift),
                Text(", ".join(w.tag for w in e.warnings), style="bold red" if e.warnings else "",
                     overflow="ellipsis", no_wrap=True),
                key=str(e.entry_id))

    def update_lists_bar(self, lists: list[rank_lists.RankList]) -> None:
        bar = Text()
        if not lists:
            bar.append("No rank list yet: + starts your primary list, n a supplemental PGY-1 list", style="italic")
        for rank_list in lists:
            count = len(rank_lists.list_entries(self.workspace.frames, rank_list.id))
            style = "reverse bold" if rank_list.id == self.list_id else ""
            bar.append(f" {rank_list.name} ({count}) ", style=style)
            bar.append(" ")
        bar.append("  l: next list", style="dim")
        self.query_one("#lists-bar", Static).update(bar, layout=False)

    def update_side(self) -> None:
        suggested = Table.grid(padding=(0, 1))
        suggested.add_column(justify="right", style="dim")
        suggested.add_column(no_wrap=True, overflow="ellipsis", max_width=27)
        suggested.add_column(justify="right", min_width=4)
        title = Text("Suggested order", style="bold")
        odds_text = Text()
        if self.view:
            for position, s in enumerate(self.view.suggested, 1):
                name = Text(s.name, style="" if s.on_list else "italic dim")
                if not s.on_list:
                    name.append(" (not on list)")
                suggested.add_row(str(position), name, "—" if s.rank_score is None else f"{s.rank_score:g}")
            if not self.view.suggested:
                suggested.add_row("", Text("no interviewed program fits this list yet", style="dim"), "")
            on_list = {e.program_id for e in self.view.entries}
            names = dict(self.workspace.scored.programs.select("id", "name").iter_rows())
            for apart in not_suggested(self.workspace.scored, on_list):  # shown apart, never suggested
                if apart.program_id in on_list:
                    odds_text.append(f"✗ {names[apart.program_id]}: {apart.reason}\n", style="italic")
            odds = self.view.odds
            odds_text.append("Match odds (programs independent)\n", style="bold")
            odds_text.append(f"P(match anywhere) {percent(odds.anywhere)}   P(unmatched) {percent(odds.unmatched)}\n")
            odds_text.append("Expected rank " + ("—" if odds.expected_rank is None else f"{odds.expected_rank:.2f}")
                             + " given a match\n")
            odds_text.append(f"Tier P(match) defaults: {source_of('odds.target')}", style="dim")
            self.query_one(OddsChart).show(odds)
        grid = Table.grid()
        grid.add_row(title)
        grid.add_row(suggested)
        self.query_one("#suggested", Static).update(grid, layout=False)
        self.query_one("#odds-numbers", Static).update(odds_text, layout=False)

    def update_detail(self) -> None:
        entry = self.current_entry
        detail = Text()
        if self.view and self.view.rank_list.kind == rank_lists.SUPPLEMENTAL:
            names = self.program_names(self.view.rank_list.advanced_ids)
            detail.append("Serves: ", style="bold")
            detail.append(", ".join(names) if names else "no advanced program yet (a attaches one)")
            detail.append("\n")
        if entry is None:
            detail.append("This list is empty: + adds a program, g fills it in the suggested order.", style="italic")
        else:
            detail.append(f"{entry.position}. {entry.name}", style="bold")
            detail.append(f"  suggested {entry.suggested_position} ")
            detail.append_text(shift_mark(entry.shift))
            detail.append("\n")
            if entry.reason:
                detail.append(f"Differs: {entry.reason}\n")
            detail.append(f"P(match) {entry.probability:.2f} "
                          f"({'yours' if entry.probability_set else 'default for ' + (entry.tier or 'no tier')})"
                          f" · at this rank {percent(self.view.odds.at_rank[entry.position - 1])}")
            if entry.pgy1_probability is not None:
                detail.append(f" · PGY-1 list {percent(entry.pgy1_probability)}")
            detail.append("\n")
            for warning in entry.warnings:
                detail.append(f"⚠ {warning.text}\n", style="yellow")
            detail.append("w: why these numbers", style="dim")
        self.query_one("#entry-detail", Static).update(detail, layout=False)

    def update_status(self) -> None:
        status = Text()
        if self.view:
            status.append("Unique programs before NRMP extra fees: ")
            status.append_text(counter_text(self.view.primary_fee))
            status.append(" · ")
            status.append_text(counter_text(self.view.supplemental_fee))
            status.append("  │  Ranks: ")
            status.append_text(counter_text(self.view.ranks))
            status.append(" (NRMP maximum)")
        self.query_one("#rank-status", Static).update(status, layout=False)

    def program_names(self, ids) -> list[str]:
        programs = self.workspace.programs
        names = dict(programs.select("id", "name").iter_rows())
        return [names[i] for i in ids if i in names]

    @on(DataTable.RowHighlighted)
    def _highlighted(self) -> None:
        self.update_detail()

    @on(DataTable.RowSelected)
    def _selected(self) -> None:
        self.action_probability()

    # --- actions -----------------------------------------------------------------------

    def need_entry(self) -> rank_view.EntryView | None:
        entry = self.current_entry
        if entry is None:
            self.notify("No entry here: + adds a program.", severity="warning")
        return entry

    def need_list(self) -> int | None:
        if self.list_id is None:
            self.notify("No rank list yet: + starts your primary list.", severity="warning")
        return self.list_id

    def move_to(self, entry: rank_view.EntryView, position: int) -> None:
        if position != entry.position:
            self.attempt(lambda: self.workspace.move_rank_entry(entry.entry_id, position))

    def action_move_up(self) -> None:
        if entry := self.need_entry():
            self.move_to(entry, max(entry.position - 1, 1))

    def action_move_down(self) -> None:
        if entry := self.need_entry():
            self.move_to(entry, min(entry.position + 1, len(self.view.entries)))

    def action_move_to(self) -> None:
        entry = self.need_entry()
        if entry is None:
            return

        def typed(raw: str | None) -> None:
            if raw is None:
                return
            try:
                position = get_field("rank_entries", "position").parse(raw)
            except ValidationError as error:
                self.app.show_error(error)
                return
            if position is not None:
                self.move_to(entry, min(position, len(self.view.entries)))

        self.app.push_screen(TextDialog(f"Move {entry.name} to rank (1-{len(self.view.entries)})",
                                        str(entry.position)), typed)

    def action_add(self) -> None:
        list_id = self.list_id
        if list_id is None:
            ok, list_id = self.attempt(self.workspace.primary_list_id)
            if not ok:
                return
        offer = rank_view.candidates(self.workspace.scored, self.workspace.frames, list_id)
        if offer.is_empty():
            self.notify("No program left to add: every program that fits this list is on it (F1 adds programs).",
                        severity="warning")
            return
        labels = {}
        for row in offer.iter_rows(named=True):
            score = "  —  " if row["rank_score"] is None else f"{row['rank_score']:5.1f}"
            label = (f"{score}  {row['name']} · {specialties.track_label(row['specialty'], row['track'])}"
                     f" · {row['tier'] or 'no tier'}  #{row['id']}")
            labels[label] = row["id"]

        def picked(label: str | None) -> None:
            if label is None:
                return
            ok, entry_id = self.attempt(lambda: self.workspace.add_to_rank_list(labels[label], list_id))
            if ok:
                self.select_entry(entry_id)
                self.warn_fees()

        self.app.push_screen(ChoiceDialog("Add which program? (rank score, best first)", list(labels)), picked)

    def warn_fees(self) -> None:
        """Warn, never block, past the NRMP fee threshold."""
        for counter in (self.view.primary_fee, self.view.supplemental_fee):
            if counter.over:
                self.notify(f"{counter.count} unique programs on the {counter.label} list(s): NRMP charges an "
                            f"extra fee for each beyond {counter.limit}.", severity="warning", timeout=6)

    def action_remove(self) -> None:
        if entry := self.need_entry():
            self.attempt(lambda: self.workspace.remove_rank_entry(entry.entry_id),
                       f"Removed {entry.name} (ctrl+z brings it back)")

    def action_probability(self) -> None:
        entry = self.need_entry()
        if entry is None:
            return
        fld = get_field("rank_entries", "match_probability")
        stored = entry.probability if entry.probability_set else None

        def commit(raw: Any) -> str | None:
            try:
                self.workspace.set_value("rank_entries", entry.entry_id, "match_probability", raw)
            except MatchDeskError as error:
                return error.message
            self.redraw_if_stale()
            return None

        context = (f"{entry.name}\nEmpty: the default for its tier ({entry.tier or 'none'}). "
                   "A number from 0 to 1.")
        self.app.push_screen(CellEditor(fld, stored, commit, context=context), lambda _: self.table.focus())

    def action_apply_suggested(self) -> None:
        list_id = self.need_list()
        if list_id is None:
            return
        order = self.view.suggested_ids
        if not order:
            self.notify("No interviewed program fits this list yet: rate interviews on F5.", severity="warning")
            return
        missing = sum(not s.on_list for s in self.view.suggested)

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: self.workspace.apply_rank_order(list_id, order),
                           "Suggested order applied (ctrl+z undoes)")

        question = f"Re-rank {self.view.rank_list.name} in the suggested order"
        question += f" and add {missing} interviewed program(s) missing from it?" if missing else "?"
        self.app.push_screen(ConfirmDialog(question + " Programs never interviewed stay after them."), confirmed)

    def action_why(self) -> None:
        entry = self.need_entry()
        if entry is None:
            return
        tier = entry.tier or "none"
        source = ("you set it" if entry.probability_set else
                  f"the default for tier {tier} (setting odds.{tier.lower()}, {ESTIMATE}; "
                  "a program with no tier gets 0)")
        self.app.push_screen(ExplainScreen(f"Why: {entry.name}", (
            (computed("rank_score").label, why(self.workspace.scored, entry.program_id)["rank_score"]),
            ("P(match)", f"{entry.probability:.2f}: {source}."),
            ("Match odds", "Odds treat programs as independent: P(match at rank k) = P(k) × P(no match above k); "
                           "P(match anywhere) = 1 − P(no match at any rank)."))))

    def action_save_version(self) -> None:
        stamp = dt.datetime.now().isoformat(timespec="seconds")

        def named(name: str | None) -> None:
            if name:
                content = rank_versions.snapshot_content(self.workspace.frames, self.workspace.programs)
                self.attempt(lambda: self.workspace.save_rank_version(name, content, stamp),
                           f"Saved version '{name}' (d compares versions)")

        self.app.push_screen(TextDialog("Name this version of your lists", f"Version {stamp[:16]}"), named)

    def action_diff_versions(self) -> None:
        saved = {f"{s['name']} ({s['created'] or 'undated'})  #{s['id']}": s
                 for s in reversed(self.store.rows("rank_snapshots"))}
        if not saved:
            self.notify("No saved version yet: s saves one.", severity="warning")
            return

        def compare(first: str | None) -> None:
            if first is None:
                return
            others = [CURRENT, *(label for label in saved if label != first)]
            self.app.push_screen(ChoiceDialog(f"Compare {saved[first]['name']} with", others),
                                 lambda second: second and self.show_diff(saved[first], saved.get(second)))

        self.app.push_screen(ChoiceDialog("Compare which saved version?", list(saved)), compare)

    def show_diff(self, old: dict, new: dict | None) -> None:
        now = (rank_versions.snapshot_content(self.workspace.frames, self.workspace.programs) if new is None
               else json.loads(new["content"]))
        lines = rank_versions.snapshot_diff(json.loads(old["content"]), now)
        self.app.push_screen(DiffScreen(f"From {old['name']} to {CURRENT.lower() if new is None else new['name']}",
                                        lines))

    def action_export(self) -> None:
        from tui.screens.exporting import RANK_LISTS, ExportScreen

        self.app.push_screen(ExportScreen(program_ids=[], columns=[], scope=RANK_LISTS),
                             lambda _: self.table.focus())
