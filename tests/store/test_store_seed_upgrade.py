"""An existing file gains the seed rows a later version added, once, after its own rows."""

from __future__ import annotations

from pathlib import Path

from db_tables import load_fixture  # tests/ is on sys.path (rootdir conftest)
from registry.choices import PRIORITY_FEATURES
from registry.settings import TIMELINE
from store import Store


def test_a_version_1_file_gains_the_new_priority_and_timeline_task(tmp_path: Path) -> None:
    path = tmp_path / "v1.db"
    conn = load_fixture(1, path)
    before = [r[0] for r in conn.execute("SELECT feature FROM priorities ORDER BY id")]
    conn.close()
    assert "new or growing programs" not in before
    with Store.open(path) as store:
        features = [r["feature"] for r in store.rows("priorities")]
        assert features[:len(before)] == before
        assert sorted(features) == sorted(PRIORITY_FEATURES)
        new = next(r for r in store.rows("priorities") if r["feature"] == "new or growing programs")
        assert new["importance"] == "not"
        assert {r["task"] for r in store.rows("timeline")} >= {task for task, _ in TIMELINE}
    with Store.open(path) as store:  # a second open adds nothing
        assert len(store.rows("priorities")) == len(PRIORITY_FEATURES)
