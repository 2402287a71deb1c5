"""Rules 331, 333–336 and 390: adoption dates and placements for adoption."""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.rules.r2__helpers import (
    episodes_in_order,
    rows_of,
    with_neighbours,
)

ssda903_rule = partial(rule, return_name="ssda903")

AD1_ROW = "_row_ad1"
#: Reasons an episode ceased that mean the child was adopted.
ADOPTED = ["E11", "E12"]
#: Placed for adoption with the current foster carer(s) (A3, A5) or not (A4, A6).
WITH_FOSTER_CARERS = ["A3", "A5"]
NOT_WITH_FOSTER_CARERS = ["A4", "A6"]


def _with_ad1(ctx: Context, episodes: pl.DataFrame, columns: list[str]) -> pl.DataFrame:
    ad1 = (
        ctx.table("AD1")
        .filter(pl.col("CHILD").is_not_null())
        .unique(subset="CHILD", keep="first", maintain_order=True)
        .select("CHILD", pl.col(ROW).alias(AD1_ROW), *columns)
    )
    return episodes.join(ad1, on="CHILD", how="inner")


@ssda903_rule(
    "331",
    severity="error",
    message=(
        "Date of matching child and adopter(s) should be the same as, or prior to, the date of "
        "placement of adoption."
    ),
    tables=["AD1", "Episodes"],
    fields=["DATE_MATCH", "DECOM", "REC"],
    since=2025,
)
def matched_before_adoptive_placement(ctx: Context) -> dict[str, pl.DataFrame]:
    """The episode that ended in adoption is the adoptive placement; the match precedes it."""
    adopted = ctx.table("Episodes").filter(pl.col("REC").is_in(ADOPTED))
    merged = _with_ad1(ctx, adopted, ["DATE_MATCH"]).filter(pl.col("DATE_MATCH") > pl.col("DECOM"))
    return rows_of(merged, {"AD1": AD1_ROW, "Episodes": ROW})


@ssda903_rule(
    "333",
    severity="error",
    message=(
        "Date should be placed for adoption must be on or prior to the date of matching child "
        "with adopter(s)."
    ),
    tables=["AD1"],
    fields=["DATE_INT"],
    since=2025,
)
def decision_before_match(ctx: Context) -> pl.DataFrame:
    """A match needs an earlier (or same-day) decision that the child should be adopted."""
    return ctx.table("AD1").filter(
        pl.col("DATE_MATCH").is_not_null()
        & (pl.col("DATE_INT").is_null() | (pl.col("DATE_INT") > pl.col("DATE_MATCH")))
    )


@ssda903_rule(
    "334",
    severity="error",
    message=(
        "Date child started to be looked after in latest period of care must be on or prior to "
        "the date should be placed for adoption."
    ),
    tables=["Episodes", "AD1"],
    fields=["DATE_INT", "DECOM", "RNE"],
    since=2025,
)
def decision_within_latest_care(ctx: Context) -> dict[str, pl.DataFrame]:
    """The latest start of care (RNE ``S``) must not be after the adoption decision."""
    starts = episodes_in_order(ctx).filter((pl.col("RNE") == "S") & pl.col("DECOM").is_not_null())
    latest = starts.filter(pl.col("_seq") == pl.col("_seq").max().over("CHILD"))
    merged = _with_ad1(ctx, latest, ["DATE_INT"]).filter(pl.col("DATE_INT") < pl.col("DECOM"))
    return rows_of(merged, {"Episodes": ROW, "AD1": AD1_ROW})


@ssda903_rule(
    "335",
    severity="error",
    message=(
        "The current foster value (0) suggests that child is not adopted by current foster carer, "
        "but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child "
        "is adopted by current foster carer, but last placement is A1, A4 or A6."
    ),
    tables=["Episodes", "AD1"],
    fields=["PLACE", "FOSTER_CARE"],
    since=2025,
)
def foster_carer_adoption_matches_placement(ctx: Context) -> dict[str, pl.DataFrame]:
    """The placement the child was adopted from says whether the foster carers adopted."""
    adopted = ctx.table("Episodes").filter(pl.col("REC").is_in(ADOPTED))
    merged = _with_ad1(ctx, adopted, ["FOSTER_CARE"]).filter(
        (pl.col("PLACE").is_in(WITH_FOSTER_CARERS) & (pl.col("FOSTER_CARE") == "0"))
        | (pl.col("PLACE").is_in(NOT_WITH_FOSTER_CARERS) & (pl.col("FOSTER_CARE") == "1"))
    )
    return rows_of(merged, {"Episodes": ROW, "AD1": AD1_ROW})


@ssda903_rule(
    "336",
    severity="error",
    message="Child does not have a foster placement immediately prior to being placed for adoption.",
    tables=["Episodes"],
    fields=["PLACE"],
    since=2025,
)
def fostered_before_adoption_with_consent(ctx: Context) -> pl.DataFrame:
    """A placement for adoption with consent (A3, A4) follows a foster or adoptive placement.
    A child's first episode in the return has no known predecessor and is not checked."""
    before = sorted(ctx.codes("placed_for_adoption") | ctx.codes("foster_placement"))
    episodes = with_neighbours(episodes_in_order(ctx), ["PLACE"], before=1)
    return episodes.filter(
        pl.col("PLACE").is_in(["A3", "A4"])
        & (pl.col("_seq") > 0)
        & ~pl.col("PLACE_prev").is_in(before).fill_null(False)
    )


@ssda903_rule(
    "390",
    severity="error",
    message="Reason episode ceased is adopted but child has not been previously placed for adoption.",
    tables=["Episodes"],
    fields=["PLACE", "REC"],
    since=2025,
)
def adopted_from_adoptive_placement(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        pl.col("REC").is_in(ADOPTED)
        & ~pl.col("PLACE").is_in(sorted(ctx.codes("placed_for_adoption"))).fill_null(False)
    )
