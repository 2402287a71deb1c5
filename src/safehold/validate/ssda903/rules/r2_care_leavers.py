"""Rules 215, 344, 345, 347, 348 and 391: care leavers (OC3) and what goes with them."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import birthday
from safehold.validate.ssda903.rules.r2__helpers import rows_of

ssda903_rule = partial(rule, return_name="ssda903")

CARE_LEAVER_ITEMS = ["IN_TOUCH", "ACTIV", "ACCOM"]
#: OC2 items for children looked after for 12 months (not SDQ, which 215 does not cover).
TWELVE_MONTH_ITEMS = [
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
]
#: Care leaver accommodation codes for a Foyer (suitable, not suitable).
FOYER = ["T1", "T2"]


def _any_filled(columns: list[str]) -> pl.Expr:
    return pl.any_horizontal(pl.col(c).is_not_null() for c in columns)


@ssda903_rule(
    "215",
    severity="error",
    message=(
        "Child has care leaver information but one or more data items relating to children "
        "looked after for 12 months have been completed."
    ),
    tables=["OC3", "OC2"],
    fields=[*CARE_LEAVER_ITEMS, *TWELVE_MONTH_ITEMS],
    since=2025,
)
def care_leaver_or_twelve_months(ctx: Context) -> dict[str, pl.DataFrame]:
    oc3 = ctx.table("OC3").filter(_any_filled(CARE_LEAVER_ITEMS))
    oc2 = (
        ctx.table("OC2")
        .filter(_any_filled(TWELVE_MONTH_ITEMS))
        .select("CHILD", pl.col(ROW).alias("_row_oc2"))
    )
    merged = oc3.join(oc2, on="CHILD", how="inner")
    return rows_of(merged, {"OC3": ROW, "OC2": "_row_oc2"})


@ssda903_rule(
    "344",
    severity="error",
    message=(
        "The record shows the young person has died or returned home to live with parent(s) or "
        "someone with parental responsibility for a continuous period of 6 months or more, but "
        "activity and/or accommodation on leaving care have been completed."
    ),
    tables=["OC3"],
    fields=["IN_TOUCH", "ACTIV", "ACCOM"],
    since=2025,
)
def nothing_more_after_death_or_return_home(ctx: Context) -> pl.DataFrame:
    """DIED and RHOM take activity and accommodation ``0``; any other value is completed."""
    completed = (pl.col("ACTIV").ne(pl.lit("0")) | pl.col("ACCOM").ne(pl.lit("0"))).fill_null(False)
    return ctx.table("OC3").filter(pl.col("IN_TOUCH").is_in(["DIED", "RHOM"]) & completed)


@ssda903_rule(
    "345",
    severity="error",
    message=(
        "The data collection record shows the local authority is in touch with this young "
        "person, but activity and/or accommodation data items are zero."
    ),
    tables=["OC3"],
    fields=["IN_TOUCH", "ACTIV", "ACCOM"],
    since=2025,
)
def in_touch_has_activity_and_accommodation(ctx: Context) -> pl.DataFrame:
    return ctx.table("OC3").filter(
        (pl.col("IN_TOUCH") == "YES") & ((pl.col("ACTIV") == "0") | (pl.col("ACCOM") == "0"))
    )


@ssda903_rule(
    "347",
    severity="error",
    message="Care leavers aged under 18 years, can not be accommodated in a Foyer.",
    tables=["OC3"],
    fields=["ACCOM", "DOB"],
    since=2025,
)
def no_foyer_under_18(ctx: Context) -> pl.DataFrame:
    """Care leaver information is recorded at the birthday in the year, so the young person's
    age then is their age at the end of the year: under 18 means the 18th birthday falls
    after 31 March. (The community validator compares ACCOM with ``T``, which no code equals.)"""
    return ctx.table("OC3").filter(
        pl.col("ACCOM").is_in(FOYER) & (birthday(pl.col("DOB"), 18) > ctx.collection_end)
    )


@ssda903_rule(
    "348",
    severity="error",
    message="Care leaver has previously been reported as having died.",
    tables=["OC3"],
    fields=["IN_TOUCH"],
    since=2026,
    needs=["previous"],
)
def died_last_year(ctx: Context) -> pl.DataFrame:
    died = ctx.previous("OC3").filter(pl.col("IN_TOUCH") == "DIED").select("CHILD").unique()
    return (
        ctx.table("OC3")
        .join(died, on="CHILD", how="semi")
        .filter(pl.col("IN_TOUCH").ne_missing(pl.lit("DIED")))
    )


@ssda903_rule(
    "391",
    severity="error",
    message="Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
    tables=["OC3"],
    fields=["DOB", "IN_TOUCH", "ACTIV", "ACCOM"],
    since=2025,
)
def care_leaver_aged_17_to_21(ctx: Context) -> pl.DataFrame:
    """Not yet 17 by 31 March, or already 22 on 1 April, yet care leaver items are filled."""
    dob = pl.col("DOB")
    not_yet_17 = birthday(dob, 17) > ctx.collection_end
    already_22 = birthday(dob, 22) <= ctx.collection_start
    return ctx.table("OC3").filter(_any_filled(CARE_LEAVER_ITEMS) & (not_yet_17 | already_22))
