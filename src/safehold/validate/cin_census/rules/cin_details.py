"""CIN episode rules (``CINdetails``): referral, closure, NFA flag, and activity on the episode."""

from __future__ import annotations

import datetime as dt

import polars as pl

from safehold.validate.cin_census.rules._common import (
    CHILD,
    EPISODE,
    ROW,
    cin_rule,
    episodes_having,
    invalid_code,
    is_false,
    is_true,
    minus_working_days,
    outside_period,
    pairs,
    present_but_invalid,
    rows_of,
    starts_within,
    with_child,
    with_episode,
)
from safehold.validate.context import Context, Flag

CLOSED_AFTER_ASSESSMENT = ("RC8", "RC9")


def _cin(ctx: Context) -> pl.DataFrame:
    return ctx.table("CINdetails")


def _open_further_action() -> pl.Expr:
    return pl.col("CINclosureDate").is_null() & is_false("ReferralNFA")


@cin_rule("2990", severity="error",
          message="Activity is recorded against a case marked as ‘Case closed after assessment, "
                  "no further action’ or 'case closed after assessment, referred to early help'.",
          tables=["CINdetails"], fields=["ReasonForClosure"])  # fmt: skip
def closed_after_assessment_has_activity(ctx: Context) -> pl.DataFrame:
    """RC8/RC9 episodes may hold no Section47, ChildProtectionPlans or CINPlanDates module and no
    CIN-level DateOfInitialCPC."""
    busy = pl.concat(
        [episodes_having(ctx, t) for t in ("Section47", "ChildProtectionPlans", "CINplanDates")]
    )
    return _cin(ctx).filter(
        pl.col("ReasonForClosure").is_in(CLOSED_AFTER_ASSESSMENT)
        & (pl.col("DateOfInitialCPC").is_not_null() | pl.col(EPISODE).is_in(busy.implode()))
    )


@cin_rule("2991Q", severity="query",
          message="Please check and either amend data or provide a reason: A Section 47 module is "
                  "recorded and there is no assessment on the episode",
          tables=["CINdetails"], fields=[])  # fmt: skip
def s47_without_assessment(ctx: Context) -> pl.DataFrame:
    with_s47 = episodes_having(ctx, "Section47")
    assessed = episodes_having(ctx, "Assessments")
    return _cin(ctx).filter(
        pl.col(EPISODE).is_in(with_s47.implode()) & ~pl.col(EPISODE).is_in(assessed.implode())
    )


@cin_rule("8555Q", severity="query",
          message="Child cannot be referred after its recorded date of death",
          tables=["CINdetails"], fields=["CINreferralDate"])  # fmt: skip
def referral_after_death(ctx: Context) -> pl.DataFrame:
    cin = with_child(ctx, _cin(ctx), "PersonDeathDate")
    return cin.filter(pl.col("CINreferralDate") > pl.col("PersonDeathDate_child"))


_ACTIVITY: tuple[tuple[str, str], ...] = (
    ("Assessments", "AssessmentActualStartDate"),
    ("Assessments", "AssessmentAuthorisationDate"),
    ("Section47", "S47ActualStartDate"),
    ("Section47", "DateOfInitialCPC"),
    ("ChildProtectionPlans", "CPPendDate"),
    ("CINplanDates", "CINPlanStartDate"),
    ("CINplanDates", "CINPlanEndDate"),
)


@cin_rule("8565", severity="error", message="Activity shown after a case has been closed",
          tables=["CINdetails", "Assessments", "Section47", "ChildProtectionPlans",
                  "CINplanDates"],
          fields=["CINclosureDate"])  # fmt: skip
def activity_after_closure(ctx: Context) -> list[Flag]:
    """A closed episode's closure date must be on or after every activity date in it.

    Each late date is flagged on its own row and field; the episode is flagged on its closure date.
    """
    flags: list[Flag] = []
    late_cin = _cin(ctx).filter(pl.col("DateOfInitialCPC") > pl.col("CINclosureDate"))
    flags.append(Flag("CINdetails", late_cin, fields=("DateOfInitialCPC",)))
    episodes = [late_cin.get_column(EPISODE)]
    for table, column in _ACTIVITY:
        rows = with_episode(ctx, ctx.table(table), "CINclosureDate")
        late = rows.filter(pl.col(column) > pl.col("CINclosureDate_cin"))
        flags.append(Flag(table, late, fields=(column,)))
        episodes.append(late.get_column(EPISODE))
    closed = _cin(ctx).filter(pl.col(EPISODE).is_in(pl.concat(episodes).implode()))
    flags.append(Flag("CINdetails", closed, fields=("CINclosureDate",)))
    return flags


@cin_rule("8568", severity="error", message="RNFA flag is missing or invalid",
          tables=["CINdetails"], fields=["ReferralNFA"])  # fmt: skip
def nfa_valid(ctx: Context) -> pl.DataFrame:
    codes = frozenset(code.upper() for code in ctx.codes("cin_boolean"))
    return _cin(ctx).filter(invalid_code("ReferralNFA", codes))


@cin_rule("8569Q", severity="query",
          message="A case with referral date before one working day prior to the collection start "
                  "date must not be flagged as a no further action case",
          tables=["CINdetails"], fields=["ReferralNFA", "CINreferralDate"])  # fmt: skip
def old_referral_nfa(ctx: Context) -> pl.DataFrame:
    """Referrals before the working day preceding 1 April must not be NFA (true or 1)."""
    cutoff = minus_working_days(ctx.collection_start, 1)
    return _cin(ctx).filter((pl.col("CINreferralDate") < cutoff) & is_true("ReferralNFA"))


@cin_rule("8585Q", severity="query",
          message="Please check and either amend or provide a reason: CIN episode shows Died as the "
                  "Closure Reason, however child has no recorded Date of Death",
          tables=["CINdetails"], fields=["ReasonForClosure"])  # fmt: skip
def died_without_death_date(ctx: Context) -> pl.DataFrame:
    cin = with_child(ctx, _cin(ctx), "PersonDeathDate")
    return cin.filter(
        (pl.col("ReasonForClosure") == "RC2") & pl.col("PersonDeathDate_child").is_null()
    )


@cin_rule("8600", severity="error",
          message="Child referral date missing or after data collection period",
          tables=["CINdetails"], fields=["CINreferralDate"])  # fmt: skip
def referral_present(ctx: Context) -> pl.DataFrame:
    referral = pl.col("CINreferralDate")
    return _cin(ctx).filter(referral.is_null() | (referral > ctx.reference_date))


@cin_rule("8606", severity="error",
          message="Child referral date is more than 40 weeks before DOB or expected DOB",
          tables=["CINdetails"], fields=["CINreferralDate"])  # fmt: skip
def referral_long_before_birth(ctx: Context) -> pl.DataFrame:
    cin = with_child(ctx, _cin(ctx), "PersonBirthDate", "ExpectedPersonBirthDate")
    weeks_40 = dt.timedelta(days=280)
    referral = pl.col("CINreferralDate")
    return cin.filter(
        (referral < pl.col("PersonBirthDate_child") - weeks_40).fill_null(False)
        | (referral < pl.col("ExpectedPersonBirthDate_child") - weeks_40).fill_null(False)
    )


@cin_rule("8610", severity="error",
          message="Primary Need code is missing for a referral which led to further action.",
          tables=["CINdetails"], fields=["PrimaryNeedCode", "ReferralNFA"])  # fmt: skip
def primary_need_present(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(is_false("ReferralNFA") & pl.col("PrimaryNeedCode").is_null())


@cin_rule("8620", severity="error",
          message="CIN Closure Date present and does not fall within the Census year",
          tables=["CINdetails"], fields=["CINclosureDate"])  # fmt: skip
def closure_in_period(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(outside_period(ctx, "CINclosureDate"))


@cin_rule("8630", severity="error",
          message="CIN Closure Date is before CIN Referral Date for the same CIN episode",
          tables=["CINdetails"], fields=["CINclosureDate", "CINreferralDate"])  # fmt: skip
def closure_after_referral(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(pl.col("CINclosureDate") < pl.col("CINreferralDate"))


@cin_rule("8640", severity="error",
          message="CIN Reason for closure code invalid (see Reason for Closure table in CIN Census "
                  "code set)",
          tables=["CINdetails"], fields=["ReasonForClosure"])  # fmt: skip
def reason_for_closure_valid(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(
        present_but_invalid("ReasonForClosure", ctx.codes("reason_for_closure"))
    )


@cin_rule("8650", severity="error",
          message="Primary Need Code invalid (see Primary Need table in CIN census code set)",
          tables=["CINdetails"], fields=["PrimaryNeedCode"])  # fmt: skip
def primary_need_valid(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(present_but_invalid("PrimaryNeedCode", ctx.codes("primary_need")))


@cin_rule("8805", severity="error",
          message="A CIN case cannot have a CIN closure date without a Reason for Closure",
          tables=["CINdetails"], fields=["ReasonForClosure", "CINclosureDate"])  # fmt: skip
def closure_has_reason(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(
        pl.col("CINclosureDate__text").is_not_null() & pl.col("ReasonForClosure").is_null()
    )


@cin_rule("8810", severity="error",
          message="A CIN case cannot have a Reason for Closure without a CIN Closure Date",
          tables=["CINdetails"], fields=["CINclosureDate", "ReasonForClosure"])  # fmt: skip
def reason_has_closure(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(
        pl.col("ReasonForClosure").is_not_null() & pl.col("CINclosureDate__text").is_null()
    )


@cin_rule("8815", severity="error",
          message="More than one open CIN Details episode (a module with no CIN Closure Date) has "
                  "been provided for this child and case is not a referral with no further action.",
          tables=["CINdetails"], fields=["CINclosureDate", "ReferralNFA"])  # fmt: skip
def one_open_episode(ctx: Context) -> pl.DataFrame:
    open_episodes = _cin(ctx).filter(_open_further_action() & pl.col(CHILD).is_not_null())
    return open_episodes.filter(pl.len().over(CHILD) > 1)


@cin_rule("8816", severity="error",
          message="An open CIN episode is shown and case is not a referral with no further action, "
                  "but it is not the latest episode.",
          tables=["CINdetails"], fields=["CINreferralDate", "ReferralNFA"])  # fmt: skip
def open_episode_is_latest(ctx: Context) -> pl.DataFrame:
    cin = _cin(ctx).with_columns(pl.col("CINreferralDate").max().over(CHILD).alias("latest"))
    return cin.filter(_open_further_action() & (pl.col("CINreferralDate") < pl.col("latest")))


@cin_rule("8820", severity="error", message="The dates on the CIN episodes for this child overlap",
          tables=["CINdetails"], fields=["CINreferralDate", "CINclosureDate"])  # fmt: skip
def episodes_overlap(ctx: Context) -> pl.DataFrame:
    """A referral must not fall on or after another episode's referral and before its closure (or,
    if that episode is open and not NFA, on or before the reference date). One episode may close
    on the day the next is referred. Both episodes of an overlapping pair are flagged."""
    cin = _cin(ctx).filter(pl.col("CINreferralDate").is_not_null())
    both = pairs(cin, CHILD)
    other_open_nfa = pl.col("CINclosureDate_other").is_null() & ~is_false("ReferralNFA_other")
    overlapping = both.filter(
        starts_within("CINreferralDate", "CINreferralDate_other", "CINclosureDate_other",
                      reference_date=ctx.reference_date, end_inclusive=False)
        & ~other_open_nfa
    )  # fmt: skip
    return rows_of(
        cin, pl.concat([overlapping.get_column(ROW), overlapping.get_column("_row_other")])
    )


@cin_rule("8825Q", severity="query",
          message="Please check and either amend data or provide a reason: Reason for Closure code "
                  "RC8 (case closed after assessment) or RC9 (case closed after assessment, "
                  "referred to early help) has been returned but there is no assessment present "
                  "for the episode.",
          tables=["CINdetails"], fields=["ReasonForClosure"])  # fmt: skip
def closed_after_assessment_has_assessment(ctx: Context) -> pl.DataFrame:
    assessed = episodes_having(ctx, "Assessments")
    return _cin(ctx).filter(
        pl.col("ReasonForClosure").is_in(CLOSED_AFTER_ASSESSMENT)
        & ~pl.col(EPISODE).is_in(assessed.implode())
    )


@cin_rule("8831", severity="error",
          message="Activity is recorded against a case marked as a referral with no further action",
          tables=["CINdetails"], fields=["ReferralNFA"])  # fmt: skip
def nfa_without_activity(ctx: Context) -> pl.DataFrame:
    """An NFA episode may carry no assessment dates, no S47 start, and no ICPC at either level."""
    assessed = ctx.table("Assessments").filter(
        pl.col("AssessmentActualStartDate").is_not_null()
        | pl.col("AssessmentAuthorisationDate").is_not_null()
    )
    enquired = ctx.table("Section47").filter(
        pl.col("S47ActualStartDate").is_not_null() | pl.col("DateOfInitialCPC").is_not_null()
    )
    busy = pl.concat([assessed.get_column(EPISODE), enquired.get_column(EPISODE)]).drop_nulls()
    return _cin(ctx).filter(
        is_true("ReferralNFA")
        & (pl.col("DateOfInitialCPC").is_not_null() | pl.col(EPISODE).is_in(busy.implode()))
    )


@cin_rule("8866", severity="error", message="Source of Referral is missing or an invalid code",
          tables=["CINdetails"], fields=["ReferralSource", "CINreferralDate"])  # fmt: skip
def referral_source_valid(ctx: Context) -> pl.DataFrame:
    return _cin(ctx).filter(
        (pl.col("CINreferralDate") >= dt.date(2013, 4, 1)).fill_null(False)
        & invalid_code("ReferralSource", ctx.codes("referral_source"))
    )


@cin_rule("8867", severity="error",
          message="CIN episode is shown as closed, however Assessment is not shown as completed",
          tables=["Assessments", "CINdetails"], fields=["AssessmentAuthorisationDate"])  # fmt: skip
def closed_assessments_complete(ctx: Context) -> pl.DataFrame:
    assessments = with_episode(ctx, ctx.table("Assessments"), "CINclosureDate__text")
    return assessments.filter(
        pl.col("CINclosureDate__text_cin").is_not_null()
        & pl.col("AssessmentAuthorisationDate").is_null()
    )


@cin_rule("8868", severity="error",
          message="CIN episode is shown as closed, however Section 47 enquiry is not shown as "
                  "completed by ICPC date or ICPC not required flag",
          tables=["Section47", "CINdetails"],
          fields=["DateOfInitialCPC", "ICPCnotRequired"])  # fmt: skip
def closed_s47_complete(ctx: Context) -> pl.DataFrame:
    s47 = with_episode(ctx, ctx.table("Section47"), "CINclosureDate__text")
    return s47.filter(
        pl.col("CINclosureDate__text_cin").is_not_null()
        & pl.col("DateOfInitialCPC").is_null()
        & ~is_true("ICPCnotRequired")
    )
