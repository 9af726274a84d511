"""Every validator kind of the field registry, with good and bad input and the exact message."""

from __future__ import annotations

import datetime as dt

import pytest

from registry.choices import US_STATES
from registry.errors import ValidationError
from registry.fields import KINDS, TABLES, Field, get_field
from store.store import Store, setting_field


def parse(table: str, name: str, raw):
    return get_field(table, name).parse(raw)


def refused(table: str, name: str, raw) -> str:
    with pytest.raises(ValidationError) as info:
        parse(table, name, raw)
    return info.value.message


# --- int --------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("240", 240), (" 240 ", 240), (240, 240), (240.0, 240), ("1", 1), ("300", 300), (1, 1),
])
def test_int_accepts(raw, expected):
    value = parse("programs", "step2_min", raw)
    assert value == expected and type(value) is int


@pytest.mark.parametrize(("raw", "shown"), [
    ("abc", "'abc'"), ("0", "'0'"), ("301", "'301'"), (0, "0"), (-5, "-5"), ("240.5", "'240.5'"),
    (240.5, "240.5"), (True, "True"), ("1,000", "'1,000'"), ("2 40", "'2 40'"),
])
def test_int_refuses_with_rule_and_input(raw, shown):
    assert refused("programs", "step2_min", raw) == (
        f"Step 2 min must be a whole number from 1 to 300; got {shown}")


def test_int_thousands_separator_and_bounds_message():
    assert parse("fee_schedule", "from_count", "1,000") == 1000
    assert refused("profile", "graduation_year", "1949") == (
        "Graduation year must be a whole number from 1950 to 2100; got '1949'")


# --- float ------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("12.5", 12.5), ("0", 0.0), ("100", 100.0), (33, 33.0), (" 7.25 ", 7.25), (0.1, 0.1),
])
def test_float_accepts(raw, expected):
    value = parse("programs", "img_percent", raw)
    assert value == expected and type(value) is float


@pytest.mark.parametrize(("raw", "shown"), [
    ("abc", "'abc'"), ("100.01", "'100.01'"), ("-1", "'-1'"), ("nan", "'nan'"), ("inf", "'inf'"),
    (float("nan"), "nan"), (False, "False"), ("12%", "'12%'"),
])
def test_float_refuses(raw, shown):
    assert refused("programs", "img_percent", raw) == (
        f"IMG % must be a number from 0 to 100; got {shown}")


# --- rating -----------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["1", "5", 3, " 4 ", 2.0])
def test_rating_accepts(raw):
    assert parse("programs", "personal_fit", raw) == int(float(str(raw).strip()))


@pytest.mark.parametrize(("raw", "shown"), [
    ("0", "'0'"), ("6", "'6'"), ("abc", "'abc'"), (2.5, "2.5"), (-1, "-1"), (True, "True"),
])
def test_rating_refuses(raw, shown):
    assert refused("programs", "personal_fit", raw) == (
        f"Personal fit must be a rating from 1 to 5; got {shown}")


# --- bool -------------------------------------------------------------------------------

@pytest.mark.parametrize("raw", ["yes", "Y", "TRUE", "t", "1", "x", "✓", "✔", "on", True, 1])
def test_bool_true_words(raw):
    assert parse("programs", "img_presence", raw) is True


@pytest.mark.parametrize("raw", ["no", "N", "false", "F", "0", "off", False, 0, 0.0])
def test_bool_false_words(raw):
    assert parse("programs", "img_presence", raw) is False


@pytest.mark.parametrize(("raw", "shown"), [("maybe", "'maybe'"), (2, "2"), ("si", "'si'"),
                                            (0.5, "0.5")])
def test_bool_refuses(raw, shown):
    assert refused("programs", "img_presence", raw) == f"IMGs present must be yes or no; got {shown}"


# --- unknown values ---------------------------------------------------------------------

@pytest.mark.parametrize("raw", [None, "", "  ", "n/a", "NA", "unknown", "?", "None listed", "TBD", "-",
                                 "null"])
@pytest.mark.parametrize(("table", "name"), [
    ("programs", "step2_min"), ("programs", "img_percent"), ("programs", "personal_fit"),
    ("programs", "img_presence"), ("programs", "visa"), ("profile", "step1_date"),
    ("programs", "notes"), ("programs", "state"),
])
def test_unknown_words_are_null(table, name, raw):
    assert parse(table, name, raw) is None


# --- enum -------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("J-1", "J-1"), ("j1", "J-1"), ("J1", "J-1"), (" j-1 ", "J-1"), ("h1b", "H-1B"),
    ("H-1b", "H-1B"), ("J-1+H-1B", "J-1+H-1B"), ("j-1 + h-1b", "J-1+H-1B"), ("J1+H1B", "J-1+H-1B"),
    ("none", "none"), ("NONE", "none"),
])
def test_enum_folds_case_spaces_and_dashes(raw, expected):
    assert parse("programs", "visa", raw) == expected


def test_enum_fold_keeps_plus_and_slash():
    # '+' and '/' are meaningful: J-1+H-1B is not J-1/H-1B, and IR/DR is not IRDR.
    assert refused("programs", "visa", "J1/H1B") == (
        "Visa must be one of: J-1, H-1B, J-1+H-1B, none; got 'J1/H1B'")
    assert parse("programs", "specialty", "ir/dr") == "IR/DR"
    with pytest.raises(ValidationError):
        parse("programs", "specialty", "irdr")


@pytest.mark.parametrize(("table", "name", "raw", "expected"), [
    ("programs", "specialty", "prelim medicine", "Prelim Medicine"),
    ("programs", "specialty", "PRELIM-SURGERY", "Prelim Surgery"),
    ("programs", "fail_policy", "Case by case", "case by case"),
    ("programs", "program_type", "University Affiliated", "university-affiliated"),
    ("profile", "visa_need", "j-1 or h-1b", "J-1 or H-1B"),
    ("priorities", "feature", "Childrens Hospital", "children's hospital"),
    ("priorities", "feature", "j1/h1b sponsorship", "J-1/H-1B sponsorship"),
])
def test_enum_folding_more(table, name, raw, expected):
    assert parse(table, name, raw) == expected


def test_enum_refuses_with_the_choices():
    assert refused("programs", "status", "rejected") == (
        "Status must be one of: researching, applied, invited, interviewed, ranked, withdrawn; "
        "got 'rejected'")
    assert refused("programs", "visa", "L-1") == (
        "Visa must be one of: J-1, H-1B, J-1+H-1B, none; got 'L-1'")


# --- date -------------------------------------------------------------------------------

@pytest.mark.parametrize(("raw", "expected"), [
    ("2026-11-26", "2026-11-26"), (" 2026-02-28 ", "2026-02-28"), (dt.date(2024, 2, 29), "2024-02-29"),
    (dt.datetime(2026, 1, 2, 15, 30), "2026-01-02"),
])
def test_date_accepts(raw, expected):
    assert parse("profile", "step1_date", raw) == expected


@pytest.mark.parametrize("raw", ["2026-13-01", "2026-02-30", "26/11/2026", "Nov 26 2026", "2026-1-5",
                                 "yesterday"])
def test_date_refuses(raw):
    assert refused("profile", "step1_date", raw) == (
        f"Step 1 date must be a date as YYYY-MM-DD; got '{raw}'")


def test_date_refuses_non_text():
    # an Excel serial day number is not a date
    assert refused("contacts", "follow_up", 45000) == (
        "Follow-up must be a date as YYYY-MM-DD; got 45000")


# --- text, state codes, required --------------------------------------------------------

def test_text_strips_and_keeps_inner_text():
    assert parse("programs", "notes", "  two\nlines  ") == "two\nlines"
    assert parse("programs", "notes", 42) == "42"


def test_text_max_length():
    assert parse("programs", "name", "x" * 200) == "x" * 200
    assert refused("programs", "name", "x" * 201) == "Program must be at most 200 characters; got 201"
    # the limit counts the stripped text
    assert parse("programs", "name", " " + "x" * 200 + " ") == "x" * 200


@pytest.mark.parametrize(("raw", "expected"), [("OH", "OH"), ("oh", "OH"), (" tx ", "TX"),
                                               ("pr", "PR"), ("dc", "DC")])
def test_state_codes(raw, expected):
    assert parse("programs", "state", raw) == expected


@pytest.mark.parametrize("raw", ["Ohio", "XX", "O", "ONT"])
def test_state_refused(raw):
    assert refused("programs", "state", raw) == (
        f"State must be a two-letter US state code; got '{raw}'")


def test_every_state_code_is_accepted():
    assert [parse("programs", "state", s.lower()) for s in US_STATES] == list(US_STATES)


@pytest.mark.parametrize("raw", [None, "", "n/a", "unknown"])
def test_required(raw):
    assert refused("programs", "name", raw) == "Program is required"
    assert refused("practice_exams", "score", raw) == "Score is required"


# --- registry-wide properties -----------------------------------------------------------

def test_every_field_has_a_known_kind_and_a_label():
    for table, fields in TABLES.items():
        names = [f.name for f in fields]
        assert len(names) == len(set(names)), table
        for f in fields:
            assert f.kind in KINDS, f
            assert f.label, f
            assert f.table == table
            if f.kind == "enum":
                assert f.choices, f
                if f.default is not None:
                    assert f.parse(f.default) == f.default


def test_describe_per_kind():
    assert get_field("programs", "step2_min").describe() == (
        "Step 2 min must be a whole number from 1 to 300")
    assert get_field("programs", "img_percent").describe() == "IMG % must be a number from 0 to 100"
    assert get_field("programs", "personal_fit").describe() == "Personal fit must be a rating from 1 to 5"
    assert get_field("programs", "eras").describe() == "ERAS must be yes or no"
    assert get_field("contacts", "date").describe() == "Date must be a date as YYYY-MM-DD"
    assert get_field("programs", "notes").describe() == "Notes must be text"
    unbounded = Field("t", "n", "N", "int")
    assert unbounded.describe() == "N must be a whole number from any to any"
    assert unbounded.parse("-7") == -7


@pytest.mark.parametrize(("table", "name", "value"), [
    ("programs", "step2_min", 240), ("programs", "img_percent", 12.5), ("programs", "img_presence", True),
    ("programs", "img_presence", False), ("programs", "visa", "J-1+H-1B"), ("contacts", "date", "2026-11-26"),
    ("programs", "notes", "text"), ("programs", "personal_fit", 3), ("programs", "state", "OH"),
])
def test_format_then_parse_round_trips(table, name, value):
    fld = get_field(table, name)
    assert fld.parse(fld.format(value)) == value
    assert fld.format(None) == ""


def test_unknown_field():
    with pytest.raises(KeyError, match="unknown field programs.nope"):
        get_field("programs", "nope")


# --- through the store ------------------------------------------------------------------

def test_store_refuses_bad_values_and_writes_nothing(new_store: Store):
    pid = new_store.insert_row("programs", {"name": "A"})
    with pytest.raises(ValidationError, match="Step 2 min must be a whole number from 1 to 300; got 'abc'"):
        new_store.set_value("programs", pid, "step2_min", "abc")
    with pytest.raises(ValidationError, match="Unknown field\\(s\\) for programs: bogus"):
        new_store.insert_row("programs", {"name": "B", "bogus": 1})
    with pytest.raises(ValidationError, match="Program is required"):
        new_store.insert_row("programs", {"state": "OH"})
    with pytest.raises(ValidationError, match="Content cannot be edited"):
        new_store.set_value("rank_snapshots", 1, "content", "x")
    assert [r["id"] for r in new_store.rows("programs")] == [pid]
    assert new_store.get("programs", pid)["step2_min"] is None
    assert len(new_store.conn.execute("SELECT * FROM change_log").fetchall()) == 1


def test_store_applies_defaults_and_typed_values(new_store: Store):
    pid = new_store.insert_row("programs", {"name": "A", "img_presence": "yes", "visa": "j1",
                                            "state": "oh", "step2_min": "235"})
    row = new_store.get("programs", pid)
    assert row["specialty"] == "DR" and row["status"] == "researching" and row["signal"] == "none"
    assert row["ask_by_email"] is False and row["img_presence"] is True
    assert (row["visa"], row["state"], row["step2_min"]) == ("J-1", "OH", 235)
    assert new_store.set_value("programs", pid, "img_percent", "33.5") == 33.5
    assert new_store.get("programs", pid)["img_percent"] == 33.5


def test_foreign_key_refused(new_store: Store):
    with pytest.raises(ValidationError, match="Refused by the database: FOREIGN KEY"):
        new_store.insert_row("interviews", {"program_id": 999})


def test_settings_validate(new_store: Store):
    assert new_store.set_setting("weight.must", "4") == 4.0
    assert new_store.settings()["weight.must"] == 4.0
    assert new_store.set_setting("odds.draws", "5000") == 5000
    assert new_store.set_setting("match_date", "2027-03-18") == "2027-03-18"
    with pytest.raises(ValidationError) as info:
        new_store.set_setting("weight.must", "11")
    assert info.value.message == "Priority weight: must-have must be a number from 0 to 10; got '11'"
    with pytest.raises(ValidationError) as info:
        new_store.set_setting("weight.must", "")
    assert info.value.message == "Priority weight: must-have is required"
    with pytest.raises(ValidationError) as info:
        new_store.set_setting("no.such.key", 1)
    assert info.value.message == "Unknown setting 'no.such.key'"
    assert setting_field("match_date").kind == "date"
    assert new_store.settings()["weight.must"] == 4.0
