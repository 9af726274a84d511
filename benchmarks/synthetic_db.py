"""Large databases for benchmarks: the sample's applicant with N programs made from the sample's.

Every row goes through the store's validated API, so a benchmark measures real data. Files are
cached under the system temp folder by size, since 50,000 validated inserts take a while.
"""

from __future__ import annotations

import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from store import Store  # noqa: E402
from store.schema import SCHEMA_VERSION  # noqa: E402

SAMPLE = Path(__file__).resolve().parents[1] / "sample.db"


def synthetic_db(programs: int, folder: Path | None = None) -> Path:
    """A copy of the sample grown (or cut) to `programs` programs; built once, then reused."""
    # one cache per schema version: a file built by one version must not be upgraded (or
    # refused as newer) by another checkout's benchmarks
    folder = folder or Path(tempfile.gettempdir()) / f"matchdesk-bench-schema{SCHEMA_VERSION}"
    folder.mkdir(parents=True, exist_ok=True)
    target = folder / f"programs-{programs}.db"
    if target.exists():
        return target
    building = folder / f"programs-{programs}.building.db"
    building.unlink(missing_ok=True)
    shutil.copyfile(SAMPLE, building)
    with Store.open(building) as store:
        templates = store.rows("programs")
        have = len(templates)
        with store.batch("benchmark rows"):
            for n in range(have, programs):
                row = dict(templates[n % have])
                row.pop("id")
                row["name"] = f"{row['name']} #{n}"
                row["program_code"] = None
                if row.get("step2_min"):
                    row["step2_min"] = 220 + (n * 7) % 30
                store.insert_row("programs", row)
        store.conn.execute("DELETE FROM change_log")
        store.conn.execute("PRAGMA wal_checkpoint(TRUNCATE)")
    building.rename(target)
    return target


if __name__ == "__main__":
    print(synthetic_db(int(sys.argv[1])))
