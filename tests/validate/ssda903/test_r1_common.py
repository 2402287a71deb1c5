"""The shared SSDA903 rule helpers: ages, birthdays, code checks, looked-after status."""

from __future__ import annotations

import datetime as dt

import polars as pl
from hypothesis import given
from hypothesis import strategies as st

from safehold.validate.context import Context
from safehold.validate.ssda903.common import (
    age_on,
    birthday,
    continuously_looked_after,
    first_episode,
    invalid_date,
    last_episode,
    not_valid_code,
    partly_filled,
)
from safehold.validate.ssda903.dataset import from_rows
from tests.validate.ssda903.test_r1__support import property_settings

dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


def _python_age(dob: dt.date, on: dt.date) -> int:
    return on.year - dob.year - ((on.month, on.day) < (dob.month, dob.day))


@property_settings
@given(dob=dates, on=dates)
def test_age_on_matches_calendar_arithmetic(dob: dt.date, on: dt.date) -> None:
    frame = pl.DataFrame({"DOB": [dob]}, schema={"DOB": pl.Date})
    assert frame.select(age_on("DOB", on)).item() == _python_age(dob, on)


def test_birthday_of_a_leap_day_child_falls_on_28_february() -> None:
    frame = pl.DataFrame({"DOB": [dt.date(2020, 2, 29)]})
    assert frame.select(birthday("DOB", 1)).item() == dt.date(2021, 2, 28)
    assert frame.select(birthday("DOB", 4)).item() == dt.date(2024, 2, 29)


def test_invalid_date_and_code_checks() -> None:
    ds = from_rows(
        2026,
        {"Episodes": [{"CHILD": "1", "DEC": "31/02/2025", "RNE": "S"}, {"CHILD": "2", "RNE": "Q"}]},
    )
    frame = ds.tables["Episodes"].frame
    assert frame.select(invalid_date("DEC"))["DEC__text"].to_list() == [True, False]
    assert frame.select(not_valid_code("RNE", {"S"}, blank_ok=True))["RNE"].to_list() == [
        False,
        True,
    ]
    assert frame.select(partly_filled(["RNE", "DEC"]))["RNE"].to_list() == [True, True]


def test_first_and_last_episode_ignore_blank_decom() -> None:
    ds = from_rows(
        2026,
        {
            "Episodes": [
                {"CHILD": "1", "DECOM": "01/06/2025", "RNE": "P"},
                {"CHILD": "1", "DECOM": "01/05/2025", "RNE": "S"},
                {"CHILD": "1", "RNE": "T"},
            ]
        },
    )
    frame = ds.tables["Episodes"].frame
    assert first_episode(frame)["RNE"].to_list() == ["S"]
    assert last_episode(frame)["RNE"].to_list() == ["P"]


def test_continuously_looked_after() -> None:
    ds = from_rows(
        2026,
        {
            "Episodes": [
                # in care all year, a placement change on the way (X1)
                {"CHILD": "A", "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "DEC": "01/06/2025",
                 "REC": "X1"},
                {"CHILD": "A", "DECOM": "01/06/2025", "RNE": "P", "LS": "C2"},
                # started in the year
                {"CHILD": "B", "DECOM": "01/05/2025", "RNE": "S", "LS": "C2"},
                # left care on 31 March
                {"CHILD": "C", "DECOM": "01/01/2024", "RNE": "S", "LS": "C2", "DEC": "31/03/2026",
                 "REC": "E8"},
                # short breaks
                {"CHILD": "D", "DECOM": "01/01/2024", "RNE": "S", "LS": "V3"},
                # left care before the year
                {"CHILD": "E", "DECOM": "01/01/2023", "RNE": "S", "LS": "C2", "DEC": "01/01/2025",
                 "REC": "E8"},
            ]
        },
    )  # fmt: skip
    got = dict(continuously_looked_after(Context(ds)).iter_rows())
    assert got == {"A": True, "B": False, "C": False, "D": False, "E": False}


def test_flag_children_keeps_the_rows_of_the_children_listed() -> None:
    from safehold.validate.ssda903.common import flag_children

    frame = pl.DataFrame({"CHILD": ["A", "B", "A", "C"], "_row": [0, 1, 2, 3]})
    children = pl.DataFrame({"CHILD": ["A", "A", "C", "Z"]})
    assert flag_children(frame, children)["_row"].to_list() == [0, 2, 3]
