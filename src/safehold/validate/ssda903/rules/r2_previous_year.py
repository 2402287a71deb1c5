"""Rules 202–208: a child's Header must agree with what last year's return recorded."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule

ssda903_rule = partial(rule, return_name="ssda903")

#: 2023/24 returns recorded sex as 1/2; from 2024/25 it is M/F/U. Last year's numeric codes are
#: read as their letters so that the first year of the change does not flag every child.
_SEX_AS_LETTER = {"1": "M", "2": "F"}


def _with_last_year(ctx: Context, columns: list[str]) -> pl.DataFrame:
    """This year's Header rows of children also in last year's Header, with ``<col>_last``."""
    last = (
        ctx.previous("Header")
        .select("CHILD", *[pl.col(c).alias(f"{c}_last") for c in columns])
        .filter(pl.col("CHILD").is_not_null())
        .unique(subset="CHILD", keep="first", maintain_order=True)
    )
    return ctx.table("Header").join(last, on="CHILD", how="inner")


def _differs(column: str) -> pl.Expr:
    """True where this year's value differs from last year's (a blank on one side differs)."""
    return pl.col(column).ne_missing(pl.col(f"{column}_last"))


@ssda903_rule(
    "202",
    severity="error",
    message="The gender code conflicts with the gender already recorded for this child.",
    tables=["Header"],
    fields=["SEX"],
    since=2025,
    needs=["previous"],
)
def sex_matches_last_year(ctx: Context) -> pl.DataFrame:
    merged = _with_last_year(ctx, ["SEX"]).with_columns(
        pl.col("SEX_last").replace(_SEX_AS_LETTER),
        pl.col("SEX").replace(_SEX_AS_LETTER),
    )
    return merged.filter(_differs("SEX"))


@ssda903_rule(
    "203",
    severity="error",
    message="Date of birth disagrees with the date of birth already recorded for this child.",
    tables=["Header"],
    fields=["DOB"],
    since=2025,
    needs=["previous"],
)
def dob_matches_last_year(ctx: Context) -> pl.DataFrame:
    merged = _with_last_year(ctx, ["DOB", "DOB__text"])
    # Compare dates where both parse; where either does not, compare the text as given.
    both_dates = pl.col("DOB").is_not_null() & pl.col("DOB_last").is_not_null()
    return merged.filter(pl.when(both_dates).then(_differs("DOB")).otherwise(_differs("DOB__text")))


@ssda903_rule(
    "204",
    severity="error",
    message=(
        "Ethnic origin code disagrees with the ethnic origin already recorded for this child."
    ),
    tables=["Header"],
    fields=["ETHNIC"],
    since=2025,
    needs=["previous"],
)
def ethnicity_matches_last_year(ctx: Context) -> pl.DataFrame:
    return _with_last_year(ctx, ["ETHNIC"]).filter(_differs("ETHNIC"))


@ssda903_rule(
    "207",
    severity="error",
    message=(
        "Mother status for the current year disagrees with the mother status already recorded "
        "for this child."
    ),
    tables=["Header", "Episodes"],
    fields=["MOTHER"],
    since=2025,
    needs=["previous"],
)
def mother_status_kept(ctx: Context) -> pl.DataFrame:
    """A child recorded as a mother last year who is looked after this year is still one."""
    with_episodes = ctx.table("Episodes").select("CHILD").unique()
    return (
        _with_last_year(ctx, ["MOTHER"])
        .join(with_episodes, on="CHILD", how="semi")
        .filter((pl.col("MOTHER_last") == "1") & _differs("MOTHER"))
    )


@ssda903_rule(
    "208",
    severity="error",
    message=(
        "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number "
        "(UPN) already recorded for this child."
    ),
    tables=["Header"],
    fields=["UPN"],
    since=2025,
    needs=["previous"],
)
def upn_matches_last_year(ctx: Context) -> pl.DataFrame:
    """The UPN may change only from not known to known, or to a more specific unknown reason.

    Allowed: the same value (blank both years included); blank to UN1; blank or UN1 to UN2–UN5;
    blank or any UN code to a real UPN. Anything else (one real UPN to another, a real UPN to an
    unknown code or blank, one of UN2–UN5 to another) disagrees.
    """
    unknown = sorted(ctx.codes("upn_unknown_ssda903"))
    later_unknown = [c for c in unknown if c != "UN1"]
    now, last = pl.col("UPN"), pl.col("UPN_last")
    was_blank_or_un1 = last.is_null() | (last == "UN1")
    allowed = (
        (last.is_null() & (now == "UN1"))
        | (was_blank_or_un1 & now.is_in(later_unknown))
        | ((last.is_null() | last.is_in(unknown)) & now.is_not_null() & ~now.is_in(unknown))
    ).fill_null(False)
    merged = _with_last_year(ctx, ["UPN"])
    return merged.filter(_differs("UPN") & ~allowed).select(ROW)
