"""CIN plan rules (``CINplanDates``), including how plans sit with child protection plans."""

from __future__ import annotations

import polars as pl

from safehold.validate.cin_census.rules._common import (
    CHILD,
    EPISODE,
    ROW,
    cin_rule,
    is_true,
    outside_period,
    pairs,
    rows_of,
    starts_within,
    with_child,
    with_episode,
)
from safehold.validate.context import Context

PLANS = "CINplanDates"
CPP = "ChildProtectionPlans"


def _plans(ctx: Context) -> pl.DataFrame:
    return ctx.table(PLANS)


@cin_rule("4000", severity="error",
          message="CIN Plan details provided for a referral with no further action",
          tables=[PLANS], fields=["CINPlanStartDate"])  # fmt: skip
def no_plan_on_nfa(ctx: Context) -> pl.DataFrame:
    plans = with_episode(ctx, _plans(ctx), "ReferralNFA")
    return plans.filter(is_true("ReferralNFA_cin"))


@cin_rule("4001", severity="error",
          message="A CIN Plan cannot run concurrently with a Child Protection Plan",
          tables=[PLANS], fields=["CINPlanEndDate"])  # fmt: skip
def open_plan_with_open_cpp(ctx: Context) -> pl.DataFrame:
    """An open CIN plan (started, no end) in an episode that also has an open CPP."""
    open_cpp = ctx.table(CPP).filter(pl.col("CPPendDate__text").is_null())
    episodes = open_cpp.get_column(EPISODE).drop_nulls()
    return _plans(ctx).filter(
        pl.col("CINPlanStartDate").is_not_null()
        & pl.col("CINPlanEndDate__text").is_null()
        & pl.col(EPISODE).is_in(episodes.implode())
    )


@cin_rule("4003", severity="error",
          message="A CPP review date is shown as being held at the same time as an open CIN Plan.",
          tables=["Reviews"], fields=["CPPreviewDate"])  # fmt: skip
def review_during_cin_plan(ctx: Context) -> pl.DataFrame:
    """Within an episode, a review may not fall on or after a CIN plan's start and before its end
    (or at all after the start, if the plan is open), unless it is the day the CPP ended."""
    ends = ctx.table(CPP).select("CPPID", "CPPendDate").filter(pl.col("CPPID").is_not_null())
    reviews = (
        ctx.table("Reviews")
        .filter(pl.col("CPPreviewDate").is_not_null())
        .join(ends.unique("CPPID", keep="first"), on="CPPID", how="left")
    )
    plans = _plans(ctx).select(EPISODE, "CINPlanStartDate", "CINPlanEndDate").drop_nulls(EPISODE)
    during = reviews.join(plans, on=EPISODE, how="inner").filter(
        (pl.col("CPPreviewDate") >= pl.col("CINPlanStartDate"))
        & (
            pl.col("CINPlanEndDate").is_null()
            | (pl.col("CPPreviewDate") < pl.col("CINPlanEndDate"))
        )
        & (pl.col("CPPreviewDate") != pl.col("CPPendDate")).fill_null(True)
    )
    return rows_of(ctx.table("Reviews"), during)


@cin_rule("4004", severity="error",
          message="This child is showing more than one open CIN Plan, i.e. with no End Date",
          tables=[PLANS], fields=["CINPlanEndDate"])  # fmt: skip
def one_open_plan(ctx: Context) -> pl.DataFrame:
    open_ = _plans(ctx).filter(
        pl.col("CINPlanEndDate__text").is_null() & pl.col(CHILD).is_not_null()
    )
    return open_.filter(pl.len().over(CHILD) > 1)


@cin_rule("4008", severity="error",
          message="CIN Plan shown as starting after the child’s Date of Death.",
          tables=[PLANS], fields=["CINPlanStartDate"])  # fmt: skip
def start_before_death(ctx: Context) -> pl.DataFrame:
    plans = with_child(ctx, _plans(ctx), "PersonDeathDate")
    return plans.filter(pl.col("CINPlanStartDate") > pl.col("PersonDeathDate_child"))


@cin_rule("4009Q", severity="query", message="CIN Plan cannot end after the child’s Date of Death",
          tables=[PLANS], fields=["CINPlanEndDate"])  # fmt: skip
def end_before_death(ctx: Context) -> pl.DataFrame:
    plans = with_child(ctx, _plans(ctx), "PersonDeathDate")
    return plans.filter(pl.col("CINPlanEndDate") > pl.col("PersonDeathDate_child"))


@cin_rule("4010", severity="error",
          message="CIN Plan start date is missing or out of data collection period",
          tables=[PLANS], fields=["CINPlanStartDate"])  # fmt: skip
def start_present(ctx: Context) -> pl.DataFrame:
    start = pl.col("CINPlanStartDate")
    return _plans(ctx).filter(start.is_null() | (start > ctx.reference_date))


@cin_rule("4011", severity="error", message="CIN Plan End Date earlier than Start Date",
          tables=[PLANS], fields=["CINPlanEndDate", "CINPlanStartDate"])  # fmt: skip
def end_after_start(ctx: Context) -> pl.DataFrame:
    return _plans(ctx).filter(pl.col("CINPlanEndDate") < pl.col("CINPlanStartDate"))


@cin_rule("4012Q", severity="query",
          message="Please check and either amend or provide a reason: CIN Plan shown as starting "
                  "and ending on the same day",
          tables=[PLANS], fields=["CINPlanEndDate", "CINPlanStartDate"])  # fmt: skip
def not_same_day(ctx: Context) -> pl.DataFrame:
    return _plans(ctx).filter(pl.col("CINPlanStartDate") == pl.col("CINPlanEndDate"))


@cin_rule("4013", severity="error", message="CIN Plan end date must fall within the census year",
          tables=[PLANS], fields=["CINPlanEndDate"])  # fmt: skip
def end_in_period(ctx: Context) -> pl.DataFrame:
    return _plans(ctx).filter(outside_period(ctx, "CINPlanEndDate"))


@cin_rule("4014", severity="error", message="CIN Plan data contains overlapping dates",
          tables=[PLANS], fields=["CINPlanStartDate", "CINPlanEndDate"])  # fmt: skip
def plans_overlap(ctx: Context) -> pl.DataFrame:
    """No CIN plan of a child may start on or between another's start and end (or the reference
    date, if the other is open). Both plans of an overlapping pair are flagged."""
    plans = _plans(ctx).filter(pl.col("CINPlanStartDate").is_not_null())
    overlapping = pairs(plans, CHILD).filter(
        starts_within("CINPlanStartDate", "CINPlanStartDate_other", "CINPlanEndDate_other",
                      reference_date=ctx.reference_date, end_inclusive=True)
    )  # fmt: skip
    return rows_of(
        plans, pl.concat([overlapping.get_column(ROW), overlapping.get_column("_row_other")])
    )


@cin_rule("4015", severity="error",
          message="The CIN Plan start date cannot be before the referral date",
          tables=[PLANS], fields=["CINPlanStartDate"])  # fmt: skip
def start_after_referral(ctx: Context) -> pl.DataFrame:
    plans = with_episode(ctx, _plans(ctx), "CINreferralDate")
    return plans.filter(pl.col("CINPlanStartDate") < pl.col("CINreferralDate_cin"))


def _cin_and_cpp(ctx: Context) -> pl.DataFrame:
    plans = _plans(ctx).filter(pl.col(CHILD).is_not_null())
    cpp = ctx.table(CPP).select(ROW, CHILD, "CPPstartDate", "CPPendDate")
    return plans.join(cpp, on=CHILD, how="inner", suffix="_cpp")


@cin_rule("4016", severity="error",
          message="A CIN Plan has been reported as open at the same time as a Child Protection "
                  "Plan.",
          tables=[PLANS], fields=["CINPlanStartDate"])  # fmt: skip
def plan_starts_within_cpp(ctx: Context) -> pl.DataFrame:
    """A CIN plan may not start on or after a CPP's start and before its end (or while it is
    open); starting on the day the CPP ends is allowed."""
    clashing = _cin_and_cpp(ctx).filter(
        starts_within("CINPlanStartDate", "CPPstartDate", "CPPendDate",
                      reference_date=ctx.reference_date, end_inclusive=False)
    )  # fmt: skip
    return rows_of(_plans(ctx), clashing)


@cin_rule("4017", severity="error",
          message="A CIN Plan has been reported as open at the same time as a Child Protection "
                  "Plan.",
          tables=[CPP], fields=["CPPstartDate"])  # fmt: skip
def cpp_starts_within_plan(ctx: Context) -> pl.DataFrame:
    """A CPP may not start on or after a CIN plan's start and before its end (or while it is
    open); starting on the day the CIN plan ends is allowed. The CPP is flagged."""
    clashing = _cin_and_cpp(ctx).filter(
        starts_within("CPPstartDate", "CINPlanStartDate", "CINPlanEndDate",
                      reference_date=ctx.reference_date, end_inclusive=False)
    )  # fmt: skip
    return rows_of(ctx.table(CPP), clashing.get_column("_row_cpp"))
