"""Rules 209, 210, 232, 301, 351, 393: the child's Header."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, birthday, flagged, text

dates = st.dates(dt.date(1995, 1, 1), dt.date(2027, 12, 31))


@PROPERTY
@given(dates, st.sampled_from(["UN1", "UN2", "A123456789012"]))
def test_209_un1_only_below_school_age(dob: dt.date, upn: str) -> None:
    found = flagged("209", 2026, {"Header": [{"CHILD": "1", "DOB": text(dob), "UPN": upn}]})
    school_age = birthday(dob, 4) <= dt.date(2024, 8, 31)
    assert found == ({("Header", 0)} if upn == "UN1" and school_age else set())


def test_209_boundary() -> None:
    rows = [
        {"CHILD": "1", "DOB": "31/08/2020", "UPN": "UN1"},  # 4 on 31/08/2024: school age
        {"CHILD": "2", "DOB": "01/09/2020", "UPN": "UN1"},
    ]
    assert flagged("209", 2026, {"Header": rows}) == {("Header", 0)}


@pytest.mark.parametrize(
    ("episodes", "fails"),
    [
        # Open episode, care began before the year: looked after for more than a week.
        ([{"DECOM": "01/01/2025", "RNE": "S"}], True),
        ([{"DECOM": "01/06/2025", "RNE": "S"}], True),
        ([{"DECOM": "23/03/2026", "RNE": "S"}], True),
        # Care began in the last week of the year: UN4 is expected.
        ([{"DECOM": "24/03/2026", "RNE": "S"}], False),
        # A placement change in the last week does not restart care.
        ([{"DECOM": "01/04/2025", "RNE": "P"}], True),
        # Left care before 31 March.
        ([{"DECOM": "01/06/2025", "RNE": "S", "DEC": "01/09/2025", "REC": "E11"}], False),
    ],
)
def test_210_un4_for_children_looked_after_a_week(
    episodes: list[dict[str, str]], fails: bool
) -> None:
    found = flagged(
        "210",
        2026,
        {
            "Header": [{"CHILD": "0", "UPN": "UN4"}, {"CHILD": "1", "UPN": "UN4"}],
            "Episodes": [{"CHILD": "1", **e} for e in episodes],
        },
    )
    assert found == ({("Header", 1), ("Episodes", 0)} if fails else set())


def test_210_ignores_other_upns() -> None:
    found = flagged(
        "210",
        2026,
        {
            "Header": [{"CHILD": "1", "UPN": "UN3"}],
            "Episodes": [{"CHILD": "1", "DECOM": "01/01/2025", "RNE": "S"}],
        },
    )
    assert found == set()


def test_232_unknown_sex_is_a_query() -> None:
    rows = [{"CHILD": "1", "SEX": "M"}, {"CHILD": "2", "SEX": "u"}, {"CHILD": "3", "SEX": "F"}]
    assert flagged("232", 2025, {"Header": rows}) == {("Header", 1)}


@pytest.mark.parametrize(
    ("dob", "fails"), [("31/03/2026", False), ("01/04/2026", True), ("not a date", False)]
)
def test_301_born_after_year_end(dob: str, fails: bool) -> None:
    assert flagged("301", 2026, {"Header": [{"CHILD": "1", "DOB": dob}]}) == (
        {("Header", 0)} if fails else set()
    )


@PROPERTY
@given(dates.map(lambda d: d.replace(year=d.year - 10)))
def test_351_over_25(dob: dt.date) -> None:
    found = flagged("351", 2026, {"Header": [{"CHILD": "1", "DOB": text(dob)}]})
    over_25 = birthday(dob, 25) < dt.date(2025, 4, 1)
    assert found == ({("Header", 0)} if over_25 else set())


@pytest.mark.parametrize(
    ("sex", "mother", "ls", "fails"),
    [
        ("F", None, "C2", True),
        ("F", "0", "C2", False),
        ("F", None, "V3", False),  # short breaks only
        ("M", None, "C2", False),
        ("2", None, "C2", False),  # numeric codes are not used from 2024/25 (101 reports them)
    ],
)
def test_393_mother_completed(sex: str, mother: str | None, ls: str, fails: bool) -> None:
    found = flagged(
        "393",
        2025,
        {
            "Header": [{"CHILD": "1", "SEX": sex, "MOTHER": mother}, {"CHILD": "2", "SEX": "F"}],
            "Episodes": [{"CHILD": "1", "DECOM": "01/05/2024", "LS": ls}],
        },
    )
    assert found == ({("Header", 0)} if fails else set())
