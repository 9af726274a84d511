"""The rank lists beside the primary one: switching between them, making, renaming and
deleting supplemental PGY-1 lists, and attaching advanced programs to them."""

from __future__ import annotations

from desk import rank_lists
from registry import specialties
from registry.specialties import ADVANCED_TRACK
from tui.screens.dialogs import ChoiceDialog, ConfirmDialog, TextDialog


class SupplementalLists:
    """RankListScreen's list management (mixed in: it uses the screen's lists, view, table
    and workspace, and rebuilds the screen after a change)."""

    def action_next_list(self) -> None:
        ids = [l.id for l in self.lists]
        if len(ids) < 2:
            self.notify("There is only one list: n makes a supplemental PGY-1 list.", severity="warning")
            return
        self.list_id = ids[(ids.index(self.list_id) + 1) % len(ids)]
        self.rebuild()
        self.table.move_cursor(row=0)

    def action_new_list(self) -> None:
        def named(name: str | None) -> None:
            if name:
                ok, list_id = self.attempt(lambda: self.workspace.new_rank_list(name))
                if ok:
                    self.list_id = list_id
                    self.rebuild()
                    self.notify(f"Made {name}: + adds TY/prelim programs, a attaches it to an advanced program")

        self.app.push_screen(TextDialog("Name the new supplemental PGY-1 list"), named)

    def action_rename_list(self) -> None:
        list_id = self.need_list()
        if list_id is None:
            return

        def named(name: str | None) -> None:
            if name:
                self.attempt(lambda: self.workspace.set_value("rank_lists", list_id, "name", name))

        self.app.push_screen(TextDialog("Rename the list", self.view.rank_list.name), named)

    def action_delete_list(self) -> None:
        list_id = self.need_list()
        if list_id is None:
            return
        name = self.view.rank_list.name

        def confirmed(yes: bool | None) -> None:
            if yes:
                self.attempt(lambda: self.workspace.delete_row("rank_lists", list_id), f"Deleted {name} (ctrl+z brings it back)")

        self.app.push_screen(ConfirmDialog(f"Delete {name} and its {len(self.view.entries)} entries?"), confirmed)

    def action_attach(self) -> None:
        if self.need_list() is None:
            return
        if self.view.rank_list.kind == rank_lists.SUPPLEMENTAL:
            self.attach_programs_to(self.view.rank_list)
        else:
            self.attach_entry_to_list()

    def attach_programs_to(self, rank_list: rank_lists.RankList) -> None:
        """On a supplemental list: pick an advanced program to attach or detach."""
        primary = [l for l in self.lists if l.kind == rank_lists.PRIMARY]
        on_primary = {e["program_id"] for l in primary for e in rank_lists.list_entries(self.workspace.frames, l.id)}
        programs = self.workspace.programs.filter(self.workspace.programs["track"] == ADVANCED_TRACK)
        rows = sorted(programs.iter_rows(named=True), key=lambda r: (r["id"] not in on_primary, r["name"]))
        labels = {}
        for row in rows:
            mark = "✓ attached" if row["id"] in rank_list.advanced_ids else "  attach  "
            where = "" if row["id"] in on_primary else " (not on your primary list)"
            labels[f"{mark}  {row['name']}{where}  #{row['id']}"] = row["id"]
        if not labels:
            self.notify("No advanced program in your spreadsheet yet.", severity="warning")
            return
        self.app.push_screen(ChoiceDialog(f"Attach {rank_list.name} to (or detach from)", list(labels)),
                             lambda label: label and self.toggle(rank_list.id, labels[label]))

    def attach_entry_to_list(self) -> None:
        """On the primary list: attach the advanced program under the cursor to a PGY-1 list."""
        entry = self.need_entry()
        if entry is None:
            return
        track = self.workspace.programs.filter(self.workspace.programs["id"] == entry.program_id)["track"][0]
        if not specialties.is_advanced(track):
            self.notify(f"{entry.name} is not an advanced program: it needs no PGY-1 list.", severity="warning")
            return
        supplemental = [l for l in self.lists if l.kind == rank_lists.SUPPLEMENTAL]
        if not supplemental:
            self.notify("No supplemental list yet: n makes one.", severity="warning")
            return
        labels = {f"{'✓ attached' if entry.program_id in l.advanced_ids else '  attach  '}  {l.name}  #{l.id}": l.id
                  for l in supplemental}
        self.app.push_screen(ChoiceDialog(f"Attach {entry.name} to which PGY-1 list?", list(labels)),
                             lambda label: label and self.toggle(labels[label], entry.program_id))

    def toggle(self, list_id: int, program_id: int) -> None:
        ok, attached = self.attempt(lambda: self.workspace.toggle_attached(list_id, program_id))
        if ok:
            name = self.program_names([program_id])[0]
            self.notify(f"{'Attached to' if attached else 'Detached from'} {name}", timeout=3)
