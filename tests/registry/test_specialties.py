"""The specialty table: the registry's choices, scoring and the NRMP importer read one list."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from importers.nrmp import parse_program_code as parse_code
from registry import fields
from registry.specialties import (BACKUP_SPECIALTIES, DEFAULT_MINE, MINE_KEY, NRMP_NAMES,
                                  NRMP_SPECIALTIES, NRMP_TRACKS, PGY1_SPECIALTIES, RADIOLOGY,
                                  SPECIALTIES, is_pgy1, is_radiology, mine, parse_specialty_list, tag)

NRMP_FILE = Path(__file__).resolve().parents[1] / "fixtures" / "import" / "nrmp_florida_2020_2026.csv"


def test_the_field_registry_offers_the_specialty_list():
    assert fields.SPECIALTIES is SPECIALTIES
    assert fields.get_field("programs", "specialty").choices == SPECIALTIES


def test_every_main_match_specialty_of_the_real_nrmp_file_is_named():
    """The Florida 2020-2026 results file: every specialty code of its Main table is a specialty
    MatchDesk knows, named as the file names it (fellowship codes of its Specialty table are not)."""
    rows = list(csv.DictReader(NRMP_FILE.open(encoding="utf-8-sig")))
    main = {r["Program Code"][4:7]: r["Specialty Cleaned"] for r in rows if r["Table"] == "Main"
            and r["Program Code"][7] != "P"}
    assert set(main) <= set(NRMP_SPECIALTIES), set(main) - set(NRMP_SPECIALTIES)
    assert NRMP_SPECIALTIES["400"] == "Psychiatry" and NRMP_SPECIALTIES["040"] == "Anesthesiology"
    assert NRMP_NAMES["320"] == "Pediatrics" and NRMP_NAMES["700"] == main["700"]
    fellowships = {r["Program Code"][4:7] for r in rows if r["Table"] == "Specialty"}
    assert not fellowships & (set(NRMP_SPECIALTIES) - {"415"})  # independent IR is matched there


def test_the_users_specialties_are_read_from_a_list_of_codes_names_or_nrmp_codes():
    assert parse_specialty_list("dr, Psychiatry, 040, obstetrics-gynecology, PM&R") == (
        "DR", "Anesthesiology", "OB/GYN", "PM&R", "Psychiatry")
    with pytest.raises(ValueError, match="not a specialty: Cardiology"):
        parse_specialty_list("DR, Cardiology")
    assert DEFAULT_MINE == ("DR", "IR/DR", "IR", "IM", "FM", "Neurology", "Pathology", "TY",
                            "Prelim Medicine", "Prelim Surgery")
    assert mine(None) == DEFAULT_MINE and mine("garbage;") == DEFAULT_MINE
    assert mine("DR, Psychiatry") == ("DR", "Psychiatry")


def test_offered_choices_follow_the_users_specialties():
    specialty = fields.get_field("programs", "specialty")
    backup = fields.get_field("profile", "backup_specialty")
    settings = {MINE_KEY: "DR, IM, Psychiatry, TY"}
    assert fields.offered_choices(specialty, settings) == ("DR", "IM", "TY", "Psychiatry")
    assert fields.offered_choices(backup, settings) == ("IM", "Psychiatry")
    # the value already stored stays on offer; every known specialty stays valid
    assert "Pediatrics" in fields.offered_choices(specialty, settings, "Pediatrics")
    assert specialty.parse("pediatrics") == "Pediatrics"
    assert fields.offered_choices(fields.get_field("programs", "visa"), settings) == fields.VISAS


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
             "1104440C0": ("General Surgery", "Categorical"), "1104400C0": ("Psychiatry", "Categorical"),
             "1104451C0": ("Vascular Surgery", "Categorical"), "1104320P0": ("Pediatrics", "Preliminary"),
             "1104450F0": (None, None)}  # 450 with track F: the vascular surgery fellowship
    for text, (specialty, track) in cases.items():
        code = parse_code(text)
        assert (code.specialty, code.track) == (specialty, track), text


def test_pgy1_and_tags():
    assert is_pgy1("TY", None) and is_pgy1("IM", "Preliminary") and not is_pgy1("DR", "Advanced")
    assert tag("Prelim Surgery") == "Prelim" and tag("Neurology") == "Neuro"
    assert tag(None) == "?" and tag("Other") == "Other"
