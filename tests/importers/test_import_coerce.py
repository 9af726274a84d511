"""Coercers: the forms people type, and properties that hold for any string."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from importers.coerce import (
    Coerced,
    coerce,
    coerce_column,
    export_text,
    fold,
    fold_all,
    fraction_column,
)
from importers.coerce_columns import plain_text_values
from registry.errors import ValidationError
from registry.fields import TABLES, Field, get_field


def P(name: str) -> Field:
    return get_field("programs", name)


@pytest.mark.parametrize("raw, expected", [
    ("yes", True), ("no", False), ("y", True), ("n", False), ("x", True), ("✓", True),
    ("true", True), ("1", True), ("Yes (about 30%)", True), ("", None), ("N/A", None),
    ("unknown", None),
])
def test_bool_forms(raw, expected):
    assert coerce(P("img_presence"), raw).value is expected


@pytest.mark.parametrize("raw, expected", [
    ("J-1", "J-1"), ("J1", "J-1"), ("j-1 only", "J-1"), ("J-1 and H-1B", "J-1+H-1B"),
    ("J1/H1B", "J-1+H-1B"), ("both", "J-1+H-1B"), ("H1B only", "H-1B"), ("H-1B", "H-1B"),
    ("no visas", "none"), ("None", "none"), ("citizens and green card only", "none"),
    ("J-1 (no H-1B)", "J-1"), ("H-1B not sponsored, J-1 yes", "J-1"), ("N/A", None),
])
def test_visa_forms(raw, expected):
    result = coerce(P("visa"), raw)
    assert result.ok and result.value == expected


def test_visa_yes_says_which_is_missing():
    result = coerce(P("visa"), "yes")
    assert not result.ok and "J-1, H-1B" in result.reason


@pytest.mark.parametrize("raw, expected", [
    ("240+", 240), (">= 240", 240), ("≥240", 240), ("240 (2023)", 240), ("240.0", 240),
    ("about 245", 245),
])
def test_step2_forms(raw, expected):
    result = coerce(P("step2_min"), raw)
    assert result.ok and result.value == expected
    if raw not in ("240.0",):
        assert result.note  # a liberty taken is said


def test_range_takes_the_lower_value_and_says_so():
    result = coerce(P("residents_per_year"), "3-4")
    assert result.value == 3
    assert "lower" in result.note and "3-4" in result.note


def test_per_year_text():
    assert coerce(P("residents_per_year"), "10 per year").value == 10


@pytest.mark.parametrize("raw, expected", [("35%", 35.0), ("0.35", 35.0), ("35", 35.0),
                                           ("35 %", 35.0), ("0.5%", 0.5)])
def test_percent_forms(raw, expected):
    assert coerce(P("img_percent"), raw).value == pytest.approx(expected)


def test_percent_column_of_fractions_scales_every_value():
    values = ["0.35", "1", "0", ""]
    assert fraction_column(values)
    assert [c.value for c in coerce_column(P("img_percent"), values)] == [35.0, 100.0, 0.0, None]


def test_percent_column_of_whole_percents_judges_each_value():
    results = coerce_column(P("img_percent"), ["35", "0.5", "1", "0.5%"])
    assert [c.value for c in results] == [35.0, 50.0, 1.0, 0.5]
    assert "fraction" in results[1].note


def test_probability_written_as_percent():
    assert coerce(get_field("rank_entries", "match_probability"), "35%").value == pytest.approx(0.35)


@pytest.mark.parametrize("raw, expected", [
    ("Radiology-Diagnostic", "DR"), ("Diagnostic Radiology", "DR"),
    ("Interventional Radiology (Integ)", "IR/DR"), ("Internal Medicine/Orlando", "IM"),
    ("Medicine-Preliminary", "Prelim Medicine"), ("Surgery-Preliminary", "Prelim Surgery"),
    ("Transitional Year", "TY"), ("Family Medicine", "FM"), ("neurology", "Neurology"),
])
def test_specialty_names(raw, expected):
    assert coerce(P("specialty"), raw).value == expected


@pytest.mark.parametrize("field, raw, expected", [
    ("state", "Florida", "FL"), ("state", "fl", "FL"), ("program_type", "University-based", "university"),
    ("fail_policy", "case-by-case", "case by case"), ("fail_policy", "No fails", "no failed attempts"),
    ("personal_fit", "4/5", 4), ("personal_fit", "★★★", 3), ("research", "robust", "strong"),
    ("program_code", "1104 420A0", "1104420A0"), ("cost_of_living", "$$$", "high"),
])
def test_other_forms(field, raw, expected):
    assert coerce(P(field), raw).value == expected


@pytest.mark.parametrize("raw", ["2024-09-15", "2024-09-15 00:00:00", "9/15/2024", "15 Sep 2024",
                                 "Sep 15, 2024", "45550"])
def test_dates(raw):
    assert coerce(get_field("contacts", "date"), raw).value == "2024-09-15"


@pytest.mark.parametrize("field, raw", [("step2_min", "abc"), ("step2_min", "310"),
                                        ("personal_fit", "6"), ("visa", "maybe"),
                                        ("specialty", "Cardiology"), ("state", "XX"),
                                        ("img_percent", "150%")])
def test_refusals_carry_the_registry_reason(field, raw):
    result = coerce(P(field), raw)
    assert not result.ok and result.value is None
    assert P(field).label in result.reason


def test_registry_is_the_validator():
    # What the coercer accepts, Field.parse accepts unchanged (no second validator).
    for fld in TABLES["programs"]:
        for raw in ("yes", "240+", "35%", "DR", "J1", "4/5", "Florida", "3-4"):
            result = coerce(fld, raw)
            if result.ok and result.value is not None:
                assert fld.parse(result.value) == result.value


# --- properties -----------------------------------------------------------------------------

ALL_FIELDS = [f for fields in TABLES.values() for f in fields]


@settings(max_examples=300, deadline=None)
@given(fld=st.sampled_from(ALL_FIELDS), raw=st.text(max_size=40))
def test_never_raises_and_gives_a_value_or_a_reason(fld, raw):
    result = coerce(fld, raw)
    assert isinstance(result, Coerced)
    if result.ok:
        if result.value is not None:
            assert fld.parse(result.value) == result.value
    else:
        assert result.value is None and result.reason.strip()


_NUMERIC_TEXT = st.from_regex(r"[<>=~≥ ]{0,2}[0-9]{1,4}([.,][0-9]{1,3})?[%+ ]{0,2}( ?(-|to) ?[0-9]{1,3})?"
                              r"( per year| \(20[0-9]{2}\))?", fullmatch=True)


@settings(max_examples=200, deadline=None)
@given(fld=st.sampled_from([f for f in ALL_FIELDS if f.kind in ("int", "float", "rating")]),
       raw=_NUMERIC_TEXT)
def test_numbers_in_text_never_raise(fld, raw):
    result = coerce(fld, raw)
    assert result.ok or result.reason


def _stored_values(fld: Field):
    """Values the store can hold for a field (what an export writes back out)."""
    if fld.kind == "bool":
        return st.booleans()
    if fld.kind == "enum":
        return st.sampled_from(fld.choices)
    if fld.kind in ("int", "rating"):
        low = int(fld.minimum) if fld.minimum is not None else (1 if fld.kind == "rating" else -10**6)
        high = int(fld.maximum) if fld.maximum is not None else (5 if fld.kind == "rating" else 10**6)
        return st.integers(low, high)
    if fld.kind == "float":
        return st.floats(fld.minimum if fld.minimum is not None else -1e9,
                         fld.maximum if fld.maximum is not None else 1e9, allow_nan=False)
    if fld.kind == "date":
        return st.dates(dt.date(1950, 1, 1), dt.date(2100, 12, 31)).map(dt.date.isoformat)
    size = int(min(fld.maximum or 60, 60))
    text = st.text(min_size=1, max_size=size)
    return text.map(lambda t: _parse_or_none(fld, t)).filter(lambda v: v is not None)


def _parse_or_none(fld: Field, raw: str):
    try:
        return fld.parse(raw)
    except ValidationError:
        return None


@settings(max_examples=400, deadline=None)
@given(data=st.data(), fld=st.sampled_from(ALL_FIELDS))
def test_export_text_round_trips(data, fld):
    value = data.draw(_stored_values(fld))
    back = coerce(fld, export_text(fld, value))
    assert back.ok, back.reason
    assert back.value == value


@given(st.lists(st.text(max_size=30), max_size=30))
@settings(max_examples=150, deadline=None)
def test_a_plain_text_column_read_column_wise_is_read_as_coerce_reads_each_cell(texts):
    fld = get_field("programs", "notes")
    fld_short = get_field("programs", "city")
    for field in (fld, fld_short):
        texts = [t for t in texts if t and not t.isspace()]
        values, too_long = plain_text_values(field, texts)
        readings = {**{t: Coerced(v) for t, v in values.items()}, **{t: coerce(field, t) for t in too_long}}
        assert readings == {t: coerce(field, t) for t in texts}


@pytest.mark.parametrize("raw, expected", [
    ("Obstetrics-Gynecology", "OB/GYN"), ("obstetrics gynecology", "OB/GYN"),
    ("Physical Medicine & Rehabilitation", "PM&R"), ("Emergency Medicine", "EM"),
    ("Orthopaedic Surgery", "Orthopaedics"), ("Psychiatry", "Psychiatry"),
    ("Diagnostic Radiology", "DR"), ("Internal Medicine", "IM"),
])
def test_a_specialty_written_by_its_name_reads_as_that_specialty(raw, expected):
    result = coerce(P("specialty"), raw)
    assert result.ok and result.value == expected


def test_folding_a_column_at_once_folds_each_text_as_alone():
    texts = ["Program 000123 Diagnostic Radiology", "St. Mary's / Tampa+", "two\nlines", "",
             "\u212aelvin", "\u0130stanbul", "Hôpital São José", "ΑΣ\x00b"]
    assert fold_all(texts) == [fold(t) for t in texts]
    assert fold_all(texts[:2]) == ["program000123diagnosticradiology", "stmarys/tampa+"]
    assert fold_all([]) == []


@given(st.lists(st.text(max_size=12)))
def test_fold_all_is_fold_of_each(texts):
    assert fold_all(texts) == [fold(t) for t in texts]
