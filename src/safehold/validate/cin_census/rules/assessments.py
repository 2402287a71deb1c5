"""Assessment rules (``Assessments`` and its factors, one ``AssessmentFactorsList`` row each)."""

from __future__ import annotations

import polars as pl

from safehold.validate.cin_census.rules._common import (
    ASSESSMENT,
    EPISODE,
    cin_rule,
    in_period,
    minus_working_days,
    outside_period,
    pairs,
    rows_of,
    starts_within,
    with_episode,
)
from safehold.validate.context import Context, Flag

FACTORS = "AssessmentFactorsList"
NO_FACTORS = "21"


def _assessments(ctx: Context) -> pl.DataFrame:
    return ctx.table("Assessments")


def _factors(ctx: Context) -> pl.DataFrame:
    return ctx.table(FACTORS).filter(pl.col("AssessmentFactors").is_not_null())


def _assessed_with_factors(ctx: Context) -> pl.Series:
    return _factors(ctx).get_column(ASSESSMENT).drop_nulls().unique()


@cin_rule("1103", severity="error",
          message="The assessment start date cannot be before the referral date",
          tables=["Assessments"], fields=["AssessmentActualStartDate"])  # fmt: skip
def start_after_referral(ctx: Context) -> pl.DataFrame:
    assessments = with_episode(ctx, _assessments(ctx), "CINreferralDate")
    return assessments.filter(pl.col("AssessmentActualStartDate") < pl.col("CINreferralDate_cin"))


@cin_rule("8608", severity="error",
          message="Assessment Start Date cannot be later than its End Date",
          tables=["Assessments"],
          fields=["AssessmentAuthorisationDate", "AssessmentActualStartDate"])  # fmt: skip
def start_before_end(ctx: Context) -> pl.DataFrame:
    return _assessments(ctx).filter(
        pl.col("AssessmentAuthorisationDate") < pl.col("AssessmentActualStartDate")
    )


@cin_rule("8614", severity="error",
          message="Parental or child factors at assessment should only be present for a "
                  "completed assessment.",
          tables=["Assessments"], fields=["AssessmentAuthorisationDate"])  # fmt: skip
def factors_only_when_complete(ctx: Context) -> pl.DataFrame:
    return _assessments(ctx).filter(
        pl.col("AssessmentAuthorisationDate").is_null()
        & pl.col(ASSESSMENT).is_in(_assessed_with_factors(ctx).implode())
    )


@cin_rule("8670Q", severity="query",
          message="Please check and either amend data or provide a reason: Assessment started "
                  "more than 45 working days before the end of the census year. However, there "
                  "is no Assessment end date.",
          tables=["Assessments"], fields=["AssessmentActualStartDate"])  # fmt: skip
def open_assessment_too_long(ctx: Context) -> pl.DataFrame:
    cutoff = minus_working_days(ctx.reference_date, 45)
    return _assessments(ctx).filter(
        pl.col("AssessmentAuthorisationDate").is_null()
        & (pl.col("AssessmentActualStartDate") < cutoff)
    )


@cin_rule("8696", severity="error",
          message="Assessment end date must fall within the census year",
          tables=["Assessments"], fields=["AssessmentAuthorisationDate"])  # fmt: skip
def end_in_period(ctx: Context) -> pl.DataFrame:
    return _assessments(ctx).filter(outside_period(ctx, "AssessmentAuthorisationDate"))


@cin_rule("8736", severity="error",
          message="For an Assessment that has not been completed, the start date must fall within "
                  "the census year",
          tables=["Assessments"], fields=["AssessmentActualStartDate"])  # fmt: skip
def open_assessment_start_in_period(ctx: Context) -> pl.DataFrame:
    return _assessments(ctx).filter(
        pl.col("AssessmentAuthorisationDate").is_null()
        & ~in_period(ctx, "AssessmentActualStartDate")
    )


@cin_rule("8863Q", severity="query",
          message="An Assessment is shown as starting when there is another Assessment ongoing.",
          tables=["Assessments"],
          fields=["AssessmentActualStartDate", "AssessmentAuthorisationDate"])  # fmt: skip
def starts_while_another_ongoing(ctx: Context) -> pl.DataFrame:
    """Within an episode, no assessment may start on or between another's start and end (or the
    reference date, if the other has no end). The assessment that starts is flagged."""
    assessments = _assessments(ctx).filter(pl.col("AssessmentActualStartDate").is_not_null())
    clashing = pairs(assessments, EPISODE).filter(
        starts_within("AssessmentActualStartDate", "AssessmentActualStartDate_other",
                      "AssessmentAuthorisationDate_other", reference_date=ctx.reference_date,
                      end_inclusive=True)
    )  # fmt: skip
    return rows_of(assessments, clashing)


@cin_rule("8869", severity="error",
          message="The assessment factors code “21” cannot be used in conjunction with any other "
                  "assessment factors.",
          tables=[FACTORS], fields=["AssessmentFactors"])  # fmt: skip
def no_factors_alone(ctx: Context) -> pl.DataFrame:
    """Every factor of an assessment that has 21 (no factors identified) and another code."""
    factors = _factors(ctx).filter(pl.col(ASSESSMENT).is_not_null())
    mixed = factors.filter(
        (pl.col("AssessmentFactors") == NO_FACTORS).any().over(ASSESSMENT)
        & (pl.col("AssessmentFactors") != NO_FACTORS).any().over(ASSESSMENT)
    )
    return mixed


@cin_rule("8873Q", severity="query",
          message="Please check and either amend data or provide a reason: When there is only one "
                  "assessment on the episode and the factors code “21 No factors identified” has "
                  "been used for the completed assessment, the reason for closure ‘RC8’ or 'RC9' "
                  "should be used.",
          tables=["CINdetails", "Assessments"], fields=["ReasonForClosure"])  # fmt: skip
def no_factors_closed_after_assessment(ctx: Context) -> pl.DataFrame:
    single = (
        _assessments(ctx)
        .filter(pl.col(EPISODE).is_not_null())
        .filter(pl.len().over(EPISODE) == 1)
        .select(EPISODE, ASSESSMENT)
    )
    no_factors = _factors(ctx).filter(pl.col("AssessmentFactors") == NO_FACTORS)
    episodes = single.join(no_factors.select(ASSESSMENT).unique(), on=ASSESSMENT, how="semi")
    return ctx.table("CINdetails").filter(
        pl.col(EPISODE).is_in(episodes.get_column(EPISODE).implode())
        & ~pl.col("ReasonForClosure").is_in(("RC8", "RC9")).fill_null(False)
    )


@cin_rule("8896", severity="error",
          message="Within one CINDetails group there are 2 or more open Assessments groups",
          tables=["Assessments"], fields=["AssessmentAuthorisationDate"])  # fmt: skip
def one_open_assessment(ctx: Context) -> pl.DataFrame:
    open_ = _assessments(ctx).filter(
        pl.col("AssessmentAuthorisationDate").is_null() & pl.col(EPISODE).is_not_null()
    )
    return open_.filter(pl.len().over(EPISODE) > 1)


@cin_rule("8897Q", severity="query",
          message="Parental or child factors at assessment information is missing from a "
                  "completed assessment",
          tables=["Assessments", FACTORS],
          fields=["AssessmentAuthorisationDate"])  # fmt: skip
def completed_has_factors(ctx: Context) -> list[Flag]:
    """An assessment completed on or after 1 April needs at least one factor, all valid codes.

    An assessment with none is flagged on its authorisation date; an invalid code on its own row.
    """
    completed = _assessments(ctx).filter(
        (pl.col("AssessmentAuthorisationDate") >= ctx.collection_start).fill_null(False)
    )
    without = completed.filter(~pl.col(ASSESSMENT).is_in(_assessed_with_factors(ctx).implode()))
    codes = sorted(ctx.codes("assessment_factors"))
    invalid = _factors(ctx).filter(
        pl.col(ASSESSMENT).is_in(completed.get_column(ASSESSMENT).implode())
        & ~pl.col("AssessmentFactors").is_in(codes)
    )
    return [
        Flag("Assessments", without),
        Flag(FACTORS, invalid, fields=("AssessmentFactors",)),
    ]


@cin_rule("8898", severity="error",
          message="The assessment has more than one parental or child factors with the same code",
          tables=[FACTORS], fields=["AssessmentFactors"])  # fmt: skip
def factors_unique(ctx: Context) -> pl.DataFrame:
    factors = _factors(ctx).filter(pl.col(ASSESSMENT).is_not_null())
    return factors.filter(pl.len().over(ASSESSMENT, "AssessmentFactors") > 1)


@cin_rule("8945Q", severity="query",
          message="Please check and either amend data or provide a reason: the assessment factors "
                  "code '18A' should not be used ('18B' or '18C' should be used instead)",
          tables=[FACTORS], fields=["AssessmentFactors"])  # fmt: skip
def old_physical_abuse_factor(ctx: Context) -> pl.DataFrame:
    """Checked on each factor row: the peer validator compared a list of factors with "18A" and
    so never fired."""
    return _factors(ctx).filter(pl.col("AssessmentFactors") == "18A")


@cin_rule("8950Q", severity="query",
          message="Please check and either amend data or provide a reason: the assessment factors "
                  "code '19A' should not be used ('19B' or '19C' should be used instead)",
          tables=[FACTORS], fields=["AssessmentFactors"])  # fmt: skip
def old_sexual_abuse_factor(ctx: Context) -> pl.DataFrame:
    return _factors(ctx).filter(pl.col("AssessmentFactors") == "19A")
