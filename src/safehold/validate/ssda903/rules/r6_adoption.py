"""Adoption rules (601, 602, 1003): the AD1 details of children adopted in the year, and the
decision that a child should be placed for adoption."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import CHILD, all_null, first_episode, ssda903_rule
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")


def _adopted_in_year(ctx: Context) -> pl.DataFrame:
    """Episodes that ended in the collection year with an adoption (REC E11 or E12)."""
    return ctx.table("Episodes").filter(
        pl.col("REC").is_in(sorted(ctx.codes("adoption_reason_ceased")))
        & pl.col("DEC").is_between(ctx.collection_start, ctx.collection_end)
    )


@ssda903_rule(
    "601",
    severity="error",
    message=MESSAGES["601"],
    tables=["Episodes", "AD1"],
    fields=["REC", *AD1_FIELDS],
    since=2025,
)
def adoption_details_given(ctx: Context) -> dict[str, pl.DataFrame]:
    """A child adopted in the year needs every AD1 field; a child with no AD1 row has none."""
    adopted = _adopted_in_year(ctx)
    ad1 = ctx.table("AD1")
    incomplete = ad1.filter(pl.any_horizontal(pl.col(c).is_null() for c in AD1_FIELDS))
    complete = ad1.join(incomplete.select(CHILD), on=CHILD, how="anti")
    return {
        "Episodes": adopted.join(complete.select(CHILD), on=CHILD, how="anti"),
        "AD1": incomplete.join(adopted.select(CHILD), on=CHILD, how="semi"),
    }


@ssda903_rule(
    "602",
    severity="error",
    message=MESSAGES["602"],
    tables=["AD1"],
    fields=["CHILD"],
    since=2025,
)
def adoption_details_only_for_adopted(ctx: Context) -> pl.DataFrame:
    return (
        ctx.table("AD1")
        .filter(~all_null(AD1_FIELDS))
        .join(_adopted_in_year(ctx).select(CHILD), on=CHILD, how="anti")
    )


@ssda903_rule(
    "1003",
    severity="error",
    message=MESSAGES["1003"],
    tables=["PlacedAdoption", "Episodes"],
    fields=["DATE_PLACED", "DECOM", "RNE"],
    since=2025,
)
def placement_decision_after_care_began(ctx: Context) -> dict[str, pl.DataFrame]:
    """DATE_PLACED must not be before the start (RNE S) of the child's first period of care."""
    first = first_episode(ctx.table("Episodes"), where=pl.col("RNE") == "S").select(
        CHILD, pl.col("_row").alias("_eps_row"), pl.col("DECOM").alias("_decom")
    )
    failing = (
        ctx.table("PlacedAdoption")
        .join(first, on=CHILD, how="inner")
        .filter(pl.col("DATE_PLACED") < pl.col("_decom"))
    )
    return {
        "PlacedAdoption": failing,
        "Episodes": failing.select(pl.col("_eps_row").alias("_row")),
    }
