"""Combined cells split into their fields; typed words read as what they mean."""

from __future__ import annotations

import pytest

from importers.apply import apply_import
from importers.coerce import coerce
from importers.plan import plan_import
from importers.prepare import suggest_mapping
from importers.read import read_text
from registry.fields import get_field


def import_text(store, text: str) -> dict[str, dict]:
    table = read_text(text.encode(), "sheet.csv")
    plan = plan_import(store, table, suggest_mapping(store, table))
    assert plan.rejections == []
    apply_import(store, plan)
    return {row["name"]: row for row in store.rows("programs")}


LOCATIONS = [
    ("State / City", "FL / Tampa", "Tampa", "FL"), ("State / City", "fl/tampa", "tampa", "FL"),
    ("City, ST", "Omaha, NE", "Omaha", "NE"), ("City, State", "Chicago, Illinois", "Chicago", "IL"),
    ("City, State", "new york, new york", "new york", "NY"),
    ("ST - City", "TX - Austin", "Austin", "TX"), ("ST - City", "Austin - tx", "Austin", "TX"),
    ("State / City", "Ohio / Cleveland", "Cleveland", "OH"),
    ("City, ST", "Winston-Salem, NC", "Winston-Salem", "NC"),
    ("City, ST", "Washington, DC", "Washington", "DC"),
    ("City", "Austin (Texas)", "Austin", "TX"), ("City", "Tampa", "Tampa", None),
]


@pytest.mark.parametrize("header, cell, city, state", LOCATIONS)
def test_location_columns_split_in_either_order(new_store, header, cell, city, state):
    got = import_text(new_store, f'Program,{header}\nP,"{cell}"\n')["P"]
    assert (got["city"], got["state"]) == (city, state)


def test_a_state_column_of_its_own_wins_over_the_combined_cell(new_store):
    got = import_text(new_store, 'Program,"City, ST",State\nP,"Tampa, FL",GA\nQ,"Macon, GA",\n')
    assert (got["P"]["city"], got["P"]["state"]) == ("Tampa", "GA")
    assert (got["Q"]["city"], got["Q"]["state"]) == ("Macon", "GA")


PRESENCE = [("Yes (35%)", True, 35.0), ("yes ~20%", True, 20.0), ("40 %", True, 40.0),
            ("No", False, None), ("no (0%)", False, 0.0), ("Y; 10%", True, 10.0),
            ("yes", True, None), ("", None, None), ("n/a", None, None), ("0.25", True, 25.0)]


@pytest.mark.parametrize("cell, present, percent", PRESENCE)
def test_img_presence_keeps_both_the_answer_and_the_share(new_store, cell, present, percent):
    got = import_text(new_store, f'Program,IMG Presence (Yes/No; approximate %)\nP,{cell}\n')["P"]
    assert (got["img_presence"], got["img_percent"]) == (present, percent)


@pytest.mark.parametrize("cell, strength", [
    ("Y; strong", "strong"), ("Y - some", "some"), ("N", "none"), ("yes, strong", "strong"),
    ("Y", "some"), ("no", "none"), ("strong", "strong"), ("Y (limited)", "some"), ("", None)])
def test_research_yes_no_and_strength(cell, strength):
    assert coerce(get_field("programs", "research"), cell).value == strength


@pytest.mark.parametrize("field, cell, value", [
    ("visa", "J1/H1B", "J-1+H-1B"), ("step2_min", "240+", 240), ("step2_min", "n/a", None),
    ("step2_min", "TBD", None), ("step2_min", "?", None), ("fail_policy", "?", None),
    ("current_imgs", "none", 0), ("img_percent", "25%", 25.0), ("img_percent", "25 %", 25.0),
    ("img_percent", "0.25", 25.0), ("residents_per_year", "", None)])
def test_typed_values_read_as_what_they_mean(field, cell, value):
    result = coerce(get_field("programs", field), cell)
    assert result.ok and result.value == value and not result.published_none


@pytest.mark.parametrize("field", ["step2_min", "grad_limit_years"])
@pytest.mark.parametrize("cell", ["none published", "None", "no minimum", "none stated"])
def test_none_published_is_its_own_outcome_not_unknown(field, cell):
    result = coerce(get_field("programs", field), cell)
    assert result.ok and result.published_none
    assert "publishes none" in result.note
    assert not coerce(get_field("programs", field), "").published_none


@pytest.mark.parametrize("cell, rating", [("supportive", 5), ("neutral", 3), ("negative", 1),
                                          ("4", 4), ("4/5", 4)])
def test_interview_impressions_read_words_as_ratings(cell, rating):
    result = coerce(get_field("interviews", "culture"), cell)
    assert result.value == rating
