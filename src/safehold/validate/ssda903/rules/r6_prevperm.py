"""Previous permanence rules (630-635): the permanence arrangement a child had before care.

``DATE_PERM`` may hide an unknown day, month or year as ``ZZ``, ``ZZ`` or ``ZZZZ`` (so the table
keeps it as text). Such a date is read as the latest day it could be, so that comparing it with
the start of care never flags a date that might be right.
"""

from __future__ import annotations

import datetime as dt

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import (
    CHILD,
    any_present,
    first_episodes,
    not_valid_code,
    ssda903_rule,
)
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

PERMANENCE_FIELDS = ("PREV_PERM", "LA_PERM", "DATE_PERM")
#: Rule 634: previous permanence is only asked of children who started care from this date.
PREVIOUS_PERMANENCE_FROM = dt.date(2016, 4, 1)


def _part(parts: pl.Expr, index: int) -> pl.Expr:
    return parts.list.get(index, null_on_oob=True)


def partial_date_valid(column: str) -> pl.Expr:
    """True where ``column`` is a ``DD/MM/YYYY`` date, any part of which may be ZZ (or ZZZZ)."""
    parts = pl.col(column).str.split("/")
    day, month, year = _part(parts, 0), _part(parts, 1), _part(parts, 2)
    shaped = (
        (parts.list.len() == 3)
        & ((day == "ZZ") | day.str.contains(r"^\d{2}$"))
        & ((month == "ZZ") | month.str.contains(r"^\d{2}$"))
        & ((year == "ZZZZ") | year.str.contains(r"^\d{4}$"))
    )
    # A leap year stands in for an unknown year, so 29/02/ZZZZ is a possible date.
    probe = pl.concat_str(
        pl.when(day == "ZZ").then(pl.lit("01")).otherwise(day),
        pl.when(month == "ZZ").then(pl.lit("01")).otherwise(month),
        pl.when(year == "ZZZZ").then(pl.lit("2000")).otherwise(year),
        separator="/",
    ).str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    return (shaped & probe.is_not_null()).fill_null(False)


def partial_date_latest(column: str) -> pl.Expr:
    """The latest date a valid ``column`` could be; null when the year is unknown or invalid."""
    parts = pl.col(column).str.split("/")
    day, month, year = _part(parts, 0), _part(parts, 1), _part(parts, 2)
    first_of_month = pl.concat_str(
        pl.lit("01"),
        pl.when(month == "ZZ").then(pl.lit("12")).otherwise(month),
        year,
        separator="/",
    ).str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    exact = pl.col(column).str.strptime(pl.Date, "%d/%m/%Y", strict=False)
    latest = pl.when(day == "ZZ").then(first_of_month.dt.month_end()).otherwise(exact)
    return pl.when(partial_date_valid(column) & (year != "ZZZZ")).then(latest)


@ssda903_rule(
    "630",
    severity="error",
    message=MESSAGES["630"],
    tables=["Episodes"],
    fields=["RNE"],
    since=2025,
)
def previous_permanence_returned(ctx: Context) -> pl.DataFrame:
    """A child who started care in the year (RNE S) needs PREV_PERM, and unless it is Z1 (none)
    the date of the order and the authority that arranged it."""
    starts = ctx.table("Episodes").filter(
        (pl.col("RNE") == "S")
        & pl.col("DECOM").is_between(ctx.collection_start, ctx.collection_end)
    )
    perm = ctx.table("PrevPerm").select(CHILD, *PERMANENCE_FIELDS).unique(CHILD, keep="first")
    joined = starts.join(perm, on=CHILD, how="left")
    return joined.filter(
        pl.col("PREV_PERM").is_null()
        | (
            (pl.col("PREV_PERM") != "Z1")
            & (pl.col("LA_PERM").is_null() | pl.col("DATE_PERM").is_null())
        )
    )


@ssda903_rule(
    "631",
    severity="error",
    message=MESSAGES["631"],
    tables=["PrevPerm"],
    fields=["PREV_PERM"],
    since=2025,
)
def previous_permanence_code_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("PrevPerm").filter(
        not_valid_code("PREV_PERM", ctx.codes("previous_permanence"), blank_ok=True)
    )


@ssda903_rule(
    "632",
    severity="error",
    message=MESSAGES["632"],
    tables=["PrevPerm", "Episodes"],
    fields=["DATE_PERM", "DECOM"],
    since=2025,
)
def previous_permanence_date_valid(ctx: Context) -> dict[str, pl.DataFrame]:
    """DATE_PERM, if given, must be a date (ZZ parts allowed) before the child's first DECOM."""
    first = first_episodes(ctx).select(
        CHILD, pl.col("_row").alias("_eps_row"), pl.col("DECOM").alias("_decom")
    )
    perm = ctx.table("PrevPerm").filter(pl.col("DATE_PERM").is_not_null())
    joined = perm.join(first, on=CHILD, how="left").with_columns(
        partial_date_valid("DATE_PERM").alias("_valid"),
        partial_date_latest("DATE_PERM").alias("_latest"),
    )
    not_before = (pl.col("_latest") >= pl.col("_decom")).fill_null(False)
    failing = joined.filter(~pl.col("_valid") | not_before)
    return {
        "PrevPerm": failing,
        "Episodes": failing.filter(not_before).select(pl.col("_eps_row").alias("_row")),
    }


@ssda903_rule(
    "633",
    severity="error",
    message=MESSAGES["633"],
    tables=["PrevPerm"],
    fields=["LA_PERM"],
    since=2025,
)
def previous_permanence_authority_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("PrevPerm").filter(
        not_valid_code("LA_PERM", ctx.codes("la_code"), blank_ok=True)
    )


@ssda903_rule(
    "634",
    severity="error",
    message=MESSAGES["634"],
    tables=["PrevPerm", "Episodes"],
    fields=["LA_PERM", "PREV_PERM", "DATE_PERM", "DECOM"],
    since=2025,
)
def previous_permanence_only_for_recent_starters(ctx: Context) -> dict[str, pl.DataFrame]:
    """Previous permanence is only returned for a child with an episode starting on or after
    1 April 2016; a child with no episodes at all is rule 1012's concern."""
    episodes = ctx.table("Episodes").filter(pl.col(CHILD).is_not_null())
    latest = episodes.group_by(CHILD).agg(pl.col("DECOM").max().alias("_latest"))
    old = latest.filter(pl.col("_latest") < PREVIOUS_PERMANENCE_FROM)
    failing = (
        ctx.table("PrevPerm")
        .filter(any_present(PERMANENCE_FIELDS))
        .join(old.select(CHILD), on=CHILD, how="semi")
    )
    return {
        "PrevPerm": failing,
        "Episodes": episodes.join(failing.select(CHILD), on=CHILD, how="semi"),
    }


@ssda903_rule(
    "635",
    severity="error",
    message=MESSAGES["635"],
    tables=["PrevPerm"],
    fields=["LA_PERM", "DATE_PERM", "PREV_PERM"],
    since=2025,
)
def no_order_details_without_permanence(ctx: Context) -> pl.DataFrame:
    """A date of order or an authority needs a previous permanence option other than Z1 (none):
    a blank option is read the same as Z1."""
    return ctx.table("PrevPerm").filter(
        (pl.col("LA_PERM").is_not_null() | pl.col("DATE_PERM").is_not_null())
        & (pl.col("PREV_PERM").is_null() | (pl.col("PREV_PERM") == "Z1"))
    )
