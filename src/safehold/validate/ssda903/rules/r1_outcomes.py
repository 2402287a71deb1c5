"""Rules 157–159, 180–182, 185–193, 196, 197a, 197B and 198: outcomes for children looked after
continuously for 12 months at 31 March (OC2): health items, substance misuse and the SDQ.

"Looked after continuously for 12 months" (the OC2 cohort) is derived from this year's episodes
by :func:`continuously_looked_after`. The SDQ (strengths and difficulties questionnaire) is due
for children aged 4 to 16: ages are taken from the OC2 row's DOB.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import (
    CHILD,
    any_present,
    birthday,
    continuously_looked_after,
    first_episodes,
    not_valid_code,
    ssda903_rule,
    with_cla,
)
from safehold.validate.ssda903.rules.r1_adoption import AD1_GIVEN, AD1_ITEMS, OC3_ITEMS

HEALTH_ITEMS = (
    "CONVICTED",
    "HEALTH_CHECK",
    "IMMUNISATIONS",
    "TEETH_CHECK",
    "HEALTH_ASSESSMENT",
    "SUBSTANCE_MISUSE",
    "INTERVENTION_RECEIVED",
    "INTERVENTION_OFFERED",
)
#: The items every child in the OC2 cohort must have (the rest depend on circumstances).
CORE_HEALTH_ITEMS = ("IMMUNISATIONS", "TEETH_CHECK", "HEALTH_ASSESSMENT", "SUBSTANCE_MISUSE")
SDQ = ("SDQ_SCORE", "SDQ_REASON")

CLA12 = pl.col("CLA12")


def _is(column: str, value: str) -> pl.Expr:
    return (pl.col(column) == value).fill_null(False)


def _sdq_age_all_year(ctx: Context) -> pl.Expr:
    """Aged 4 or over on 1 April and under 17 on 31 March: of SDQ age all year."""
    return (birthday("DOB", 4) <= ctx.collection_start) & (birthday("DOB", 17) > ctx.collection_end)


@ssda903_rule(
    "157",
    severity="error",
    message=(
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the "
        "end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded "
        "as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."
    ),
    tables=["OC2"],
    fields=["SDQ_REASON", "DOB"],
    since=2025,
)
def sdq1_reason_for_sdq_age(ctx: Context) -> pl.DataFrame:
    """SDQ1 says the child is too young or too old for the SDQ: it cannot be the reason for a
    child in the cohort who is 4 or over at the start of the year and 16 or under at its end."""
    oc2 = with_cla(ctx, ctx.table("OC2"))
    return oc2.filter(CLA12 & _is("SDQ_REASON", "SDQ1") & _sdq_age_all_year(ctx).fill_null(False))


@ssda903_rule(
    "158",
    severity="error",
    message=(
        "If a child has been recorded as receiving an intervention for their substance misuse "
        "problem, then the additional item on whether an intervention was offered should be left "
        "blank."
    ),
    tables=["OC2"],
    fields=["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    since=2025,
)
def offered_blank_when_received(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(
        _is("INTERVENTION_RECEIVED", "1") & pl.col("INTERVENTION_OFFERED").is_not_null()
    )


@ssda903_rule(
    "159",
    severity="error",
    message=(
        "If a child has been recorded as not receiving an intervention for their substance misuse "
        "problem, then the additional item on whether an intervention was offered should be "
        "completed as well."
    ),
    tables=["OC2"],
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    since=2025,
)
def offered_given_when_not_received(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(
        _is("SUBSTANCE_MISUSE", "1")
        & _is("INTERVENTION_RECEIVED", "0")
        & pl.col("INTERVENTION_OFFERED").is_null()
    )


@ssda903_rule(
    "180",
    severity="error",
    message="Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid.",
    tables=["OC2"],
    fields=["SDQ_SCORE"],
    since=2025,
)
def sdq_score_valid(ctx: Context) -> pl.DataFrame:
    """The score, when given, is a whole number from 0 to 40."""
    oc2 = ctx.table("OC2")
    score = pl.col("SDQ_SCORE")
    as_int = pl.when(score.str.contains(r"^\d{1,2}$")).then(score.cast(pl.Int32, strict=False))
    return oc2.filter(score.is_not_null() & ~as_int.is_between(0, 40).fill_null(False))


@ssda903_rule(
    "181",
    severity="error",
    message=(
        "Data items relating to children looked after continuously for 12 months should be "
        "completed with a 0 or 1."
    ),
    tables=["OC2"],
    fields=HEALTH_ITEMS,
    since=2025,
)
def health_items_zero_or_one(ctx: Context) -> pl.DataFrame:
    codes = ctx.codes("yes_no_01")
    bad = pl.any_horizontal(not_valid_code(c, codes, blank_ok=True) for c in HEALTH_ITEMS)
    return ctx.table("OC2").filter(bad)


@ssda903_rule(
    "182",
    severity="error",
    message=(
        "Data entries on immunisations, teeth checks, health assessments and substance misuse "
        "problem identified should be completed or all OC2 fields should be left blank."
    ),
    tables=["OC2"],
    fields=HEALTH_ITEMS,
    since=2025,
)
def core_health_items_or_none(ctx: Context) -> pl.DataFrame:
    """Once any health item is given, the four core items must all be given."""
    core_missing = pl.any_horizontal(pl.col(c).is_null() for c in CORE_HEALTH_ITEMS)
    return ctx.table("OC2").filter(core_missing & any_present(HEALTH_ITEMS))


@ssda903_rule(
    "185",
    severity="error",
    message=(
        "Child has not been looked after continuously for at least 12 months at 31 March but a "
        "Strengths and Difficulties (SDQ) score has been completed."
    ),
    tables=["OC2"],
    fields=["SDQ_SCORE"],
    since=2025,
)
def sdq_score_outside_cohort(ctx: Context) -> pl.DataFrame:
    oc2 = with_cla(ctx, ctx.table("OC2"))
    return oc2.filter(~CLA12 & pl.col("SDQ_SCORE").is_not_null())


@ssda903_rule(
    "186",
    severity="error",
    message=(
        "Children aged 4 or over at the start of the year and children aged under 17 at the end "
        "of the year and who have been looked after for at least 12 months continuously should "
        "have a Strengths and Difficulties (SDQ) score completed."
    ),
    tables=["OC2"],
    fields=["SDQ_SCORE", "SDQ_REASON", "DOB"],
    since=2025,
)
def sdq_due(ctx: Context) -> pl.DataFrame:
    """A child of SDQ age all year needs a score, or a reason why there is none."""
    oc2 = with_cla(ctx, ctx.table("OC2"))
    no_sdq = pl.all_horizontal(pl.col(c).is_null() for c in SDQ)
    return oc2.filter(CLA12 & _sdq_age_all_year(ctx).fill_null(False) & no_sdq)


@ssda903_rule(
    "187",
    severity="error",
    message=(
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any "
        "of adoption or care leavers returns completed."
    ),
    tables=["AD1", "OC3"],
    fields=[*AD1_ITEMS, *OC3_ITEMS],
    since=2025,
)
def cohort_without_adoption_or_leaving(ctx: Context) -> dict[str, pl.DataFrame]:
    cohort = continuously_looked_after(ctx).filter(CLA12).select(CHILD)
    ad1 = ctx.table("AD1").filter(any_present(AD1_GIVEN))
    oc3 = ctx.table("OC3").filter(any_present(OC3_ITEMS))
    return {
        "AD1": ad1.join(cohort, on=CHILD, how="semi"),
        "OC3": oc3.join(cohort, on=CHILD, how="semi"),
    }


@ssda903_rule(
    "188",
    severity="error",
    message=(
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties "
        "(SDQ) score or a reason for no SDQ score has been completed. "
    ),
    tables=["OC2"],
    fields=["SDQ_SCORE", "SDQ_REASON", "DOB"],
    since=2025,
)
def sdq_for_under_four(ctx: Context) -> pl.DataFrame:
    under_four = (birthday("DOB", 4) > ctx.collection_end).fill_null(False)
    return ctx.table("OC2").filter(under_four & any_present(SDQ))


@ssda903_rule(
    "189",
    severity="error",
    message=(
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and "
        "Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has "
        "been completed."
    ),
    tables=["OC2"],
    fields=["DOB", "SDQ_SCORE", "SDQ_REASON"],
    since=2025,
)
def sdq_for_seventeen_plus(ctx: Context) -> pl.DataFrame:
    """The DfE's test is a birth more than 17 years before 1 April: a child whose 17th birthday
    is 1 April itself turns 17 in the year, and so is due an SDQ (rule 197B)."""
    seventeen = (birthday("DOB", 17) < ctx.collection_start).fill_null(False)
    return ctx.table("OC2").filter(seventeen & any_present(SDQ))


@ssda903_rule(
    "190",
    severity="error",
    message=(
        "Child has not been looked after continuously for at least 12 months at 31 March but one "
        "or more data items relating to children looked after for 12 months have been completed."
    ),
    tables=["OC2"],
    fields=HEALTH_ITEMS,
    since=2025,
)
def health_items_outside_cohort(ctx: Context) -> pl.DataFrame:
    oc2 = with_cla(ctx, ctx.table("OC2"))
    return oc2.filter(~CLA12 & any_present(HEALTH_ITEMS))


@ssda903_rule(
    "191",
    severity="error",
    message=(
        "Child has been looked after continuously for at least 12 months at 31 March but one or "
        "more data items relating to children looked after for 12 months have been left blank."
    ),
    tables=["OC2", "Episodes"],
    fields=[*CORE_HEALTH_ITEMS, "CHILD"],
    since=2025,
)
def cohort_health_items_given(ctx: Context) -> dict[str, pl.DataFrame]:
    """A child in the cohort needs the core health items: a blank one flags the OC2 row, and a
    child with no OC2 row at all is flagged on the child's first episode."""
    cohort = continuously_looked_after(ctx).filter(CLA12).select(CHILD)
    oc2 = ctx.table("OC2")
    core_missing = pl.any_horizontal(pl.col(c).is_null() for c in CORE_HEALTH_ITEMS)
    missing_row = first_episodes(ctx).join(cohort, on=CHILD, how="semi")
    return {
        "OC2": oc2.join(cohort, on=CHILD, how="semi").filter(core_missing),
        "Episodes": missing_row.join(oc2.select(CHILD), on=CHILD, how="anti"),
    }


@ssda903_rule(
    "192",
    severity="error",
    message=(
        "Child has been identified as having a substance misuse problem but the additional item "
        "on whether an intervention was received has been left blank."
    ),
    tables=["OC2"],
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED"],
    since=2025,
)
def received_given_for_misuse(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(_is("SUBSTANCE_MISUSE", "1") & pl.col("INTERVENTION_RECEIVED").is_null())


@ssda903_rule(
    "193",
    severity="error",
    message=(
        "Child not identified as having a substance misuse problem but at least one of the two "
        "additional items on whether an intervention were offered and received have been "
        "completed."
    ),
    tables=["OC2"],
    fields=["SUBSTANCE_MISUSE", "INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"],
    since=2025,
)
def interventions_only_for_misuse(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    no_problem = pl.col("SUBSTANCE_MISUSE").is_null() | _is("SUBSTANCE_MISUSE", "0")
    return oc2.filter(no_problem & any_present(["INTERVENTION_RECEIVED", "INTERVENTION_OFFERED"]))


@ssda903_rule(
    "196",
    severity="error",
    message="Strengths and Difficulties (SDQ) reason is not a valid code.",
    tables=["OC2"],
    fields=["SDQ_REASON"],
    since=2025,
)
def sdq_reason_valid(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(not_valid_code("SDQ_REASON", ctx.codes("sdq_reason"), blank_ok=True))


@ssda903_rule(
    "197a",
    severity="error",
    message=(
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and "
        "Difficulties Questionnaire score is filled in."
    ),
    tables=["OC2"],
    fields=["SDQ_SCORE", "SDQ_REASON"],
    since=2025,
)
def sdq_reason_and_score_exclusive(ctx: Context) -> pl.DataFrame:
    oc2 = ctx.table("OC2")
    return oc2.filter(pl.col("SDQ_SCORE").is_not_null() & pl.col("SDQ_REASON").is_not_null())


@ssda903_rule(
    "197B",
    severity="error",
    message="SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds.",
    tables=["OC2"],
    fields=["SDQ_REASON", "DOB"],
    since=2025,
)
def sdq_for_fourth_or_seventeenth_birthday(ctx: Context) -> pl.DataFrame:
    """A child in the cohort who turns 4 or 17 during the year needs a score or a reason."""
    start, end = ctx.collection_start, ctx.collection_end
    turns = birthday("DOB", 4).is_between(start, end) | birthday("DOB", 17).is_between(start, end)
    oc2 = with_cla(ctx, ctx.table("OC2"))
    no_sdq = pl.all_horizontal(pl.col(c).is_null() for c in SDQ)
    return oc2.filter(CLA12 & turns.fill_null(False) & no_sdq)


@ssda903_rule(
    "198",
    severity="error",
    message=(
        "Child has not been looked after continuously for at least 12 months at 31 March but a "
        "reason for no Strengths and Difficulties (SDQ) score has been completed. "
    ),
    tables=["OC2"],
    fields=["SDQ_REASON"],
    since=2025,
)
def sdq_reason_outside_cohort(ctx: Context) -> pl.DataFrame:
    oc2 = with_cla(ctx, ctx.table("OC2"))
    return oc2.filter(~CLA12 & pl.col("SDQ_REASON").is_not_null())
