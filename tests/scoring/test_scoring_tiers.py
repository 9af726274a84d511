"""DOMAIN 4 IMG score and DOMAIN 6 tiers, balance and application counts."""

from __future__ import annotations

import pytest

from scoring import balance, score_all, tier_counts, why
from test_scoring_support import PROFILE, TODAY, frames, one, score, settings

FULL_IMG = {"img_current_website": 3, "img_alumni": 2, "img_welcome": 1, "img_visa_support": 2,
            "img_word_of_mouth": 2}
ALL_ITEMS = "on website, alumni, welcome, visa support, word of mouth"


@pytest.mark.parametrize("items,score_,missing", [
    (FULL_IMG, 10, ""),
    ({}, 0, ALL_ITEMS),
    ({"img_current_website": 3}, 3, "alumni, welcome, visa support, word of mouth"),
    ({"img_alumni": 2}, 2, "on website, welcome, visa support, word of mouth"),
    ({"img_welcome": 1}, 1, "on website, alumni, visa support, word of mouth"),
    ({"img_visa_support": 2}, 2, "on website, alumni, welcome, word of mouth"),
    ({"img_word_of_mouth": 2}, 2, "on website, alumni, welcome, visa support"),
    ({"img_current_website": 3, "img_alumni": 0, "img_welcome": 1, "img_word_of_mouth": 2},
     6, "visa support"),
    ({k: 0 for k in FULL_IMG}, 0, ""),
])
def test_img_score(items, score_, missing):
    row = one({"visa": "J-1", **items})
    assert (row["img_score"], row["img_missing"]) == (score_, missing)


# applicant Step 2 CK, program fields -> tier, delta, typical used, estimated
TIER_CASES = [
    ("below typical minus 3: Reach", 240, {"typical_step2": 244}, ("Reach", -4, 244, False)),
    ("exactly typical minus 3: Target", 241, {"typical_step2": 244}, ("Target", -3, 244, False)),
    ("competitive academic, few IMGs: Reach", 260,
     {"typical_step2": 240, "program_type": "university", "img_current_website": 3},
     ("Reach", 20, 240, False)),
    ("university with IMG score 4: not Reach", 250,
     {"typical_step2": 250, "program_type": "university", "img_current_website": 3,
      "img_welcome": 1}, ("Target", 0, 250, False)),
    ("community with few IMGs is not the academic rule", 250,
     {"typical_step2": 250, "program_type": "community"}, ("Target", 0, 250, False)),
    ("IMG-friendly and 5 above: Safety", 245,
     {"typical_step2": 240, "img_current_website": 3, "img_alumni": 2, "img_visa_support": 2},
     ("Safety", 5, 240, False)),
    ("IMG-friendly but only 4 above: Target", 244,
     {"typical_step2": 240, "img_current_website": 3, "img_alumni": 2, "img_visa_support": 2},
     ("Target", 4, 240, False)),
    ("far above but IMG score 6: Target", 260,
     {"typical_step2": 240, "img_current_website": 3, "img_alumni": 2, "img_welcome": 1},
     ("Target", 20, 240, False)),
    ("typical estimated: community 238", 245, {"program_type": "community", **FULL_IMG},
     ("Safety", 7, 238, True)),
    ("typical estimated: university-affiliated 243", 240,
     {"program_type": "university-affiliated"}, ("Target", -3, 243, True)),
    ("typical estimated: university 248", 244, {"program_type": "university", **FULL_IMG},
     ("Reach", -4, 248, True)),
    ("no type, no typical: no estimate, no tier", 200, {}, (None, None, None, False)),
    ("backup specialty gets no radiology estimate", 200,
     {"specialty": "IM", "program_type": "community"}, (None, None, None, False)),
    ("Step 2 CK unknown: Target", None, {"typical_step2": 250}, ("Target", None, 250, False)),
]


@pytest.mark.parametrize("case,step2,program,expected", TIER_CASES, ids=[c[0] for c in TIER_CASES])
def test_tier(case, step2, program, expected):
    row = one({"visa": "J-1", **program}, profile={**PROFILE, "step2_score": step2})
    assert (row["tier"], row["step2_delta"], row["typical_step2_used"],
            row["typical_estimated"]) == expected


def test_ineligible_program_has_no_tier_and_unclear_one_has():
    rows = score([{"visa": "none", "typical_step2": 200}, {"typical_step2": 200}]).programs
    assert rows["eligibility"].to_list() == ["ineligible", "unclear"]
    assert rows["tier"].to_list() == [None, "Target"]


def test_tier_thresholds_come_from_settings():
    program = {"visa": "J-1", "typical_step2": 244}
    profile = {**PROFILE, "step2_score": 240}
    assert one(program, profile=profile)["tier"] == "Reach"
    assert one(program, settings(tier__reach_margin=5), profile=profile)["tier"] == "Target"
    assert one({"visa": "J-1", "program_type": "community"},
               settings(**{"typical.community": 200}), profile=profile)["typical_step2_used"] == 200


@pytest.mark.parametrize("typical,margins,expected", [
    (300, {}, "Reach"), (100, {}, "Safety"),  # far beyond both margins
    (244, {"tier__reach_margin": 3.5}, "Reach"), (243, {"tier__reach_margin": 3.5}, "Target"),
    (235, {"tier__safety_margin": 4.5}, "Safety"), (236, {"tier__safety_margin": 4.5}, "Target"),
    # the largest margins the settings allow: the widest lookup table, the largest positions
    (291, {"tier__reach_margin": 50, "tier__safety_margin": 50}, "Reach"),
    (290, {"tier__reach_margin": 50, "tier__safety_margin": 50}, "Target"),
    (190, {"tier__reach_margin": 50, "tier__safety_margin": 50}, "Safety"),
    (191, {"tier__reach_margin": 50, "tier__safety_margin": 50}, "Target"),
])
def test_tier_far_from_the_typical_and_with_fractional_margins(typical, margins, expected):
    """The tier is looked up by the typical Step 2 CK clipped to the values the margins tell
    apart: one far beyond them, or between two whole scores, still gets its rule; so does the why."""
    scored = score([{"visa": "J-1", "typical_step2": typical, **FULL_IMG}], settings(**margins),
                   profile={**PROFILE, "step2_score": 240})
    assert scored.programs["tier"].to_list() == [expected]
    assert why(scored, 1)["tier"].startswith(f"{expected}:")


def _tiered(reach: int, target: int, safety: int, **extra) -> list[dict]:
    """Programs that land in each tier for the default applicant (Step 2 CK 250)."""
    return ([{"visa": "J-1", "typical_step2": 260, **extra}] * reach
            + [{"visa": "J-1", "typical_step2": 250, **extra}] * target
            + [{"visa": "J-1", "typical_step2": 240, **FULL_IMG, **extra}] * safety)


def test_balance_within_recommended_shares_has_no_advice():
    scored = score(_tiered(2, 5, 3))
    assert tier_counts(scored) == {"Reach": 2, "Target": 5, "Safety": 3}
    lines = balance(scored, settings())
    assert [(b.tier, b.count, b.percent, b.advice) for b in lines] == [
        ("Reach", 2, 20.0, None), ("Target", 5, 50.0, None), ("Safety", 3, 30.0, None)]
    assert scored.applicant.balance == lines


def test_balance_advice_per_deviation():
    lines = balance(score(_tiered(1, 6, 3)), settings())
    # 1 of 10 Reach: adding 2 makes 3/12 = 25%; 6 of 10 Target: 2 more others make 6/12 = 50%
    assert [b.advice for b in lines] == [
        "Reach 10% is below 20-30%: add about 2 Reach program(s).",
        "Target 60% is above 40-50%: add about 2 Reach or Safety program(s) or drop some Target.",
        None]


def test_balance_counts_only_radiology_programs_still_on_the_list():
    programs = (_tiered(2, 5, 3) + _tiered(4, 0, 0, status="withdrawn")
                + _tiered(0, 0, 4, specialty="IM", typical_step2=230)
                + [{"visa": "none", "typical_step2": 240}])  # ineligible: no tier
    assert tier_counts(score(programs)) == {"Reach": 2, "Target": 5, "Safety": 3}


def test_empty_list_has_no_advice():
    assert [b.advice for b in balance(score([]), settings())] == [None, None, None]


def test_balance_ranges_come_from_settings():
    lines = balance(score(_tiered(2, 5, 3)), settings(balance__reach_min=25.0))
    assert lines[0].advice == "Reach 20% is below 25-30%: add about 1 Reach program(s)."


STRONG_PROFILE = {**PROFILE, "step2_score": 250, "graduation_year": 2024,
                  "radiology_publications": 2, "english_test": "IELTS 8"}
RAD_USCE = [{"type": "observership", "specialty": "Radiology", "months": 3.0, "radiology": True}]


def _counts(profile, usce=RAD_USCE, programs=()):
    scored = score_all(frames(list(programs), profile=profile, usce=usce), settings(), today=TODAY)
    return {c.track: (c.low, c.high) for c in scored.applicant.recommended}, scored.applicant


def test_radiology_only_applicant_counts():
    counts, assessment = _counts(STRONG_PROFILE)
    assert assessment.strategy.kind == "radiology-only"
    assert counts == {"DR": (40, 80), "IR": (0, 0), "backup": (0, 0)}


def test_borderline_step2_applies_more_broadly():
    counts, assessment = _counts({**STRONG_PROFILE, "step2_score": 240})
    assert assessment.strategy.kind == "dual apply"  # moderate-risk: a backup is needed
    assert counts["DR"] == (60, 100)


def test_dual_applicant_counts():
    counts, _ = _counts({**STRONG_PROFILE, "dual_apply": True, "backup_specialty": "IM"})
    # radiology-only defensible, dual applying anyway: a cautious backup (guide 002 example 1)
    assert counts == {"DR": (60, 120), "IR": (0, 0), "backup": (40, 80)}


def test_high_risk_profile_is_told_to_go_broad_in_the_backup():
    _, assessment = _counts({**STRONG_PROFILE, "step2_score": 232})
    backup = assessment.recommended[2]
    assert (backup.low, backup.high) == (120, 150)
    assert backup.reason.startswith("high-risk: broadly in the backup")


def test_ir_applicant_counts_integrated_programs_that_can_sponsor():
    programs = [{"specialty": "IR/DR", "visa": "J-1"}, {"specialty": "IR/DR", "visa": "none"},
                {"specialty": "IR/DR"}]
    _, assessment = _counts({**STRONG_PROFILE, "target_ir": True}, programs=programs)
    ir = assessment.recommended[1]
    assert (ir.low, ir.high) == (40, 60)
    assert "(2 eligible or unclear on your list)" in ir.reason


IR_APPLICANT = {**PROFILE, "target_ir": True}
IR_TIERS = [
    ("academic, strong IR, sponsors", {"program_type": "university", "ir_pathway": "strong"}, 1),
    ("integrated IR/DR at a university", {"program_type": "university", "specialty": "IR/DR"}, 1),
    ("academic, strong IR, no visa", {"program_type": "university", "ir_pathway": "strong",
                                      "visa": "H-1B"}, None),
    ("university, moderate IR", {"program_type": "university", "ir_pathway": "moderate"}, 2),
    ("affiliated, strong IR", {"program_type": "university-affiliated", "ir_pathway": "strong"}, 2),
    ("community, IR exposure", {"program_type": "community", "ir_pathway": "moderate"}, 3),
    ("no IR", {"program_type": "community", "ir_pathway": "none"}, None),
    ("IR unknown", {"program_type": "university"}, None),
    ("type unknown", {"ir_pathway": "strong"}, None),
]


@pytest.mark.parametrize("case,program,expected", IR_TIERS, ids=[c[0] for c in IR_TIERS])
def test_ir_program_tier(case, program, expected):
    assert one({"visa": "J-1", **program}, profile=IR_APPLICANT)["ir_tier"] == expected


def test_no_ir_tier_unless_targeting_ir():
    assert one({"visa": "J-1", "program_type": "university", "ir_pathway": "strong"})[
        "ir_tier"] is None


BACKUP_TIERS = [
    # (case, Step 2 CK, IM estimate setting, program, tier) -- tiers within the own specialty
    ("IM estimate set: tiered against it", 240, 225, {"img_current_website": 3, "img_alumni": 2,
                                                      "img_welcome": 1, "img_visa_support": 2}, "Safety"),
    ("IM estimate set, applicant below it", 230, 240, {}, "Reach"),
    ("IM typical entered wins over the estimate", 230, 240, {"typical_step2": 229}, "Target"),
    ("no IM estimate, no typical: unknown", 260, 0, {}, None),
]


@pytest.mark.parametrize("case,step2,estimate,program,tier", BACKUP_TIERS,
                         ids=[c[0] for c in BACKUP_TIERS])
def test_backup_programs_are_tiered_within_their_own_specialty(case, step2, estimate, program, tier):
    s = settings(**{"typical__IM": estimate})
    row = one({"specialty": "IM", "program_type": "community", "visa": "J-1", **program}, s,
              profile={**PROFILE, "step2_score": step2})
    assert row["tier"] == tier


def test_unknown_tier_says_what_to_add():
    scored = score([{"specialty": "IM", "visa": "J-1"}])
    assert why(scored, 1)["tier"] == (
        "Tier unknown: typical Step 2 CK unknown and no estimate for IM. Add the typical Step 2 "
        "CK of matched residents (or an estimate for IM in Settings).")
