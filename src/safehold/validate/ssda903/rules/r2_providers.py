"""Rules 218–229: the Ofsted URN of a placement, checked against the Ofsted provider lists.

The provider lists come in ``ctx.reference.providers``: one row per ``URN`` with the placement
types (``PLACE_CODES``) and provider types (``PROVIDER_CODES``) it may take, ``REG_END`` (when
its registration ended; null while registered), ``POSTCODE`` and ``LA_CODE`` (the long ONS code
of the area it is in). A URN the lists do not hold is reported by rule 1008 alone; these rules
check only URNs they can look up.
"""

from __future__ import annotations

from functools import partial

import polars as pl

from safehold.validate.context import CannotRun, Context
from safehold.validate.registry import rule
from safehold.validate.ssda903.common import geography

ssda903_rule = partial(rule, return_name="ssda903")

#: The URN given when a placement has none.
NO_URN = "XXXXXXX"
#: Placement types whose URN must match the placement postcode (rule 221).
POSTCODE_CHECKED_PLACEMENTS = ["K1", "K2", "K3", "R3", "S1"]


def _providers(ctx: Context) -> pl.DataFrame:
    providers = ctx.reference.providers
    if providers is None:
        raise CannotRun("needs the Ofsted provider lists (give them with --providers)")
    return providers.with_columns(
        pl.col("URN").cast(pl.String).str.strip_chars().str.to_uppercase()
    ).unique(subset="URN", keep="first", maintain_order=True)


def _with_provider(ctx: Context, columns: list[str]) -> pl.DataFrame:
    """Episodes with a real URN that the provider lists hold, with the provider's ``columns``."""
    episodes = ctx.table("Episodes").filter(pl.col("URN").is_not_null() & (pl.col("URN") != NO_URN))
    return episodes.join(_providers(ctx).select("URN", *columns), on="URN", how="inner")


def _postcode(column: str) -> pl.Expr:
    """A postcode compared without spaces and case."""
    return pl.col(column).str.replace_all(" ", "").str.to_uppercase()


@ssda903_rule(
    "218",
    severity="error",
    message="Ofsted Unique reference number (URN) is required.",
    tables=["Episodes"],
    fields=["URN"],
    since=2025,
    needs=["postcodes"],
)
def urn_required(ctx: Context) -> pl.DataFrame:
    """An episode open during the year in a placement Ofsted registers, in England, needs a
    URN. A placement outside England is one whose postcode's area code is not an English one
    (SCO, WAL, NIR, or any code not starting with E)."""
    episodes = geography(ctx)
    outside_england = (
        pl.col("PL_LA").is_not_null() & ~pl.col("PL_LA").str.starts_with("E")
    ).fill_null(False)
    in_year = pl.col("DEC").is_null() | (pl.col("DEC") >= ctx.collection_start)
    registered = ~pl.col("PLACE").is_in(sorted(ctx.codes("placement_without_urn"))).fill_null(False)
    return episodes.filter(in_year & pl.col("URN").is_null() & registered & ~outside_england)


@ssda903_rule(
    "219",
    severity="error",
    message=(
        "The Ofsted Unique reference number (URN) provided for the child's placement does not "
        "match the placement type recorded."
    ),
    tables=["Episodes"],
    fields=["URN", "PLACE"],
    since=2025,
    needs=["providers"],
)
def urn_fits_placement_type(ctx: Context) -> pl.DataFrame:
    merged = _with_provider(ctx, ["PLACE_CODES"])
    fits = pl.col("PLACE_CODES").list.contains(pl.col("PLACE")).fill_null(False)
    return merged.filter(~fits)


@ssda903_rule(
    "221",
    severity="error",
    message=(
        "The Ofsted Unique reference number (URN) provided for the child's placement does not "
        "match the placement postcode provided."
    ),
    tables=["Episodes"],
    fields=["PL_POST"],
    since=2025,
    needs=["providers"],
)
def urn_fits_postcode(ctx: Context) -> pl.DataFrame:
    """For children's homes, family centres and schools (not short breaks), the placement
    postcode is the provider's."""
    merged = _with_provider(ctx, ["POSTCODE"])
    return merged.filter(
        ~pl.col("LS").is_in(sorted(ctx.codes("short_breaks_legal_status"))).fill_null(False)
        & pl.col("PLACE").is_in(POSTCODE_CHECKED_PLACEMENTS)
        & pl.col("PL_POST").is_not_null()
        & _postcode("PL_POST").ne_missing(_postcode("POSTCODE"))
    )


@ssda903_rule(
    "224",
    severity="error",
    message=(
        "The Ofsted Unique reference number (URN) provided for the child's placement does not "
        "match the placement provider recorded."
    ),
    tables=["Episodes"],
    fields=["PLACE_PROVIDER"],
    since=2025,
    needs=["providers"],
)
def urn_fits_provider(ctx: Context) -> pl.DataFrame:
    """A missing provider is rule 526's to report; a given one must be among the URN's."""
    merged = _with_provider(ctx, ["PROVIDER_CODES"])
    fits = pl.col("PROVIDER_CODES").list.contains(pl.col("PLACE_PROVIDER")).fill_null(False)
    return merged.filter(pl.col("PLACE_PROVIDER").is_not_null() & ~fits)


@ssda903_rule(
    "227",
    severity="error",
    message="Ofsted Unique reference number (URN) is not valid for the episode start date.",
    tables=["Episodes"],
    fields=["URN", "DECOM"],
    since=2025,
    needs=["providers"],
)
def urn_registered_at_start(ctx: Context) -> pl.DataFrame:
    return _with_provider(ctx, ["REG_END"]).filter(pl.col("DECOM") >= pl.col("REG_END"))


@ssda903_rule(
    "228",
    severity="error",
    message=(
        "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may "
        "give false positives on open episodes at providers who close during the year]"
    ),
    tables=["Episodes"],
    fields=["URN", "DEC"],
    since=2025,
    needs=["providers"],
)
def urn_registered_at_end(ctx: Context) -> pl.DataFrame:
    """An episode still open is judged at the end of the year."""
    end = pl.col("DEC").fill_null(ctx.collection_end)
    return _with_provider(ctx, ["REG_END"]).filter(end > pl.col("REG_END"))


@ssda903_rule(
    "229",
    severity="error",
    message=(
        "Placement provider does not match between the placing authority and the local "
        "authority code of the provider. [NOTE: The provider's LA code is inferred from the its "
        "postcode, and may be inaccurate in some cases.]"
    ),
    tables=["Episodes"],
    fields=["URN", "PLACE_PROVIDER"],
    since=2025,
    needs=["providers", "local_authority"],
)
def own_provision_in_own_area(ctx: Context) -> pl.DataFrame:
    """PR1 (own provision) is in the authority's area; PR2 (another authority's) is not."""
    own = ctx.reference.local_authority
    merged = _with_provider(ctx, ["LA_CODE"]).filter(pl.col("LA_CODE").is_not_null())
    return merged.filter(
        ((pl.col("PLACE_PROVIDER") == "PR1") & (pl.col("LA_CODE") != own))
        | ((pl.col("PLACE_PROVIDER") == "PR2") & (pl.col("LA_CODE") == own))
    )
