"""The bundled sample.db: reproducible from store.sample, valid, and rich enough to demo."""

from __future__ import annotations

import re
import sqlite3
from pathlib import Path

import pytest

from store import sample
from registry.fields import TABLES, get_field
from store.schema import SCHEMA_VERSION
from db_tables import user_tables  # tests/ is on sys.path (rootdir conftest)
from store.store import Store

SAMPLE_DB = Path(__file__).resolve().parents[2] / "sample.db"
REGENERATE = "run: python -m store.sample  (then commit sample.db)"

CENSUS = {
    "Northeast": {"CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"},
    "Midwest": {"IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"},
    "South": {"DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV", "AL", "KY", "MS", "TN", "AR",
              "LA", "OK", "TX"},
    "West": {"AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA"},
}


def read_only(path: Path) -> sqlite3.Connection:
    return sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)


def contents(path: Path) -> dict:
    """Schema, user_version and every row of every table, in a comparable form."""
    conn = read_only(path)
    try:
        out = {"user_version": conn.execute("PRAGMA user_version").fetchone()[0]}
        master = conn.execute("SELECT type, name, tbl_name, sql FROM sqlite_master "
                              "ORDER BY type, name").fetchall()
        out["sqlite_master"] = master
        for name in user_tables(conn):
            columns = [r[1] for r in conn.execute(f'PRAGMA table_info("{name}")')]
            order = "id" if "id" in columns else "rowid"
            out[name] = conn.execute(f'SELECT * FROM "{name}" ORDER BY {order}').fetchall()
        return out
    finally:
        conn.close()


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return sample.build(tmp_path_factory.mktemp("sample") / "sample.db")


@pytest.fixture(scope="module")
def shipped() -> dict:
    assert SAMPLE_DB.is_file(), f"{SAMPLE_DB} is missing; {REGENERATE}"
    return contents(SAMPLE_DB)


def test_committed_sample_matches_the_generator(built: Path, shipped: dict):
    fresh = contents(built)
    assert fresh["user_version"] == shipped["user_version"] == SCHEMA_VERSION, REGENERATE
    assert fresh["sqlite_master"] == shipped["sqlite_master"], f"schema differs; {REGENERATE}"
    for table in fresh:
        assert fresh[table] == shipped[table], f"{table} differs from store.sample; {REGENERATE}"


def test_generator_is_deterministic(built: Path, tmp_path: Path):
    again = sample.build(tmp_path / "again.db")
    assert contents(again) == contents(built)
    # building over an existing file replaces it
    assert contents(sample.build(again)) == contents(built)


def test_cli_writes_the_file(tmp_path: Path, capsys):
    target = tmp_path / "cli.db"
    assert sample.main([str(target)]) == 0
    assert "wrote" in capsys.readouterr().out
    assert contents(target)["programs"]


def test_shipped_file_is_one_self_contained_file_without_history():
    conn = read_only(SAMPLE_DB)
    try:
        assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        assert conn.execute("PRAGMA quick_check").fetchone()[0] == "ok"
        assert conn.execute("SELECT count(*) FROM change_log").fetchone()[0] == 0
        assert conn.execute("SELECT count(*) FROM prefs").fetchone()[0] == 0
    finally:
        conn.close()
    for suffix in ("-wal", "-shm", "-journal"):
        assert not Path(f"{SAMPLE_DB}{suffix}").exists()


def test_every_stored_value_passes_its_validator(shipped: dict):
    conn = read_only(SAMPLE_DB)
    try:
        for table, fields in TABLES.items():
            cursor = conn.execute(f'SELECT * FROM "{table}"')
            names = [d[0] for d in cursor.description]
            for row in cursor.fetchall():
                for name, value in zip(names, row, strict=True):
                    if name == "id" or value is None:
                        continue
                    fld = get_field(table, name)
                    parsed = fld.parse(value)
                    assert parsed == value, (table, name, value)
    finally:
        conn.close()


def test_sample_opens_as_a_store_copy(sample_store: Store):
    assert not sample_store.can_undo() and not sample_store.can_redo()
    assert sample_store.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    pid = sample_store.rows("programs")[0]["id"]
    sample_store.set_value("programs", pid, "personal_fit", 1)
    sample_store.undo()
    assert sample_store.get("programs", pid)["personal_fit"] == 5


def test_programs_cover_the_domain(sample_store: Store):
    programs = sample_store.rows("programs")
    assert 55 <= len(programs) <= 65
    by_specialty: dict[str, int] = {}
    for p in programs:
        by_specialty[p["specialty"]] = by_specialty.get(p["specialty"], 0) + 1
    assert 22 <= by_specialty["DR"] <= 28 and by_specialty["IR/DR"] >= 5
    assert by_specialty["IM"] >= 8 and by_specialty["FM"] >= 4 and by_specialty["Neurology"] >= 3
    pgy1 = sum(by_specialty.get(s, 0) for s in ("TY", "Prelim Medicine", "Prelim Surgery"))
    assert pgy1 >= 6 and by_specialty["TY"] >= 2

    states = {p["state"] for p in programs}
    assert len(states) >= 25
    for region, members in CENSUS.items():
        assert states & members, f"no program in the {region}"

    values = lambda name: {p[name] for p in programs}  # noqa: E731
    assert values("visa") == {"J-1", "J-1+H-1B", "H-1B", "none", None}
    assert values("fail_policy") == {"no failed attempts", "case by case", "not stated", None}
    assert None in values("step2_min") and len(values("step2_min")) > 4
    assert None in values("typical_step2") and len(values("typical_step2")) > 8
    percents = [p["img_percent"] for p in programs if p["img_percent"] is not None]
    assert min(percents) == 0 and 40 < max(percents) <= 60
    for item in ("img_current_website", "img_alumni", "img_welcome", "img_visa_support",
                 "img_word_of_mouth"):
        assert None in values(item) and len(values(item) - {None}) >= 2, item
    assert {"researching", "applied", "invited", "interviewed"} <= values("status")
    assert {"gold", "silver", "none"} == values("signal")
    assert 3 <= sum(p["ask_by_email"] for p in programs) <= 8
    assert {"none", "moderate", "strong", "integrated"} <= values("ir_pathway")
    assert values("research") >= {"none", "some", "strong"}
    assert len(values("personal_fit") - {None}) >= 3
    assert all(p["notes"] for p in programs if p["status"] == "interviewed")

    suffix = {"DR": "420", "IR/DR": "416", "IM": "140", "FM": "120", "Neurology": "180",
              "TY": "999", "Prelim Medicine": "140", "Prelim Surgery": "440"}
    letter = {"Advanced": "A", "Categorical": "C", "Preliminary": "P", "Physician": "R"}
    codes = [p["program_code"] for p in programs]
    assert len(set(codes)) == len(codes)
    for p in programs:
        assert re.fullmatch(r"\d{4}\d{3}[ACPR]\d", p["program_code"]), p["program_code"]
        assert p["program_code"][4:7] == suffix[p["specialty"]]
        assert p["program_code"][7] == letter[p["track"]]
        assert p["website"].startswith("https://www.") and ".example/" in p["website"]
    # DR and IR signals share one pool of 6 gold + 6 silver
    pool = [p["signal"] for p in programs if p["specialty"] in ("DR", "IR/DR")]
    assert pool.count("gold") <= 6 and pool.count("silver") <= 6


def test_applicant_and_records(sample_store: Store):
    [profile] = sample_store.rows("profile")
    assert profile["name"] == "Sample Applicant"
    assert (profile["citizenship"], profile["visa_need"]) == ("non-US citizen", "J-1")
    assert (profile["step1_result"], profile["step2_score"], profile["step2_attempts"]) == ("pass", 241, 1)
    assert profile["graduation_year"] == 2022 and profile["step3_status"] == "not planned"
    assert profile["radiology_publications"] == 2 and profile["target_ir"] is False
    assert profile["dual_apply"] is True and profile["backup_specialty"] == "IM"
    assert profile["failed_attempt"] is False

    usce = sample_store.rows("usce")
    assert {"type": "observership", "months": 2.0, "radiology": True} in [
        {k: u[k] for k in ("type", "months", "radiology")} for u in usce]

    priorities = {p["feature"]: p for p in sample_store.rows("priorities")}
    assert priorities["J-1/H-1B sponsorship"]["importance"] == "must"
    assert priorities["IMG representation"]["importance"] == "must"
    assert priorities["region"]["importance"] == "nice"
    assert priorities["region"]["preference"] == "Midwest,South"
    assert priorities["level 1 trauma center"]["importance"] == "nice"
    assert {p["importance"] for p in priorities.values()} == {"must", "nice", "not"}

    flags = sample_store.rows("red_flags")
    assert len(flags) == 2 and all(f["explanation"] for f in flags)

    programs = {p["id"]: p for p in sample_store.rows("programs")}
    contacts = sample_store.rows("contacts")
    assert 10 <= len(contacts) <= 15
    follow_ups = [c["follow_up"] for c in contacts if c["follow_up"]]
    assert any(d < sample.SAMPLE_TODAY for d in follow_ups)
    assert any(d > sample.SAMPLE_TODAY for d in follow_ups)
    assert sum(1 for c in contacts if c["program_id"] and programs[c["program_id"]]["ask_by_email"]) >= 3

    interviews = sample_store.rows("interviews")
    assert len(interviews) == 8
    for i in interviews:
        assert all(1 <= i[k] <= 5 for k in ("culture", "happiness", "education", "img_support",
                                             "location", "gut_rank"))
        assert i["positives"]
        # the one red-flag count: a noted red flag counts, and nothing is counted unnoted
        assert (i["red_flag_count"] > 0) == bool(i["red_flags_noticed"])
        assert programs[i["program_id"]]["status"] == "interviewed"
        assert i["date"] < sample.SAMPLE_TODAY
    assert any(i["img_support"] <= 2 for i in interviews)  # one triggers a visa warning
    assert any(i["red_flag_count"] for i in interviews) and not all(i["red_flag_count"] for i in interviews)

    lists = sample_store.rows("rank_lists")
    [primary] = [r for r in lists if r["kind"] == "primary"]
    [supplemental] = [r for r in lists if r["kind"] == "supplemental"]
    assert primary["id"] == 1 and primary["name"] == "Primary list"
    entries = sample_store.rows("rank_entries", order_by="list_id, position")
    primary_entries = [e for e in entries if e["list_id"] == primary["id"]]
    supplemental_entries = [e for e in entries if e["list_id"] == supplemental["id"]]
    assert [e["position"] for e in primary_entries] == list(range(1, len(primary_entries) + 1))
    assert 5 <= len(primary_entries) <= 7 and len(supplemental_entries) == 2
    advanced = [int(x) for x in supplemental["advanced_program_ids"].split(",")]
    assert advanced and all(programs[a]["specialty"] == "DR" and programs[a]["track"] == "Advanced"
                            for a in advanced)
    assert {programs[e["program_id"]]["specialty"] for e in supplemental_entries} <= {
        "TY", "Prelim Medicine", "Prelim Surgery"}
    assert all(programs[e["program_id"]]["specialty"] not in ("TY", "Prelim Medicine", "Prelim Surgery")
               for e in primary_entries)

    assert len(sample_store.rows("letters")) == 4
    assert len(sample_store.rows("statements")) == 2
    scores = [e["score"] for e in sample_store.rows("practice_exams", order_by="date")]
    assert len(scores) == 5 and scores == sorted(scores) and 240 <= scores[-1] <= 246

    provenance = sample_store.rows("provenance")
    assert provenance and all(p["noted_at"] < sample.SAMPLE_TODAY for p in provenance)
    assert any(p["noted_at"] < "2026-05-30" for p in provenance)  # some facts are stale


def test_no_real_looking_contact_addresses(sample_store: Store):
    for p in sample_store.rows("programs"):
        assert p["contact"].endswith(".example")


def test_frames_load_with_registry_dtypes(sample_store: Store):
    from importers.frames import read_frames

    frames, bad = read_frames(sample_store)
    assert bad == []
    assert set(frames) == set(TABLES)
    programs = frames["programs"]
    assert programs.height == len(sample_store.rows("programs"))
    assert str(programs.schema["ask_by_email"]) == "Boolean"
    assert str(programs.schema["img_percent"]) == "Float64"
    assert programs["ask_by_email"].sum() == sum(p["ask_by_email"] for p in sample_store.rows("programs"))


def test_program_codes_agree_with_the_nrmp_parser(sample_store: Store):
    nrmp = pytest.importorskip("importers.nrmp")
    for p in sample_store.rows("programs"):
        code = nrmp.parse_program_code(p["program_code"])
        assert code is not None, p["program_code"]
        assert (code.specialty, code.track) == (p["specialty"], p["track"]), p["program_code"]
