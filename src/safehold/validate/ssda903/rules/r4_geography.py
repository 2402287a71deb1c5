"""SSDA903 rules on where a child is placed: the derived placement LA, location and distance
(rules 406 to 454, and 503G, 503H and 503J, which compare them with last year's open episode).

All of them read the columns derived from the postcodes (``episodes_with_geography``), so they
need the postcode reference data.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import CHILD, geography, previous_geography, ssda903_rule
from safehold.validate.ssda903.rules.r4__helpers import PRE, open_at_last_year_end, uasc_children

#: A distance that differs by less than this (rounding of the derived value) is the same.
DISTANCE_TOLERANCE = 0.2
#: Placements further from home than this are queried (UASC children have no home postcode).
FAR_MILES = 350
#: The DfE's placeholder for an unknown distance, never itself "far".
UNKNOWN_DISTANCE = 999.9
GEOGRAPHY_FIELDS = ["HOME_POST", "PL_POST"]


def _open_from_last_year(ctx: Context) -> pl.DataFrame:
    return ctx.memo(
        "r4.open_from_last_year_geography",
        lambda: open_at_last_year_end(geography(ctx), previous_geography(ctx)),
    )


def distance_changed(column: str = "PL_DISTANCE") -> pl.Expr:
    """The distance differs from last year's (``<column>_PRE``) beyond rounding, or only one of
    the two is known."""
    now, then = pl.col(column), pl.col(column + PRE)
    differs = (now - then).abs() >= DISTANCE_TOLERANCE
    return differs.fill_null(now.is_null() != then.is_null())


def location_disagrees(episodes: pl.DataFrame, own_la: str) -> pl.DataFrame:
    """Episodes marked as placed inside the authority whose placement LA is another one."""
    return episodes.filter((pl.col("PL_LOCATION") == "IN") & pl.col("PL_LA").ne_missing(own_la))


@ssda903_rule(
    "406",
    severity="error",
    message=(
        "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance "
        "should be blank. [NOTE: This check will result in false negatives for children formerly "
        "UASC not identified as such in loaded data]"
    ),
    tables=["Episodes"],
    fields=GEOGRAPHY_FIELDS,
    since=2025,
    needs=["postcodes"],
)
def uasc_distance_given(ctx: Context) -> pl.DataFrame:
    eps = geography(ctx).join(uasc_children(ctx), on=CHILD, how="semi")
    return eps.filter(pl.col("PL_DISTANCE").is_not_null())


@ssda903_rule(
    "411",
    severity="error",
    message="Placement location code disagrees with LA of placement.",
    tables=["Episodes"],
    fields=["PL_POST"],
    since=2025,
    needs=["postcodes", "local_authority"],
)
def location_disagrees_with_la(ctx: Context) -> pl.DataFrame:
    own = ctx.reference.local_authority or ""
    return location_disagrees(geography(ctx), own)


@ssda903_rule(
    "420",
    severity="error",
    message="LA of placement completed but child is looked after under legal status V3 or V4.",
    tables=["Episodes"],
    fields=["LS", "PL_POST"],
    since=2025,
    needs=["postcodes"],
)
def short_break_with_placement_la(ctx: Context) -> pl.DataFrame:
    short_breaks = sorted(ctx.codes("short_breaks_legal_status"))
    eps = geography(ctx)
    return eps.filter(pl.col("LS").is_in(short_breaks) & pl.col("PL_LA").is_not_null())


@ssda903_rule(
    "452",
    severity="error",
    message=(
        "Contradiction between local authority of placement code in the last episode of the "
        "previous year and in the first episode of the current year."
    ),
    tables=["Episodes"],
    fields=["PL_POST"],
    since=2025,
    needs=["previous", "postcodes"],
)
def placement_la_differs_from_last_year(ctx: Context) -> pl.DataFrame:
    first = _open_from_last_year(ctx)
    same_episode = pl.col("RNE").eq_missing(pl.col("RNE" + PRE))
    return first.filter(same_episode & pl.col("PL_LA").ne_missing(pl.col("PL_LA" + PRE)))


@ssda903_rule(
    "453",
    severity="error",
    message=(
        "Contradiction between placement distance in the last episode of the previous year and "
        "in the first episode of the current year."
    ),
    tables=["Episodes"],
    fields=GEOGRAPHY_FIELDS,
    since=2025,
    needs=["previous", "postcodes"],
)
def distance_differs_from_last_year(ctx: Context) -> pl.DataFrame:
    first = _open_from_last_year(ctx)
    same_episode = pl.col("RNE").eq_missing(pl.col("RNE" + PRE))
    return first.filter(same_episode & distance_changed())


@ssda903_rule(
    "454",
    severity="query",
    message=(
        "Placement distance from home is over 350 miles. [NOTE: This check will result in false "
        "positives for children formerly UASC not identified as such in loaded data]"
    ),
    tables=["Episodes"],
    fields=GEOGRAPHY_FIELDS,
    since=2026,
    needs=["postcodes"],
)
def placement_far_from_home(ctx: Context) -> pl.DataFrame:
    eps = geography(ctx)
    distance = pl.col("PL_DISTANCE")
    return eps.filter((distance > FAR_MILES) & (distance != UNKNOWN_DISTANCE))


@ssda903_rule(
    "503G",
    severity="error",
    message="The distance in first episode does not match open episode at end of last year.",
    tables=["Episodes"],
    fields=GEOGRAPHY_FIELDS,
    since=2025,
    needs=["previous", "postcodes"],
)
def first_distance_differs(ctx: Context) -> pl.DataFrame:
    return _open_from_last_year(ctx).filter(distance_changed())


@ssda903_rule(
    "503H",
    severity="error",
    message="The placement LA in first episode does not match open episode at end of last year.",
    tables=["Episodes"],
    fields=["PL_POST"],
    since=2025,
    needs=["previous", "postcodes"],
)
def first_placement_la_differs(ctx: Context) -> pl.DataFrame:
    first = _open_from_last_year(ctx)
    return first.filter(pl.col("PL_LA").ne_missing(pl.col("PL_LA" + PRE)))


@ssda903_rule(
    "503J",
    severity="error",
    message=(
        "The placement location in first episode does not match open episode at end of last year."
    ),
    tables=["Episodes"],
    fields=["PL_POST"],
    since=2025,
    needs=["previous", "postcodes", "local_authority"],
)
def first_location_differs(ctx: Context) -> pl.DataFrame:
    first = _open_from_last_year(ctx)
    return first.filter(pl.col("PL_LOCATION").ne_missing(pl.col("PL_LOCATION" + PRE)))
