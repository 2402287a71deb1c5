"""Header rules: the child's sex, date of birth, ethnicity."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.registry import rule

ssda903_rule = partial(rule, return_name="ssda903")


@ssda903_rule(
    "101",
    severity="error",
    message="Gender code is not valid.",
    tables=["Header"],
    fields=["SEX"],
)
def sex_code_valid_numeric(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    return header.filter(~pl.col("SEX").is_in(ctx.codes("ssda903_sex")) | pl.col("SEX").is_null())


@ssda903_rule(
    "101",
    severity="error",
    message="Gender code is not valid.",
    tables=["Header"],
    fields=["SEX"],
    since=2025,
)
def sex_code_valid(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    return header.filter(~pl.col("SEX").is_in(ctx.codes("sex")) | pl.col("SEX").is_null())


@ssda903_rule(
    "103",
    severity="error",
    message="The ethnicity code is either not valid or has not been entered.",
    tables=["Header"],
    fields=["ETHNIC"],
)
def ethnicity_valid(ctx: Context) -> pl.DataFrame:
    header = ctx.table("Header")
    return header.filter(
        ~pl.col("ETHNIC").is_in(ctx.codes("ethnicity")) | pl.col("ETHNIC").is_null()
    )
