"""Frame helpers for the SSDA903 rules 400 to 599 that the shared ``common`` module lacks.

Every helper is vectorised: it works on whole frames, grouping by child where it must.
"""

from __future__ import annotations

from collections.abc import Iterable

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import CHILD, episodes_sorted, first_episode, last_episode

PREV = "_PREV"
NEXT = "_NEXT"
PRE = "_PRE"


def with_neighbours(
    frame: pl.DataFrame,
    columns: Iterable[str],
    *,
    order: Iterable[str] = ("DECOM",),
    next_too: bool = False,
) -> pl.DataFrame:
    """Each child's rows in date order, with the previous (and next) row's ``columns`` beside each.

    Rows with a blank sort date come last within a child. ``_row_PREV`` (``_row_NEXT``) is null
    on a child's first (last) row, so that "has a previous row" is ``_row_PREV`` not null.
    """
    # One global shift, blanked where the neighbour is another child's row, is much cheaper
    # than a window per child.
    cols = [*columns, ROW]
    ordered = frame.sort([CHILD, *order, ROW], nulls_last=True)
    same_prev = pl.col(CHILD).shift(1).eq_missing(pl.col(CHILD))
    exprs = [pl.when(same_prev).then(pl.col(c).shift(1)).alias(c + PREV) for c in cols]
    if next_too:
        same_next = pl.col(CHILD).shift(-1).eq_missing(pl.col(CHILD))
        exprs += [pl.when(same_next).then(pl.col(c).shift(-1)).alias(c + NEXT) for c in cols]
    return ordered.with_columns(exprs)


def episodes_with_previous(episodes: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """Episodes after a child's first, each with the previous episode's ``columns`` (``*_PREV``)."""
    return with_neighbours(episodes, columns).filter(pl.col(ROW + PREV).is_not_null())


def open_at_last_year_end(this_year: pl.DataFrame, last_year: pl.DataFrame) -> pl.DataFrame:
    """This year's first episode of each child whose latest episode last year was still open.

    Last year's columns carry the suffix ``_PRE``. Children absent from either year drop out.
    """
    last = last_episode(last_year).filter(pl.col("DEC").is_null())
    last = last.select(pl.all().name.suffix(PRE)).rename({CHILD + PRE: CHILD})
    return first_episode(this_year).join(last, on=CHILD, how="inner")


def uasc_children(ctx: Context) -> pl.DataFrame:
    """Children recorded as UASC this year or, when last year's return is given, last year.

    The return marks a child as UASC (now or formerly) by giving them a row in the UASC table.
    """
    frames = [ctx.table("UASC").select(CHILD)]
    if ctx.has_previous():
        frames.append(ctx.previous("UASC").select(CHILD))
    return pl.concat(frames).drop_nulls().unique()


def with_header_dob(ctx: Context, frame: pl.DataFrame) -> pl.DataFrame:
    """``frame`` with the child's Header DOB as ``DOB_H`` and Header row as ``_row_H``."""
    header = (
        ctx.table("Header")
        .select(CHILD, pl.col("DOB").alias("DOB_H"), pl.col(ROW).alias("_row_H"))
        .unique(CHILD, keep="first", maintain_order=True)
    )
    return frame.join(header, on=CHILD, how="left")


def rows_of(frame: pl.DataFrame, column: str) -> pl.DataFrame:
    """A frame of ``_row`` taken from ``column`` (dropping nulls), for flagging another table."""
    return frame.select(pl.col(column).alias(ROW)).drop_nulls().unique()


__all__ = [
    "CHILD",
    "NEXT",
    "PRE",
    "PREV",
    "episodes_sorted",
    "episodes_with_previous",
    "open_at_last_year_end",
    "rows_of",
    "uasc_children",
    "with_header_dob",
    "with_neighbours",
]
