"""A setting another tool wrote wrong does not stop the file from opening: its default stands."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from registry.settings import SETTINGS_BY_KEY
from store.store import Store


def test_unreadable_settings_read_as_their_defaults(tmp_db: Path):
    Store.open(tmp_db).close()
    conn = sqlite3.connect(tmp_db)
    conn.execute("UPDATE settings SET value = 'not json' WHERE key = 'weight.must'")
    conn.execute("""UPDATE settings SET value = '"ninety"' WHERE key = 'history.keep_days'""")
    conn.execute("UPDATE settings SET value = '-5' WHERE key = 'risk.higher_step2'")  # out of range
    conn.commit()
    conn.close()
    with Store.open(tmp_db) as store:  # opening reads history.keep_days
        settings = store.settings()
        for key in ("weight.must", "history.keep_days", "risk.higher_step2"):
            assert settings[key] == SETTINGS_BY_KEY[key].default
        store.set_setting("weight.must", 2.5)  # and the user can set it again
        assert store.settings()["weight.must"] == 2.5
