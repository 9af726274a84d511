"""The files MatchDesk reads and writes for the user: where it may, and how it writes.

A served app (`matchdesk serve`) may only read and write inside one folder, named to it in the
environment by the server, so a browser tab cannot reach the rest of the machine.
"""

from __future__ import annotations

import os
from pathlib import Path

from registry.errors import MatchDeskError

FILES_FOLDER_ENV = "MATCHDESK_FILES_FOLDER"


class FileRefused(MatchDeskError):
    title = "File refused"


def allowed_folder() -> Path | None:
    """The one folder a served app may touch; None when the app runs in a terminal."""
    folder = os.environ.get(FILES_FOLDER_ENV)
    return Path(folder).resolve() if folder else None


def check_allowed(path: str | Path) -> Path:
    """`path` when this app may read or write it; FileRefused when it is outside the folder."""
    path = Path(path)
    folder = allowed_folder()
    if folder is not None and not path.resolve().is_relative_to(folder):
        raise FileRefused(f"{path} is outside {folder}: in the browser, MatchDesk reads and "
                          "writes only files in that folder.")
    return path
