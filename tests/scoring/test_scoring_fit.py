"""DOMAIN 2 priorities and DOMAIN 6 fit score, with hand-computed expectations."""

from __future__ import annotations

import pytest

from test_scoring_support import PROFILE, one, settings

REGION_MUST = {"feature": "region", "importance": "must", "preference": "Midwest"}
TRAUMA_NICE = {"feature": "level 1 trauma center", "importance": "nice"}
BASE = {"visa": "J-1", "state": "OH", "level1_trauma": False, "personal_fit": 4,
        "img_current_website": 3, "img_alumni": 2, "img_welcome": 1, "research": "some",
        "ir_pathway": "strong"}


def test_fit_hand_computed():
    # priorities 3 of 4 points (region met, trauma missed) -> 0.75; personal fit 4 -> 0.75;
    # IMG 6/10 -> 0.6; research some -> 0.5; weights 40/25/20/10 (no IR: not an IR applicant)
    # 100 * (40*.75 + 25*.75 + 20*.6 + 10*.5) / 95 = 69.21
    row = one(BASE, priorities=[REGION_MUST, TRAUMA_NICE])
    assert (row["priority_points"], row["fit"], row["missed_must_haves"]) == (3.0, 69.2, "")


def test_fit_for_ir_applicant_adds_the_ir_pathway():
    # + 5 * 2/3 (strong of none/moderate/strong/integrated), weights now sum to 100: 69.08
    row = one(BASE, priorities=[REGION_MUST, TRAUMA_NICE], profile={**PROFILE, "target_ir": True})
    assert row["fit"] == 69.1
    integrated = one({**BASE, "specialty": "IR/DR", "ir_pathway": None},
                     priorities=[REGION_MUST, TRAUMA_NICE], profile={**PROFILE, "target_ir": True})
    assert integrated["fit"] == 70.8  # 65.75 + 5 * 1


def test_fit_without_priorities_drops_that_part():
    # 100 * (25*.75 + 20*.6 + 10*.5) / 55 = 65.0
    assert one(BASE)["fit"] == 65.0


def test_unknown_values_count_zero():
    # nothing known: only the IMG rubric (0) and personal fit (0) remain -> 0
    assert one({"visa": "J-1"})["fit"] == 0.0
    # personal fit unknown: 100 * (20*.6 + 10*.5) / 55 = 30.9
    assert one({**BASE, "personal_fit": None})["fit"] == 30.9


def test_fit_weights_come_from_settings():
    s = settings(fit__w_personal=0.0, fit__w_img=0.0, fit__w_research=0.0)
    assert one(BASE, s, priorities=[REGION_MUST, TRAUMA_NICE])["fit"] == 75.0
    zero = settings(fit__w_priorities=0.0, fit__w_personal=0.0, fit__w_img=0.0,
                    fit__w_research=0.0)
    assert one(BASE, zero)["fit"] is None


def test_priority_weights_come_from_settings():
    row = one(BASE, settings(weight__must=5.0, weight__nice=2.0),
              priorities=[REGION_MUST, TRAUMA_NICE])
    assert row["priority_points"] == 5.0


def test_latest_priority_row_per_feature_wins():
    rows = [{"id": 1, "feature": "region", "importance": "must", "preference": "West"},
            {"id": 2, "feature": "region", "importance": "nice", "preference": "Midwest"}]
    row = one(BASE, priorities=rows)
    assert (row["priority_points"], row["missed_must_haves"]) == (1.0, "")


# feature, preference, program met, program missed, program unknown
FEATURES = [
    ("academic program", None, {"program_type": "university"}, {"program_type": "community"}, {}),
    ("community program", None, {"program_type": "community"},
     {"program_type": "university-affiliated"}, {}),
    ("subspecialty interest", "IR,neuro", {"subspecialties": "Neuroradiology, MSK"},
     {"subspecialties": "breast, peds"}, {}),
    ("research/education role", None, {"research": "some"}, {"research": "none"}, {}),
    ("tertiary/quaternary center", None, {"tertiary_center": True}, {"tertiary_center": False},
     {}),
    ("level 1 trauma center", None, {"level1_trauma": True}, {"level1_trauma": False}, {}),
    ("children's hospital", None, {"childrens_hospital": True}, {"childrens_hospital": False},
     {}),
    ("IMG representation", None, {"img_percent": 25.0}, {"img_percent": 10.0, "img_presence": True},
     {}),
    ("IMG representation", None, {"img_presence": True}, {"current_imgs": 0}, {}),
    ("region", "South, West", {"state": "TX"}, {"state": "NY"}, {}),
    ("urban/suburban/rural", "urban", {"setting": "urban"}, {"setting": "rural"}, {}),
    ("cost of living", None, {"cost_of_living": "medium"}, {"cost_of_living": "high"}, {}),
    ("cost of living", "low", {"cost_of_living": "low"}, {"cost_of_living": "medium"}, {}),
    ("proximity to family", None, {"near_family": True}, {"near_family": False}, {}),
    ("J-1/H-1B sponsorship", None, {"visa": "J-1"}, {"visa": "H-1B"}, {"visa": None}),
    ("history with IMGs", None, {"img_alumni": 1}, {"img_alumni": 0, "current_imgs": 0}, {}),
    ("immigration support", None, {"img_visa_support": 2}, {"img_visa_support": 0}, {}),
]


@pytest.mark.parametrize("feature,preference,met,missed,unknown", FEATURES,
                         ids=[f"{f[0]}-{i}" for i, f in enumerate(FEATURES)])
def test_must_have_feature(feature, preference, met, missed, unknown):
    must = [{"feature": feature, "importance": "must", "preference": preference}]
    base = {"visa": "J-1"}

    def check(program):
        row = one({**base, **program}, priorities=must)
        return row["priority_points"], row["missed_must_haves"]

    assert check(met) == (3.0, "")
    assert check(missed) == (0.0, feature)
    assert check(unknown) == (0.0, f"must-have unknown: {feature}")


def test_collegial_culture_reads_the_interview():
    must = [{"feature": "collegial culture", "importance": "must"}]
    assert one({"visa": "J-1"}, priorities=must,
               interviews=[{"program_id": 1, "culture": 4}])["missed_must_haves"] == ""
    assert one({"visa": "J-1"}, priorities=must,
               interviews=[{"program_id": 1, "culture": 3}])["missed_must_haves"] == \
        "collegial culture"
    assert one({"visa": "J-1"}, priorities=must)["missed_must_haves"] == \
        "must-have unknown: collegial culture"


def test_untracked_features_are_always_unknown():
    must = [{"feature": f, "importance": "must"} for f in ("resident autonomy", "safety")]
    assert one(BASE, priorities=must)["missed_must_haves"] == (
        "must-have unknown: resident autonomy; must-have unknown: safety")


def test_many_must_haves_are_all_listed_in_order():
    features = ["academic program", "level 1 trauma center", "children's hospital",
                "tertiary/quaternary center", "proximity to family", "safety",
                "resident autonomy"]
    row = one({"visa": "J-1", "program_type": "community", "level1_trauma": True,
               "childrens_hospital": False},
              priorities=[{"feature": f, "importance": "must"} for f in features])
    assert row["missed_must_haves"] == (
        "academic program; children's hospital; must-have unknown: tertiary/quaternary center; "
        "must-have unknown: proximity to family; must-have unknown: safety; "
        "must-have unknown: resident autonomy")
    assert row["priority_points"] == 3.0


def test_nice_and_not_important_do_not_list_as_missed():
    prios = [{"feature": "level 1 trauma center", "importance": "nice"},
             {"feature": "children's hospital", "importance": "not"}]
    row = one({"visa": "J-1", "level1_trauma": True}, priorities=prios)
    assert (row["priority_points"], row["missed_must_haves"]) == (1.0, "")


def test_new_or_growing_programs_is_a_priority_fed_by_the_match_history():
    from test_scoring_support import score

    must = [{"feature": "new or growing programs", "importance": "must"}]
    record = [{"program_id": pid, "year": year, "quota": quota, "matched": quota, "source": "nrmp.csv"}
              for pid, quotas in ((1, (0, 0, 4)), (2, (3, 4, 4)), (3, (5, 5, 5)))
              for year, quota in zip((2024, 2025, 2026), quotas)]
    programs = [BASE, BASE, BASE, BASE]  # new, growing, stable, no record
    scored = score(programs, priorities=must, match_history=record).programs
    assert scored["priority_points"].to_list() == [3.0, 3.0, 0.0, 0.0]
    assert scored["missed_must_haves"].to_list() == [
        "", "", "new or growing programs", "must-have unknown: new or growing programs"]
    fits = scored["fit"].to_list()
    assert fits[0] == fits[1] > fits[2] == fits[3]
    # the IMG friendliness rubric does not look at the Match record
    assert scored["img_score"].n_unique() == 1
    assert score(programs).programs["img_score"].to_list() == scored["img_score"].to_list()
