"""Paths typed in the import and export dialogs: read relative to a folder (the database's,
or the last one used with it) rather than the process's working directory, and completed as
a shell completes them."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

from importers.files import allowed_folder

FOLDER_PREF = "files.folder"  # the folder last imported from or exported to, per database


def start_folder(db_path: Path, saved: str | None) -> Path:
    """Where the dialogs start: the folder last used with this database while it still
    exists, else the database's own folder."""
    if saved and Path(saved).is_dir():
        return Path(saved)
    return Path(db_path).resolve().parent


def resolve_typed(text: str, folder: Path) -> Path:
    path = Path(text.strip()).expanduser()
    return path if path.is_absolute() else folder / path


@dataclass(frozen=True)
class Completion:
    text: str  # the typed text, completed as far as the matches agree
    names: list[str] = field(default_factory=list)  # the matches (folders end in /) when several


def complete(text: str, folder: Path) -> Completion:
    """Complete the last part of `text` from the names in its folder. Hidden names only when
    asked for with a dot; a served app lists nothing outside its one folder."""
    head, sep, prefix = text.rpartition(os.sep)
    directory = resolve_typed(head + sep, folder) if sep else folder
    served = allowed_folder()
    if served is not None and not directory.resolve().is_relative_to(served):
        return Completion(text)
    try:
        entries = sorted(directory.iterdir())
    except OSError:
        return Completion(text)
    names = [entry.name + (os.sep if entry.is_dir() else "") for entry in entries
             if entry.name.startswith(prefix) and (prefix.startswith(".") or not entry.name.startswith("."))]
    if not names:
        return Completion(text)
    return Completion(head + sep + os.path.commonprefix(names), names if len(names) > 1 else [])
