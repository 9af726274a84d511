"""Conformance: interviewed programs -> suggested rank order (guide 001, ranking strategy;
DOMAIN 9 as corrected). A list mixing DR, IR/DR, a backup specialty, a visa-uncertain and an
ineligible program."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.frames import read_frames
from conformance_support import HIGHER, IM_ELECTIVE, RAD_OBS, TODAY, fill_store
from scoring import not_suggested, score_all, suggested_order
from seeds import seed_check
from store.store import Store

KNOWN = {"fail_policy": "case by case", "step2_min_none": True, "grad_limit_none": True}
PROGRAMS = (  # (program, interview rating for every item, or a dict of ratings)
    ({"specialty": "DR", "visa": "J-1", "ir_pathway": "strong"}, 4),            # 1
    ({"specialty": "IR/DR", "visa": "J-1"}, 3),                                 # 2
    ({"specialty": "DR", "visa": "J-1", "ir_pathway": "moderate"}, 5),          # 3
    ({"specialty": "IM", "visa": "J-1"}, 5),                                    # 4
    ({"specialty": "DR", "ir_pathway": "strong"}, 5),                           # 5 visa blank
    ({"specialty": "DR", "visa": "none", "ir_pathway": "strong"}, 5),           # 6 ineligible
    ({"specialty": "IM", "visa": "J-1"}, 3),                                    # 7
    ({"specialty": "DR", "visa": "J-1", "ir_pathway": "none"},                  # 8 low visa
     {"culture": 5, "happiness": 5, "education": 5, "img_support": 2, "location": 5}),
)
RATED = ("culture", "happiness", "education", "img_support", "location")

# (case, (seed, section), applicant changes, settings, suggested order)
CASES = [
    ("IR applicant: IR/DR, strong, moderate; then backup; visa warnings last",
     ("001", "3. Ranking Strategy"), {"target_ir": True}, {}, [2, 1, 3, 4, 7, 5, 8]),
    ("not targeting IR: rank score inside the radiology block",
     ("001", "Rank by true preference"), {}, {}, [3, 1, 2, 4, 7, 5, 8]),
    ("the user puts the backup specialty first",
     ("001", "Rank by true preference"), {"target_ir": True}, {"rank.specialty_order": "IM, DR"},
     [4, 7, 2, 1, 3, 5, 8]),
    ("visa-uncertain never above a program without the warning",
     ("001", "Visa sponsorship is uncertain or impossible for you"), {},
     {"rank.specialty_order": "DR, IM"}, [3, 1, 2, 4, 7, 5, 8]),
]


def _order(tmp_path: Path, changes: dict, settings: dict):
    with Store.open(tmp_path / "m.db") as store:
        fill_store(store, {**HIGHER, "backup_specialty": "IM", **changes},
                   (RAD_OBS, IM_ELECTIVE), tuple({**KNOWN, **p} for p, _ in PROGRAMS), settings)
        for pid, (_, rating) in enumerate(PROGRAMS, 1):
            ratings = rating if isinstance(rating, dict) else dict.fromkeys(RATED, rating)
            store.insert_row("interviews", {"program_id": pid, **ratings})
        frames, s = read_frames(store)[0], store.settings()
    scored = score_all(frames, s, today=TODAY)
    return suggested_order(scored, frames, s), not_suggested(scored)


@pytest.mark.parametrize("case,seed,changes,settings,order", CASES, ids=[c[0] for c in CASES])
def test_suggested_order(tmp_path: Path, case, seed, changes, settings, order):
    seed_check(*seed)
    suggested, apart = _order(tmp_path, changes, settings)
    assert [e.program_id for e in suggested] == order
    assert [(e.program_id, e.reason) for e in apart] == [
        (6, "not suggested: ineligible (sponsors no visa; you need J-1)")]
    warned = {e.program_id: e.reason for e in suggested}
    assert "visa sponsorship uncertain" in warned[5] and "kept below every program" in warned[5]
    assert "visa confidence 2/5" in warned[8]
