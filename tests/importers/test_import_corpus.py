"""The corpus: sheets shaped as applicants keep them import to the expected database content,
preview nothing refused, and survive a round trip (export, then import again, same programs)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from importers.apply import apply_import
from importers.export import export
from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping
from store.store import Store

CORPUS = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "corpus"
SHEETS = sorted(p for p in CORPUS.iterdir() if not p.name.endswith(".json"))
# What an import decides for itself, and so differs between two files with the same programs.
NOT_COMPARED = {"id"}


def load(path: Path) -> dict:
    return json.loads(path.with_name(path.name + ".expected.json").read_text(encoding="utf-8"))


def import_into(store: Store, path: Path, sheet: str | None = None):
    table = open_table(path, sheet)
    plan = plan_import(store, table, suggest_mapping(store, table))
    assert plan.rejections == [], plan.summary_lines()
    apply_import(store, plan)
    return plan


def programs(store: Store) -> list[dict]:
    return [{k: v for k, v in row.items() if k not in NOT_COMPARED} for row in store.rows("programs")]


def test_the_corpus_has_at_least_twelve_sheets_of_every_shape():
    assert len(SHEETS) >= 12
    assert {p.suffix for p in SHEETS} == {".csv", ".xlsx"}
    raw = {p.name: p.read_bytes() for p in SHEETS if p.suffix == ".csv"}
    assert any(b.startswith(b"\xef\xbb\xbf") for b in raw.values())  # BOM
    assert any(b"\r\n" in b for b in raw.values()) and any(b"\r\n" not in b for b in raw.values())
    assert any(b.split(b"\n")[0].count(b";") > 1 for b in raw.values())  # semicolons


@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.name)
def test_each_sheet_imports_to_its_expected_content(new_store: Store, path: Path):
    expected = load(path)
    plan = import_into(new_store, path, expected["sheet"])
    assert plan.counts["skipped"] == expected["skipped"]
    assert plan.cells["refused"] == 0
    got = {row["name"]: row for row in new_store.rows("programs")}
    assert set(got) == set(expected["expected"])
    for name, values in expected["expected"].items():
        assert {k: got[name][k] for k in values} == values, name
    interviews = {r["program_id"]: r for r in new_store.rows("interviews")}
    for name, values in expected["interviews"].items():
        row = interviews[got[name]["id"]]
        assert {k: row[k] for k in values} == values, name
    assert len(interviews) == len(expected["interviews"])


@pytest.mark.parametrize("fmt, out", [("csv", "programs.csv"), ("xlsx", "programs.xlsx")])
@pytest.mark.parametrize("path", SHEETS, ids=lambda p: p.name)
def test_export_then_import_gives_the_same_programs(tmp_path: Path, path: Path, fmt: str, out: str):
    with Store.open(tmp_path / "first.db") as first:
        import_into(first, path, load(path)["sheet"])
        [written] = export(first, fmt, tmp_path / out, ["programs"])
        with Store.open(tmp_path / "again.db") as again:
            import_into(again, written)
            assert programs(again) == programs(first)
