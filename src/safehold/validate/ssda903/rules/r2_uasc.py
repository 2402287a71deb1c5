"""Rules 205A–205D, 231, 303 and 304: unaccompanied asylum-seeking children (UASC).

A child is UASC in a year when that year's UASC table has a row for them; ``DUC`` is the date
UASC status ceased, which for a child still UASC is their 18th birthday (so the dates of two
consecutive years can be checked against each other).
"""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import CannotRun, Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import birthday
from safehold.validate.ssda903.rules.r2__helpers import (
    HEADER_ROW,
    rows_of,
    uasc_children,
    with_header,
)

ssda903_rule = partial(rule, return_name="ssda903")

UASC_ROW = "_row_uasc"

_NO_STATUS_FLAG = (
    "the SSDA903 tables record UASC status only as a row in the UASC table, so a date UASC "
    "ceased given for a child who is not UASC cannot be told apart from one who is"
)


def _last_year_uasc(ctx: Context) -> pl.DataFrame:
    """Last year's UASC rows: ``CHILD``, ``DUC_last`` and the 18th birthday ``DOB18_last``."""
    return (
        ctx.previous("UASC")
        .filter(pl.col("CHILD").is_not_null())
        .unique(subset="CHILD", keep="first", maintain_order=True)
        .select(
            "CHILD",
            pl.col("DUC").alias("DUC_last"),
            birthday(pl.col("DOB"), 18).alias("DOB18_last"),
        )
    )


def _this_year_uasc(ctx: Context) -> pl.DataFrame:
    return ctx.table("UASC").rename({ROW: UASC_ROW})


@ssda903_rule(
    "205A",
    severity="error",
    message=(
        "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in "
        "both years does not support this."
    ),
    tables=["Header", "UASC"],
    fields=["CHILD"],
    since=2025,
    needs=["previous"],
)
def uasc_ceased_last_year(ctx: Context) -> pl.DataFrame:
    """UASC last year but not this year: status must have ceased within last year's period."""
    start, end = ctx.collection_start, ctx.collection_end
    last_start = start.replace(year=start.year - 1)
    last_end = end.replace(year=end.year - 1)
    ceased_last_year = pl.col("DUC_last").is_between(last_start, last_end).fill_null(False)
    return (
        ctx.table("Header")
        .join(_last_year_uasc(ctx), on="CHILD", how="inner")
        .join(uasc_children(ctx.table("UASC")), on="CHILD", how="anti")
        .filter(~ceased_last_year)
    )


@ssda903_rule(
    "205B",
    severity="error",
    message=(
        "Child previously identified as UASC is also UASC this year, but date UASC ceased in both "
        "years does not support this."
    ),
    tables=["UASC", "Header"],
    fields=["DUC"],
    since=2025,
    needs=["previous"],
)
def uasc_both_years(ctx: Context) -> dict[str, pl.DataFrame]:
    """UASC both years: last year's DUC was the 18th birthday (status had not ceased), and this
    year's DUC either falls in this year (ceased now) or is still that same date."""
    start, end = ctx.collection_start, ctx.collection_end
    last_was_18th = pl.col("DUC_last").eq(pl.col("DOB18_last")).fill_null(False)
    ceased_this_year = pl.col("DUC").is_between(start, end).fill_null(False)
    unchanged = pl.col("DUC").eq(pl.col("DUC_last")).fill_null(False)
    merged = with_header(
        ctx, _this_year_uasc(ctx).join(_last_year_uasc(ctx), on="CHILD", how="inner"), []
    ).filter(~last_was_18th | ~(ceased_this_year | unchanged))
    return rows_of(merged, {"UASC": UASC_ROW, "Header": HEADER_ROW})


@ssda903_rule(
    "205C",
    severity="error",
    message=(
        "Child not identified as UASC either this year or last year but date UASC ceased has been "
        "provided."
    ),
    tables=["UASC", "Header"],
    fields=["DUC"],
    since=2025,
    needs=["previous"],
)
def duc_without_uasc(ctx: Context) -> None:
    raise CannotRun(_NO_STATUS_FLAG)


@ssda903_rule(
    "205D",
    severity="error",
    message=(
        "Child identified as UASC this year but not identified as UASC status provided for the "
        "child last year."
    ),
    tables=["Header", "UASC"],
    fields=["CHILD"],
    since=2025,
    needs=["previous"],
)
def uasc_new_this_year(ctx: Context) -> dict[str, pl.DataFrame]:
    """In last year's return as well, and UASC this year but not last year."""
    in_last_year = ctx.previous("Header").select("CHILD").drop_nulls().unique()
    merged = with_header(
        ctx,
        _this_year_uasc(ctx)
        .join(in_last_year, on="CHILD", how="semi")
        .join(uasc_children(ctx.previous("UASC")), on="CHILD", how="anti"),
        [],
    )
    return rows_of(merged, {"Header": HEADER_ROW, "UASC": UASC_ROW})


@ssda903_rule(
    "231",
    severity="query",
    message=(
        "We expect that unaccompanied asylum seeking children are generally older young people. "
        "Please check the date of birth is correct. If the date of birth is correct then please "
        "provide details in a bypass request."
    ),
    tables=["Header"],
    fields=["DOB"],
    since=2025,
)
def uasc_under_11(ctx: Context) -> pl.DataFrame:
    """A UASC child (a UASC row this year) under 11 at the end of the year."""
    eleventh_birthday = birthday(pl.col("DOB"), 11)
    return (
        ctx.table("Header")
        .join(uasc_children(ctx.table("UASC")), on="CHILD", how="semi")
        .filter(eleventh_birthday > ctx.collection_end)
    )


@ssda903_rule(
    "303",
    severity="error",
    message=(
        "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status "
        "must be coded 1."
    ),
    tables=["UASC", "Header"],
    fields=["DUC"],
    since=2025,
)
def duc_needs_uasc_status(ctx: Context) -> None:
    raise CannotRun(_NO_STATUS_FLAG)


@ssda903_rule(
    "304",
    severity="error",
    message=(
        "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the "
        "18th birthday of a child."
    ),
    tables=["UASC"],
    fields=["DUC"],
    since=2025,
)
def duc_by_18th_birthday(ctx: Context) -> pl.DataFrame:
    return ctx.table("UASC").filter(pl.col("DUC") > birthday(pl.col("DOB"), 18))
