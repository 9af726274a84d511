"""Match odds for a rank list, checked against an exhaustive simulation of the match."""

from __future__ import annotations

import itertools
import math

import pytest
from hypothesis import given, settings as hyp_settings, strategies as st

from scoring import default_probability, match_odds
from test_scoring_support import settings

probabilities = st.lists(st.floats(0.0, 1.0, allow_nan=False), max_size=12)


def exhaustive(ps: list[float]) -> list[float]:
    """P(match at k) by enumerating every accept/reject outcome of every program, weighing
    each by its probability; the applicant gets the first program that accepts."""
    at = [0.0] * len(ps)
    for outcome in itertools.product((True, False), repeat=len(ps)):
        weight = math.prod(p if accepts else 1 - p for p, accepts in zip(ps, outcome))
        if True in outcome:
            at[outcome.index(True)] += weight
    return at


def test_hand_computed():
    odds = match_odds([0.15, 0.35, 0.6])
    assert odds.at_rank == pytest.approx([0.15, 0.85 * 0.35, 0.85 * 0.65 * 0.6])
    assert odds.anywhere == pytest.approx(1 - 0.85 * 0.65 * 0.4)
    assert odds.unmatched == pytest.approx(0.85 * 0.65 * 0.4)
    assert odds.expected_rank == pytest.approx(
        (0.15 + 2 * 0.2975 + 3 * 0.3315) / 0.779)
    assert odds.band is None and odds.pgy1_given_match == [None, None, None]


@pytest.mark.parametrize("ps", [[], [0.0], [1.0], [0.5, 0.5], [0.2, 0.9, 0.1, 0.4],
                                [0.15, 0.35, 0.6, 0.35, 0.15, 0.6]])
def test_formula_matches_exhaustive_simulation(ps):
    odds = match_odds(ps)
    assert odds.at_rank == pytest.approx(exhaustive(ps))
    assert odds.anywhere == pytest.approx(sum(exhaustive(ps)))


@hyp_settings(max_examples=40, deadline=None)
@given(st.lists(st.floats(0.0, 1.0, allow_nan=False), max_size=7))
def test_formula_matches_exhaustive_simulation_random(ps):
    assert match_odds(ps).at_rank == pytest.approx(exhaustive(ps), abs=1e-12)


def test_empty_list_cannot_match():
    odds = match_odds([])
    assert (odds.anywhere, odds.unmatched, odds.expected_rank) == (0.0, 1.0, None)


@hyp_settings(max_examples=60, deadline=None)
@given(probabilities, st.floats(0.0, 1.0, allow_nan=False))
def test_anywhere_plus_unmatched_is_one_and_appending_never_hurts(ps, extra):
    odds = match_odds(ps)
    assert odds.anywhere + odds.unmatched == pytest.approx(1.0, abs=1e-12)
    assert 0.0 <= odds.anywhere <= 1.0
    assert match_odds([*ps, extra]).anywhere >= odds.anywhere
    if odds.expected_rank is not None:
        assert 1.0 <= odds.expected_rank <= len(ps) + 1e-9


def test_probability_out_of_range_is_refused():
    with pytest.raises(ValueError, match="from 0 to 1; got 1.5"):
        match_odds([0.2, 1.5])


def test_supplemental_pgy1_list_per_advanced_program():
    odds = match_odds([0.3, 0.5], supplemental=[[0.5, 0.5], None])
    assert odds.pgy1_given_match[0] == pytest.approx(0.75)
    assert odds.pgy1_given_match[1] is None
    with pytest.raises(ValueError):
        match_odds([0.3, 0.5], supplemental=[[0.5]])


def test_monte_carlo_band_is_seeded_and_brackets_the_estimate():
    ps, unc = [0.15, 0.35, 0.6], [0.05, 0.1, 0.1]
    odds = match_odds(ps, unc, draws=4000, seed=3)
    band = odds.band
    assert band.anywhere_low < odds.anywhere < band.anywhere_high
    assert band.anywhere_low <= band.anywhere_median <= band.anywhere_high
    assert (band.draws, band.seed, band.percent) == (4000, 3, 90.0)
    assert match_odds(ps, unc, draws=4000, seed=3).band == band
    assert match_odds(ps, [0.0, 0.0, 0.0]).band is None


def test_monte_carlo_defaults_come_from_the_settings():
    band = match_odds([0.5], [0.1]).band
    s = settings()
    assert (band.draws, band.seed, band.percent) == (
        s["odds.draws"], s["odds.seed"], s["odds.band_percent"])


def test_default_probability_from_tier():
    s = settings()
    assert [default_probability(t, s) for t in ("Reach", "Target", "Safety", None)] == [
        0.15, 0.35, 0.6, 0.0]
    assert default_probability("Reach", settings(odds__reach=0.2)) == 0.2
