"""Deprivation of liberty order rules (700-710), new in 2026/27 with the DoLo table.

A DoLO is open while DOLO_END is blank. Rules 709 and 710 look at the placement (PLACE) of every
episode that overlaps a DoLO with both dates given; the community validator reads a column
``PLACEMENT`` that does not exist, so it never reports them.
"""

from __future__ import annotations

import polars as pl

from safehold.validate.context import CannotRun, Context, Flag
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import CHILD, invalid_date, last_episodes, ssda903_rule
from safehold.validate.ssda903.rules.r6__messages import MESSAGES

DOLO = "DoLo"


def _dolo_sorted(dolo: pl.DataFrame) -> pl.DataFrame:
    """DoLOs in order of start for each child, with the previous DoLO's dates beside each."""
    return (
        dolo.filter(pl.col(CHILD).is_not_null() & pl.col("DOLO_START").is_not_null())
        .sort([CHILD, "DOLO_START", ROW], nulls_last=True)
        .with_columns(
            pl.col("DOLO_START").shift(1).over(CHILD).alias("_prev_start"),
            pl.col("DOLO_END").shift(1).over(CHILD).alias("_prev_end"),
            pl.col("DOLO_END__text").shift(1).over(CHILD).alias("_prev_end_text"),
            (pl.int_range(pl.len()).over(CHILD) > 0).alias("_has_prev"),
        )
    )


@ssda903_rule(
    "700",
    severity="error",
    message=MESSAGES["700"],
    tables=[DOLO],
    fields=["DOLO_START"],
    since=2027,
)
def dolo_start_valid(ctx: Context) -> pl.DataFrame:
    """DOLO_START must be given and be a valid date."""
    return ctx.table(DOLO).filter(pl.col("DOLO_START").is_null())


@ssda903_rule(
    "701",
    severity="error",
    message=MESSAGES["701"],
    tables=[DOLO],
    fields=["DOLO_END"],
    since=2027,
)
def dolo_end_valid(ctx: Context) -> pl.DataFrame:
    """DOLO_END may be blank (the order is still in force) but otherwise must be a valid date."""
    return ctx.table(DOLO).filter(invalid_date("DOLO_END"))


@ssda903_rule(
    "702",
    severity="error",
    message=MESSAGES["702"],
    tables=[DOLO],
    fields=["DOLO_START", "DOLO_END"],
    since=2027,
)
def dolo_ends_after_start(ctx: Context) -> pl.DataFrame:
    return ctx.table(DOLO).filter(pl.col("DOLO_END") < pl.col("DOLO_START"))


@ssda903_rule(
    "703",
    severity="error",
    message=MESSAGES["703"],
    tables=[DOLO],
    fields=["DOLO_START"],
    since=2027,
)
def dolo_starts_by_year_end(ctx: Context) -> pl.DataFrame:
    return ctx.table(DOLO).filter(pl.col("DOLO_START") > ctx.collection_end)


@ssda903_rule(
    "704",
    severity="error",
    message=MESSAGES["704"],
    tables=[DOLO],
    fields=["DOLO_END"],
    since=2027,
)
def dolo_ends_in_year(ctx: Context) -> pl.DataFrame:
    return ctx.table(DOLO).filter(
        ~pl.col("DOLO_END").is_between(ctx.collection_start, ctx.collection_end)
    )


@ssda903_rule(
    "705",
    severity="error",
    message=MESSAGES["705"],
    tables=[DOLO],
    fields=["DOLO_START", "DOLO_END"],
    since=2027,
)
def dolo_starts_after_previous_closed(ctx: Context) -> pl.DataFrame:
    """Each DoLO (in order of start) needs the child's previous DoLO closed, on or before the
    day it starts."""
    ordered = _dolo_sorted(ctx.table(DOLO))
    return ordered.filter(
        pl.col("_has_prev")
        & (
            pl.col("_prev_end_text").is_null()
            | (pl.col("DOLO_START") < pl.col("_prev_end")).fill_null(False)
        )
    )


@ssda903_rule(
    "706",
    severity="error",
    message=MESSAGES["706"],
    tables=[DOLO, "Header"],
    fields=["DOLO_START"],
    since=2027,
    needs=["previous"],
)
def open_dolo_carried_over(ctx: Context) -> list[Flag]:
    """A DoLO still open at the end of last year (the child's last one there) must be the
    child's first DoLO this year, with the same start date.

    Where the child has DoLOs this year, the first one is flagged; where it has none, the
    child's Header row is (the DoLo table has no row to point at).
    """
    last_year = ctx.previous(DOLO)
    if "DOLO_START" not in last_year.columns:
        raise CannotRun("last year's return has no DoLo table")
    still_open = (
        _dolo_sorted(last_year)
        .group_by(CHILD, maintain_order=True)
        .last()
        .filter(pl.col("DOLO_END__text").is_null())
        .select(CHILD, pl.col("DOLO_START").alias("_open_start"))
    )
    this_year = ctx.table(DOLO)
    first = _dolo_sorted(this_year).group_by(CHILD, maintain_order=True).first()
    mismatched = first.join(still_open, on=CHILD, how="inner").filter(
        pl.col("DOLO_START") != pl.col("_open_start")
    )
    absent = still_open.join(this_year.select(CHILD), on=CHILD, how="anti")
    header = ctx.table("Header").join(absent, on=CHILD, how="semi")
    return [Flag(DOLO, mismatched), Flag("Header", header, fields=("CHILD",))]


@ssda903_rule(
    "707",
    severity="error",
    message=MESSAGES["707"],
    tables=[DOLO],
    fields=["DOLO_END"],
    since=2027,
)
def dolo_closed_when_care_ends(ctx: Context) -> pl.DataFrame:
    """A child whose latest episode has ended has left care, so none of its DoLOs may be open."""
    left_care = last_episodes(ctx).filter(pl.col("DEC").is_not_null())
    return (
        ctx.table(DOLO)
        .filter(pl.col("DOLO_START").is_not_null() & pl.col("DOLO_END__text").is_null())
        .join(left_care.select(CHILD), on=CHILD, how="semi")
    )


@ssda903_rule(
    "708",
    severity="error",
    message=MESSAGES["708"],
    tables=[DOLO],
    fields=["DOLO_START"],
    since=2027,
)
def dolo_after_birth(ctx: Context) -> pl.DataFrame:
    """DOLO_START must be after the date of birth (the DoLo row's DOB, else the Header's)."""
    header_dob = ctx.table("Header").select(CHILD, pl.col("DOB").alias("_header_dob"))
    return (
        ctx.table(DOLO)
        .join(header_dob.unique(CHILD, keep="first"), on=CHILD, how="left")
        .filter(pl.col("DOLO_START") <= pl.coalesce("DOB", "_header_dob"))
    )


def _overlapping_episodes(ctx: Context) -> pl.DataFrame:
    """Pairs of a DoLO with both dates given and an episode of the same child that overlaps it."""
    dolo = ctx.table(DOLO).filter(
        pl.col("DOLO_START").is_not_null() & pl.col("DOLO_END").is_not_null()
    )
    episodes = ctx.table("Episodes").select(
        CHILD, pl.col(ROW).alias("_eps_row"), "DECOM", "DEC", "PLACE"
    )
    return dolo.join(episodes, on=CHILD, how="inner").filter(
        (pl.col("DEC").is_null() | (pl.col("DOLO_START") <= pl.col("DEC")))
        & (pl.col("DOLO_END") >= pl.col("DECOM"))
    )


def _flag_overlaps(pairs: pl.DataFrame) -> dict[str, pl.DataFrame]:
    return {DOLO: pairs, "Episodes": pairs.select(pl.col("_eps_row").alias(ROW))}


@ssda903_rule(
    "709",
    severity="error",
    message=MESSAGES["709"],
    tables=[DOLO, "Episodes"],
    fields=["DOLO_START", "PLACE"],
    since=2027,
)
def dolo_expected_placement(ctx: Context) -> dict[str, pl.DataFrame]:
    """During a DoLO the child is expected to be in a children's home (K2) or Z12/Z13."""
    expected = sorted(ctx.codes("dolo_expected_placement"))
    pairs = _overlapping_episodes(ctx)
    return _flag_overlaps(
        pairs.filter(pl.col("PLACE").is_not_null() & ~pl.col("PLACE").is_in(expected))
    )


@ssda903_rule(
    "710",
    severity="error",
    message=MESSAGES["710"],
    tables=[DOLO, "Episodes"],
    fields=["DOLO_START", "PLACE"],
    since=2027,
)
def dolo_excluded_placement(ctx: Context) -> dict[str, pl.DataFrame]:
    """During a DoLO the child cannot be in K1, P1, R5 or K3."""
    excluded = sorted(ctx.codes("dolo_excluded_placement"))
    pairs = _overlapping_episodes(ctx)
    return _flag_overlaps(pairs.filter(pl.col("PLACE").is_in(excluded)))
