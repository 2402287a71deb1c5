"""Rules 302, 352–357, 385 and 388: when episodes start and end, and how they follow on."""

from __future__ import annotations

import datetime as dt
from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import birthday
from safehold.validate.ssda903.rules.r2__helpers import (
    HEADER_ROW,
    episodes_in_order,
    rows_of,
    with_header,
    with_neighbours,
)

ssda903_rule = partial(rule, return_name="ssda903")

#: The Children Act 1989 came into force on 14 October 1991; no episode can start before it.
CHILDREN_ACT_START = dt.date(1991, 10, 14)


@ssda903_rule(
    "302",
    severity="error",
    message="First episode starts before child was born.",
    tables=["Episodes", "Header"],
    fields=["DECOM", "DOB"],
    since=2025,
)
def first_episode_after_birth(ctx: Context) -> dict[str, pl.DataFrame]:
    first = episodes_in_order(ctx).filter(pl.col("DECOM").is_not_null() & (pl.col("_seq") == 0))
    merged = with_header(ctx, first, ["DOB"]).filter(pl.col("DECOM") < pl.col("DOB"))
    return rows_of(merged, {"Episodes": ROW, "Header": HEADER_ROW})


@ssda903_rule(
    "352",
    severity="error",
    message="Child who started to be looked after was aged 18 or over.",
    tables=["Episodes"],
    fields=["DECOM", "RNE"],
    since=2025,
)
def started_care_under_18(ctx: Context) -> pl.DataFrame:
    episodes = with_header(ctx, ctx.table("Episodes"), ["DOB"])
    return episodes.filter(
        (pl.col("RNE") == "S") & (pl.col("DECOM") >= birthday(pl.col("DOB"), 18))
    )


@ssda903_rule(
    "353",
    severity="error",
    message="No episode submitted can start before 14 October 1991.",
    tables=["Episodes"],
    fields=["DECOM"],
    since=2025,
)
def started_after_children_act(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(pl.col("DECOM") < CHILDREN_ACT_START)


@ssda903_rule(
    "354",
    severity="error",
    message="Date episode ceased must be on or before the end of the current collection year.",
    tables=["Episodes"],
    fields=["DECOM"],
    since=2025,
)
def started_by_year_end(ctx: Context) -> pl.DataFrame:
    """The DfE's message speaks of the date ceased, but the rule is on DECOM (385 checks DEC):
    no episode in the return can start after the year ends."""
    return ctx.table("Episodes").filter(pl.col("DECOM") > ctx.collection_end)


@ssda903_rule(
    "355",
    severity="query",
    message="Episode appears to have lasted for less than 24 hours",
    tables=["Episodes"],
    fields=["DECOM", "DEC"],
    since=2025,
)
def lasted_a_day(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(pl.col("DECOM") == pl.col("DEC"))


@ssda903_rule(
    "356",
    severity="error",
    message="The date the episode ceased is before the date the same episode started.",
    tables=["Episodes"],
    fields=["DECOM", "DEC"],
    since=2025,
)
def ceased_after_start(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(pl.col("DEC") < pl.col("DECOM"))


@ssda903_rule(
    "357",
    severity="error",
    message=(
        "If this is the first episode ever for this child, reason for new episode must be S.  "
        "Check whether there is an episode immediately preceding this one, which has been left "
        "out.  If not the reason for new episode code must be amended to S."
    ),
    tables=["Episodes"],
    fields=["RNE"],
    since=2025,
)
def first_episode_starts_care(ctx: Context) -> pl.DataFrame:
    """A child's earliest episode, if it starts within the year (so no earlier one is missing
    from the return), must start a period of care."""
    first = episodes_in_order(ctx).filter(pl.col("DECOM").is_not_null() & (pl.col("_seq") == 0))
    return first.filter(
        (pl.col("DECOM") >= ctx.collection_start) & pl.col("RNE").ne_missing(pl.lit("S"))
    )


@ssda903_rule(
    "385",
    severity="error",
    message="Date episode ceased must be on or before the end of the current collection year.",
    tables=["Episodes"],
    fields=["DEC"],
    since=2025,
)
def ceased_by_year_end(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(pl.col("DEC") > ctx.collection_end)


@ssda903_rule(
    "388",
    severity="error",
    message=(
        "Reason episode ceased is coded new episode begins, but there is no continuation episode."
    ),
    tables=["Episodes"],
    fields=["REC"],
    since=2025,
)
def new_episode_follows_x1(ctx: Context) -> pl.DataFrame:
    """``X1`` (a new episode begins) must be followed by an episode starting the day this one
    ends; any other reason must not be (the next episode would continue the period of care).

    An episode that has not ceased is left to the rules on missing dates.
    """
    episodes = with_neighbours(episodes_in_order(ctx), ["DECOM"], after=1)
    ceased = pl.col("DEC").is_not_null()
    has_next = pl.col("DECOM_next").is_not_null()
    continues = has_next & (pl.col("DEC") == pl.col("DECOM_next"))
    is_x1 = pl.col("REC") == "X1"
    other_reason = pl.col("REC").is_not_null() & ~is_x1
    return episodes.filter(
        ceased & ((is_x1 & ~continues.fill_null(False)) | (other_reason & continues))
    )
