"""Writing an import plan: one transaction, one undo group, all rows or none."""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field

from importers.plan import NEW, UPDATED, ImportPlan, programs_fingerprint
from registry.errors import MatchDeskError
from store.backup import make_backup

IMPORT_SOURCE = "import file"

Progress = Callable[[int, int], None]
CHUNK = 100  # rows written between two looks at the cancel flag


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

    def __str__(self) -> str:
        text = f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged"
        if self.skipped_rejected:
            text += f", {self.skipped_rejected} rejected row(s) skipped"
        return text


def apply_import(store, plan: ImportPlan, progress: Progress | None = None,
                 cancel: threading.Event | None = None, *, skip_rejected: bool = False) -> ImportResult:
    """Write the plan in one store.batch: any error or a cancel leaves the database unchanged.

    A plan with rejected values is refused unless skip_rejected is True (then the rejected rows
    are left out). progress(done, total) is called as rows are written; setting `cancel` stops
    the import and rolls everything back (ImportCancelled is raised).
    """
    if plan.rejections and not skip_rejected:
        raise ImportRefused(
            f"{len(plan.rejections)} value(s) in {len(plan.rejected_lines)} row(s) of {plan.source} "
            "were refused; nothing was written. Fix them, or skip the rejected rows.")
    if programs_fingerprint(store) != plan.fingerprint:
        raise StalePlanError("Programs changed since this import was previewed; preview it again.")
    result = ImportResult(unchanged=plan.counts["unchanged"],
                          skipped_rejected=len(plan.rejected_lines) if skip_rejected else 0)
    work = [row for row in plan.rows if row.action in (NEW, UPDATED)]
    total = len(work)
    if progress:
        progress(0, total)
    if not work:
        return result
    make_backup(store.path, "import", source=store.conn)
    done = 0
    with store.batch(f"import {plan.source}"):
        # New rows go in chunks through the bulk insert; a chunk is also the cancel/progress step.
        for start in range(0, total, CHUNK):
            if cancel is not None and cancel.is_set():
                raise ImportCancelled(f"Import of {plan.source} cancelled; nothing was written.")
            chunk = work[start:start + CHUNK]
            new_rows = [row for row in chunk if row.action == NEW]
            result.program_ids += store.insert_rows(plan.table, [row.values for row in new_rows],
                                                    source=IMPORT_SOURCE)
            result.new += len(new_rows)
            for row in chunk:
                if row.action == UPDATED:
                    for name, (_old, new) in row.changes.items():
                        store.set_value(plan.table, row.program_id, name, new, source=IMPORT_SOURCE)
                    result.program_ids.append(row.program_id)
                    result.updated += 1
            done += len(chunk)
            if progress:
                progress(done, total)
    return result
