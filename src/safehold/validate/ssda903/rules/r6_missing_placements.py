"""Missing-episode rules (1004-1006) and placement rules (1008, 1009, 1015): URN, reason for a
placement change, and own-provision placements outside the authority."""

from __future__ import annotations

import polars as pl

from safehold.validate.context import CannotRun, Context
from safehold.validate.ssda903.common import (
    geography,
    invalid_date,
    missing_or_invalid_date,
    not_valid_code,
    ssda903_rule,
)
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

#: URN given for a placement that has none.
NO_URN = "XXXXXXX"
OWN_PROVISION = "PR1"


@ssda903_rule(
    "1004",
    severity="error",
    message=MESSAGES["1004"],
    tables=["Missing"],
    fields=["MIS_START"],
    since=2025,
)
def missing_start_valid(ctx: Context) -> pl.DataFrame:
    """Every missing or away episode needs a valid start date."""
    return ctx.table("Missing").filter(missing_or_invalid_date("MIS_START"))


@ssda903_rule(
    "1005",
    severity="error",
    message=MESSAGES["1005"],
    tables=["Missing"],
    fields=["MIS_END"],
    since=2025,
)
def missing_end_valid(ctx: Context) -> pl.DataFrame:
    """The end date may be blank (still missing) but otherwise must be a valid date."""
    return ctx.table("Missing").filter(invalid_date("MIS_END"))


@ssda903_rule(
    "1006",
    severity="error",
    message=MESSAGES["1006"],
    tables=["Missing"],
    fields=["MISSING"],
    since=2025,
)
def missing_type_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("Missing").filter(
        not_valid_code("MISSING", ctx.codes("missing_type"), blank_ok=True)
    )


@ssda903_rule(
    "1008",
    severity="error",
    message=MESSAGES["1008"],
    tables=["Episodes"],
    fields=["URN"],
    since=2025,
    needs=["providers"],
)
def urn_known_to_ofsted(ctx: Context) -> pl.DataFrame:
    """A URN, other than XXXXXXX (no URN), must be in the Ofsted provider lists."""
    providers = ctx.reference.providers
    if providers is None or "URN" not in providers.columns:
        raise CannotRun("the Ofsted provider lists have no URN column")
    known = providers.select(pl.col("URN").cast(pl.String).str.strip_chars().str.to_uppercase())
    return (
        ctx.table("Episodes")
        .filter(pl.col("URN").is_not_null() & (pl.col("URN") != NO_URN))
        .join(known.unique(), on="URN", how="anti")
    )


@ssda903_rule(
    "1009",
    severity="error",
    message=MESSAGES["1009"],
    tables=["Episodes"],
    fields=["REASON_PLACE_CHANGE"],
    since=2025,
)
def reason_place_change_valid(ctx: Context) -> pl.DataFrame:
    return ctx.table("Episodes").filter(
        not_valid_code("REASON_PLACE_CHANGE", ctx.codes("reason_place_change"), blank_ok=True)
    )


@ssda903_rule(
    "1015",
    severity="error",
    message=MESSAGES["1015"],
    tables=["Episodes"],
    fields=["PL_POST", "PLACE_PROVIDER"],
    since=2025,
    needs=["postcodes", "local_authority"],
)
def own_provision_in_own_area(ctx: Context) -> pl.DataFrame:
    """A placement the authority provides itself (PR1) is in its own area, unless it is a
    foster or adoption placement or a short break. A placement postcode that the lookup does
    not know is left to the postcode rules."""
    exempt = sorted(ctx.codes("placed_for_adoption") | ctx.codes("foster_placement"))
    short_breaks = sorted(ctx.codes("short_breaks_legal_status"))
    return geography(ctx).filter(
        (pl.col("PLACE_PROVIDER") == OWN_PROVISION)
        & pl.col("LS").is_not_null()
        & pl.col("PLACE").is_not_null()
        & ~pl.col("PLACE").is_in(exempt)
        & ~pl.col("LS").is_in(short_breaks)
        & pl.col("PL_LA").is_not_null()
        & (pl.col("PL_LA") != ctx.reference.local_authority)
    )
