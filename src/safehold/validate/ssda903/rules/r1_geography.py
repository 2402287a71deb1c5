"""Rules 164, 169 and 179: where a placement is, derived from the placement postcode.

``PL_LA``, ``PL_LOCATION`` and ``PL_DISTANCE`` are not in the return: they are derived from the
home and placement postcodes (see :func:`episodes_with_geography`), so a missing value means a
postcode that is missing or not known. Short-break episodes (LS V3/V4) need no placement postcode.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import CHILD, geography, ssda903_rule

SHORT_BREAKS = ("V3", "V4")


def _not_short_break() -> pl.Expr:
    return ~pl.col("LS").is_in(SHORT_BREAKS).fill_null(False)


def _uasc_children(ctx: Context) -> pl.DataFrame:
    """Children who are or were unaccompanied asylum seekers: in this year's UASC table or,
    when last year's return is given, in last year's."""
    frames = [ctx.table("UASC").select(CHILD)]
    if ctx.has_previous() and "UASC" in (ctx.dataset.previous or {}):
        frames.append(ctx.previous("UASC").select(CHILD))
    return pl.concat(frames).drop_nulls().unique()


@ssda903_rule(
    "164",
    severity="query",
    message=(
        "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This "
        "check will result in false positives for children formerly UASC not identified as such "
        "in loaded data]"
    ),
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST", "LS"],
    since=2025,
    needs=["postcodes"],
)
def placement_distance_valid(ctx: Context) -> pl.DataFrame:
    """A home-to-placement distance, where both postcodes give one, must be between 0 and
    999.9 miles, except for short breaks and for (formerly) unaccompanied asylum-seeking
    children. A distance that cannot be worked out at all is rule 392a's business."""
    episodes = geography(ctx).join(_uasc_children(ctx), on=CHILD, how="anti")
    distance = pl.col("PL_DISTANCE")
    out_of_range = distance.is_not_null() & ((distance < 0) | (distance > 999.9))
    return episodes.filter(_not_short_break() & out_of_range)


@ssda903_rule(
    "169",
    severity="query",
    message=(
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid "
        "postcode has been entered."
    ),
    tables=["Episodes"],
    fields=["PL_POST", "LS"],
    since=2025,
    needs=["postcodes"],
)
def placement_la_known(ctx: Context) -> pl.DataFrame:
    episodes = geography(ctx)
    return episodes.filter(_not_short_break() & pl.col("PL_LA").is_null())


@ssda903_rule(
    "179",
    severity="error",
    message="Placement location code is not a valid code.",
    tables=["Episodes"],
    fields=["PL_POST", "LS"],
    since=2025,
    needs=["postcodes", "local_authority"],
)
def placement_location_known(ctx: Context) -> pl.DataFrame:
    """Whether the placement is in or out of the authority's area must be derivable."""
    episodes = geography(ctx)
    return episodes.filter(_not_short_break() & pl.col("PL_LOCATION").is_null())
