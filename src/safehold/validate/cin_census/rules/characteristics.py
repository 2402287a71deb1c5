"""Child characteristics: ethnicity and disabilities."""

from __future__ import annotations

import polars as pl

from safehold.validate.cin_census.rules._common import CHILD, cin_rule, invalid_code, is_false
from safehold.validate.context import Context, Flag


@cin_rule("4220", severity="error",
          message="Ethnicity is missing or invalid (see Ethnicity table)",
          tables=["ChildCharacteristics"], fields=["Ethnicity"])  # fmt: skip
def ethnicity_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("ChildCharacteristics").filter(
        invalid_code("Ethnicity", ctx.codes("ethnicity"))
    )


@cin_rule("8540", severity="error",
          message="Child’s disability is missing or invalid (see Disability table)",
          tables=["Disabilities", "ChildCharacteristics"], fields=["Disability"])  # fmt: skip
def disability_valid(ctx: Context) -> list[Flag]:
    """For a born child with at least one referral going on to further action, one or more
    disabilities must be recorded and each must be a valid code.

    Invalid codes are flagged on their ``Disability`` rows; a child with none is flagged on its
    ``ChildCharacteristics`` element, where the ``Disabilities`` block is missing.
    """
    further_action = ctx.table("CINdetails").filter(is_false("ReferralNFA")).select(CHILD)
    in_scope = (
        ctx.table("ChildIdentifiers")
        .filter(pl.col("PersonBirthDate").is_not_null() & pl.col(CHILD).is_not_null())
        .select(CHILD)
        .join(further_action, on=CHILD, how="semi")
        .unique()
    )
    disabilities = ctx.table("Disabilities").join(in_scope, on=CHILD, how="semi")
    invalid = disabilities.filter(invalid_code("Disability", ctx.codes("disability")))
    recorded = disabilities.filter(pl.col("Disability").is_not_null()).select(CHILD).unique()
    missing = in_scope.join(recorded, on=CHILD, how="anti")
    characteristics = ctx.table("ChildCharacteristics").join(missing, on=CHILD, how="semi")
    return [
        Flag("Disabilities", invalid),
        Flag("ChildCharacteristics", characteristics, fields=()),
    ]


@cin_rule("8790", severity="error",
          message="Disability information includes both None and other values",
          tables=["Disabilities"], fields=["Disability"])  # fmt: skip
def none_alone(ctx: Context) -> pl.DataFrame:
    """Every disability row of a child who has NONE alongside another code."""
    disabilities = ctx.table("Disabilities").filter(pl.col(CHILD).is_not_null())
    mixed = (
        disabilities.filter(pl.col("Disability").is_not_null())
        .group_by(CHILD)
        .agg(
            (pl.col("Disability") == "NONE").any().alias("none"),
            (pl.col("Disability") != "NONE").any().alias("other"),
        )
        .filter(pl.col("none") & pl.col("other"))
    )
    return disabilities.join(mixed.select(CHILD), on=CHILD, how="semi").filter(
        pl.col("Disability").is_not_null()
    )


@cin_rule("8794", severity="error",
          message="Child has two or more disabilities with the same code",
          tables=["Disabilities"], fields=["Disability"])  # fmt: skip
def disability_unique(ctx: Context) -> pl.DataFrame:
    disabilities = ctx.table("Disabilities").filter(pl.col("Disability").is_not_null())
    return disabilities.filter(pl.len().over(CHILD, "Disability") > 1)
