"""Helpers for the SSDA903 rules 200–399: ages, joins to the Header, and episode order.

Kept here (not in ``ssda903/common.py``, whose ``birthday`` and ``episodes_sorted`` these
rules also use) because they serve only this group of rules. Every helper works on whole
frames; none loops over rows.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW
from safehold.validate.ssda903.common import episodes_sorted

#: The Header's ``_row`` once joined onto another table.
HEADER_ROW = "_row_header"
CHILD = "CHILD"


def days_after(date: pl.Expr, days: int) -> pl.Expr:
    return date + pl.duration(days=days)


def header_columns(ctx: Context, columns: Iterable[str]) -> pl.DataFrame:
    """One Header row per child (the first, if a child is repeated) with ``_row_header``.

    A repeated child is reported by the INT rules; taking the first row here keeps every other
    rule from counting that child's episodes twice.
    """
    return (
        ctx.table("Header")
        .select(CHILD, pl.col(ROW).alias(HEADER_ROW), *columns)
        .filter(pl.col(CHILD).is_not_null())
        .unique(subset=CHILD, keep="first", maintain_order=True)
    )


def with_header(ctx: Context, frame: pl.DataFrame, columns: Iterable[str]) -> pl.DataFrame:
    """``frame`` with the child's Header ``columns`` and ``_row_header`` (null if no Header row)."""
    return frame.join(header_columns(ctx, columns), on=CHILD, how="left")


def rows_of(frame: pl.DataFrame, tables: Mapping[str, str]) -> dict[str, pl.DataFrame]:
    """Findings for several tables from one joined frame: ``{table: column holding its _row}``."""
    return {
        table: frame.select(pl.col(column).alias(ROW)).drop_nulls().unique()
        for table, column in tables.items()
    }


def episodes_in_order(ctx: Context, episodes: pl.DataFrame | None = None) -> pl.DataFrame:
    """Episodes sorted by child and start date (then row), with ``_seq`` from 0 per child.

    Episodes without a readable DECOM sort last; the date rules report them. This year's
    Episodes (``episodes`` not given) are ordered once per run and shared by every rule.
    """
    if episodes is None:
        return ctx.memo("r2.episodes_in_order", lambda: _in_order(ctx.table("Episodes")))
    return _in_order(episodes)


def _in_order(frame: pl.DataFrame) -> pl.DataFrame:
    # The frame is sorted by CHILD, so each child's rows are contiguous: a child's position is
    # the row's index less the index of the child's first row (no hash grouping needed).
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    starts = (index == 0) | pl.col(CHILD).ne_missing(pl.col(CHILD).shift(1))
    first_index = pl.when(starts).then(index).forward_fill()
    return episodes_sorted(frame).with_columns((index - first_index).cast(pl.Int64).alias("_seq"))


def same_child_as(offset: int) -> pl.Expr:
    """True where the row ``offset`` rows away (negative: earlier) is the same child's, in a frame
    whose rows are grouped by ``CHILD`` (as :func:`episodes_in_order` leaves them, filtered or
    not). A blank CHILD counts as one child, as ``over(CHILD)`` would count it."""
    index = pl.int_range(pl.len(), dtype=pl.Int64)
    inside = index >= -offset if offset < 0 else index < pl.len() - offset
    return inside & pl.col(CHILD).shift(-offset).eq_missing(pl.col(CHILD))


def with_neighbours(
    frame: pl.DataFrame, columns: Iterable[str], *, before: int = 0, after: int = 0
) -> pl.DataFrame:
    """Add each column of the child's episode(s) just before (``<col>_prev``, ``<col>_prev2``)
    and just after (``<col>_next``) each row. ``frame`` must come from :func:`episodes_in_order`
    (rows may have been filtered out since: each child's rows stay together).
    """
    exprs: list[pl.Expr] = []
    for column in columns:
        for n in range(1, before + 1):
            suffix = "_prev" if n == 1 else f"_prev{n}"
            shifted = pl.when(same_child_as(-n)).then(pl.col(column).shift(n))
            exprs.append(shifted.alias(column + suffix))
        for n in range(1, after + 1):
            suffix = "_next" if n == 1 else f"_next{n}"
            shifted = pl.when(same_child_as(n)).then(pl.col(column).shift(-n))
            exprs.append(shifted.alias(column + suffix))
    return frame.with_columns(exprs)


def uasc_children(frame: pl.DataFrame) -> pl.DataFrame:
    """The children recorded as UASC in a UASC table: one ``CHILD`` column.

    Safehold's SSDA903 tables carry UASC status only as a row in the UASC table (there is no UASC
    column in the Header), so a child is UASC in a year exactly when that year's UASC table has
    a row for them.
    """
    return frame.select(CHILD).drop_nulls().unique()
