"""Every default number says where it comes from: a published source, or that it is an
estimate with no published source (DOMAIN 6)."""

from __future__ import annotations

import pytest

from registry.settings import CHOICE, ESTIMATE, SETTINGS_BY_KEY

CASES = [
    ("typical.community", ESTIMATE),
    ("typical.IM", ESTIMATE),
    ("fit.img_percent_min", ESTIMATE),  # the IMG-representation threshold
    ("assess.research_strong", ESTIMATE),  # a "strong" cut-off
    ("risk.higher_step2", "Residency Advisor guide: backup specialty planning"),
    ("difficult.step2_below", "Residency Advisor guide: Step score strategy"),
    ("apps.mid_step2_to", "Residency Advisor guide: Step score strategy"),
    ("apps.ir_min", "Residency Advisor guide: interventional radiology"),
    ("rank.max_ranks", "NRMP Main Residency Match rules (2025)"),
    ("letters.per_program_max", "AAMC ERAS"),
    ("odds.target", ESTIMATE),
    ("odds.seed", CHOICE),
]


@pytest.mark.parametrize("key,starts", CASES)
def test_each_default_names_its_source(key, starts):
    assert SETTINGS_BY_KEY[key].source.startswith(starts)


def test_match_odds_defaults_cite_the_published_rates():
    source = SETTINGS_BY_KEY["odds.reach"].source
    assert "60.4% in 2020" in source and "59.4% in 2023" in source


def test_every_setting_has_a_source():
    assert all(setting.source for setting in SETTINGS_BY_KEY.values())
