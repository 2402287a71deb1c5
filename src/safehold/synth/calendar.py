"""Date arithmetic the generator needs: working days, birthdays, random dates."""

from __future__ import annotations

import datetime as dt
import random
from functools import cache

import holidays


@cache
def _bank_holidays(year: int) -> frozenset[dt.date]:
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in _bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_working_days(day: dt.date, count: int) -> dt.date:
    while count > 0:
        day += dt.timedelta(days=1)
        if is_working_day(day):
            count -= 1
    return day


def birthday(dob: dt.date, age: int) -> dt.date:
    """The date a person born on ``dob`` turns ``age`` (29 February → 1 March)."""
    try:
        return dob.replace(year=dob.year + age)
    except ValueError:
        return dt.date(dob.year + age, 3, 1)


def age_on(dob: dt.date, day: dt.date) -> int:
    return day.year - dob.year - ((day.month, day.day) < (dob.month, dob.day))


def days(n: float) -> dt.timedelta:
    return dt.timedelta(days=round(n))


def between(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    """A uniformly random date from ``start`` to ``end`` inclusive."""
    span = (end - start).days
    return start + dt.timedelta(days=rng.randint(0, max(span, 0)))
