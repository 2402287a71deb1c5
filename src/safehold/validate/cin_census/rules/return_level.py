"""Rules on the return as a whole: counts across all children of the authority."""

from __future__ import annotations

import polars as pl

from safehold.validate.cin_census.rules._common import CHILD, cin_rule, in_period
from safehold.validate.context import Context, ReturnLevel


@cin_rule("2883", severity="error",
          message="There are more child protection plans starting than initial conferences "
                  "taking place",
          tables=["ChildProtectionPlans", "Section47", "CINdetails"],
          fields=["CPPstartDate", "DateOfInitialCPC"])  # fmt: skip
def plans_not_more_than_conferences(ctx: Context) -> ReturnLevel | None:
    """Plans starting in the census year must not outnumber the initial conferences held in it,
    counted at both the Section 47 and the CIN details level."""
    plans = ctx.table("ChildProtectionPlans").filter(in_period(ctx, "CPPstartDate")).height
    at_s47 = ctx.table("Section47").filter(in_period(ctx, "DateOfInitialCPC")).height
    at_cin = ctx.table("CINdetails").filter(in_period(ctx, "DateOfInitialCPC")).height
    if plans <= at_s47 + at_cin:
        return None
    return ReturnLevel(
        f"{plans} plans started in the census year, {at_s47 + at_cin} initial conferences",
        {"plans_started": str(plans), "icpc_section47": str(at_s47), "icpc_cin": str(at_cin)},
    )


@cin_rule("2886Q", severity="query",
          message="Please check and either amend or provide a reason: Percentage of children with "
                  "no sex recorded is more than 2% (excluding unborns)",
          tables=["ChildIdentifiers"], fields=["Sex", "ExpectedPersonBirthDate"])  # fmt: skip
def sex_recorded(ctx: Context) -> ReturnLevel | None:
    ids = ctx.table("ChildIdentifiers")
    if ids.is_empty():
        return None
    unrecorded = ids.filter(
        (pl.col("Sex").is_null() | (pl.col("Sex") == "U"))
        & pl.col("ExpectedPersonBirthDate").is_null()
    ).height
    share = unrecorded / ids.height
    if share <= 0.02:
        return None
    return ReturnLevel(
        f"{unrecorded} of {ids.height} children ({share:.1%}) have sex U or missing",
        {"children": str(ids.height), "no_sex_recorded": str(unrecorded)},
    )


@cin_rule("2887Q", severity="query",
          message="Please check and either amend or provide a reason: Less than 8 disability "
                  "codes have been used in your return",
          tables=["Disabilities"], fields=["Disability"])  # fmt: skip
def disability_codes_used(ctx: Context) -> ReturnLevel | None:
    """Distinct disability codes other than NONE: fewer than 8 is queried.

    (The community validator counted the children coded NONE instead; this counts codes.)
    """
    codes = ctx.codes("disability") - {"NONE"}
    used = (
        ctx.table("Disabilities")
        .filter(pl.col("Disability").is_in(sorted(codes)))
        .get_column("Disability")
        .n_unique()
    )
    if used > 7:
        return None
    return ReturnLevel(f"{used} different disability codes used", {"codes_used": str(used)})


@cin_rule("2888Q", severity="query",
          message="Please check and either amend or provide a reason: Only one disability code is "
                  "recorded per child and multiple disabilities should be recorded where possible.",
          tables=["Disabilities"], fields=["Disability"])  # fmt: skip
def several_disabilities(ctx: Context) -> ReturnLevel | None:
    per_child = (
        ctx.table("Disabilities")
        .filter(pl.col("Disability").is_not_null() & (pl.col("Disability") != "NONE"))
        .group_by(CHILD)
        .agg(pl.col("Disability").n_unique().alias("codes"))
    )
    if per_child.is_empty() or per_child.get_column("codes").max() > 1:  # type: ignore[operator]
        return None
    return ReturnLevel(
        f"all {per_child.height} children with a disability have exactly one code",
        {"children_with_disability": str(per_child.height)},
    )
