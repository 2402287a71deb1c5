"""Rules 166 and 167: reviews and how the child took part."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.ssda903.common import missing_or_invalid_date, ssda903_rule


@ssda903_rule(
    "166",
    severity="error",
    message="Date of review is invalid or blank.",
    tables=["Reviews"],
    fields=["REVIEW"],
    since=2025,
)
def review_date_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("Reviews").filter(missing_or_invalid_date("REVIEW"))


@ssda903_rule(
    "167",
    severity="error",
    message="Data entry for participation is invalid or blank.",
    tables=["Reviews"],
    fields=["REVIEW", "REVIEW_CODE"],
    since=2025,
)
def review_participation_valid(ctx: Context) -> pl.DataFrame:
    """A review (its date given, valid or not) needs a valid participation code; a row with
    neither is left to rule 166."""
    reviews = ctx.table("Reviews")
    held = pl.col("REVIEW__text").is_not_null()
    code = pl.col("REVIEW_CODE")
    valid = code.is_in(sorted(ctx.codes("review_participation")))
    bad = (held & ~valid.fill_null(False)) | (~held & code.is_not_null())
    return reviews.filter(bad)
