"""Child protection plan rules (``ChildProtectionPlans`` and its ``Reviews``)."""

from __future__ import annotations

import polars as pl

from safehold.validate.cin_census.rules._common import (
    CHILD,
    EPISODE,
    PLAN,
    ROW,
    cin_rule,
    in_period,
    invalid_code,
    is_true,
    outside_period,
    pairs,
    rows_of,
    starts_within,
    with_child,
    with_episode,
)
from safehold.validate.context import Context

CPP = "ChildProtectionPlans"


def _cpp(ctx: Context) -> pl.DataFrame:
    return ctx.table(CPP)


@cin_rule("1105", severity="error",
          message="The child protection plan start date cannot be before the referral date",
          tables=[CPP], fields=["CPPstartDate"])  # fmt: skip
def start_after_referral(ctx: Context) -> pl.DataFrame:
    cpp = with_episode(ctx, _cpp(ctx), "CINreferralDate")
    return cpp.filter(pl.col("CPPstartDate") < pl.col("CINreferralDate_cin"))


@cin_rule("2885", severity="error",
          message="Child protection plan shown as starting a different day to the initial child "
                  "protection conference.",
          tables=[CPP], fields=["CPPstartDate"])  # fmt: skip
def start_on_icpc(ctx: Context) -> pl.DataFrame:
    """A plan starting in the census year starts on the day of an ICPC of its episode: one on a
    Section 47 enquiry, or, when the episode has no enquiry that led (or may lead) to an ICPC, the
    one recorded on the episode itself. Enquiries marked ICPC-not-required are not associated
    with a conference, so they do not displace the episode-level date."""
    plans = _cpp(ctx).filter(in_period(ctx, "CPPstartDate"))
    s47 = ctx.table("Section47").filter(~is_true("ICPCnotRequired"))
    s47_dates = s47.select(EPISODE, pl.col("DateOfInitialCPC").alias("CPPstartDate")).drop_nulls()
    on_s47 = plans.join(s47_dates.unique(), on=[EPISODE, "CPPstartDate"], how="semi")
    cin_dates = (
        ctx.table("CINdetails")
        .filter(~pl.col(EPISODE).is_in(s47.get_column(EPISODE).drop_nulls().implode()))
        .select(EPISODE, pl.col("DateOfInitialCPC").alias("CPPstartDate"))
        .drop_nulls()
    )
    on_cin = plans.join(cin_dates.unique(), on=[EPISODE, "CPPstartDate"], how="semi")
    matched = pl.concat([on_s47.get_column(ROW), on_cin.get_column(ROW)])
    return plans.filter(~pl.col(ROW).is_in(matched.implode()))


@cin_rule("8720", severity="error",
          message="Child Protection Plan Start Date missing or out of data collection period",
          tables=[CPP], fields=["CPPstartDate"])  # fmt: skip
def start_present(ctx: Context) -> pl.DataFrame:
    start = pl.col("CPPstartDate")
    return _cpp(ctx).filter(start.is_null() | (start > ctx.reference_date))


@cin_rule("8730", severity="error", message="Total Number of previous Child Protection Plans missing",
          tables=[CPP], fields=["NumberOfPreviousCPP"])  # fmt: skip
def previous_plans_present(ctx: Context) -> pl.DataFrame:
    """A whole number, zero or more."""
    text = pl.col("NumberOfPreviousCPP")
    return _cpp(ctx).filter(~text.str.contains(r"^\+?[0-9]+$").fill_null(False))


@cin_rule("8832", severity="error",
          message="Child Protection details provided for a referral with no further action.",
          tables=[CPP], fields=["CPPstartDate"])  # fmt: skip
def no_plan_on_nfa(ctx: Context) -> pl.DataFrame:
    cpp = with_episode(ctx, _cpp(ctx), "ReferralNFA")
    return cpp.filter(is_true("ReferralNFA_cin"))


@cin_rule("8840", severity="error",
          message="Child Protection Plan cannot start and end on the same day",
          tables=[CPP], fields=["CPPendDate", "CPPstartDate"])  # fmt: skip
def not_same_day(ctx: Context) -> pl.DataFrame:
    return _cpp(ctx).filter(pl.col("CPPstartDate") == pl.col("CPPendDate"))


@cin_rule("8841", severity="error",
          message="The review date cannot be on the same day or before the Child protection Plan "
                  "start date.",
          tables=["Reviews"], fields=["CPPreviewDate"])  # fmt: skip
def review_after_start(ctx: Context) -> pl.DataFrame:
    starts = _cpp(ctx).select(PLAN, "CPPstartDate").filter(pl.col(PLAN).is_not_null())
    reviews = ctx.table("Reviews").join(starts.unique(PLAN, keep="first"), on=PLAN, how="left")
    return reviews.filter(pl.col("CPPreviewDate") <= pl.col("CPPstartDate"))


@cin_rule("8842Q", severity="query",
          message="Please check and either amend or provide a reason: Review Record has a missing "
                  "date",
          tables=["Reviews"], fields=["CPPreviewDate"])  # fmt: skip
def review_has_date(ctx: Context) -> pl.DataFrame:
    """Each review row stands for one CPPreviewDate: one missing or unreadable is flagged."""
    return ctx.table("Reviews").filter(pl.col("CPPreviewDate").is_null())


@cin_rule("8905", severity="error",
          message="Initial Category of Abuse code missing or invalid (see Category of Abuse table "
                  "in CIN Census code set)",
          tables=[CPP], fields=["InitialCategoryOfAbuse"])  # fmt: skip
def initial_category_valid(ctx: Context) -> pl.DataFrame:
    return _cpp(ctx).filter(invalid_code("InitialCategoryOfAbuse", ctx.codes("category_of_abuse")))


@cin_rule("8910", severity="error",
          message="Latest Category of Abuse code missing or invalid (see Category of Abuse table "
                  "in CIN Census code set)",
          tables=[CPP], fields=["LatestCategoryOfAbuse"])  # fmt: skip
def latest_category_valid(ctx: Context) -> pl.DataFrame:
    return _cpp(ctx).filter(invalid_code("LatestCategoryOfAbuse", ctx.codes("category_of_abuse")))


@cin_rule("8915", severity="error",
          message="Child Protection Plan shown as starting after the child’s Date of Death",
          tables=[CPP], fields=["CPPstartDate"])  # fmt: skip
def start_before_death(ctx: Context) -> pl.DataFrame:
    cpp = with_child(ctx, _cpp(ctx), "PersonDeathDate")
    return cpp.filter(pl.col("CPPstartDate") > pl.col("PersonDeathDate_child"))


@cin_rule("8920", severity="error",
          message="Child Protection Plan cannot end after the child’s Date of Death",
          tables=[CPP], fields=["CPPendDate"])  # fmt: skip
def end_before_death(ctx: Context) -> pl.DataFrame:
    cpp = with_child(ctx, _cpp(ctx), "PersonDeathDate")
    return cpp.filter(pl.col("CPPendDate") > pl.col("PersonDeathDate_child"))


@cin_rule("8925", severity="error", message="Child Protection Plan End Date earlier than Start Date",
          tables=[CPP], fields=["CPPendDate", "CPPstartDate"])  # fmt: skip
def end_after_start(ctx: Context) -> pl.DataFrame:
    return _cpp(ctx).filter(pl.col("CPPendDate") < pl.col("CPPstartDate"))


@cin_rule("8930", severity="error",
          message="Child Protection Plan End Date must fall within the census year",
          tables=[CPP], fields=["CPPendDate"])  # fmt: skip
def end_in_period(ctx: Context) -> pl.DataFrame:
    return _cpp(ctx).filter(outside_period(ctx, "CPPendDate"))


@cin_rule("8935", severity="error",
          message="This child is showing more than one open Child Protection plan, i.e. with no "
                  "End Date",
          tables=[CPP], fields=["CPPendDate"])  # fmt: skip
def one_open_plan(ctx: Context) -> pl.DataFrame:
    """Counted per child (the peer validator grouped by plan id, so it could never fire)."""
    open_ = _cpp(ctx).filter(pl.col("CPPendDate__text").is_null() & pl.col(CHILD).is_not_null())
    return open_.filter(pl.len().over(CHILD) > 1)


@cin_rule("8940", severity="error", message="Child Protection Plan data contains overlapping dates",
          tables=[CPP], fields=["CPPstartDate", "CPPendDate"])  # fmt: skip
def plans_overlap(ctx: Context) -> pl.DataFrame:
    """No plan of a child may start on or between another's start and end (or the reference date,
    if the other is open). Both plans of an overlapping pair are flagged."""
    cpp = _cpp(ctx).filter(pl.col("CPPstartDate").is_not_null())
    overlapping = pairs(cpp, CHILD).filter(
        starts_within("CPPstartDate", "CPPstartDate_other", "CPPendDate_other",
                      reference_date=ctx.reference_date, end_inclusive=True)
    )  # fmt: skip
    return rows_of(
        cpp, pl.concat([overlapping.get_column(ROW), overlapping.get_column("_row_other")])
    )
