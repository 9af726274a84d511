"""DOMAIN 9: rank score, do-not-rank warning, suggested order and its sensitivity."""

from __future__ import annotations

import pytest

from scoring import not_suggested, score_all, sensitivity, suggested_order
from test_scoring_support import PROFILE, TODAY, frames, one, settings

RATED = {"culture": 5, "education": 4, "img_support": 3, "happiness": 2, "location": 1}


def interview(pid=1, **ratings):
    return {"program_id": pid, **ratings}


# ratings -> rank score. Each 1-5 rating scales to 0-1 ((r - 1) / 4); weights culture .25,
# education .25, IMG support .25, happiness .15, location .10; minus 5 per red flag.
RANK = [
    ("hand computed", RATED, 60.0),  # 100 * (.25 + .1875 + .125 + .0375 + 0)
    ("two red flags", {**RATED, "red_flag_count": 2}, 50.0),
    # the count is the one number: saving a note raises it to 1 (desk.impressions)
    ("written red flag with its count", {**RATED, "red_flag_count": 1, "red_flags_noticed": "chief was dismissive"}, 55.0),
    ("the count, not the text", {**RATED, "red_flag_count": 3, "red_flags_noticed": "x"}, 45.0),
    ("all fives", {k: 5 for k in RATED}, 100.0),
    ("all fives one flag", {**{k: 5 for k in RATED}, "red_flag_count": 1}, 95.0),
    ("all ones", {k: 1 for k in RATED}, 0.0),
    ("floor at 0", {**{k: 1 for k in RATED}, "red_flag_count": 4}, 0.0),
    ("unrated item counts as 1", {"culture": 5, "education": 5}, 50.0),
    ("nothing rated", {}, None),
]


@pytest.mark.parametrize("case,ratings,expected", RANK, ids=[c[0] for c in RANK])
def test_rank_score(case, ratings, expected):
    row = one({"visa": "J-1"}, interviews=[interview(**ratings)])
    assert row["interviewed"] is True
    assert row["rank_score"] == expected


def test_not_interviewed_has_no_rank_score():
    row = one({"visa": "J-1"})
    assert (row["interviewed"], row["rank_score"]) == (False, None)


def test_latest_interview_by_id_is_used():
    rows = [{"id": 7, **interview(**{k: 5 for k in RATED})}, {"id": 3, **interview(**RATED)}]
    assert one({"visa": "J-1"}, interviews=rows)["rank_score"] == 100.0


def test_rank_weights_come_from_settings():
    s = settings(rank__w_culture=1.0, rank__w_education=0.0, rank__w_img_support=0.0,
                 rank__w_happiness=0.0, rank__w_location=0.0, rank__red_flag_penalty=10.0)
    row = one({"visa": "J-1"}, s, interviews=[interview(**RATED, red_flag_count=1)])
    assert row["rank_score"] == 90.0


WARNINGS = [
    ("low visa confidence", {"visa": "J-1"}, {"img_support": 2},
     "visa confidence 2/5 at interview (warning at 2 or below)"),
    ("confidence 3 is fine", {"visa": "J-1"}, {"img_support": 3}, None),
    ("cannot sponsor", {"visa": "H-1B"}, {"img_support": 5},
     "cannot sponsor your visa (sponsors H-1B only; you need J-1)"),
    ("cannot sponsor, not interviewed", {"visa": "none"}, None,
     "cannot sponsor your visa (sponsors no visa; you need J-1)"),
    ("both", {"visa": "none"}, {"img_support": 1},
     "cannot sponsor your visa (sponsors no visa; you need J-1); "
     "visa confidence 1/5 at interview (warning at 2 or below)"),
    ("unknown visa policy is unclear, not a do-not-rank", {}, {"img_support": 4}, None),
]


@pytest.mark.parametrize("case,program,ratings,expected", WARNINGS, ids=[w[0] for w in WARNINGS])
def test_do_not_rank_warning(case, program, ratings, expected):
    ivs = [] if ratings is None else [interview(**ratings)]
    assert one(program, interviews=ivs)["do_not_rank_warning"] == expected


def test_do_not_rank_threshold_comes_from_settings():
    row = one({"visa": "J-1"}, settings(rank__visa_warning_at=3),
              interviews=[interview(img_support=3)])
    assert row["do_not_rank_warning"] == "visa confidence 3/5 at interview (warning at 3 or below)"


def _ordered(programs, ratings, profile=PROFILE):
    fr = frames(programs, profile=profile,
                interviews=[interview(i + 1, **r) for i, r in enumerate(ratings) if r is not None])
    s = settings()
    scored = score_all(fr, s, today=TODAY)
    return scored, fr, s, [e.program_id for e in suggested_order(scored, fr, s)]


def _level(level):
    return {k: level for k in RATED}


def test_suggested_order_follows_rank_score_and_skips_uninterviewed():
    _, _, _, order = _ordered([{"visa": "J-1"}] * 4, [_level(3), _level(5), None, _level(4)])
    assert order == [2, 4, 1]


def test_gated_programs_never_sit_above_eligible_ones():
    programs = [{"visa": "none"}, {}, {"visa": "J-1"}]  # ineligible, unclear, eligible
    scored, fr, s, order = _ordered(programs, [_level(5), _level(5), _level(3)])
    assert order == [3, 2]  # the ineligible program is not suggested
    reasons = [e.reason for e in suggested_order(scored, fr, s)]
    assert "visa sponsorship uncertain (visa policy unknown: ask by email): kept below" in reasons[1]
    assert [(e.program_id, e.reason) for e in not_suggested(scored)] == [
        (1, "not suggested: ineligible (sponsors no visa; you need J-1)")]


def test_ir_applicant_order_integrated_then_strong_then_moderate():
    programs = [{"visa": "J-1", "ir_pathway": "moderate"}, {"visa": "J-1", "ir_pathway": "strong"},
                {"visa": "J-1", "specialty": "IR/DR"}, {"visa": "J-1", "ir_pathway": "none"}]
    ratings = [_level(5), _level(4), _level(3), _level(5)]
    _, _, _, order = _ordered(programs, ratings, {**PROFILE, "target_ir": True})
    assert order == [3, 2, 1, 4]
    _, _, _, plain = _ordered(programs, ratings)
    assert plain == [1, 4, 2, 3]  # not targeting IR: rank score only (ties by id)


def test_clear_order_is_stable_and_a_tie_is_fragile():
    s = settings()
    clear = frames([{"visa": "J-1"}] * 2, interviews=[interview(1, **_level(5)),
                                                      interview(2, **_level(2))])
    scored = score_all(clear, s, today=TODAY)
    assert [(x.program_id, x.position, x.kept_share, x.fragile)
            for x in sensitivity(scored, clear, s, draws=200, seed=1)] == [
        (1, 1, 1.0, False), (2, 2, 1.0, False)]
    # equal scores from different strengths: any change of weights decides the order
    tie = frames([{"visa": "J-1"}] * 2, interviews=[
        interview(1, culture=5, education=1, img_support=3, happiness=3, location=3),
        interview(2, culture=1, education=5, img_support=3, happiness=3, location=3)])
    scored = score_all(tie, s, today=TODAY)
    result = sensitivity(scored, tie, s, draws=400, seed=1)
    assert [x.fragile for x in result] == [True, True]
    assert all(0.3 < x.kept_share < 0.7 for x in result)
    assert result == sensitivity(scored, tie, s, draws=400, seed=1)  # seeded
