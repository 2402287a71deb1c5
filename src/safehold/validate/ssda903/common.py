"""Helpers shared by the SSDA903 rules: dates, code checks, episodes per child, looked-after status.

Every helper returns a Polars expression or frame, so the rules stay vectorised. Frames passed in
are the normalised tables from :meth:`Context.table` (text upper-cased, dates parsed, original
date text in ``<col>__text``).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from functools import partial

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW, TEXT_SUFFIX
from safehold.validate.registry import rule
from safehold.validate.ssda903.derived import episodes_with_geography

CHILD = "CHILD"

#: Declare an SSDA903 rule: ``@ssda903_rule("101", severity=..., message=..., tables=[...])``.
ssda903_rule = partial(rule, return_name="ssda903")


# --- single-column checks -------------------------------------------------------------------


def invalid_date(column: str) -> pl.Expr:
    """True where a date was given but is not a valid ``DD/MM/YYYY`` date (blank is not invalid)."""
    return pl.col(column + TEXT_SUFFIX).is_not_null() & pl.col(column).is_null()


def missing_or_invalid_date(column: str) -> pl.Expr:
    """True where a date is blank or not a valid ``DD/MM/YYYY`` date."""
    return pl.col(column).is_null()


def not_valid_code(column: str, codes: Iterable[str], *, blank_ok: bool) -> pl.Expr:
    """True where ``column`` holds a value outside ``codes`` (or is blank, unless ``blank_ok``)."""
    outside = pl.col(column).is_not_null() & ~pl.col(column).is_in(sorted(codes))
    return outside if blank_ok else outside | pl.col(column).is_null()


def all_null(columns: Iterable[str]) -> pl.Expr:
    """True where every one of ``columns`` is blank."""
    return pl.all_horizontal(pl.col(c).is_null() for c in columns)


def any_present(columns: Iterable[str]) -> pl.Expr:
    """True where at least one of ``columns`` is filled in."""
    return pl.any_horizontal(pl.col(c).is_not_null() for c in columns)


def partly_filled(columns: Iterable[str]) -> pl.Expr:
    """True where some but not all of ``columns`` are filled in."""
    cols = list(columns)
    return any_present(cols) & ~pl.all_horizontal(pl.col(c).is_not_null() for c in cols)


# --- ages -------------------------------------------------------------------------------------


def birthday(dob: pl.Expr | str, years: int) -> pl.Expr:
    """The date of the ``years``-th birthday (a 29 February birthday falls on 28 February)."""
    expr = pl.col(dob) if isinstance(dob, str) else dob
    return expr.dt.offset_by(f"{years}y")


def age_on(dob: pl.Expr | str, on: pl.Expr | dt.date) -> pl.Expr:
    """Age in whole years on a date (null if either date is null)."""
    born = pl.col(dob) if isinstance(dob, str) else dob
    day = on if isinstance(on, pl.Expr) else pl.lit(on, pl.Date)
    had_birthday = (day.dt.month() > born.dt.month()) | (
        (day.dt.month() == born.dt.month()) & (day.dt.day() >= born.dt.day())
    )
    return day.dt.year() - born.dt.year() - pl.when(had_birthday).then(0).otherwise(1)


# --- episodes per child -----------------------------------------------------------------------


def episodes_sorted(episodes: pl.DataFrame) -> pl.DataFrame:
    """Episodes ordered by child, then DECOM (blank DECOM last), then row for a stable order."""
    return episodes.sort([CHILD, "DECOM", ROW], nulls_last=True)


def first_episode(episodes: pl.DataFrame, *, where: pl.Expr | None = None) -> pl.DataFrame:
    """Each child's earliest episode by DECOM (among those matching ``where``, if given).

    Episodes with no valid DECOM are ignored.
    """
    chosen = episodes.filter(pl.col("DECOM").is_not_null())
    if where is not None:
        chosen = chosen.filter(where)
    return episodes_sorted(chosen).group_by(CHILD, maintain_order=True).first()


def last_episode(episodes: pl.DataFrame, *, where: pl.Expr | None = None) -> pl.DataFrame:
    """Each child's latest episode by DECOM (among those matching ``where``, if given).

    Episodes with no valid DECOM are ignored.
    """
    chosen = episodes.filter(pl.col("DECOM").is_not_null())
    if where is not None:
        chosen = chosen.filter(where)
    return episodes_sorted(chosen).group_by(CHILD, maintain_order=True).last()


def first_episodes(ctx: Context) -> pl.DataFrame:
    """:func:`first_episode` of this year's Episodes, worked out once a run."""
    return ctx.memo("first_episode", lambda: first_episode(ctx.table("Episodes")))


def last_episodes(ctx: Context, *, previous: bool = False) -> pl.DataFrame:
    """:func:`last_episode` of this year's (or last year's) Episodes, worked out once a run."""
    if previous:
        return ctx.memo("previous_last_episode", lambda: last_episode(ctx.previous("Episodes")))
    return ctx.memo("last_episode", lambda: last_episode(ctx.table("Episodes")))


def continuously_looked_after(ctx: Context) -> pl.DataFrame:
    """``CHILD`` and ``CLA12``: whether the child was looked after continuously for 12 months at
    31 March (the OC2 cohort), judged from this year's episodes as the DfE defines it.

    A child qualifies when an episode falls in the collection year and none of the child's
    episodes shows a break: no episode starting the period of care (RNE ``S``) after the first
    day of the year, no episode ending in the year for any reason but ``X1`` (a new episode
    follows the same day), and no short-break episode (LS ``V3``/``V4``) in the year. An episode
    ending on 31 March itself counts as leaving care: the child is then not looked after at
    31 March.
    """
    return ctx.memo("continuously_looked_after", lambda: _continuously_looked_after(ctx))


def _continuously_looked_after(ctx: Context) -> pl.DataFrame:
    start, end = ctx.collection_start, ctx.collection_end
    episodes = ctx.table("Episodes")
    in_year = (pl.col("DECOM") <= end) & (pl.col("DEC").is_null() | (pl.col("DEC") >= start))
    enters = (pl.col("RNE") == "S") & (pl.col("DECOM") > start) & (pl.col("DECOM") <= end)
    leaves = (
        (pl.col("REC").is_null() | (pl.col("REC") != "X1"))
        & (pl.col("DEC") >= start)
        & (pl.col("DEC") <= end)
    )
    short_breaks = pl.col("LS").is_in(["V3", "V4"]) & in_year
    return (
        episodes.filter(pl.col(CHILD).is_not_null())
        .group_by(CHILD)
        .agg(
            in_year.fill_null(False).any().alias("_in_year"),
            (enters | leaves | short_breaks).fill_null(False).any().alias("_break"),
        )
        .select(CHILD, (pl.col("_in_year") & ~pl.col("_break")).alias("CLA12"))
    )


def with_cla(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with a boolean ``CLA12`` column (False for a child with no episodes)."""
    return frame.join(continuously_looked_after(ctx), on=CHILD, how="left").with_columns(
        pl.col("CLA12").fill_null(False)
    )


def geography(ctx: Context) -> pl.DataFrame:
    """This year's Episodes with the placement geography columns (``PL_LA``, ``PL_LOCATION``,
    ``PL_DISTANCE``; see :func:`episodes_with_geography`), derived once a run."""
    return ctx.memo("episodes_with_geography", lambda: episodes_with_geography(ctx))


def previous_geography(ctx: Context) -> pl.DataFrame:
    """Last year's Episodes with the placement geography columns, derived once a run."""
    return ctx.memo(
        "previous_episodes_with_geography",
        lambda: episodes_with_geography(ctx, ctx.previous("Episodes")),
    )


def flag_children(frame: pl.DataFrame, children: pl.DataFrame) -> pl.DataFrame:
    """The rows of ``frame`` that belong to any CHILD listed in ``children``."""
    return frame.join(children.select(CHILD).unique(), on=CHILD, how="semi")
