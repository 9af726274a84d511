"""A column of repeated texts reads as the list of its cells, and a plan over such columns is
the plan over the same cells given as lists."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given
from hypothesis import strategies as st

from importers.plan import plan_import
from importers.prepare import open_table, suggest_mapping
from importers.read import TableData
from importers.repeated_texts import RepeatedTexts, blank_rows, count_holding, rows_holding, texts_from
from store.store import Store

FIX = Path(__file__).resolve().parents[1] / "fixtures" / "import"


def repeated(cells: list[str]) -> RepeatedTexts:
    distinct = list(dict.fromkeys(cells))
    return RepeatedTexts(distinct, [distinct.index(cell) for cell in cells])


@given(cells=st.lists(st.sampled_from(["FL", "", " ", "J-1", "\u00a0", *"abcdefghij"]), max_size=30),
       texts=st.sets(st.sampled_from(["FL", "", "J-1", "y", *"abcdefghij"])), data=st.data())
def test_a_column_of_repeats_reads_as_its_cells(cells, texts, data):
    column = repeated(cells)
    assert list(column) == cells and column == cells and len(column) == len(cells)
    assert [column[i] for i in range(len(cells))] == cells and column[1:4] == cells[1:4]
    assert all(column.count(t) == cells.count(t) for t in ["FL", "", "y"])
    assert ("FL" in column) == ("FL" in cells)
    rows = data.draw(st.lists(st.sampled_from(range(len(cells))), unique=True)) if cells else []
    assert rows_holding(column, texts) == rows_holding(cells, texts) == \
        [i for i, c in enumerate(cells) if c in texts]
    assert rows_holding(column, texts, rows) == [i for i in rows if cells[i] in texts]
    assert count_holding(column, texts) == count_holding(cells, texts) == sum(c in texts for c in cells)
    assert blank_rows(column) == blank_rows(cells) == [i for i, c in enumerate(cells) if not c.strip()]
    assert blank_rows(column, rows) == blank_rows(cells, rows) == [i for i in rows if not cells[i].strip()]
    assert list(texts_from(column, 3)) == list(texts_from(cells, 3)) == list(dict.fromkeys(cells[3:]))


def test_a_large_file_keeps_its_repeating_columns_as_repeats(tmp_path):
    lines = ["Program,State,Visa"] + [f"P{i},{['FL', 'TX'][i % 2]},J-1" for i in range(300)]
    (tmp_path / "f.csv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    table = open_table(tmp_path / "f.csv")
    names, states, visas = table.columns
    assert not isinstance(names, RepeatedTexts) and isinstance(states, RepeatedTexts)
    assert sorted(states.distinct) == ["FL", "TX"] and list(visas) == ["J-1"] * 300


def _plan_facts(plan) -> tuple:
    return (list(plan.rows), plan.rows.new_program_columns(), list(plan.value_notes), len(plan.value_notes),
            plan.rejections, plan.skipped, plan.notes, plan.cells, plan.counts)


def test_a_plan_over_repeated_columns_is_the_plan_over_the_plain_cells(tmp_path: Path):
    # Typed forms that read with notes, refusals, combined cells and a remark row, many times over.
    head, *body = (FIX / "guide_research_sheet.csv").read_text(encoding="utf-8").splitlines()
    (tmp_path / "big.csv").write_text("\n".join([head, *body * 60, "Total,,,,"]) + "\n", encoding="utf-8")
    for path in (tmp_path / "big.csv", FIX / "ten_percent_bad.csv", FIX / "nrmp_long.csv"):
        table = open_table(path)
        if path.name == "big.csv":
            assert any(isinstance(column, RepeatedTexts) for column in table.columns)
        plain = TableData(table.source, list(table.headers), columns=[list(c) for c in table.columns],
                          lines=list(table.lines), notes=list(table.notes), header_line=table.header_line,
                          consumed=set(table.consumed))
        with Store.open(tmp_path / f"a-{path.stem}.db") as first, Store.open(tmp_path / f"b-{path.stem}.db") as second:
            mapping = suggest_mapping(first, table)
            assert _plan_facts(plan_import(first, table, mapping)) == \
                _plan_facts(plan_import(second, plain, mapping))
