"""Start-up reads each table a chunk of rows at a time: the frame is the one a single read makes."""

from __future__ import annotations

from pathlib import Path

import sqlite3

from importers import frames
from store import Store


def test_a_table_read_in_chunks_equals_one_read(sample_copy: Path, monkeypatch) -> None:
    with sqlite3.connect(sample_copy) as conn:  # one bad cell, in the third chunk
        conn.execute("UPDATE programs SET img_percent = 'many' WHERE id = 17")
    with Store.open(sample_copy) as store:
        ids = [row[0] for row in store.conn.execute("SELECT id FROM programs ORDER BY id")]
        whole, whole_bad = frames.read_frame(store, "programs", ids)
        monkeypatch.setattr(frames, "CHUNK_ROWS", 7)
        chunked, chunked_bad = frames.read_frame(store, "programs")
        store.conn.execute("DELETE FROM statements")
        empty, _ = frames.read_frame(store, "statements")
    assert len(ids) > 7 * 3
    assert chunked.equals(whole) and chunked.schema == whole.schema
    assert chunked_bad == whole_bad and [(c.row_id, c.field) for c in chunked_bad] == [(17, "img_percent")]
    assert empty.height == 0 and empty.schema == frames.polars_schema("statements")
