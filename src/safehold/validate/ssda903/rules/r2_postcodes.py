"""Rules 392a–392d: home and placement postcodes, and the distance between them."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import geography
from safehold.validate.ssda903.derived import postcode_lookup
from safehold.validate.ssda903.rules.r2__helpers import uasc_children

ssda903_rule = partial(rule, return_name="ssda903")


def _uasc_either_year(ctx: Context) -> pl.DataFrame:
    """Children UASC this year, or last year when last year's return is given: a UASC child may
    have no home postcode."""
    frames = [uasc_children(ctx.table("UASC"))]
    if ctx.has_previous():
        frames.append(uasc_children(ctx.previous("UASC")))
    return pl.concat(frames).unique()


def _postcodes_expected(ctx: Context, episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes of children not UASC and not on short breaks (V3/V4), which need postcodes."""
    short_breaks = sorted(ctx.codes("short_breaks_legal_status"))
    return episodes.join(_uasc_either_year(ctx), on="CHILD", how="anti").filter(
        ~pl.col("LS").is_in(short_breaks).fill_null(False)
    )


@ssda903_rule(
    "392a",
    severity="error",
    message=(
        "Child is looked after but no distance is recorded. [NOTE: This check may result in "
        "false positives for children formerly UASC]"
    ),
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST"],
    since=2025,
    needs=["postcodes"],
)
def distance_known(ctx: Context) -> pl.DataFrame:
    """The distance is derived from the two postcodes; it is missing when either is blank or
    not a known postcode."""
    episodes = _postcodes_expected(ctx, geography(ctx))
    return episodes.filter(pl.col("PL_DISTANCE").is_null())


@ssda903_rule(
    "392b",
    severity="error",
    message=(
        "Child is looked after but no postcodes are recorded. [NOTE: This check may result in "
        "false positives for children formerly UASC, particularly if current & prior year UASC "
        "data not loaded]"
    ),
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST"],
    since=2025,
)
def postcodes_given(ctx: Context) -> pl.DataFrame:
    episodes = _postcodes_expected(ctx, ctx.table("Episodes"))
    return episodes.filter(pl.col("HOME_POST").is_null() | pl.col("PL_POST").is_null())


@ssda903_rule(
    "392c",
    severity="error",
    message="Postcode(s) provided are invalid.",
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST"],
    since=2025,
    needs=["postcodes"],
)
def postcodes_known(ctx: Context) -> pl.DataFrame:
    episodes = ctx.table("Episodes")
    given = pl.concat([episodes["HOME_POST"], episodes["PL_POST"]]).drop_nulls().unique()
    known = postcode_lookup(ctx).lookup(given)["postcode"].unique().to_list()

    def unknown(column: str) -> pl.Expr:
        return pl.col(column).is_not_null() & ~pl.col(column).is_in(known)

    return episodes.filter(unknown("HOME_POST") | unknown("PL_POST"))


@ssda903_rule(
    "392d",
    severity="error",
    message="Home and placement postcodes should not be same unless the placement type is P1.",
    tables=["Episodes"],
    fields=["HOME_POST", "PL_POST", "PLACE"],
    since=2025,
)
def placed_away_from_home(ctx: Context) -> pl.DataFrame:
    """Postcodes are compared without spaces."""

    def squeezed(column: str) -> pl.Expr:
        return pl.col(column).str.replace_all(" ", "")

    return ctx.table("Episodes").filter(
        (squeezed("HOME_POST") == squeezed("PL_POST")) & pl.col("PLACE").ne_missing(pl.lit("P1"))
    )
