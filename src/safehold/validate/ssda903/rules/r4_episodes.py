"""SSDA903 rules 407 to 460, 501 and 504 on the episodes of care: how one episode follows another,
and what an episode's legal status, placement and reason for ending allow."""

from __future__ import annotations

import datetime as dt

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import CHILD, birthday, ssda903_rule
from safehold.validate.ssda903.rules.r4__helpers import (
    NEXT,
    PREV,
    episodes_with_previous,
    rows_of,
    with_header_dob,
    with_neighbours,
)

#: Reasons an episode ceased by a special guardianship order.
SPECIAL_GUARDIANSHIP = ("E45", "E46", "E47", "E48")
#: The fields that identify a placement: a change in any of them is a change of placement.
PLACEMENT_FIELDS = ("PLACE", "PL_POST", "URN", "PLACE_PROVIDER")
#: Placement orders (LS E1) did not exist before the Adoption and Children Act came in.
PLACEMENT_ORDERS_FROM = dt.date(2005, 12, 1)


@ssda903_rule(
    "407",
    severity="error",
    message="Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
    tables=["Episodes", "Header"],
    fields=["DEC", "DOB", "REC"],
    since=2025,
)
def sgo_after_18(ctx: Context) -> dict[str, pl.DataFrame]:
    # A child has reached 18 on their 18th birthday itself, so DEC on that day fails too.
    eps = with_header_dob(ctx, ctx.table("Episodes"))
    bad = eps.filter(
        pl.col("REC").is_in(SPECIAL_GUARDIANSHIP) & (pl.col("DEC") >= birthday("DOB_H", 18))
    )
    return {"Episodes": bad, "Header": rows_of(bad, "_row_H")}


@ssda903_rule(
    "408",
    severity="error",
    message=(
        "Child is placed for adoption with a placement order, but no placement order has been "
        "recorded."
    ),
    tables=["Episodes"],
    fields=["PLACE", "LS"],
    since=2025,
)
def adoption_placement_without_order(ctx: Context) -> pl.DataFrame:
    eps = ctx.table("Episodes")
    return eps.filter(pl.col("PLACE").is_in(["A5", "A6"]) & pl.col("LS").ne_missing("E1"))


@ssda903_rule(
    "426",
    severity="error",
    message=(
        "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in "
        "the same year."
    ),
    tables=["Episodes"],
    fields=["LS"],
    since=2025,
)
def v3_and_v4(ctx: Context) -> pl.DataFrame:
    eps = ctx.table("Episodes").filter(pl.col("LS").is_in(["V3", "V4"]))
    both = eps.group_by(CHILD).agg(pl.col("LS").n_unique().alias("_kinds"))
    return eps.join(both.filter(pl.col("_kinds") == 2), on=CHILD, how="semi")


@ssda903_rule(
    "431",
    severity="error",
    message=(
        "The reason for new episode is started to be looked after, but the previous episode "
        "ended on the same day."
    ),
    tables=["Episodes"],
    fields=["RNE", "DECOM"],
    since=2025,
)
def started_on_previous_end(ctx: Context) -> pl.DataFrame:
    eps = episodes_with_previous(ctx.table("Episodes"), ["DEC"])
    return eps.filter((pl.col("RNE") == "S") & (pl.col("DECOM") <= pl.col("DEC" + PREV)))


@ssda903_rule(
    "432",
    severity="error",
    message=(
        "The child ceased to be looked after at the end of the previous episode but the reason "
        "for the new episode is not started to be looked after."
    ),
    tables=["Episodes"],
    fields=["RNE"],
    since=2025,
)
def new_period_not_started(ctx: Context) -> pl.DataFrame:
    # Every reason for ending an episode but X1 (a new episode follows at once) ends the
    # period of care, so the next episode must start one.
    leaving = sorted(ctx.codes("reason_episode_ceased") - {"X1"})
    eps = episodes_with_previous(ctx.table("Episodes"), ["REC"])
    return eps.filter(pl.col("REC" + PREV).is_in(leaving) & pl.col("RNE").ne_missing("S"))


@ssda903_rule(
    "433",
    severity="error",
    message=(
        "The reason for new episode suggests that this is a continuation episode, but the "
        "episode does not start on the same day as the last episode finished."
    ),
    tables=["Episodes"],
    fields=["RNE", "DECOM"],
    since=2025,
)
def continuation_not_contiguous(ctx: Context) -> pl.DataFrame:
    eps = with_neighbours(ctx.table("Episodes"), ["DEC"], order=("DECOM", "DEC"))
    eps = eps.filter(pl.col(ROW + PREV).is_not_null())
    continuing = pl.col("RNE").is_in(["P", "L", "T", "U", "B"])
    gap = pl.col("DECOM").ne(pl.col("DEC" + PREV)).fill_null(True)
    return eps.filter(continuing & gap)


def _placement_changed() -> pl.Expr:
    return pl.any_horizontal(pl.col(c).ne_missing(pl.col(c + PREV)) for c in PLACEMENT_FIELDS)


def _legal_status_changed() -> pl.Expr:
    return pl.col("LS").ne_missing(pl.col("LS" + PREV))


def _with_previous_placement(ctx: Context) -> pl.DataFrame:
    return episodes_with_previous(ctx.table("Episodes"), ["LS", *PLACEMENT_FIELDS])


@ssda903_rule(
    "434",
    severity="error",
    message=(
        "Reason for new episode is that child's legal status has changed but not the placement, "
        "but this is not reflected in the episode data."
    ),
    tables=["Episodes"],
    fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
    since=2025,
)
def legal_status_only(ctx: Context) -> pl.DataFrame:
    eps = _with_previous_placement(ctx)
    return eps.filter((pl.col("RNE") == "L") & (~_legal_status_changed() | _placement_changed()))


@ssda903_rule(
    "435",
    severity="error",
    message=(
        "Reason for new episode is that child’s placement has changed but not the legal status, "
        "but this is not reflected in the episode data recorded."
    ),
    tables=["Episodes"],
    fields=["LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
    since=2025,
)
def placement_only(ctx: Context) -> pl.DataFrame:
    # P: new placement and carers; T: new placement, same carers. Legal status unchanged in both.
    eps = _with_previous_placement(ctx)
    return eps.filter(
        pl.col("RNE").is_in(["P", "T"]) & (_legal_status_changed() | ~_placement_changed())
    )


@ssda903_rule(
    "436",
    severity="error",
    message=(
        "Reason for new episode is that both child’s placement and legal status have changed, "
        "but this is not reflected in the episode data."
    ),
    tables=["Episodes"],
    fields=["RNE", "LS", "PLACE", "PL_POST", "URN", "PLACE_PROVIDER"],
    since=2025,
)
def placement_and_legal_status(ctx: Context) -> pl.DataFrame:
    # B: new legal status, placement and carers; U: new legal status and placement, same carers.
    eps = _with_previous_placement(ctx)
    return eps.filter(
        pl.col("RNE").is_in(["B", "U"]) & (~_legal_status_changed() | ~_placement_changed())
    )


@ssda903_rule(
    "437",
    severity="error",
    message=(
        "Reason episode ceased is child has died or is aged 18 or over but there are further "
        "episodes."
    ),
    tables=["Episodes"],
    fields=["REC"],
    since=2025,
)
def further_episodes_after_death_or_18(ctx: Context) -> pl.DataFrame:
    eps = with_neighbours(ctx.table("Episodes"), [], next_too=True)
    return eps.filter(
        pl.col("REC").is_in(["E2", "E15"])
        & pl.col("DECOM").is_not_null()
        & pl.col(ROW + NEXT).is_not_null()
    )


@ssda903_rule(
    "446",
    severity="error",
    message="E1 is not a valid code for episodes starting before December 2005.",
    tables=["Episodes"],
    fields=["LS", "DECOM"],
    since=2025,
)
def placement_order_too_early(ctx: Context) -> pl.DataFrame:
    eps = ctx.table("Episodes")
    return eps.filter((pl.col("LS") == "E1") & (pl.col("DECOM") < PLACEMENT_ORDERS_FROM))


@ssda903_rule(
    "460",
    severity="error",
    message=(
        "Reason episode ceased is that child stayed with current carers at age 18 (or above), "
        "but child is aged under 18."
    ),
    tables=["Episodes"],
    fields=["DEC", "REC"],
    since=2025,
)
def staying_put_under_18(ctx: Context) -> pl.DataFrame:
    eps = with_header_dob(ctx, ctx.table("Episodes"))
    return eps.filter((pl.col("REC") == "E17") & (pl.col("DEC") < birthday("DOB_H", 18)))


@ssda903_rule(
    "501",
    severity="error",
    message="A new episode has started before the end date of the previous episode.",
    tables=["Episodes"],
    fields=["DECOM", "DEC"],
    since=2025,
)
def overlapping_episodes(ctx: Context) -> pl.DataFrame:
    eps = episodes_with_previous(ctx.table("Episodes"), ["DEC"])
    return eps.filter(pl.col("DECOM") < pl.col("DEC" + PREV))


@ssda903_rule(
    "504",
    severity="error",
    message=(
        "The category of need code differs from that reported at start of current period of "
        "being looked after"
    ),
    tables=["Episodes"],
    fields=["CIN"],
    since=2025,
)
def category_of_need_changed_in_period(ctx: Context) -> pl.DataFrame:
    # A period of care runs on through episodes that ended X1 and a new episode began the same
    # day; every episode of it keeps the category of need it started with. An episode that
    # starts to be looked after (RNE S), or starts on another day, begins a new period even if
    # the one before it was (wrongly) closed X1: other rules report that closure.
    eps = with_neighbours(ctx.table("Episodes"), ["REC", "DEC"])
    starts = (
        pl.col("REC" + PREV).ne_missing("X1")
        | pl.col("RNE").eq_missing("S")
        | pl.col("DECOM").ne_missing(pl.col("DEC" + PREV))
    )
    # Rows are grouped by child and a child's first row always starts a period, so each period
    # is a run of rows: its first CIN is the CIN at the row where the run started.
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    period_start = pl.when(starts).then(index).forward_fill()
    first_cin = pl.col("CIN").gather(period_start)
    return eps.filter(pl.col("CIN").ne_missing(first_cin))
