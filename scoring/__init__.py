"""Scoring engine: pure functions from Polars frames to frames (no SQLite, no Textual)."""

from scoring.applicant import AppCount, Rating
from scoring.engine import (ApplicantAssessment, ScoredFrames,
                            balance, rescore_rows, score_all, tier_counts, why, why_frame)
from scoring.odds import MatchOdds, OddsBand, default_probability, match_odds
from scoring.order import Stability, SuggestedEntry, not_suggested, sensitivity, suggested_order
from scoring.tier_balance import BalanceLine

__all__ = [
    "AppCount", "ApplicantAssessment", "BalanceLine",
    "MatchOdds", "OddsBand", "Rating", "ScoredFrames", "Stability", "SuggestedEntry", "balance",
    "default_probability", "match_odds", "not_suggested",
    "rescore_rows", "score_all", "sensitivity", "suggested_order", "tier_counts", "why",
    "why_frame",
]
