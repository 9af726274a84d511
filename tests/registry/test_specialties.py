"""The specialty table: the registry's choices, scoring and the NRMP importer read one list."""

from __future__ import annotations

from importers.nrmp import parse_program_code as parse_code
from registry import fields
from registry.specialties import (BACKUP_SPECIALTIES, NRMP_TRACKS, PGY1_SPECIALTIES, RADIOLOGY,
                                  SPECIALTIES, is_pgy1, is_radiology, tag)


def test_the_field_registry_offers_the_specialty_list():
    assert fields.SPECIALTIES is SPECIALTIES
    assert fields.get_field("programs", "specialty").choices == SPECIALTIES


def test_radiology_backup_and_pgy1_are_disjoint_and_cover_the_list():
    groups = [set(RADIOLOGY), set(BACKUP_SPECIALTIES), set(PGY1_SPECIALTIES)]
    assert set().union(*groups) == set(SPECIALTIES)
    assert sum(len(g) for g in groups) == len(SPECIALTIES)
    assert RADIOLOGY == ("DR", "IR/DR", "IR")
    assert is_radiology("IR/DR") and not is_radiology("IM")


def test_nrmp_tracks_are_registry_tracks():
    assert set(NRMP_TRACKS.values()) <= set(fields.TRACKS)


def test_nrmp_codes_name_the_specialties():
    cases = {"1104420A0": ("DR", "Advanced"), "1104416C0": ("IR/DR", "Categorical"),
             "1104140C0": ("IM", "Categorical"), "1104140P0": ("Prelim Medicine", "Preliminary"),
             "1104440P0": ("Prelim Surgery", "Preliminary"), "1104999P0": ("TY", "Preliminary"),
             "1104120C0": ("FM", "Categorical"), "1104180C0": ("Neurology", "Categorical"),
             "1104440C0": (None, "Categorical")}
    for text, (specialty, track) in cases.items():
        code = parse_code(text)
        assert (code.specialty, code.track) == (specialty, track), text


def test_pgy1_and_tags():
    assert is_pgy1("TY", None) and is_pgy1("IM", "Preliminary") and not is_pgy1("DR", "Advanced")
    assert tag("Prelim Surgery") == "Prelim" and tag("Neurology") == "Neuro"
    assert tag(None) == "?" and tag("Other") == "Other"
