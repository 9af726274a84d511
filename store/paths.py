"""Where databases live: the user's own file, and the bundled sample copied before use."""

from __future__ import annotations

import shutil
from pathlib import Path

DEFAULT_NAME = "matchdesk.db"
SAMPLE_NAME = "sample.db"


def data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir("matchdesk", appauthor=False))


def default_db_path() -> Path:
    return data_dir() / DEFAULT_NAME


def bundled_sample() -> Path:
    """The shipped sample: inside the package when installed, at the repo root in a checkout."""
    here = Path(__file__).resolve().parent
    for candidate in (here / SAMPLE_NAME, here.parent / SAMPLE_NAME):
        if candidate.is_file():
            return candidate
    raise FileNotFoundError("the bundled sample.db is missing from this installation")


def sample_copy(*, fresh: bool = False) -> Path:
    """The user's working copy of the sample; the shipped file itself is never opened for writing."""
    target = data_dir() / "sample-copy.db"
    if fresh or not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        for suffix in ("-wal", "-shm"):
            Path(f"{target}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(bundled_sample(), target)
        target.chmod(0o600)
    return target
