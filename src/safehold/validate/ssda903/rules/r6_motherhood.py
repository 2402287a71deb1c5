"""Motherhood rules (607-628): the MOTHER flag and the date of birth of the mother's first child.

From 2024/25 SEX is ``M``/``F``/``U``, so "the child is female" is ``SEX == "F"``.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import (
    CHILD,
    any_present,
    birthday,
    last_episodes,
    ssda903_rule,
)
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

FEMALE = "F"
CARE_LEAVER_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")


@ssda903_rule(
    "607",
    severity="error",
    message=MESSAGES["607"],
    tables=["Episodes", "Header"],
    fields=["DEC", "REC", "MOTHER", "LS", "SEX"],
    since=2025,
)
def mother_given_when_girl_leaves_care(ctx: Context) -> dict[str, pl.DataFrame]:
    """A girl who ceased to be looked after in the year (REC other than X1, not on short breaks)
    must have MOTHER completed."""
    episodes = ctx.table("Episodes")
    header = ctx.table("Header")
    ceased = episodes.filter(
        pl.col("DEC").is_not_null()
        & pl.col("REC").is_not_null()
        & (pl.col("REC") != "X1")
        & ~pl.col("LS").is_in(sorted(ctx.codes("short_breaks_legal_status"))).fill_null(False)
        & pl.col("DEC").is_between(ctx.collection_start, ctx.collection_end)
    )
    girls = header.filter((pl.col("SEX") == FEMALE) & pl.col("MOTHER").is_null())
    failing = ceased.join(girls.select(CHILD), on=CHILD, how="semi")
    return {
        "Episodes": failing,
        "Header": girls.join(failing.select(CHILD), on=CHILD, how="semi"),
    }


@ssda903_rule(
    "611",
    severity="error",
    message=MESSAGES["611"],
    tables=["Header"],
    fields=["MOTHER", "MC_DOB"],
    since=2025,
)
def mother_has_child_dob(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter((pl.col("MOTHER") == "1") & pl.col("MC_DOB__text").is_null())


@ssda903_rule(
    "612",
    severity="error",
    message=MESSAGES["612"],
    tables=["Header"],
    fields=["SEX", "MOTHER", "MC_DOB"],
    since=2025,
)
def child_dob_only_for_mothers(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter(
        (pl.col("MOTHER").is_null() | (pl.col("MOTHER") == "0"))
        & (pl.col("SEX") == FEMALE)
        & pl.col("MC_DOB__text").is_not_null()
    )


@ssda903_rule(
    "620",
    severity="error",
    message=MESSAGES["620"],
    tables=["Header"],
    fields=["DOB", "MOTHER"],
    since=2025,
)
def mother_at_least_eleven(ctx: Context) -> pl.DataFrame:
    """A mother must have turned 11 by the start of the collection year."""
    return ctx.table("Header").filter(
        (pl.col("MOTHER") == "1") & (birthday("DOB", 11) > ctx.collection_start)
    )


@ssda903_rule(
    "621",
    severity="error",
    message=MESSAGES["621"],
    tables=["Header"],
    fields=["DOB", "MC_DOB"],
    since=2025,
)
def mother_older_than_her_child(ctx: Context) -> pl.DataFrame:
    return ctx.table("Header").filter(pl.col("MC_DOB") <= pl.col("DOB"))


@ssda903_rule(
    "624",
    severity="error",
    message=MESSAGES["624"],
    tables=["Header"],
    fields=["MC_DOB"],
    since=2025,
    needs=["previous"],
)
def child_dob_matches_last_year(ctx: Context) -> pl.DataFrame:
    """Where last year gave the first child's date of birth, this year must give the same date.

    Dates are compared as dates where both parse, otherwise as the text given.
    """
    last = ctx.previous("Header").select(
        CHILD, pl.col("MC_DOB").alias("_last"), pl.col("MC_DOB__text").alias("_last_text")
    )
    joined = ctx.table("Header").join(last.unique(CHILD, keep="first"), on=CHILD, how="inner")
    same = (
        pl.when(pl.col("MC_DOB").is_not_null() & pl.col("_last").is_not_null())
        .then(pl.col("MC_DOB") == pl.col("_last"))
        .otherwise(pl.col("MC_DOB__text").eq_missing(pl.col("_last_text")))
    )
    return joined.filter(pl.col("_last_text").is_not_null() & ~same)


@ssda903_rule(
    "625",
    severity="error",
    message=MESSAGES["625"],
    tables=["Header", "Episodes"],
    fields=["MC_DOB", "DEC"],
    since=2025,
)
def child_dob_not_after_year_or_leaving(ctx: Context) -> dict[str, pl.DataFrame]:
    """MC_DOB must not be after 31 March, nor after the DEC of the child's latest episode."""
    header = ctx.table("Header").filter(pl.col("MC_DOB").is_not_null())
    latest = last_episodes(ctx).select(
        CHILD, pl.col("_row").alias("_eps_row"), pl.col("DEC").alias("_dec")
    )
    joined = header.join(latest, on=CHILD, how="left")
    after_year = pl.col("MC_DOB") > ctx.collection_end
    after_leaving = (pl.col("MC_DOB") > pl.col("_dec")).fill_null(False)
    failing = joined.filter(after_year | after_leaving)
    return {
        "Header": failing,
        "Episodes": failing.filter(after_leaving).select(pl.col("_eps_row").alias("_row")),
    }


@ssda903_rule(
    "626",
    severity="error",
    message=MESSAGES["626"],
    tables=["Header"],
    fields=["MOTHER", "MC_DOB"],
    since=2025,
    needs=["previous"],
)
def new_mother_child_born_this_year(ctx: Context) -> pl.DataFrame:
    """A child who was not a mother last year, and is one now, had her first child this year."""
    last = ctx.previous("Header").select(CHILD, pl.col("MOTHER").alias("_last_mother"))
    joined = ctx.table("Header").join(last.unique(CHILD, keep="first"), on=CHILD, how="inner")
    return joined.filter(
        (pl.col("MOTHER") == "1")
        & (pl.col("_last_mother") == "0")
        & (pl.col("MC_DOB") < ctx.collection_start)
    )


@ssda903_rule(
    "628",
    severity="error",
    message=MESSAGES["628"],
    tables=["Header"],
    fields=["MOTHER"],
    since=2025,
)
def no_motherhood_for_care_leavers_only(ctx: Context) -> pl.DataFrame:
    """A care leaver with no episode this year (an OC3-only child) needs no MOTHER."""
    care_leavers = ctx.table("OC3").filter(any_present(CARE_LEAVER_FIELDS))
    return (
        ctx.table("Header")
        .filter(pl.col("MOTHER").is_not_null())
        .join(ctx.table("Episodes").select(CHILD), on=CHILD, how="anti")
        .join(care_leavers.select(CHILD), on=CHILD, how="semi")
    )
