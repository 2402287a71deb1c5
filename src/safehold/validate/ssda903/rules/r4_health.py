"""SSDA903 rules 542 to 547 on the OC2 outcomes: conviction and health items by age at 31 March.

The OC2 items are collected for children looked after continuously for 12 months at 31 March:
convictions from age 10, the health check (health promotion) under age 5.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import birthday, ssda903_rule, with_cla

#: The items every OC2 child with conviction or health-check information must also have.
HEALTH_ITEMS = ["IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE"]


def _aged_at_least(ctx: Context, years: int) -> pl.Expr:
    """The OC2 row's child is at least ``years`` old on 31 March."""
    return birthday("DOB", years) <= ctx.reference_date


def _health_items_incomplete() -> pl.Expr:
    return pl.any_horizontal(pl.col(c).is_null() for c in HEALTH_ITEMS)


@ssda903_rule(
    "542",
    severity="error",
    message="A child aged under 10 at 31 March should not have conviction information completed.",
    tables=["OC2"],
    fields=["DOB", "CONVICTED"],
    since=2025,
)
def conviction_under_10(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(~_aged_at_least(ctx, 10) & pl.col("CONVICTED").is_not_null())


@ssda903_rule(
    "543",
    severity="error",
    message=(
        "Child is aged 10 or over at 31 March and has been looked after continuously for 12 "
        "months yet conviction information has not been completed."
    ),
    tables=["OC2"],
    fields=["DOB", "CONVICTED"],
    since=2025,
)
def conviction_missing(ctx: Context) -> pl.DataFrame:
    oc2 = with_cla(ctx, ctx.table("OC2"))
    return oc2.filter(_aged_at_least(ctx, 10) & pl.col("CLA12") & pl.col("CONVICTED").is_null())


@ssda903_rule(
    "544",
    severity="error",
    message=(
        "Any child who has conviction information completed must also have immunisation, teeth "
        "check, health assessment and substance misuse problem identified fields completed."
    ),
    tables=["OC2"],
    fields=["CONVICTED", *HEALTH_ITEMS],
    since=2025,
)
def conviction_without_health_items(ctx: Context) -> pl.DataFrame:
    # "Completed" means any value given, 0 as much as 1.
    oc2 = ctx.table("OC2")
    return oc2.filter(pl.col("CONVICTED").is_not_null() & _health_items_incomplete())


@ssda903_rule(
    "545",
    severity="error",
    message=(
        "Child is aged under 5 at 31 March and has been looked after continuously for 12 months "
        "yet health promotion information has not been completed."
    ),
    tables=["OC2"],
    fields=["DOB", "HEALTH_CHECK"],
    since=2025,
)
def health_check_missing(ctx: Context) -> pl.DataFrame:
    oc2 = with_cla(ctx, ctx.table("OC2"))
    return oc2.filter(~_aged_at_least(ctx, 5) & pl.col("CLA12") & pl.col("HEALTH_CHECK").is_null())


@ssda903_rule(
    "546",
    severity="error",
    message=(
        "Children aged 5 or over at 31 March should not have health promotion information "
        "completed."
    ),
    tables=["OC2"],
    fields=["DOB", "HEALTH_CHECK"],
    since=2025,
)
def health_check_for_5_and_over(ctx: Context) -> pl.DataFrame:
    # As the DfE words it, for any OC2 row: no "looked after for 12 months" condition.
    oc2 = ctx.table("OC2")
    return oc2.filter(_aged_at_least(ctx, 5) & pl.col("HEALTH_CHECK").is_not_null())


@ssda903_rule(
    "547",
    severity="error",
    message=(
        "Any child who has health promotion information completed must also have immunisation, "
        "teeth check, health assessment and substance misuse problem identified fields "
        "completed."
    ),
    tables=["OC2"],
    fields=["HEALTH_CHECK", *HEALTH_ITEMS],
    since=2025,
)
def health_check_without_health_items(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(pl.col("HEALTH_CHECK").is_not_null() & _health_items_incomplete())
