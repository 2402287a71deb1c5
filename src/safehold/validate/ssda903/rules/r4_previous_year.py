"""SSDA903 rules 502, 503A to 503F and 562: this year's first episode against last year's return.

An episode still open at the end of last year carries on into this year, so this year's first
episode must repeat it: the same start date and the same details. (503G, 503H and 503J, which
compare the derived placement geography, are with the other geography rules.)
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import Context
from safehold.validate.registry import CheckFn
from safehold.validate.ssda903.common import CHILD, first_episode, last_episodes, ssda903_rule
from safehold.validate.ssda903.rules.r4__helpers import PRE, open_at_last_year_end

#: Placement type changes that carry an open episode over a change of the code list itself:
#: H5 became K3 (supported accommodation) in 2024/25, and Z1 was split into Z11 to Z14 in
#: 2025/26. Last year's open H5 episode can still meet this year's K3 in 2025/26.
RECODED_2025 = (("H5", ("K3",)),)
RECODED_2026 = (("H5", ("K3",)), ("Z1", ("Z11", "Z12", "Z13", "Z14")))


def _open_from_last_year(ctx: Context) -> pl.DataFrame:
    """This year's first episode of each child left open last year (shared by these rules)."""
    return ctx.memo(
        "r4.open_from_last_year",
        lambda: open_at_last_year_end(ctx.table("Episodes"), ctx.previous("Episodes")),
    )


@ssda903_rule(
    "502",
    severity="error",
    message=(
        "Last year's record ended with an open episode. The date on which that episode started "
        "does not match the start date of the first episode on this year’s record."
    ),
    tables=["Episodes"],
    fields=["DECOM"],
    since=2025,
    needs=["previous"],
)
def first_start_differs(ctx: Context) -> pl.DataFrame:
    first = _open_from_last_year(ctx)
    return first.filter(pl.col("DECOM") != pl.col("DECOM" + PRE))


def _field_matches_last_year(field: str) -> CheckFn:
    def check(ctx: Context) -> pl.DataFrame:
        first = _open_from_last_year(ctx)
        return first.filter(pl.col(field).ne_missing(pl.col(field + PRE)))

    check.__name__ = f"first_{field.lower()}_matches_last_year"
    return check


for _code, _field, _message in (
    (
        "503A",
        "RNE",
        "The reason for new episode in the first episode does not match open episode at end "
        "of last year.",
    ),
    (
        "503B",
        "LS",
        "The legal status in the first episode does not match open episode at end of last year.",
    ),
    (
        "503C",
        "CIN",
        "The category of need in the first episode does not match open episode at end of last "
        "year.",
    ),
    (
        "503E",
        "PLACE_PROVIDER",
        "The placement provider in the first episode does not match open episode at end of "
        "last year.",
    ),
    (
        "503F",
        "URN",
        # The DfE's message has the double space.
        "The Ofsted URN in the  first episode does not match open episode at end of last year.",
    ),
):
    ssda903_rule(
        _code,
        severity="error",
        message=_message,
        tables=["Episodes"],
        fields=[_field],
        since=2025,
        needs=["previous"],
    )(_field_matches_last_year(_field))


def placement_type_differs(
    ctx: Context, recoded: tuple[tuple[str, tuple[str, ...]], ...]
) -> pl.DataFrame:
    """First episodes whose placement type differs from last year's open one, except where the
    change is only the recoding of that type (``recoded``: old code, new codes)."""
    first = _open_from_last_year(ctx)
    differs = pl.col("PLACE").ne_missing(pl.col("PLACE" + PRE))
    for old, new in recoded:
        differs &= ~((pl.col("PLACE" + PRE) == old) & pl.col("PLACE").is_in(new)).fill_null(False)
    return first.filter(differs)


@ssda903_rule(
    "503D",
    severity="error",
    message=(
        "The placement type in the first episode does not match open episode at end of last year"
    ),
    tables=["Episodes"],
    fields=["PLACE"],
    since=2025,
    needs=["previous"],
)
def first_placement_type_differs(ctx: Context) -> pl.DataFrame:
    return placement_type_differs(ctx, RECODED_2025)


@ssda903_rule(
    "503D",
    severity="error",
    message=(
        "The placement type in the first episode does not match open episode at end of last year"
    ),
    tables=["Episodes"],
    fields=["PLACE"],
    since=2026,
    needs=["previous"],
)
def first_placement_type_differs_z1_split(ctx: Context) -> pl.DataFrame:
    return placement_type_differs(ctx, RECODED_2026)


@ssda903_rule(
    "562",
    severity="error",
    message=(
        "Episode commenced before the start of the current collection year but there is a "
        "missing continuous episode in the previous year."
    ),
    tables=["Episodes"],
    fields=["DECOM"],
    since=2025,
    needs=["previous"],
)
def carried_episode_missing_last_year(ctx: Context) -> pl.DataFrame:
    # The earliest episode this year that began before the year must be last year's latest.
    started_before = first_episode(
        ctx.table("Episodes"), where=pl.col("DECOM") < ctx.collection_start
    )
    last = last_episodes(ctx, previous=True).select(CHILD, pl.col("DECOM"))
    return started_before.join(last, on=[CHILD, "DECOM"], how="anti")
