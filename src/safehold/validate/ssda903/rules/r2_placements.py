"""Rules on placement details: provider, location, URN and reason for change (213–234), and
temporary placements and short breaks (378, 380–384, 398)."""

from __future__ import annotations

import datetime as dt
from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import birthday
from safehold.validate.ssda903.rules.r2__helpers import (
    HEADER_ROW,
    episodes_in_order,
    rows_of,
    with_header,
    with_neighbours,
)

ssda903_rule = partial(rule, return_name="ssda903")

#: The URN given when a placement has none.
NO_URN = "XXXXXXX"
#: Rule 217 applies to placements for adoption from 1 April 2015.
ADOPTION_RNE_FROM = dt.date(2015, 4, 1)


def _codes(ctx: Context, *names: str) -> list[str]:
    return sorted(set().union(*(ctx.codes(n) for n in names)))


def _in(ctx: Context, column: str, *names: str) -> pl.Expr:
    """True where ``column`` is one of the codes of the named sets (False where blank)."""
    return pl.col(column).is_in(_codes(ctx, *names)).fill_null(False)


def _short_breaks(ctx: Context) -> pl.Expr:
    return _in(ctx, "LS", "short_breaks_legal_status")


def _temporary(ctx: Context, column: str = "PLACE") -> pl.Expr:
    return _in(ctx, column, "temporary_placement")


@ssda903_rule(
    "213",
    severity="error",
    message="Placement provider information not required.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
    since=2025,
)
def no_provider_for_temporary(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(_temporary(ctx) & pl.col("PLACE_PROVIDER").is_not_null())


@ssda903_rule(
    "213",
    severity="error",
    message="Placement provider information not required.",
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
    since=2026,
)
def no_provider_for_temporary_or_other(ctx: Context) -> pl.DataFrame:
    """From 2025/26 the four "other placement" codes Z11–Z14 take no provider either."""
    return ctx.table("Episodes").filter(
        _in(ctx, "PLACE", "temporary_placement", "other_placement")
        & pl.col("PLACE_PROVIDER").is_not_null()
    )


@ssda903_rule(
    "214",
    severity="error",
    message="Placement location information not required.",
    tables=["Episodes"],
    fields=["PL_POST", "URN"],
    since=2025,
)
def no_location_for_short_breaks(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        _short_breaks(ctx) & (pl.col("PL_POST").is_not_null() | pl.col("URN").is_not_null())
    )


@ssda903_rule(
    "217",
    severity="error",
    message=(
        "Children who are placed for adoption with current foster carers (placement types A3 or "
        "A5) must have a reason for new episode of S, T or U."
    ),
    tables=["Episodes"],
    fields=["PLACE", "DECOM", "RNE"],
    since=2025,
)
def adoption_with_foster_carers_rne(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        pl.col("PLACE").is_in(["A3", "A5"])
        & (pl.col("DECOM") >= ADOPTION_RNE_FROM)
        & ~pl.col("RNE").is_in(["S", "T", "U"]).fill_null(False)
    )


@ssda903_rule(
    "222",
    severity="error",
    message=(
        "Ofsted Unique reference number (URN) should not be recorded for this placement type."
    ),
    tables=["Episodes"],
    fields=["URN"],
    since=2025,
)
def no_urn_for_placement_type(ctx: Context) -> pl.DataFrame:
    """Placements that Ofsted does not register (with parents, in hospital, temporary, other)
    have no URN; ``XXXXXXX`` says so and is accepted."""
    return ctx.table("Episodes").filter(
        _in(ctx, "PLACE", "placement_without_urn")
        & pl.col("URN").is_not_null()
        & (pl.col("URN") != NO_URN)
    )


@ssda903_rule(
    "225",
    severity="error",
    message="Reason for placement change must be recorded.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE"],
    since=2025,
)
def reason_for_placement_change_needed(ctx: Context) -> pl.DataFrame:
    """An episode ending ``X1`` whose next episode changes the placement (RNE P, B, T or U) needs
    a reason for the change, unless either placement is temporary."""
    episodes = with_neighbours(episodes_in_order(ctx), ["RNE", "PLACE"], after=1)
    return episodes.filter(
        (pl.col("REC") == "X1")
        & pl.col("REASON_PLACE_CHANGE").is_null()
        & ~_temporary(ctx)
        & pl.col("RNE_next").is_in(["P", "B", "T", "U"])
        & ~_temporary(ctx, "PLACE_next")
    )


def _reason_given_around_temporary(ctx: Context) -> pl.DataFrame:
    """Temporary placements that give a reason for placement change, or whose previous episode
    does (moving into a temporary placement is not a change of placement)."""
    episodes = with_neighbours(episodes_in_order(ctx), ["REASON_PLACE_CHANGE"], before=1)
    return episodes.filter(
        _temporary(ctx)
        & (
            pl.col("REASON_PLACE_CHANGE").is_not_null()
            | pl.col("REASON_PLACE_CHANGE_prev").is_not_null()
        )
    )


@ssda903_rule(
    "226",
    severity="error",
    message="Reason for placement change is not required.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE", "PLACE"],
    since=2025,
)
def no_reason_for_temporary(ctx: Context) -> pl.DataFrame:
    return _reason_given_around_temporary(ctx)


@ssda903_rule(
    "226",
    severity="error",
    message="Reason for placement change is not required for temporary placements.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE", "PLACE"],
    since=2026,
)
def no_reason_for_temporary_2026(ctx: Context) -> pl.DataFrame:
    """Same check; the 2025/26 message names temporary placements."""
    return _reason_given_around_temporary(ctx)


@ssda903_rule(
    "233",
    severity="error",
    message="Reason for placement change is not required when the episode has not ceased.",
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE", "DEC"],
    since=2026,
)
def no_reason_while_open(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        pl.col("DEC").is_null() & pl.col("REASON_PLACE_CHANGE").is_not_null()
    )


@ssda903_rule(
    "234",
    severity="error",
    message="A child aged under 10 can not change placement due to being admitted to custody",
    tables=["Episodes", "Header"],
    fields=["REASON_PLACE_CHANGE", "DOB"],
    since=2026,
)
def custody_only_from_10(ctx: Context) -> dict[str, pl.DataFrame]:
    """The reason for a placement change is given on the episode that ends, so the child's age
    is taken when it ended (DEC); an episode still open is left to rule 233."""
    episodes = with_header(ctx, ctx.table("Episodes"), ["DOB"])
    merged = episodes.filter(
        (pl.col("REASON_PLACE_CHANGE") == "CUSTOD") & (pl.col("DEC") < birthday(pl.col("DOB"), 10))
    )
    return rows_of(merged, {"Episodes": ROW, "Header": HEADER_ROW})


@ssda903_rule(
    "378",
    severity="error",
    message=(
        "A child who is placed with parent(s) cannot be looked after under a single period of "
        "accommodation under Section 20 of the Children Act 1989."
    ),
    tables=["Episodes"],
    fields=["PLACE", "LS"],
    since=2025,
)
def no_s20_with_parents(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter((pl.col("PLACE") == "P1") & (pl.col("LS") == "V2"))


@ssda903_rule(
    "380",
    severity="error",
    message="A period of care cannot start with a temporary placement.",
    tables=["Episodes"],
    fields=["PLACE", "RNE"],
    since=2025,
)
def temporary_does_not_start_care(ctx: Context) -> pl.DataFrame:
    """A temporary placement can only follow a change of placement (RNE P or B)."""
    return ctx.table("Episodes").filter(
        _temporary(ctx) & ~pl.col("RNE").is_in(["P", "B"]).fill_null(False)
    )


@ssda903_rule(
    "381",
    severity="error",
    message="A period of care cannot end with a temporary placement.",
    tables=["Episodes"],
    fields=["PLACE", "REC"],
    since=2025,
)
def temporary_does_not_end_care(ctx: Context) -> pl.DataFrame:
    """A temporary placement that has ended must end with ``X1`` (a new episode follows)."""
    return ctx.table("Episodes").filter(
        _temporary(ctx) & pl.col("REC").is_not_null() & (pl.col("REC") != "X1")
    )


@ssda903_rule(
    "382",
    severity="error",
    message="A child receiving respite care cannot be in a temporary placement.",
    tables=["Episodes"],
    fields=["LS", "PLACE"],
    since=2025,
)
def no_temporary_in_respite(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(_short_breaks(ctx) & _temporary(ctx))


def _return_after_temporary(ctx: Context, *, same_postcode: bool) -> pl.DataFrame:
    """Episodes that follow a temporary placement but are not a return, by a change of placement
    (RNE P), to the placement held before it (same PLACE, and from 2025/26 the same PL_POST).
    Needs the episodes either side of the temporary one; a temporary placement still open at the
    end of the year is not checked."""
    columns = ["PLACE", "PL_POST"]
    episodes = with_neighbours(episodes_in_order(ctx), columns, before=2).with_columns(
        pl.col(c).str.replace_all(" ", "").alias(c) for c in ("PL_POST", "PL_POST_prev2")
    )
    has_prev2 = pl.col("_seq") >= 2
    not_returned = (pl.col("RNE").ne_missing(pl.lit("P"))) | pl.col("PLACE").ne_missing(
        pl.col("PLACE_prev2")
    )
    if same_postcode:
        not_returned = not_returned | pl.col("PL_POST").ne_missing(pl.col("PL_POST_prev2"))
    return episodes.filter(has_prev2 & _temporary(ctx, "PLACE_prev") & not_returned)


@ssda903_rule(
    "383",
    severity="error",
    message=(
        "A child in a temporary placement must subsequently return to his/her normal placement."
    ),
    tables=["Episodes"],
    fields=["PLACE", "RNE"],
    since=2025,
)
def return_after_temporary(ctx: Context) -> pl.DataFrame:
    return _return_after_temporary(ctx, same_postcode=False)


@ssda903_rule(
    "383",
    severity="error",
    message=(
        "A child in a temporary placement must subsequently return to his/her normal placement."
    ),
    tables=["Episodes"],
    fields=["PLACE", "RNE", "PL_POST"],
    since=2026,
)
def return_after_temporary_same_address(ctx: Context) -> pl.DataFrame:
    """From 2025/26 the normal placement must also be at the same postcode."""
    return _return_after_temporary(ctx, same_postcode=True)


@ssda903_rule(
    "384",
    severity="error",
    message="A child receiving respite care cannot be in a long-term foster placement",
    tables=["Episodes"],
    fields=["PLACE", "LS"],
    since=2025,
)
def no_long_term_fostering_in_respite(ctx: Context) -> pl.DataFrame:
    """U1 and U4 are the long-term foster placements."""
    return ctx.table("Episodes").filter(_short_breaks(ctx) & pl.col("PLACE").is_in(["U1", "U4"]))


@ssda903_rule(
    "398",
    severity="error",
    message="Distance field completed but child looked after under legal status V3 or V4.",
    tables=["Episodes"],
    fields=["LS", "HOME_POST", "PL_POST"],
    since=2025,
)
def no_postcodes_for_short_breaks(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        _short_breaks(ctx) & (pl.col("HOME_POST").is_not_null() | pl.col("PL_POST").is_not_null())
    )
