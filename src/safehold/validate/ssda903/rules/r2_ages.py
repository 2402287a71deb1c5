"""Rules 358, 359, 371–377, 379, 386, 387, 389: placements, legal statuses and reasons for
leaving care that suit only children of some ages, and temporary placements' lengths."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import birthday
from safehold.validate.ssda903.rules.r2__helpers import (
    HEADER_ROW,
    days_after,
    rows_of,
    with_header,
)

ssda903_rule = partial(rule, return_name="ssda903")


def _episodes_with_dob(ctx: Context) -> pl.DataFrame:
    return with_header(ctx, ctx.table("Episodes"), ["DOB"])


def _placed_under_age(ctx: Context, place: str, years: int) -> pl.DataFrame:
    """Episodes in placement ``place`` that started before the child was ``years`` old."""
    return _episodes_with_dob(ctx).filter(
        (pl.col("PLACE") == place) & (pl.col("DECOM") < birthday(pl.col("DOB"), years))
    )


def _lasted_over(ctx: Context, place: str, days: int) -> pl.DataFrame:
    """Ended episodes in placement ``place`` that lasted more than ``days`` days."""
    return ctx.table("Episodes").filter(
        (pl.col("PLACE") == place) & (pl.col("DEC") > days_after(pl.col("DECOM"), days))
    )


def _ceased_for(ctx: Context, reasons: list[str]) -> pl.DataFrame:
    return _episodes_with_dob(ctx).filter(pl.col("REC").is_in(reasons))


@ssda903_rule(
    "358",
    severity="error",
    message="Child with this legal status should not be under 10.",
    tables=["Episodes", "Header"],
    fields=["DECOM", "DOB", "LS"],
    since=2025,
)
def youth_justice_status_from_10(ctx: Context) -> dict[str, pl.DataFrame]:
    """Remand and other youth justice statuses (J1–J3) need a child of 10 or over at DECOM."""
    merged = _episodes_with_dob(ctx).filter(
        pl.col("LS").is_in(["J1", "J2", "J3"]) & (pl.col("DECOM") < birthday(pl.col("DOB"), 10))
    )
    return rows_of(merged, {"Episodes": ROW, "Header": HEADER_ROW})


@ssda903_rule(
    "359",
    severity="error",
    message=(
        "Child being looked after following 18th birthday must be accommodated under section "
        "20(5) of the Children Act 1989 in a community home."
    ),
    tables=["Episodes"],
    fields=["DEC", "LS", "PLACE"],
    since=2025,
)
def over_18_in_community_home(ctx: Context) -> pl.DataFrame:
    """A child 18 before the year ends whose episode is still open must be V2 in K2."""
    return _episodes_with_dob(ctx).filter(
        (birthday(pl.col("DOB"), 18) < ctx.collection_end)
        & pl.col("DEC").is_null()
        & ~((pl.col("LS") == "V2") & (pl.col("PLACE") == "K2")).fill_null(False)
    )


@ssda903_rule(
    "371",
    severity="error",
    message=(
        "Child in supported accomodation not subject to children’s homes regulations should be "
        "at least 16."
    ),
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def supported_accommodation_from_16(ctx: Context) -> pl.DataFrame:
    """K3 placements need a child of 16 at DECOM. (The community validator also skips open
    episodes; the DfE rule does not depend on the end date, so neither does this.)"""
    return _placed_under_age(ctx, "K3", 16)


@ssda903_rule(
    "372",
    severity="error",
    message="Child in youth custody or prison should be at least 10.",
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def custody_from_10(ctx: Context) -> pl.DataFrame:
    return _placed_under_age(ctx, "R5", 10)


@ssda903_rule(
    "373",
    severity="error",
    message="Child placed in a school should be at least 4 years old.",
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def school_from_4(ctx: Context) -> pl.DataFrame:
    return _placed_under_age(ctx, "S1", 4)


@ssda903_rule(
    "374",
    severity="error",
    message="Child in residential employment should be at least 14 years old.",
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def employment_from_14(ctx: Context) -> pl.DataFrame:
    return _placed_under_age(ctx, "P3", 14)


@ssda903_rule(
    "375",
    severity="error",
    message="Hospitalisation coded as a temporary placement exceeds six weeks.",
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def hospital_at_most_six_weeks(ctx: Context) -> pl.DataFrame:
    return _lasted_over(ctx, "T1", 42)


@ssda903_rule(
    "376",
    severity="error",
    message=(
        "Temporary placements coded as being due to holiday of usual foster carer(s) cannot "
        "exceed three weeks."
    ),
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def carer_holiday_at_most_three_weeks(ctx: Context) -> pl.DataFrame:
    return _lasted_over(ctx, "T3", 21)


@ssda903_rule(
    "377",
    severity="error",
    message=(
        "Only two temporary placements coded as being due to holiday of usual foster carer(s) "
        "are allowed in any 12- month period."
    ),
    tables=["Episodes"],
    fields=["PLACE"],
    since=2025,
)
def two_carer_holidays_a_year(ctx: Context) -> pl.DataFrame:
    """Flags each T3 episode that is the third (or later) to start within twelve months."""
    holidays = (
        ctx.table("Episodes")
        .filter((pl.col("PLACE") == "T3") & pl.col("DECOM").is_not_null())
        .sort("CHILD", "DECOM", ROW)
    )
    one_each = pl.col("DECOM").is_not_null().cast(pl.Int32)
    counted = holidays.with_columns(
        one_each.rolling_sum_by("DECOM", "1y").over("CHILD").alias("_in_year")
    )
    return counted.filter(pl.col("_in_year") > 2)


@ssda903_rule(
    "379",
    severity="error",
    message=(
        "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days."
    ),
    tables=["Episodes"],
    fields=["DECOM", "PLACE"],
    since=2025,
)
def unspecified_temporary_at_most_a_week(ctx: Context) -> pl.DataFrame:
    return _lasted_over(ctx, "T4", 7)


@ssda903_rule(
    "386",
    severity="error",
    message="Reason episode ceased is adopted but child has reached age 18.",
    tables=["Episodes"],
    fields=["REC"],
    since=2025,
)
def adopted_before_18(ctx: Context) -> pl.DataFrame:
    return _ceased_for(ctx, ["E11", "E12"]).filter(pl.col("DEC") >= birthday(pl.col("DOB"), 18))


@ssda903_rule(
    "387",
    severity="error",
    message=(
        "Reason episode ceased is child moved into independent living arrangement, but the child "
        "is aged under 14."
    ),
    tables=["Episodes"],
    fields=["REC"],
    since=2025,
)
def independent_living_from_14(ctx: Context) -> pl.DataFrame:
    return _ceased_for(ctx, ["E5", "E6"]).filter(pl.col("DEC") < birthday(pl.col("DOB"), 14))


@ssda903_rule(
    "389",
    severity="error",
    message=(
        "Reason episode ceased is that child transferred to care of adult social care services, "
        "but child is aged under 16."
    ),
    tables=["Episodes"],
    fields=["REC"],
    since=2025,
)
def adult_services_from_16(ctx: Context) -> pl.DataFrame:
    return _ceased_for(ctx, ["E7"]).filter(pl.col("DEC") < birthday(pl.col("DOB"), 16))
