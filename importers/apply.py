"""Writing an import plan: one transaction, one undo group, all rows or none."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from importers.history import HistoryResult
from importers.plan import UPDATED, ImportPlan, programs_fingerprint
from registry.errors import MatchDeskError
from store.backup import make_backup
from store.bulk import bulk_write
from store.collector import collection_paused

IMPORT_SOURCE = "import file"

Progress = Callable[[int, int], None]
CHUNK = 5000  # rows written between two looks at the cancel flag


class ImportRefused(MatchDeskError):
    title = "Import refused"


class ImportCancelled(MatchDeskError):
    title = "Import cancelled"


class StalePlanError(MatchDeskError):
    title = "Preview out of date"


@dataclass
class ImportResult:
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped_rejected: int = 0
    program_ids: list[int] = field(default_factory=list)
    left_out: dict[str, int] = field(default_factory=dict)  # rows of other specialties
    history: HistoryResult | None = None  # the file's Match history, when it has one

    def __str__(self) -> str:
        text = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.skipped_rejected:
            text += f", {self.skipped_rejected} rejected row(s) skipped"
        if self.left_out:
            shown = ", ".join(f"{name} {n}" for name, n in self.left_out.items())
            text += f"; left out {sum(self.left_out.values())} row(s) of other specialties ({shown})"
        if self.history is not None:
            text += f"; {self.history.added} program-years of Match history added"
        return text


@collection_paused
def apply_import(store, plan: ImportPlan, progress: Progress | None = None,
                 cancel: threading.Event | None = None, *, skip_rejected: bool = False) -> ImportResult:
    """Write the plan in one transaction, undone as one step: any error or a cancel leaves the
    database unchanged.

    A plan with rejected values is refused unless skip_rejected is True (then the rejected rows
    are left out). progress(done, total) is called as rows are written; setting `cancel` stops
    the import and rolls everything back (ImportCancelled is raised).
    """
    if plan.rejections and not skip_rejected:
        raise ImportRefused(
            f"{len(plan.rejections)} value(s) in {len(plan.rejected_lines)} row(s) of {plan.source} "
            "were refused; nothing was written. Fix them, or skip the rejected rows.")
    result = ImportResult(unchanged=plan.counts["unchanged"], left_out=plan.left_out_specialties,
                          skipped_rejected=len(plan.rejected_lines) if skip_rejected else 0)
    new_count, new_columns = plan.rows.new_program_columns()
    updated = plan.rows.of_action(UPDATED)
    total = new_count + len(updated)
    if progress:
        progress(0, total)
    if not total:
        return result
    make_backup(store.path, "import", source=store.conn)
    with bulk_write(store, f"import {plan.source}") as writer:
        # Under the write lock: two imports of one file at once cannot both add its programs.
        if programs_fingerprint(store) != plan.fingerprint:
            raise StalePlanError("Programs changed since this import was previewed; preview it again.")
        own = {name: column for name, column in new_columns.items() if "." not in name}
        for start in range(0, new_count, CHUNK):  # a chunk is also the cancel/progress step
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(f"Import of {plan.source} cancelled; nothing was written.")
            end = min(start + CHUNK, new_count)
            result.program_ids += writer.insert_columns(
                plan.table, {name: column[start:end] for name, column in own.items()}, end - start)
            if progress:
                progress(end, total)
        result.new = new_count
        cells = [(row.program_id, name, new) for row in updated
                 for name, (_old, new) in row.changes.items() if "." not in name]
        writer.update(plan.table, cells)
        writer.provenance(IMPORT_SOURCE, result.program_ids, sorted(own),
                          [(pid, name) for pid, name, _ in cells])
        interviews = _new_interviews(result.program_ids[:new_count], new_columns)
        interview_cells = []
        for row in updated:
            interview = {k.split(".", 1)[1]: new for k, (_old, new) in row.changes.items()
                         if k.startswith("interviews.")}
            if interview and row.interview_id is not None:
                interview_cells += [(row.interview_id, name, new) for name, new in interview.items()]
            elif interview:
                interviews.append({"program_id": row.program_id, **interview})
        writer.insert("interviews", interviews)
        writer.update("interviews", interview_cells)
        result.program_ids += [row.program_id for row in updated]
        result.updated = len(updated)
        if cancel is not None and cancel.is_set():
            raise ImportCancelled(f"Import of {plan.source} cancelled; nothing was written.")
        if progress:
            progress(total, total)
    return result


def _new_interviews(program_ids: list[int], new_columns: dict[str, list]) -> list[dict]:
    """The interview rows of the new programs whose row gives interview values."""
    prefix = "interviews."
    interview = {name[len(prefix):]: column for name, column in new_columns.items() if name.startswith(prefix)}
    rows = []
    for at, program_id in enumerate(program_ids if interview else ()):
        values = {name: column[at] for name, column in interview.items() if column[at] is not None}
        if values:
            rows.append({"program_id": program_id, **values})
    return rows
