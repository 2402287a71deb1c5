"""Helpers shared by the CIN census rules: the rule decorator, flags, periods, pairs, working days.

The CIN census booleans (``ReferralNFA``, ``ICPCnotRequired``) arrive upper-cased: ``TRUE``,
``FALSE``, ``1`` or ``0``. Working days are England and Wales working days: not a Saturday or
Sunday and not a bank holiday in England (from the ``holidays`` package, never a hand-kept list).
"""

from __future__ import annotations

import datetime as dt
from functools import cache, partial

import holidays
import numpy as np
import polars as pl

from safehold.validate.context import Context
from safehold.validate.frames import ROW as ROW
from safehold.validate.registry import rule

#: Every CIN census rule is declared from 2024/25, the first year Safehold validates.
cin_rule = partial(rule, return_name="cin_census", since=2025)

CHILD = "LAchildID"
EPISODE = "CINdetailsID"
ASSESSMENT = "AssessmentID"
PLAN = "CPPID"

TRUE_VALUES = ("TRUE", "1")
FALSE_VALUES = ("FALSE", "0")


def is_true(column: str) -> pl.Expr:
    """The boolean column holds true or 1 (null and invalid values are neither true nor false)."""
    return pl.col(column).is_in(TRUE_VALUES).fill_null(False)


def is_false(column: str) -> pl.Expr:
    return pl.col(column).is_in(FALSE_VALUES).fill_null(False)


def in_period(ctx: Context, column: str) -> pl.Expr:
    """The date lies in the census year, 1 April to 31 March inclusive (false when null)."""
    return pl.col(column).is_between(ctx.collection_start, ctx.collection_end).fill_null(False)


def outside_period(ctx: Context, column: str) -> pl.Expr:
    """The date is present and falls before 1 April or after 31 March of the census year."""
    return pl.col(column).is_not_null() & ~pl.col(column).is_between(
        ctx.collection_start, ctx.collection_end
    )


def invalid_code(column: str, codes: frozenset[str]) -> pl.Expr:
    """Missing, or not a code of the set."""
    return pl.col(column).is_null() | ~pl.col(column).is_in(sorted(codes))


def present_but_invalid(column: str, codes: frozenset[str]) -> pl.Expr:
    return pl.col(column).is_not_null() & ~pl.col(column).is_in(sorted(codes))


def is_weekend(column: str) -> pl.Expr:
    """Saturday or Sunday (Polars weekdays run from 1 = Monday to 7 = Sunday)."""
    return (pl.col(column).dt.weekday() >= 6).fill_null(False)


def rows_of(frame: pl.DataFrame, rows: pl.DataFrame | pl.Series) -> pl.DataFrame:
    """The rows of ``frame`` whose ``_row`` is among ``rows``."""
    wanted = rows if isinstance(rows, pl.Series) else rows.get_column(ROW)
    return frame.filter(pl.col(ROW).is_in(wanted.implode()))


def with_episode(ctx: Context, frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Attach columns of the episode (``CINdetails``) each row belongs to, suffixed ``_cin``.

    ``CINdetailsID`` is unique across the whole file, so it alone identifies the episode.
    """
    cin = ctx.table("CINdetails").select(EPISODE, *[pl.col(c).alias(f"{c}_cin") for c in columns])
    cin = cin.filter(pl.col(EPISODE).is_not_null()).unique(EPISODE, keep="first")
    return frame.join(cin, on=EPISODE, how="left")


def with_child(ctx: Context, frame: pl.DataFrame, *columns: str) -> pl.DataFrame:
    """Attach columns of the child (``ChildIdentifiers``), suffixed ``_child``."""
    child = ctx.table("ChildIdentifiers").select(
        CHILD, *[pl.col(c).alias(f"{c}_child") for c in columns]
    )
    child = child.filter(pl.col(CHILD).is_not_null()).unique(CHILD, keep="first")
    return frame.join(child, on=CHILD, how="left")


def episodes_having(ctx: Context, table: str) -> pl.Series:
    """The ids of the episodes that hold at least one row of ``table``."""
    return ctx.table(table).get_column(EPISODE).drop_nulls().unique()


def pairs(frame: pl.DataFrame, key: str) -> pl.DataFrame:
    """Every ordered pair of different rows sharing ``key``: left columns as they are,
    right columns suffixed ``_other``."""
    left = frame.filter(pl.col(key).is_not_null())
    joined = left.join(left, on=key, how="inner", suffix="_other")
    return joined.filter(pl.col(ROW) != pl.col(f"{ROW}_other"))


def starts_within(
    start: str, other_start: str, other_end: str, *, reference_date: dt.date, end_inclusive: bool
) -> pl.Expr:
    """``start`` falls on or after ``other_start`` and before (or on) ``other_end``, or, where
    ``other_end`` is missing, on or before the reference date (the other interval is still open).
    """
    before_end = (
        pl.col(start) <= pl.col(other_end) if end_inclusive else pl.col(start) < pl.col(other_end)
    )
    return (
        (pl.col(start) >= pl.col(other_start))
        & (
            (pl.col(other_end).is_not_null() & before_end)
            | (pl.col(other_end).is_null() & (pl.col(start) <= reference_date))
        )
    ).fill_null(False)


def add_months(day: dt.date, months: int) -> dt.date:
    """Calendar months later (or earlier), clamping to the month's last day."""
    index = day.year * 12 + day.month - 1 + months
    year, month = divmod(index, 12)
    month += 1
    next_month = dt.date(year + (month == 12), month % 12 + 1, 1)
    last = (next_month - dt.timedelta(days=1)).day
    return dt.date(year, month, min(day.day, last))


def add_years(day: dt.date, years: int) -> dt.date:
    return add_months(day, 12 * years)


@cache
def bank_holidays(first_year: int, last_year: int) -> tuple[dt.date, ...]:
    """England and Wales bank holidays in the years given (inclusive), from ``holidays``."""
    calendar = holidays.country_holidays("GB", subdiv="ENG", years=range(first_year, last_year + 1))
    return tuple(sorted(calendar.keys()))


def _holiday_array(first: dt.date, last: dt.date) -> np.ndarray:
    return np.array(bank_holidays(first.year - 1, last.year + 1), dtype="datetime64[D]")


def is_working_day(day: dt.date) -> bool:
    return bool(np.is_busday(np.datetime64(day, "D"), holidays=_holiday_array(day, day)))


def minus_working_days(day: dt.date, n: int) -> dt.date:
    """The date ``n`` working days before ``day``.

    Counting starts from ``day`` itself if it is a working day, else from the next working day, so
    one working day before a Sunday is the Friday (or the Thursday, if the Friday is a holiday).
    """
    back = day - dt.timedelta(days=2 * n + 30)
    result = np.busday_offset(
        np.datetime64(day, "D"), -n, roll="forward", holidays=_holiday_array(back, day)
    )
    return dt.date.fromisoformat(str(result))
