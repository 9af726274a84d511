"""US Census region of a program, from its state."""

from __future__ import annotations

import polars as pl

from scoring.lookup import lookup
from registry.choices import US_STATES

# US Census Bureau regions. Puerto Rico belongs to none, so its region stays unknown.
CENSUS_REGIONS: dict[str, tuple[str, ...]] = {
    "Northeast": ("CT", "ME", "MA", "NH", "RI", "VT", "NJ", "NY", "PA"),
    "Midwest": ("IL", "IN", "MI", "OH", "WI", "IA", "KS", "MN", "MO", "NE", "ND", "SD"),
    "South": ("DE", "DC", "FL", "GA", "MD", "NC", "SC", "VA", "WV", "AL", "KY", "MS", "TN",
              "AR", "LA", "OK", "TX"),
    "West": ("AZ", "CO", "ID", "MT", "NV", "NM", "UT", "WY", "AK", "CA", "HI", "OR", "WA"),
}
_STATE_REGION = {state: region for region, states in CENSUS_REGIONS.items() for state in states}


def columns() -> dict[str, pl.Expr]:
    return {"region": lookup("state", US_STATES, _STATE_REGION, pl.String())}


def why() -> dict[str, pl.Expr]:
    return {"region": pl.when(pl.col("region").is_not_null())
            .then(pl.format("{} is in the {} Census region.", pl.col("state"), pl.col("region")))
            .when(pl.col("state").is_null())
            .then(pl.lit("State unknown, so the region is unknown."))
            .otherwise(pl.format("{} is in no US Census region.", pl.col("state")))}
