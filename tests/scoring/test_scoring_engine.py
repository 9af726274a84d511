"""The engine's contract: frames in, the same frame with computed columns out, and why
sentences built from the values the scores used."""

from __future__ import annotations

import ast
import datetime as dt
from pathlib import Path

import polars as pl
import pytest

from registry.computed import COMPUTED_NAMES as COMPUTED_COLUMNS
from registry.schema import computed_schema
from scoring import score_all, why, why_frame
from registry.schema import empty_frames, frame_from_rows, polars_schema
from registry.fields import TABLES
from test_scoring_support import PROFILE, TODAY, frames, score, settings

COMPUTED_DTYPES = computed_schema()

SCORING = Path(__file__).resolve().parents[2] / "scoring"


def test_schema_maps_every_registry_kind():
    kinds = {"int": pl.Int64, "rating": pl.Int64, "float": pl.Float64, "bool": pl.Boolean,
             "text": pl.String, "enum": pl.String, "date": pl.String}
    for table, fields in TABLES.items():
        schema = polars_schema(table)
        assert list(schema) == ["id", *(f.name for f in fields)]
        assert schema["id"] == pl.Int64
        for f in fields:
            assert schema[f.name] == kinds[f.kind], (table, f.name)


def test_frame_from_rows_fills_unknowns_and_ids_and_refuses_typos():
    df = frame_from_rows("programs", [{"name": "A"}, {"id": 9, "name": "B", "visa": "J-1"}])
    assert df["id"].to_list() == [1, 9]
    assert df["visa"].to_list() == [None, "J-1"]
    assert df.schema == pl.Schema(polars_schema("programs"))
    with pytest.raises(KeyError, match="vsia"):
        frame_from_rows("programs", [{"vsia": "J-1"}])
    assert set(empty_frames()) == set(TABLES)


def test_output_is_input_plus_computed_columns_in_order():
    programs = [{"visa": v, "state": st} for v, st in (("J-1", "OH"), ("none", "TX"), (None, "CA"))]
    fr = frames(programs)
    fr["programs"] = fr["programs"].reverse()  # row order is kept, whatever it is
    out = score_all(fr, settings(), today=TODAY).programs
    assert out.columns == [*fr["programs"].columns, *COMPUTED_COLUMNS]
    assert out["id"].to_list() == [3, 2, 1]
    assert out.select(fr["programs"].columns).equals(fr["programs"])
    assert {c: out.schema[c] for c in COMPUTED_COLUMNS} == COMPUTED_DTYPES
    assert list(COMPUTED_COLUMNS)[:5] == ["eligibility", "tier", "img_score", "fit", "rank_score"]


def test_empty_inputs_do_not_crash():
    scored = score_all(empty_frames(), settings(), today=TODAY)
    assert scored.programs.height == 0
    assert {c: scored.programs.schema[c] for c in COMPUTED_COLUMNS} == COMPUTED_DTYPES
    scored = score_all({"programs": frames([{"visa": "J-1"}])["programs"]}, settings(),
                       today=TODAY)  # other tables missing altogether
    assert scored.programs["eligibility"].to_list() == ["unclear"]
    assert scored.applicant.risk_category == "unclear"


def test_years_since_graduation_uses_today():
    fr = frames([{"visa": "J-1"}], profile={**PROFILE, "graduation_year": 2020})
    assert score_all(fr, settings(), today=dt.date(2030, 1, 1)).programs[
        "years_since_graduation"].to_list() == [10]
    assert score_all(fr, settings(), today=TODAY).applicant.facts.years == 6


def test_why_has_a_sentence_per_computed_column_from_the_same_values():
    programs = [{"visa": "J-1", "state": "OH", "program_type": "community", "personal_fit": 4,
                 "img_current_website": 3, "research": "some", "typical_step2": None}]
    scored = score(programs, priorities=[{"feature": "region", "importance": "must",
                                          "preference": "South"}],
                   interviews=[{"program_id": 1, "culture": 4, "education": 5, "img_support": 2}])
    row = scored.programs.row(0, named=True)
    sentences = why(scored, 1)
    assert list(sentences) == list(COMPUTED_COLUMNS)
    assert all(isinstance(v, str) and v.endswith(".") for v in sentences.values())
    assert sentences["eligibility"].startswith("Eligible: passes every gate")
    assert sentences["tier"] == (
        f"{row['tier']}: no Reach or Safety rule applies; your Step 2 CK 250 is 12 above the "
        f"typical 238 (estimated for a community program: estimate, no published source: set "
        f"your own in Settings (F10)), IMG score 3.")
    assert sentences["fit"].startswith(f"Fit {row['fit']}: weighted mean of priorities 0.0/3.0")
    assert f"Rank score {row['rank_score']}:" in sentences["rank_score"]
    assert sentences["img_score"].startswith("IMG score 3/10: on website 3/3, alumni 0/2")
    assert sentences["region"] == "OH is in the Midwest Census region."
    assert sentences["missed_must_haves"].endswith(": region.")
    assert sentences["do_not_rank_warning"] == (
        "Do not rank: visa confidence 2/5 at interview (warning at 2 or below).")
    assert sentences["years_since_graduation"] == "Graduated 2023; 2026 - 2023 = 3 years."
    with pytest.raises(KeyError):
        why(scored, 99)


def test_why_frame_for_many_rows():
    scored = score([{"visa": "J-1"}, {"visa": "none"}, {}])
    frame = why_frame(scored, [3, 2])
    assert frame["id"].to_list() == [2, 3]
    assert frame["eligibility"].to_list() == [
        "Ineligible: sponsors no visa; you need J-1.",
        "Unclear: visa policy unknown: ask by email."]


def test_scoring_is_pure():
    """No module under scoring/ touches SQLite or Textual."""
    for path in SCORING.glob("*.py"):
        tree = ast.parse(path.read_text())
        for node in ast.walk(tree):
            names = ([a.name for a in node.names] if isinstance(node, ast.Import) else
                     [node.module or ""] if isinstance(node, ast.ImportFrom) else [])
            for name in names:
                assert not name.startswith(("sqlite", "textual", "tui", "store.store")), (
                    path.name, name)


def test_rules_that_reduce_to_constants_still_fill_every_row():
    """No gate can fail this applicant and every must-have is untracked: each lookup is a
    constant, which must still give one value per program."""
    profile = {**PROFILE, "visa_need": "none", "step2_score": 300, "graduation_year": 2026}
    prios = [{"feature": "safety", "importance": "must"},
             {"feature": "subspecialty interest", "importance": "must"}]
    out = score([{"visa": "none"}, {}, {"step2_min": 260}], profile=profile,
                priorities=prios).programs
    assert out["eligibility"].to_list() == ["eligible"] * 3
    assert out["missed_must_haves"].to_list() == [
        "must-have unknown: safety; must-have unknown: subspecialty interest"] * 3


@pytest.mark.parametrize("state,region", [("NY", "Northeast"), ("OH", "Midwest"),
                                          ("TX", "South"), ("DC", "South"), ("CA", "West"),
                                          ("PR", None), (None, None)])
def test_region_from_state(state, region):
    assert score([{"state": state}]).programs["region"].to_list() == [region]


def test_match_history_becomes_computed_columns_explained_by_the_record():
    from test_scoring_support import settings

    record = [{"program_id": 1, "year": y, "quota": q, "matched": m, "source": "nrmp.csv"}
              for y, q, m in ((2020, 4, 4), (2022, 5, 4), (2024, 6, 6))]
    record += [{"program_id": 2, "year": y, "quota": 2, "matched": m, "source": "nrmp.csv"}
               for y, m in ((2022, 1), (2024, 2))]
    scored = score([{}, {}, {}], match_history=record)
    rows = scored.programs.select("history_new", "history_unfilled", "history_trend",
                                  "history_fill", "history_first_year").rows()
    assert rows == [(False, 1, "growing", 1.0, 2020), (True, 1, "stable", 1.0, 2022),
                    (None, None, None, None, None)]
    assert why(scored, 1)["history_unfilled"] == (
        "Positions since at least 2020; unfilled in 1 of 3 years: 2022 (4 of 5); quota growing "
        "from 4 to 6 (2024); 6 matched of 6 in 2024 (NRMP 2020-2024, nrmp.csv).")
    assert why(scored, 3)["history_new"] == "No NRMP history imported."
    # "new" is a setting: with a window of one year, first positions in 2022 are no longer new
    narrow = score([{}, {}, {}], settings(history__new_within_years=1), match_history=record)
    assert narrow.programs["history_new"].to_list() == [False, False, None]
