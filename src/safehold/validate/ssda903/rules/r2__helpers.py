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

    Episodes without a readable DECOM sort last; the date rules report them.
    """
    frame = ctx.table("Episodes") if episodes is None else episodes
    return episodes_sorted(frame).with_columns(pl.int_range(pl.len()).over(CHILD).alias("_seq"))


def with_neighbours(
    frame: pl.DataFrame, columns: Iterable[str], *, before: int = 0, after: int = 0
) -> pl.DataFrame:
    """Add each column of the child's episode(s) just before (``<col>_prev``, ``<col>_prev2``)
    and just after (``<col>_next``) each row. ``frame`` must come from :func:`episodes_in_order`.
    """
    exprs: list[pl.Expr] = []
    for column in columns:
        for n in range(1, before + 1):
            suffix = "_prev" if n == 1 else f"_prev{n}"
            exprs.append(pl.col(column).shift(n).over(CHILD).alias(column + suffix))
        for n in range(1, after + 1):
            suffix = "_next" if n == 1 else f"_next{n}"
            exprs.append(pl.col(column).shift(-n).over(CHILD).alias(column + suffix))
    return frame.with_columns(exprs)


def uasc_children(frame: pl.DataFrame) -> pl.DataFrame:
    """The children recorded as UASC in a UASC table: one ``CHILD`` column.

    Safehold's SSDA903 tables carry UASC status only as a row in the UASC table (there is no UASC
    column in the Header), so a child is UASC in a year exactly when that year's UASC table has
    a row for them.
    """
    return frame.select(CHILD).drop_nulls().unique()
