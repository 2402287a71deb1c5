"""Rules 361–367 and 399: how long short-lived legal statuses may last, and what short breaks
(V3/V4) rule out."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.rules.r2__helpers import (
    days_after,
    episodes_in_order,
    with_neighbours,
)

ssda903_rule = partial(rule, return_name="ssda903")


def _spells_longer_than(ctx: Context, legal_status: str, days: int) -> pl.DataFrame:
    """Episodes of ``legal_status`` in a spell of it lasting more than ``days`` days.

    A spell is a run of the child's episodes with that status, each starting the day the one
    before ended; its length runs from the first start to the last end (the end of the year
    for an episode still open).
    """
    episodes = with_neighbours(
        episodes_in_order(ctx).filter(pl.col("DECOM").is_not_null()), ["LS", "DEC"], before=1
    ).with_columns(pl.col("DEC").fill_null(ctx.collection_end).alias("_end"))
    status = episodes.filter(pl.col("LS") == legal_status)
    continues = (
        (pl.col("LS_prev") == legal_status) & (pl.col("DEC_prev") == pl.col("DECOM"))
    ).fill_null(False)
    spells = status.with_columns(
        (~continues).cast(pl.Int32).cum_sum().over("CHILD").alias("_spell")
    )
    length = (pl.col("_end").max() - pl.col("DECOM").min()).dt.total_days()
    return spells.filter((length.over("CHILD", "_spell")) > days)


@ssda903_rule(
    "361",
    severity="error",
    message=(
        "Police protection legal status lasted longer than maximum 72 hours allowed in the "
        "Children Act 1989."
    ),
    tables=["Episodes"],
    fields=["DECOM", "LS", "DEC"],
    since=2025,
)
def police_protection_72_hours(ctx: Context) -> pl.DataFrame:
    return _spells_longer_than(ctx, "L1", 3)


@ssda903_rule(
    "362",
    severity="error",
    message="Emergency protection order (EPO) lasted longer than 21 days",
    tables=["Episodes"],
    fields=["DECOM", "LS", "DEC"],
    since=2025,
)
def emergency_protection_21_days(ctx: Context) -> pl.DataFrame:
    return _spells_longer_than(ctx, "L2", 21)


@ssda903_rule(
    "363",
    severity="error",
    message=(
        "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989."
    ),
    tables=["Episodes"],
    fields=["LS", "DECOM", "DEC"],
    since=2025,
)
def assessment_order_7_days(ctx: Context) -> pl.DataFrame:
    return _spells_longer_than(ctx, "L3", 7)


@ssda903_rule(
    "364",
    severity="error",
    message=(
        "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a "
        "child can be detained in custody in Local Authority (LA) accommodation."
    ),
    tables=["Episodes"],
    fields=["LS", "DECOM", "DEC"],
    since=2025,
)
def pace_detention_21_days(ctx: Context) -> pl.DataFrame:
    return _spells_longer_than(ctx, "J2", 21)


@ssda903_rule(
    "365",
    severity="error",
    message="Any individual short- term respite placement must not exceed 17 days.",
    tables=["Episodes"],
    fields=["LS", "DECOM", "DEC"],
    since=2025,
)
def respite_break_17_days(ctx: Context) -> pl.DataFrame:
    """A V3 break still open counts to the end of the year."""
    end = pl.col("DEC").fill_null(ctx.collection_end)
    return ctx.table("Episodes").filter(
        (pl.col("LS") == "V3") & (end > days_after(pl.col("DECOM"), 17))
    )


@ssda903_rule(
    "366",
    severity="error",
    message="A child cannot change placement during the course of an individual short-term "
    "respite break.",
    tables=["Episodes"],
    fields=["RNE"],
    since=2025,
)
def respite_break_starts_care(ctx: Context) -> pl.DataFrame:
    """Each V3 break is its own period of care, so its episode starts one (RNE ``S``)."""
    return ctx.table("Episodes").filter(
        (pl.col("LS") == "V3") & pl.col("RNE").ne_missing(pl.lit("S"))
    )


@ssda903_rule(
    "367",
    severity="error",
    message="The maximum amount of respite care allowable is 75 days in any 12-month period.",
    tables=["Episodes"],
    fields=["LS", "DECOM", "DEC"],
    since=2025,
)
def respite_75_days_a_year(ctx: Context) -> pl.DataFrame:
    """Days of V3 breaks within the collection year, summed per child, must not pass 75."""
    start, end = ctx.collection_start, ctx.collection_end
    breaks = ctx.table("Episodes").filter((pl.col("LS") == "V3") & pl.col("DECOM").is_not_null())
    clipped_start = pl.max_horizontal(pl.col("DECOM"), pl.lit(start))
    clipped_end = pl.min_horizontal(pl.col("DEC").fill_null(end), pl.lit(end))
    days = (clipped_end - clipped_start).dt.total_days()
    counted = breaks.with_columns(days.alias("_days")).filter(pl.col("_days") > 0)
    return counted.filter(pl.col("_days").sum().over("CHILD") > 75)


@ssda903_rule(
    "399",
    severity="error",
    message=(
        "Mother field, review field or participation field are completed but child is looked "
        "after under legal status V3 or V4."
    ),
    tables=["Header", "Reviews", "Episodes"],
    fields=["MOTHER", "LS", "REVIEW", "REVIEW_CODE"],
    since=2025,
)
def short_breaks_only_no_mother_or_reviews(ctx: Context) -> dict[str, pl.DataFrame]:
    """A child looked after only under short breaks (every episode V3/V4) gives no MOTHER and
    no reviews. Flags the filled Header and Reviews rows and the child's episodes."""
    short_breaks = sorted(ctx.codes("short_breaks_legal_status"))
    only_breaks = (
        ctx.table("Episodes")
        .group_by("CHILD")
        .agg(pl.col("LS").is_in(short_breaks).fill_null(False).all().alias("_only"))
        .filter(pl.col("_only"))
        .select("CHILD")
    )
    header = ctx.table("Header").join(only_breaks, on="CHILD", how="semi")
    mothers = header.filter(pl.col("MOTHER").is_not_null())
    reviews = (
        ctx.table("Reviews")
        .join(only_breaks, on="CHILD", how="semi")
        .filter(pl.col("REVIEW__text").is_not_null() | pl.col("REVIEW_CODE").is_not_null())
    )
    children = pl.concat([mothers.select("CHILD"), reviews.select("CHILD")]).unique()
    episodes = ctx.table("Episodes").join(children, on="CHILD", how="semi")
    return {
        "Header": mothers.select(ROW),
        "Reviews": reviews.select(ROW),
        "Episodes": episodes.select(ROW),
    }
