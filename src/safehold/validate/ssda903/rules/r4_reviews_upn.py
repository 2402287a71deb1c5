"""SSDA903 rules 440 to 444: how a child took part in reviews at their age, and the pupil number."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import CHILD, birthday, ssda903_rule

#: PN0 records that the child was under 4 at the review; PN1 to PN7 are ways of taking part.
UNDER_FOUR = "PN0"
PARTICIPATION = ("PN1", "PN2", "PN3", "PN4", "PN5", "PN6", "PN7")


def _aged_four_or_over() -> pl.Expr:
    # Aged 4 from the 4th birthday itself: a review on that day needs a PN1 to PN7 code.
    return pl.col("REVIEW") >= birthday("DOB", 4)


@ssda903_rule(
    "440",
    severity="error",
    message=(
        "Participation method indicates child was under 4 years old at the time of the review, "
        "but date of birth and review date indicates the child was 4 years old or over."
    ),
    tables=["Reviews"],
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
    since=2025,
)
def under_four_code_for_older_child(ctx: Context) -> pl.DataFrame:
    reviews = ctx.table("Reviews")
    return reviews.filter((pl.col("REVIEW_CODE") == UNDER_FOUR) & _aged_four_or_over())


@ssda903_rule(
    "441",
    severity="error",
    message=(
        "Participation method indicates child was 4 years old or over at the time of the review, "
        "but the date of birth and review date indicates the child was under 4 years old."
    ),
    tables=["Reviews"],
    fields=["DOB", "REVIEW", "REVIEW_CODE"],
    since=2025,
)
def participation_code_for_under_four(ctx: Context) -> pl.DataFrame:
    reviews = ctx.table("Reviews")
    return reviews.filter(pl.col("REVIEW_CODE").is_in(PARTICIPATION) & ~_aged_four_or_over())


@ssda903_rule(
    "442",
    severity="error",
    message="Unique Pupil Number (UPN) field is not completed.",
    tables=["Header"],
    fields=["UPN"],
    since=2025,
)
def upn_missing(ctx: Context) -> pl.DataFrame:
    # Children looked after only under short-break legal statuses need no UPN.
    short_breaks = sorted(ctx.codes("short_breaks_legal_status"))
    needing = ctx.table("Episodes").filter(~pl.col("LS").is_in(short_breaks).fill_null(False))
    header = ctx.table("Header").filter(pl.col("UPN").is_null())
    return header.join(needing.select(CHILD).unique(), on=CHILD, how="semi")


@ssda903_rule(
    "444",
    severity="error",
    message="Duplicate UPN has been reported",
    tables=["Header"],
    fields=["UPN"],
    since=2026,
)
def upn_duplicated(ctx: Context) -> pl.DataFrame:
    # The "UPN unknown" codes UN1 to UN5 are reasons, not numbers, and may repeat.
    unknown = sorted(ctx.codes("upn_unknown_ssda903"))
    header = ctx.table("Header")
    real = pl.col("UPN").is_not_null() & ~pl.col("UPN").is_in(unknown)
    return header.filter(real & (pl.col("UPN").count().over("UPN") > 1))
