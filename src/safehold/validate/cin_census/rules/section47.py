"""Section 47 enquiry rules, and the initial child protection conference (ICPC) date.

``DateOfInitialCPC`` (N00110) is recorded on the Section 47 enquiry, or on the CIN episode when
there is no enquiry for it in the return. Rules on the item as such (in the census year, not on a
weekend, not before the referral) check it at both levels.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.cin_census.rules._common import (
    EPISODE,
    cin_rule,
    in_period,
    is_false,
    is_true,
    is_weekend,
    minus_working_days,
    outside_period,
    pairs,
    rows_of,
    starts_within,
    with_episode,
)
from safehold.validate.context import Context, Flag

ICPC = "DateOfInitialCPC"


def _s47(ctx: Context) -> pl.DataFrame:
    return ctx.table("Section47")


def _both_levels(ctx: Context, condition: pl.Expr) -> list[Flag]:
    return [
        Flag("Section47", _s47(ctx).filter(condition)),
        Flag("CINdetails", ctx.table("CINdetails").filter(condition), fields=(ICPC,)),
    ]


def _awaiting_icpc() -> pl.Expr:
    """An enquiry still open: no ICPC date, and an ICPC not marked as not required."""
    return pl.col(ICPC).is_null() & ~is_true("ICPCnotRequired")


@cin_rule("1104", severity="error",
          message="The date of the initial child protection conference cannot be before the "
                  "referral date",
          tables=["Section47", "CINdetails"], fields=[ICPC])  # fmt: skip
def icpc_after_referral(ctx: Context) -> list[Flag]:
    s47 = with_episode(ctx, _s47(ctx), "CINreferralDate")
    return [
        Flag("Section47", s47.filter(pl.col(ICPC) < pl.col("CINreferralDate_cin"))),
        Flag("CINdetails", ctx.table("CINdetails").filter(pl.col(ICPC) < pl.col("CINreferralDate")),
             fields=(ICPC,)),
    ]  # fmt: skip


@cin_rule("2884", severity="error",
          message="An initial child protection conference is recorded at both the S47 and CIN "
                  "Details level and it should only be recorded in one",
          tables=["Section47", "CINdetails"], fields=[ICPC])  # fmt: skip
def icpc_recorded_once(ctx: Context) -> list[Flag]:
    """The same ICPC date on an episode and on one of its Section 47 enquiries."""
    s47 = with_episode(ctx, _s47(ctx), ICPC)
    twice = s47.filter(pl.col(ICPC) == pl.col(f"{ICPC}_cin"))
    cin = ctx.table("CINdetails").filter(pl.col(EPISODE).is_in(twice.get_column(EPISODE).implode()))
    return [Flag("Section47", twice), Flag("CINdetails", cin, fields=(ICPC,))]


@cin_rule("2889", severity="error", message="The S47 start date cannot be before the referral date.",
          tables=["Section47"], fields=["S47ActualStartDate"])  # fmt: skip
def s47_after_referral(ctx: Context) -> pl.DataFrame:
    s47 = with_episode(ctx, _s47(ctx), "CINreferralDate")
    return s47.filter(pl.col("S47ActualStartDate") < pl.col("CINreferralDate_cin"))


@cin_rule("8615", severity="error",
          message="Section 47 Enquiry Start Date must be present and cannot be later than the date "
                  "of the initial Child Protection Conference",
          tables=["Section47"], fields=["S47ActualStartDate", ICPC])  # fmt: skip
def s47_start_before_icpc(ctx: Context) -> pl.DataFrame:
    start = pl.col("S47ActualStartDate")
    return _s47(ctx).filter(pl.col(ICPC).is_not_null() & (start.is_null() | (start > pl.col(ICPC))))


@cin_rule("8675Q", severity="query",
          message="Please check and either amend data or provide a reason: S47 Enquiry started "
                  "more than 15 working days before the end of the census year. However, there is "
                  "no date of Initial Child Protection Conference.",
          tables=["Section47"], fields=["S47ActualStartDate", ICPC, "ICPCnotRequired"])  # fmt: skip
def open_s47_too_long(ctx: Context) -> pl.DataFrame:
    cutoff = minus_working_days(ctx.reference_date, 15)
    return _s47(ctx).filter(
        pl.col(ICPC).is_null()
        & is_false("ICPCnotRequired")
        & (pl.col("S47ActualStartDate") < cutoff)
    )


@cin_rule("8715", severity="error",
          message="Date of Initial Child Protection Conference must fall within the census year",
          tables=["Section47", "CINdetails"], fields=[ICPC])  # fmt: skip
def icpc_in_period(ctx: Context) -> list[Flag]:
    return _both_levels(ctx, outside_period(ctx, ICPC))


@cin_rule("8740", severity="error",
          message="For a Section 47 Enquiry that has not held the Initial Child Protection "
                  "Conference by the end of the census year, the start date must fall within the "
                  "census year",
          tables=["Section47"], fields=["S47ActualStartDate", ICPC, "ICPCnotRequired"])  # fmt: skip
def open_s47_start_in_period(ctx: Context) -> pl.DataFrame:
    return _s47(ctx).filter(
        pl.col(ICPC).is_null() & is_false("ICPCnotRequired") & ~in_period(ctx, "S47ActualStartDate")
    )


@cin_rule("8839", severity="error",
          message="Within one CINDetails group there are 2 or more open S47 Assessments",
          tables=["Section47"], fields=[ICPC, "ICPCnotRequired"])  # fmt: skip
def one_open_s47(ctx: Context) -> pl.DataFrame:
    open_ = _s47(ctx).filter(_awaiting_icpc() & pl.col(EPISODE).is_not_null())
    return open_.filter(pl.len().over(EPISODE) > 1)


@cin_rule("8870Q", severity="query",
          message="Please check and either amend or provide a reason: The Target Date for Initial "
                  "Child Protection Conference should not be a weekend",
          tables=["Section47"], fields=["InitialCPCtarget"])  # fmt: skip
def icpc_target_weekday(ctx: Context) -> pl.DataFrame:
    return _s47(ctx).filter(is_weekend("InitialCPCtarget"))


@cin_rule("8875", severity="error",
          message="The Date of Initial Child Protection Conference cannot be a weekend",
          tables=["Section47", "CINdetails"], fields=[ICPC])  # fmt: skip
def icpc_weekday(ctx: Context) -> list[Flag]:
    return _both_levels(ctx, is_weekend(ICPC))


@cin_rule("8890", severity="error",
          message="A Section 47 enquiry is shown as starting when there is another Section 47 "
                  "Enquiry ongoing",
          tables=["Section47"], fields=["S47ActualStartDate"])  # fmt: skip
def s47_starts_while_another_ongoing(ctx: Context) -> pl.DataFrame:
    """Within an episode, no enquiry may start on or between another's start and ICPC date, or,
    for another still awaiting its ICPC, its start and the reference date. The one that starts is
    flagged; an enquiry whose ICPC was not required is over and blocks nothing."""
    s47 = _s47(ctx).filter(pl.col("S47ActualStartDate").is_not_null())
    clashing = pairs(s47, EPISODE).filter(
        starts_within("S47ActualStartDate", "S47ActualStartDate_other", f"{ICPC}_other",
                      reference_date=ctx.reference_date, end_inclusive=True)
        & (pl.col(f"{ICPC}_other").is_not_null() | ~is_true("ICPCnotRequired_other"))
    )  # fmt: skip
    return rows_of(s47, clashing)
