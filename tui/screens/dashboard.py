"""The strategy dashboard: tier balance, specialties, gates, regions (overview); the budget
with its editable fee schedule (costs); the signal planner (signals); the timeline checklist.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import polars as pl
from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.containers import Vertical, VerticalScroll
from textual.widgets import DataTable, Header, Static, TabbedContent, TabPane

from scoring.history import history_count_line
from scoring.costs import APPLIED_STATUSES, CostEstimate, estimate_costs, latest_cycle, money
from scoring.signals import (CENSUS_DIVISIONS, KINDS, PoolUsage, geographic_line, geographic_picks,
                             new_rule, pool_of, signal_usage, unruled, unruled_specialties,
                             wasted_signals)
from scoring.timeline import TimelineItem, timeline_items
from registry.specialties import MINE_KEY, mine
from store import MatchDeskError
from store.store import setting_field
from tui.actions import bindings_for
from tui.screens.dialogs import ChoiceDialog, TickDialog
from desk.column_fit import stretch_width
from tui.widgets.footer import QuietFooter
from tui.widgets.editors import CellEditor
from tui.widgets.charts import TierChart
from tui.widgets.dashboard_panels import balance_text, gate_panel, region_panel, specialty_panel
from tui.widgets.records import RecordColumn, RecordScreen, RecordTable, focus_after

SCOPE = "dashboard"
NEXT_SIGNAL = {"none": "gold", "gold": "silver", "silver": "none"}
TAB_TABLES = {"costs": "fees", "signals": "signal-programs", "timeline": "timeline"}
TAB_PADDING = 2  # dashboard.tcss: TabPane { padding: 0 1 }
STATE_COLORS = {"done": "success", "overdue": "error", "open": "warning", "due soon": "warning", "upcoming": "plain",
                "no date": "muted"}
TRAVEL, MATCH_DAY = "cost.travel_per_interview", "match_date"



class DashboardScreen(RecordScreen):
    SCOPE = SCOPE
    BINDINGS = bindings_for("dashboard")

    def __init__(self) -> None:
        super().__init__()
        self.usage: list[PoolUsage] = []
        self.costs: CostEstimate | None = None
        self.items: list[TimelineItem] = []

    def compose(self) -> ComposeResult:
        yield Header()
        with TabbedContent(initial="overview", id="tabs"):
            with TabPane("Overview (o)", id="overview"), VerticalScroll(id="overview-body"):
                with Vertical(id="balance-col"):
                    yield Static("", id="tier-title", classes="heading", markup=False)
                    yield TierChart(id="tier-chart")
                    yield Static("", id="balance", classes="panel")
                    yield Static("", id="glance", classes="panel")
                with VerticalScroll(id="facts-col"):
                    yield Static("", id="specialties", classes="panel")
                    yield Static("", id="gates", classes="panel")
                    yield Static("", id="regions", classes="panel")
            with TabPane("Costs (c)", id="costs"):
                yield Static("", id="cost-summary", classes="panel")
                yield Static("Fee schedule (enter edits a cell; the newest cycle is used)",
                             classes="heading", markup=False)
                yield RecordTable("fee_schedule", self.fee_columns(), id="fees")
            with TabPane("Signals (s)", id="signals"):
                yield Static("Pools of the newest cycle (enter edits a limit). A signal goes to the "
                             "institution: tracks of one pool there share it.", classes="hint", markup=False)
                yield RecordTable("signal_rules", self.pool_columns(), id="pools")
                yield Static("", id="shared", classes="hint", markup=False)
                yield Static("Programs (g cycles the signal none, gold, silver; enter picks it)",
                             classes="heading", markup=False)
                yield RecordTable("programs", self.signal_program_columns(), cursor_type="row",
                                  id="signal-programs")
            with TabPane("Timeline (t)", id="timeline-tab"):
                yield Static("", id="timeline-summary", classes="hint", markup=False)
                yield RecordTable("timeline", self.timeline_columns(self.app.size.width), id="timeline")
        yield QuietFooter()

    # --- columns -----------------------------------------------------------------------

    @staticmethod
    def fee_columns() -> list[RecordColumn]:
        return [RecordColumn("cycle", width=6), RecordColumn("from_count", width=14),
                RecordColumn("to_count", width=12), RecordColumn("fee", width=9),
                RecordColumn("source", width=36), RecordColumn("as_of", width=10)]

    def pool_columns(self) -> list[RecordColumn]:
        columns = [RecordColumn("pool", width=14)]
        for kind in KINDS:
            columns += [
                RecordColumn(kind, width=6),
                RecordColumn(f"{kind}_used", "used", width=5, editable=False,
                             render=lambda row, k=kind: str(row["usage"].used[k]),
                             explain=lambda row, k=kind: self.explain_pool(row, k)),
                RecordColumn(f"{kind}_left", "left", width=5, editable=False,
                             render=lambda row, k=kind: self.render_left(row["usage"], k),
                             explain=lambda row, k=kind: self.explain_pool(row, k)),
            ]
        return [*columns, RecordColumn("geographic", "Geographic", width=10),
                RecordColumn("source", width=36)]

    def signal_program_columns(self) -> list[RecordColumn]:
        fixed = {"editable": False}
        return [RecordColumn("name", width=48, **fixed),
                RecordColumn("specialty", width=10, **fixed),
                RecordColumn("status", width=11, **fixed),
                RecordColumn("eligibility", width=11, **fixed),
                RecordColumn("signal", width=6, render=self.render_signal),
                RecordColumn("pool", "Pool", width=10, **fixed)]

    def timeline_columns(self, screen_width: int) -> list[RecordColumn]:
        # The task takes what the short columns leave, so Due and State stay on screen in a
        # narrow terminal.
        short = [RecordColumn("months_before_match", "Months", width=6),
                 RecordColumn("due", "Due", width=10, editable=False,
                              explain=lambda r: r["item"].explain(self.match_day)),
                 RecordColumn("state", "State", width=9, editable=False,
                              render=lambda r: self.theme_text(r["state"], STATE_COLORS[r["state"]]),
                              explain=lambda r: r["item"].explain(self.match_day))]
        done = RecordColumn("done", width=4)
        task_width = stretch_width(screen_width - TAB_PADDING, [done.width, *(c.width for c in short)],
                                   least=24, most=64)
        return [done, RecordColumn("task", width=task_width), *short]

    def on_resize(self, event: events.Resize) -> None:
        self.query_one("#timeline", RecordTable).set_columns(self.timeline_columns(event.size.width))

    # --- painting ----------------------------------------------------------------------

    @property
    def match_day(self) -> dt.date:
        return dt.date.fromisoformat(self.workspace.settings[MATCH_DAY])

    def show_data(self) -> None:
        programs = self.workspace.programs
        self.usage = signal_usage(programs, self.store.rows("signal_rules"))
        self.costs = estimate_costs(programs, self.workspace.frames["interviews"],
                                    self.store.rows("fee_schedule"), self.workspace.settings[TRAVEL])
        self.items = timeline_items(self.store.rows("timeline"), self.match_day, self.today)
        self.show_overview(programs)
        self.show_costs()
        self.show_signals(programs)
        self.show_timeline()

    def show_overview(self, programs: pl.DataFrame) -> None:
        assessment, colors = self.workspace.scored.applicant, self.palette
        lines = assessment.balance
        total = sum(line.count for line in lines)
        self.query_one("#tier-title", Static).update(
            f"Tier balance: {total} radiology programs on the list (withdrawn left out)")
        self.query_one(TierChart).show(lines)
        self.query_one("#balance", Static).update(balance_text(lines, colors))
        self.query_one("#glance", Static).update(self.glance())
        self.query_one("#specialties", Static).update(
            specialty_panel(programs, assessment.recommended, self.workspace.scored.facts.backup_specialty, colors))
        self.query_one("#gates", Static).update(gate_panel(programs, colors))
        self.query_one("#regions", Static).update(region_panel(programs, colors))

    def glance(self) -> Text:
        costs = self.costs
        text = Text()
        text.append("At a glance\n", style="bold")
        text.append(f"Estimated cost {money(costs.total)} (fees {money(costs.fee_total)} + travel "
                    f"{money(costs.travel_total)}); c for details\n")
        left = " · ".join(
            f"{u.pool} " + ", ".join(f"{kind} {u.remaining(kind)}" for kind in KINDS if u.allowed[kind] or u.used[kind])
            for u in self.usage)
        text.append(f"Signals left: {left or 'no signal rules'}; s for the planner\n")
        wasted = wasted_signals(self.workspace.scored.programs)
        if wasted:
            text.append(f"Wasted signals: {len(wasted)} on ineligible programs; s for the planner\n",
                        style=self.palette["error"])
        text.append(f"{history_count_line(self.workspace.programs)}\n")
        upcoming = next((i for i in self.items if i.state != "done"), None)
        if upcoming is None:
            text.append("Timeline: every task done")
        else:
            due = f", due {upcoming.due.isoformat()}" if upcoming.due else ""
            text.append(f"Next task: {upcoming.task}{due} ")
            text.append(f"({upcoming.state})", style=self.palette[STATE_COLORS[upcoming.state]])
            text.append("; t for the timeline")
        return text

    def show_costs(self) -> None:
        costs = self.costs
        text = Text()
        text.append(f"Estimated cost: {money(costs.total)}\n", style="bold")
        text.append(f"Application fees, fee schedule cycle {costs.cycle or '(none)'}: counted over programs "
                    f"with status {', '.join(APPLIED_STATUSES)}; the count restarts with each specialty.\n",
                    style=self.palette["muted"])
        for line in costs.fees:
            text.append(f"• {line.explain()}\n",
                        style=self.palette["warning"] if line.uncovered else "")
        if not costs.fees:
            text.append("• No programs applied to yet.\n")
        text.append(f"Fees: {money(costs.fee_total)}\n", style="bold")
        text.append(f"Travel: {costs.explain_travel()} (v sets the cost per interview)")
        self.query_one("#cost-summary", Static).update(text)
        rows = self.store.rows("fee_schedule")
        rows.sort(key=lambda r: (r["cycle"] or "", -r["from_count"]), reverse=True)
        self.query_one("#fees", RecordTable).show(rows)

    def show_signals(self, programs: pl.DataFrame) -> None:
        by_rule = {u.rule_id: u for u in self.usage}
        _, current = latest_cycle(self.store.rows("signal_rules"))
        self.query_one("#pools", RecordTable).show([{**r, "usage": by_rule[r["id"]]} for r in current])
        limit = max((int(r.get("geographic") or 0) for r in current), default=0)
        shared = [geographic_line(self.workspace.settings.get("signals.divisions"), limit)]
        shared += [f"Wasted: {line}" for line in wasted_signals(programs)]
        shared += [line for u in self.usage for line in u.shared]
        shared += unruled(programs, self.usage)
        self.query_one("#shared", Static).update("\n".join(shared) or "No institution has two signalled tracks.")
        order = {u.pool: i for i, u in enumerate(self.usage)}
        rows = []
        for row in programs.select("id", "name", "specialty", "status", "eligibility", "signal",
                                   "signal_warning", "eligibility_reasons").iter_rows(named=True):
            usage = pool_of(row["specialty"], self.usage)
            signalled = row["signal"] in KINDS
            if not signalled and (usage is None or row["status"] == "withdrawn"):
                continue
            rows.append({**row, "pool": usage.pool if usage else "no rule"})
        rows.sort(key=lambda r: (order.get(r["pool"], len(order)), r["name"]))
        self.query_one("#signal-programs", RecordTable).show(rows)

    def show_timeline(self) -> None:
        done = sum(i.done for i in self.items)
        self.query_one("#timeline-summary", Static).update(
            f"{done} of {len(self.items)} tasks done. Due dates count Months back from Match Day "
            f"{self.match_day.isoformat()} (m changes it). space marks done or undone; enter edits.")
        self.query_one("#timeline", RecordTable).show(
            [{"id": i.id, "task": i.task, "months_before_match": i.months_before, "done": i.done,
              "due": i.due, "state": i.state, "item": i} for i in self.items])

    def render_signal(self, row: dict) -> Text:
        signal = row["signal"] or "none"
        if row.get("signal_warning"):  # a signal on an ineligible program is wasted
            return self.theme_text(f"{signal}!", "error")
        return self.theme_text(signal, {"gold": "warning", "silver": "plain"}.get(signal, "muted"))

    def render_left(self, usage: PoolUsage, kind: str) -> Text:
        left = usage.remaining(kind)
        if not usage.allowed[kind] and not usage.used[kind]:
            return self.theme_text("-", "muted")
        role = "error" if left < 0 else "warning" if left == 0 and usage.allowed[kind] else "success"
        return self.theme_text(str(left), role)

    def explain_pool(self, row: dict, kind: str) -> str:
        usage = row["usage"]
        return "\n".join([usage.explain(kind), *usage.shared])

    # --- events ------------------------------------------------------------------------

    @property
    def active_tab(self) -> str:
        return self.query_one(TabbedContent).active.removesuffix("-tab")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Signal and timeline keys show (and work) on their own tab only."""
        only_on = {"cycle_signal": "signals", "toggle_done": "timeline"}.get(action)
        return only_on is None or self.active_tab == only_on

    @on(TabbedContent.TabActivated)
    def _tab_changed(self) -> None:
        self.refresh_bindings()

    @on(DataTable.CellSelected)
    @on(DataTable.RowSelected)
    def _selected(self, event) -> None:
        event.stop()
        self.action_edit_cell()

    # --- actions -----------------------------------------------------------------------

    def action_show_tab(self, tab: str) -> None:
        tabs = self.query_one(TabbedContent)
        tabs.active = "timeline-tab" if tab == "timeline" else tab
        table_id = TAB_TABLES.get(tab)
        if table_id:
            self.query_one(f"#{table_id}", RecordTable).focus()

    def current_table(self) -> RecordTable | None:
        """The focused list, or the main list of the tab on show."""
        if isinstance(self.focused, RecordTable):
            return self.focused
        table_id = TAB_TABLES.get(self.active_tab)
        return self.query_one(f"#{table_id}", RecordTable) if table_id else None

    def action_edit_cell(self) -> None:
        table = self.current_table()
        if table is None:
            self.notify("Pick a list first: c costs, s signals, t timeline.", severity="warning")
            return
        row = table.current_record
        context = str((row or {}).get("name") or (row or {}).get("task") or (row or {}).get("pool") or "")
        self.edit_current(table, context=context)

    def action_cycle_signal(self) -> None:
        table = self.query_one("#signal-programs", RecordTable)
        row = table.current_record
        if row is None:
            return
        signal = NEXT_SIGNAL.get(row["signal"] or "none", "gold")
        ok, _ = self.attempt(lambda: self.workspace.set_value("programs", row["id"], "signal", signal))
        if ok:
            usage = pool_of(row["specialty"], self.usage)
            where = (usage.explain(signal) if usage and signal in KINDS
                     else f"no signal rule covers {row['specialty']}" if usage is None else "")
            self.notify(f"{row['name']}: {signal}" + (f". {where}" if where else ""), timeout=4)
            if signal in KINDS and row["eligibility"] == "ineligible":
                self.notify(f"{row['name']} is ineligible ({row['eligibility_reasons'] or 'see the gates'}): "
                            "a signal there is wasted.", severity="warning", timeout=8)

    def action_add_signal_rule(self) -> None:
        """A signal rule for one of your specialties (or a listed one) that no rule covers."""
        own = mine(self.workspace.settings[MINE_KEY])
        missing = unruled_specialties(self.workspace.programs, self.usage, own)
        if not missing:
            self.notify("Every one of your specialties has a signal rule; e edits its numbers.", timeout=4)
            return
        cycle, _ = latest_cycle(self.store.rows("signal_rules"))

        def add(specialty: str | None) -> None:
            if specialty is None:
                return
            ok, _ = self.attempt(lambda: self.workspace.insert_row("signal_rules", new_rule(cycle, specialty)))
            if ok:
                self.notify(f"{specialty}: signal rule added with no signals yet; e on its row enters "
                            "this cycle's ERAS numbers (ctrl+z undoes)", timeout=6)

        if len(missing) == 1:
            add(missing[0])
        else:
            self.app.push_screen(ChoiceDialog("Add a signal rule for", missing), add)

    def action_toggle_done(self) -> None:
        table = self.query_one("#timeline", RecordTable)
        row = table.current_record
        if row is None:
            return
        self.attempt(lambda: self.workspace.set_value("timeline", row["id"], "done", not row["done"]))

    def action_pick_divisions(self) -> None:
        """The geographic preference signal: tick up to the pool's limit of census divisions."""
        _, current = latest_cycle(self.store.rows("signal_rules"))
        limit = max((int(r.get("geographic") or 0) for r in current), default=0)
        picked, _ = geographic_picks(self.workspace.settings.get("signals.divisions"), limit)

        def chosen(ticked: tuple[str, ...] | None) -> None:
            if ticked is not None:
                self.attempt(lambda: self.workspace.set_setting("signals.divisions", ", ".join(ticked) or "none"))

        self.app.push_screen(TickDialog(f"Geographic preference: tick up to {limit} census divisions",
                                        CENSUS_DIVISIONS, picked, least=0, most=limit), chosen)

    def action_edit_setting(self, key: str) -> None:
        def commit(raw: Any) -> str | None:
            try:
                self.workspace.set_setting(key, raw)
            except MatchDeskError as error:
                return error.message
            self.rebuild()
            return None

        table = self.current_table()
        self.app.push_screen(CellEditor(setting_field(key), self.workspace.settings[key], commit),
                             focus_after(table) if table else None)
