"""SSDA903 rules 521 to 584 on adoption: the decision that a child should be placed for adoption
(PlacedAdoption), the placement for adoption (A3 to A6 episodes), the placement order (LS E1)
and the adoption itself (AD1), and how they agree with each other and with last year's return.

A child may have several decisions over time, each reversed before the next. Where a rule is about
"the" decision, it reads the child's latest one (the latest DATE_PLACED); where it is about the
first placement or order, it reads the earliest.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import CHILD, first_episode, ssda903_rule
from safehold.validate.ssda903.rules.r4__helpers import PREV, rows_of, with_neighbours

ADOPTED = ("E11", "E12")
AD1_ITEMS = ["DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR"]
CEASED = ["DATE_PLACED_CEASED", "REASON_PLACED_CEASED"]


def latest_decisions(placed: pl.DataFrame) -> pl.DataFrame:
    """Each child's decision with the latest DATE_PLACED (a row without a date only if the child
    has no dated one)."""
    return (
        placed.sort([CHILD, "DATE_PLACED", ROW], descending=[False, True, False], nulls_last=True)
        .group_by(CHILD, maintain_order=True)
        .first()
    )


def earliest_decisions(placed: pl.DataFrame) -> pl.DataFrame:
    """Each child's dated decision with the earliest DATE_PLACED."""
    return (
        placed.filter(pl.col("DATE_PLACED").is_not_null())
        .sort([CHILD, "DATE_PLACED", ROW])
        .group_by(CHILD, maintain_order=True)
        .first()
    )


def _adoption_placements(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        pl.col("PLACE").is_in(sorted(ctx.codes("placed_for_adoption")))
    )


def _ad1(ctx: Context, *columns: str) -> pl.DataFrame:
    return ctx.table("AD1").select(CHILD, pl.col(ROW).alias("_row_AD1"), *columns)


def _placed(ctx: Context, *columns: str) -> pl.DataFrame:
    return ctx.table("PlacedAdoption").select(CHILD, pl.col(ROW).alias("_row_PA"), *columns)


@ssda903_rule(
    "521",
    severity="error",
    message=(
        "Date of local authority's decision (LA) that adoption is in the best interests of the "
        "child (date should be placed) must be on or prior to the date the child is placed for "
        "adoption."
    ),
    tables=["Episodes", "AD1"],
    fields=["PLACE", "DECOM", "DATE_INT"],
    since=2025,
)
def best_interest_after_adoption_placement(ctx: Context) -> dict[str, pl.DataFrame]:
    eps = _adoption_placements(ctx).join(_ad1(ctx, "DATE_INT"), on=CHILD, how="inner")
    bad = eps.filter(pl.col("DATE_INT") > pl.col("DECOM"))
    return {"Episodes": bad, "AD1": rows_of(bad, "_row_AD1")}


@ssda903_rule(
    "522",
    severity="error",
    message=(
        "Date of decision that the child should be placed for adoption must be on or before the "
        "date that a child should no longer be placed for adoption."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    since=2025,
)
def decision_reversed_before_made(ctx: Context) -> pl.DataFrame:
    placed = ctx.table("PlacedAdoption")
    return placed.filter(pl.col("DATE_PLACED_CEASED") < pl.col("DATE_PLACED"))


@ssda903_rule(
    "523",
    severity="error",
    message=(
        "Date of decision that the child should be placed for adoption should be the same date "
        "as the decision that adoption is in the best interest (date should be placed)."
    ),
    tables=["PlacedAdoption", "AD1"],
    fields=["DATE_PLACED", "DATE_INT"],
    since=2025,
)
def decision_date_differs_from_best_interest(ctx: Context) -> dict[str, pl.DataFrame]:
    latest = latest_decisions(ctx.table("PlacedAdoption"))
    both = latest.join(_ad1(ctx, "DATE_INT"), on=CHILD, how="inner")
    bad = both.filter(pl.col("DATE_PLACED") != pl.col("DATE_INT"))
    return {"PlacedAdoption": bad, "AD1": rows_of(bad, "_row_AD1")}


@ssda903_rule(
    "525",
    severity="error",
    message=(
        "A child for whom the decision to be placed for adoption has been reversed cannot be "
        "adopted during the year."
    ),
    tables=["PlacedAdoption", "AD1"],
    fields=["DATE_PLACED_CEASED", *AD1_ITEMS],
    since=2025,
)
def adopted_after_decision_reversed(ctx: Context) -> dict[str, pl.DataFrame]:
    reversed_ = latest_decisions(ctx.table("PlacedAdoption")).filter(
        pl.col("DATE_PLACED_CEASED").is_not_null()
    )
    ad1 = ctx.table("AD1").filter(pl.any_horizontal(pl.col(c).is_not_null() for c in AD1_ITEMS))
    bad_placed = reversed_.join(ad1.select(CHILD), on=CHILD, how="semi")
    bad_ad1 = ad1.join(reversed_.select(CHILD), on=CHILD, how="semi")
    return {"PlacedAdoption": bad_placed, "AD1": bad_ad1}


@ssda903_rule(
    "551",
    severity="error",
    message=(
        "Child has been placed for adoption but there is no date of the decision that the child "
        "should be placed for adoption."
    ),
    tables=["Episodes"],
    fields=["PLACE"],
    since=2025,
)
def adoption_placement_without_decision(ctx: Context) -> pl.DataFrame:
    decided = ctx.table("PlacedAdoption").filter(pl.col("DATE_PLACED").is_not_null())
    return _adoption_placements(ctx).join(decided.select(CHILD), on=CHILD, how="anti")


@ssda903_rule(
    "552",
    severity="error",
    message=(
        "Date of Decision to place a child for adoption should be on or prior to the date that "
        "the child was placed for adoption."
    ),
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED", "DECOM"],
    since=2025,
)
def adoption_placement_before_decision(ctx: Context) -> dict[str, pl.DataFrame]:
    first = first_episode(_adoption_placements(ctx))
    decision = earliest_decisions(ctx.table("PlacedAdoption")).select(
        CHILD, "DATE_PLACED", pl.col(ROW).alias("_row_PA")
    )
    bad = first.join(decision, on=CHILD, how="inner").filter(
        pl.col("DECOM") < pl.col("DATE_PLACED")
    )
    return {"Episodes": bad, "PlacedAdoption": rows_of(bad, "_row_PA")}


@ssda903_rule(
    "553",
    severity="error",
    message=(
        "Placement order has been granted but there is no date of decision that the child should "
        "be placed for adoption."
    ),
    tables=["Episodes", "PlacedAdoption"],
    fields=["LS", "DATE_PLACED", "DATE_PLACED_CEASED", "REASON_PLACED_CEASED"],
    since=2025,
)
def placement_order_without_decision(ctx: Context) -> dict[str, pl.DataFrame]:
    orders = ctx.table("Episodes").filter(pl.col("LS") == "E1")
    placed = ctx.table("PlacedAdoption")
    decided = placed.filter(pl.col("DATE_PLACED").is_not_null()).select(CHILD)
    no_decision = orders.join(decided, on=CHILD, how="anti")
    # While the order is in force (the E1 episode is open) the decision cannot have been reversed.
    open_orders = orders.filter(pl.col("DEC").is_null()).select(CHILD).unique()
    reversed_ = latest_decisions(placed).filter(
        pl.any_horizontal(pl.col(c).is_not_null() for c in CEASED)
    )
    return {
        "Episodes": no_decision,
        "PlacedAdoption": reversed_.join(open_orders, on=CHILD, how="semi"),
    }


@ssda903_rule(
    "554",
    severity="query",
    message=(
        "Date of decision that the child should be placed for adoption should be on or prior to "
        "the date that the placement order was granted. [NOTE: This rule may result in false "
        "positives or false negatives if relevant episodes are in previous years; please check "
        "carefully!]"
    ),
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED", "DECOM", "LS"],
    since=2025,
)
def placement_order_before_decision(ctx: Context) -> dict[str, pl.DataFrame]:
    first_order = first_episode(ctx.table("Episodes"), where=pl.col("LS") == "E1")
    decision = earliest_decisions(ctx.table("PlacedAdoption")).select(
        CHILD, "DATE_PLACED", pl.col(ROW).alias("_row_PA")
    )
    bad = first_order.join(decision, on=CHILD, how="inner").filter(
        pl.col("DATE_PLACED") > pl.col("DECOM")
    )
    return {"Episodes": bad, "PlacedAdoption": rows_of(bad, "_row_PA")}


@ssda903_rule(
    "557",
    severity="error",
    message=(
        "Child for whom the decision was made that they should be placed for adoption has left "
        "care but was not adopted and information on the decision that they should no longer be "
        "placed for adoption items has not been completed."
    ),
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED_CEASED", "REASON_PLACED_CEASED", "PLACE", "LS", "REC"],
    since=2025,
)
def left_care_unadopted_decision_open(ctx: Context) -> dict[str, pl.DataFrame]:
    adoption_track = pl.col("PLACE").is_in(sorted(ctx.codes("placed_for_adoption"))) | (
        pl.col("LS") == "E1"
    )
    left_unadopted = pl.col("REC").is_not_null() & ~pl.col("REC").is_in([*ADOPTED, "X1"])
    eps = ctx.table("Episodes").filter((adoption_track & left_unadopted).fill_null(False))
    latest = latest_decisions(ctx.table("PlacedAdoption"))
    incomplete = latest.filter(pl.any_horizontal(pl.col(c).is_null() for c in CEASED))
    complete = latest.join(incomplete.select(CHILD), on=CHILD, how="anti")
    return {
        "Episodes": eps.join(complete.select(CHILD), on=CHILD, how="anti"),
        "PlacedAdoption": incomplete.join(eps.select(CHILD), on=CHILD, how="semi"),
    }


@ssda903_rule(
    "558",
    severity="error",
    message=(
        "If a child has been adopted, then the decision to place them for adoption has not been "
        "disrupted and the date of the decision that a child should no longer be placed for "
        "adoption should be left blank."
    ),
    tables=["Episodes", "PlacedAdoption"],
    fields=["DATE_PLACED_CEASED", "REC"],
    since=2025,
)
def adopted_but_decision_reversed(ctx: Context) -> dict[str, pl.DataFrame]:
    adopted = ctx.table("Episodes").filter(pl.col("REC").is_in(ADOPTED))
    reversed_ = latest_decisions(ctx.table("PlacedAdoption")).filter(
        pl.col("DATE_PLACED_CEASED").is_not_null()
    )
    return {
        "Episodes": adopted.join(reversed_.select(CHILD), on=CHILD, how="semi"),
        "PlacedAdoption": reversed_.join(adopted.select(CHILD), on=CHILD, how="semi"),
    }


@ssda903_rule(
    "559",
    severity="error",
    message=(
        "Date of decision that a child should be placed for adoption was not in the current "
        "year but the date of the decision that the child should be placed for adoption was not "
        "completed in a previous return."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED"],
    since=2025,
    needs=["previous"],
)
def earlier_decision_missing_last_year(ctx: Context) -> pl.DataFrame:
    last = ctx.previous("PlacedAdoption").filter(pl.col("DATE_PLACED").is_not_null())
    placed = ctx.table("PlacedAdoption")
    before = placed.filter(pl.col("DATE_PLACED") < ctx.collection_start)
    return before.join(last.select(CHILD), on=CHILD, how="anti")


@ssda903_rule(
    "560",
    severity="error",
    message=(
        "Date of decision that the child should be placed for adoption this year is different "
        "from that recorded last year but the decision to place the child for adoption did not "
        "change."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    since=2025,
    needs=["previous"],
)
def open_decision_date_changed(ctx: Context) -> pl.DataFrame:
    # Last year's latest decision was still open, so it carries on: this year's earliest
    # decision is that one and must keep its date.
    still_open = latest_decisions(ctx.previous("PlacedAdoption")).filter(
        pl.col("DATE_PLACED").is_not_null() & pl.col("DATE_PLACED_CEASED").is_null()
    )
    last = still_open.select(CHILD, pl.col("DATE_PLACED").alias("_last_placed"))
    placed = ctx.table("PlacedAdoption")
    earliest = (
        placed.sort([CHILD, "DATE_PLACED", ROW], nulls_last=True)
        .group_by(CHILD, maintain_order=True)
        .first()
    )
    return earliest.join(last, on=CHILD, how="inner").filter(
        pl.col("DATE_PLACED").ne_missing(pl.col("_last_placed"))
    )


def _reversed_last_year(ctx: Context) -> pl.DataFrame:
    last = ctx.previous("PlacedAdoption").filter(
        pl.col("DATE_PLACED").is_not_null()
        & pl.any_horizontal(pl.col(c).is_not_null() for c in CEASED)
    )
    return last.select(CHILD, pl.col("DATE_PLACED").alias("_last_placed"))


@ssda903_rule(
    "561",
    severity="error",
    message=(
        "Date of the decision that the child should be placed for adoption this year is the same "
        "as that recorded last year but records show that the decision changed, and the child "
        "should no longer be placed for adoption last year."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED"],
    since=2025,
    needs=["previous"],
)
def reversed_decision_reported_again(ctx: Context) -> pl.DataFrame:
    placed = ctx.table("PlacedAdoption")
    return placed.join(
        _reversed_last_year(ctx), left_on=[CHILD, "DATE_PLACED"], right_on=[CHILD, "_last_placed"]
    )


@ssda903_rule(
    "563",
    severity="error",
    message=(
        "The child should no longer be placed for adoption but the date of the decision that the "
        "child should be placed for adoption is blank"
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "REASON_PLACED_CEASED", "DATE_PLACED_CEASED"],
    since=2025,
)
def reversed_without_decision(ctx: Context) -> pl.DataFrame:
    placed = ctx.table("PlacedAdoption")
    return placed.filter(
        pl.all_horizontal(pl.col(c).is_not_null() for c in CEASED)
        & pl.col("DATE_PLACED__text").is_null()
    )


@ssda903_rule(
    "579",
    severity="error",
    message=(
        "A new decision that the child should be placed for adoption this year cannot start when "
        "the previous decision is still open. Decisions to place the child for adoption should "
        "also not overlap. The date of any new decision to place the child for adoption must not "
        "be before the date placed ceased of previous decisions."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    since=2025,
)
def overlapping_decisions(ctx: Context) -> pl.DataFrame:
    placed = with_neighbours(
        ctx.table("PlacedAdoption"), ["DATE_PLACED_CEASED"], order=("DATE_PLACED",)
    ).filter(pl.col(ROW + PREV).is_not_null())
    previous_end = pl.col("DATE_PLACED_CEASED" + PREV)
    return placed.filter(
        previous_end.is_null() | (pl.col("DATE_PLACED") < previous_end).fill_null(False)
    )


@ssda903_rule(
    "582",
    severity="query",
    message=(
        "Child is showing as ceasing to be looked after due to adoption, but the date of "
        "adoption is the same as the date reported for being matched with adopters. In most "
        "circumstances we expect the date the child is matched with adopters to be before the "
        "date of adoption."
    ),
    tables=["Episodes"],
    fields=["DEC", "DATE_MATCH"],
    since=2025,
)
def adopted_on_match_date(ctx: Context) -> pl.DataFrame:
    adopted = ctx.table("Episodes").filter(pl.col("REC").is_in(ADOPTED))
    both = adopted.join(_ad1(ctx, "DATE_MATCH"), on=CHILD, how="inner")
    return both.filter(pl.col("DEC") == pl.col("DATE_MATCH"))


@ssda903_rule(
    "583",
    severity="query",
    message=(
        "More than one date the child should be placed for adoption has been reported, but an "
        "earlier decision has not been revoked. Check that both dates are required and add in "
        "the date the earlier decision was revoked. Note this may be in a previous year."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED", "DATE_PLACED_CEASED"],
    since=2025,
)
def earlier_decision_not_revoked(ctx: Context) -> pl.DataFrame:
    placed = ctx.table("PlacedAdoption")
    latest = latest_decisions(placed).select(ROW)
    return placed.join(latest, on=ROW, how="anti").filter(pl.col("DATE_PLACED_CEASED").is_null())


@ssda903_rule(
    "584",
    severity="error",
    message=(
        "Date of decision that the child should be placed for adoption this year is different "
        "from that recorded last year, but the decision to placed the child for adoption changed "
        "and the child should no longer be placed for adoption."
    ),
    tables=["PlacedAdoption"],
    fields=["DATE_PLACED"],
    since=2025,
    needs=["previous"],
)
def new_decision_not_after_reversed_one(ctx: Context) -> pl.DataFrame:
    # After last year's decision was reversed, any decision this year must be a later one.
    placed = ctx.table("PlacedAdoption").join(_reversed_last_year(ctx), on=CHILD, how="inner")
    not_later = (pl.col("DATE_PLACED") <= pl.col("_last_placed")).fill_null(True)
    return placed.filter(not_later)
