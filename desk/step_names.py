"""What an undo or redo message calls a step: its action and the program it touched, read
from the change log's own entries ("delete Lakemont Regional DR", "Visa of Lakemont
Regional DR", "import of programs.csv (12 programs)"). Private text is never quoted: only
names of programs and labels of fields."""

from __future__ import annotations

from store.bulk import BULK
from store.history import Change


def step_name(store, changes: list[Change]) -> str:
    label = changes[0].label or changes[0].action
    bulk = next((c for c in changes if c.action == BULK), None)
    if bulk is not None:
        return import_name(label, bulk)
    verb, _, rest = label.partition(" ")
    if verb == "edit":
        edited = next((c for c in changes if c.action == "update" and c.table != "provenance"), None)
        name = edited and program_name(store, changes, edited)
        return f"{rest} of {name}" if name else label
    preposition, _, table = rest.partition(" ")
    if (verb, preposition) in (("add", "to"), ("delete", "from")):  # "add to programs", "delete from contacts"
        table = table.replace(" ", "_")
        action = "insert" if verb == "add" else "delete"
        row = next((c for c in changes if c.action == action and c.table == table), None)
        name = row and program_name(store, changes, row)
        if name is None:
            return label
        return f"{verb} {name}" if table == "programs" else f"{label} ({name})"
    return label


def import_name(label: str, bulk: Change) -> str:
    """"import FILE" with how many rows it added or changed."""
    table = bulk.table
    first, last = bulk.new["ranges"].get(table, (1, 0))
    updated = {row_id for tbl, row_id, *_ in bulk.old["updates"] if tbl == table}
    noun = "programs" if table == "programs" else f"{table.replace('_', ' ')} rows"
    return f"{label.replace('import ', 'import of ', 1)} ({last - first + 1 + len(updated)} {noun})"


def program_name(store, changes: list[Change], change: Change) -> str | None:
    """The name of the program `change` belongs to: from the logged row itself when it holds
    one (a deleted or added row), else from the file."""
    row = change.old if change.action == "delete" else change.new if change.action == "insert" else None
    if change.table == "programs":
        program_id = change.row_id
        if isinstance(row, dict) and row.get("name"):
            return row["name"]
    elif isinstance(row, dict):
        program_id = row.get("program_id")
    else:
        program_id = (store.get(change.table, change.row_id) or {}).get("program_id")
    if program_id is None:
        return None
    logged = next((c for c in changes if c.table == "programs" and c.row_id == program_id
                   and isinstance(c.old if c.action == "delete" else c.new, dict)), None)
    if logged is not None:
        return (logged.old if logged.action == "delete" else logged.new).get("name")
    found = store.get("programs", program_id)
    return found["name"] if found else None
