"""Mapping source columns to fields: exact, alias, fuzzy, values, remembered, overrides."""

from __future__ import annotations

import pytest

from importers.mapping import (
    ALIAS,
    COMPUTED,
    EXACT,
    FUZZY,
    REMEMBERED,
    VALUES,
    YEAR,
    closest_fields,
    computed_header,
    keep_as_note,
    leave_out,
    load_mapping,
    mapping_key,
    override,
    propose_mapping,
    save_mapping,
)
from registry.fields import TABLES


def fields_of(mappings):
    return {m.source: m.field for m in mappings}


def test_every_label_and_name_maps_back_exactly():
    fields = TABLES["programs"]
    by_label = propose_mapping([f.label for f in fields])
    assert [m.field for m in by_label] == [f.name for f in fields]
    assert {m.method for m in by_label} == {EXACT}
    by_name = propose_mapping([f.name for f in fields])
    assert [m.field for m in by_name] == [f.name for f in fields]


def test_aliases_come_from_the_registry():
    mapping = propose_mapping(["Program Name", "Sponsoring Institution", "Visa Sponsorship", "Quota"])
    assert fields_of(mapping) == {"Program Name": "name", "Sponsoring Institution": "institution",
                                  "Visa Sponsorship": "visa", "Quota": "residents_per_year"}
    assert all(m.method == ALIAS and 0.9 <= m.confidence < 1 for m in mapping)


def test_loose_readings_of_headers():
    mapping = propose_mapping(["Personal Fit (1-5)", "Notes/comments", "# IMGs", "Visa?"])
    assert fields_of(mapping) == {"Personal Fit (1-5)": "personal_fit", "Notes/comments": "notes",
                                  "# IMGs": "current_imgs", "Visa?": "visa"}


def test_fuzzy_match_has_lower_confidence():
    [m] = propose_mapping(["Step 2 CK cutoff"])
    assert m.field == "step2_min" and m.method == FUZZY and 0.6 < m.confidence < 0.9


def test_unknown_columns_map_to_nothing_and_are_kept_as_notes():
    mapping = propose_mapping(["Favorite color", "SNHAF", "Interview vibe"])
    assert all(m.field is None and m.confidence == 0 and m.method == "keep" for m in mapping)


def test_closest_fields_of_an_unknown_column():
    assert "interviews.happiness" in closest_fields("Resident morale")
    assert closest_fields("Step 2 score")[0] in ("step2_min", "typical_step2")


def test_keep_and_leave_out_are_remembered(new_store):
    mapping = propose_mapping(["Program", "Vibe", "Color"])
    mapping = leave_out(mapping, "Color")
    save_mapping(new_store, ["Program", "Vibe", "Color"], mapping)
    again = propose_mapping(["Program", "Vibe", "Color"],
                            remembered=load_mapping(new_store, ["Color", "Vibe", "Program"]))
    assert [(m.field, m.method) for m in again] == [("name", "remembered"), (None, "keep"),
                                                    (None, "remembered")]
    assert keep_as_note(again, "Color")[2].method == "keep"


def test_one_column_per_field_the_best_wins():
    mapping = propose_mapping(["Sponsoring Institution Cleaned", "Sponsoring Institution", "City",
                               "City Cleaned"])
    assert fields_of(mapping) == {"Sponsoring Institution Cleaned": None,
                                  "Sponsoring Institution": "institution", "City": "city",
                                  "City Cleaned": None}


def test_values_reveal_program_codes_and_websites():
    mapping = propose_mapping(["ID", "Page"], {"ID": ["1104420A0", "1101416A0"],
                                               "Page": ["https://rad.example.edu", "www.x.org"]})
    assert fields_of(mapping) == {"ID": "program_code", "Page": "website"}
    assert mapping[0].method == VALUES
    assert mapping[0].sample_values == ["1104420A0", "1101416A0"]


def test_samples_as_rows():
    [code, name] = propose_mapping(["Code", "Name"], [["1104420A0", "A"], ["", "B"]])
    assert code.sample_values == ["1104420A0"] and name.sample_values == ["A", "B"]


def test_year_and_computed_columns_are_recognised():
    headers = ["Year", "Tier", "Personal fit", "Fit", computed_header("fit", "Fit")]
    mapping = propose_mapping(headers)
    assert [m.method for m in mapping] == [YEAR, COMPUTED, EXACT, COMPUTED, COMPUTED]
    assert mapping[2].field == "personal_fit"


def test_computed_headers_are_marked_when_a_field_could_claim_them():
    assert computed_header("fit", "Fit") == "Fit (computed)"
    assert computed_header("tier", "Tier") == "Tier"


def test_override_moves_a_field_and_frees_the_old_column():
    mapping = propose_mapping(["Program", "Hospital"])
    assert fields_of(mapping) == {"Program": "name", "Hospital": "institution"}
    changed = override(mapping, "name", "hospital")
    assert fields_of(changed) == {"Program": None, "Hospital": "name"}
    cleared = override(changed, "name", None)
    assert fields_of(cleared) == {"Program": None, "Hospital": None}


def test_override_refuses_unknown_field_or_column():
    mapping = propose_mapping(["Program"])
    with pytest.raises(KeyError, match="not a field"):
        override(mapping, "colour", "Program")
    with pytest.raises(KeyError, match="no column"):
        override(mapping, "name", "Nope")


def test_remembered_mapping_is_keyed_by_the_header_set(new_store):
    headers = ["Program", "Hospital", "Extra"]
    chosen = override(propose_mapping(headers), "notes", "Extra")
    save_mapping(new_store, headers, chosen)
    assert mapping_key(headers) == mapping_key(["extra ", "HOSPITAL", "program"])
    assert mapping_key(headers).startswith("import.mapping.")
    again = load_mapping(new_store, ["Extra", "Program", "Hospital"])
    assert again == {"Program": "name", "Hospital": "institution", "Extra": "notes"}
    proposed = propose_mapping(headers, remembered=again)
    assert fields_of(proposed) == again
    assert {m.method for m in proposed} == {REMEMBERED}
    assert load_mapping(new_store, ["Something", "Else"]) is None
