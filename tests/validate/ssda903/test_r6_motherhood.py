"""Rules 607-628: the MOTHER flag and the date of birth of the mother's first child."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r6__support import Rows, flagged, skipped

YEARS = [2025, 2026, 2027]


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.mark.parametrize("year", YEARS)
def test_607_girl_leaving_care_needs_mother(year: int) -> None:
    header = [
        {"CHILD": "1", "SEX": "F", "MOTHER": None},
        {"CHILD": "2", "SEX": "F", "MOTHER": "0"},
        {"CHILD": "3", "SEX": "M", "MOTHER": None},
        {"CHILD": "4", "SEX": "F", "MOTHER": None},
        {"CHILD": "5", "SEX": "F", "MOTHER": None},
    ]
    dec = f"01/06/{year - 1}"
    episodes = [
        {"CHILD": "1", "DECOM": "01/01/2020", "DEC": dec, "REC": "E4A", "LS": "C2"},
        {"CHILD": "2", "DECOM": "01/01/2020", "DEC": dec, "REC": "E4A", "LS": "C2"},
        {"CHILD": "3", "DECOM": "01/01/2020", "DEC": dec, "REC": "E4A", "LS": "C2"},
        # X1 is not leaving care, V3 is a short break
        {"CHILD": "4", "DECOM": "01/01/2020", "DEC": dec, "REC": "X1", "LS": "C2"},
        {"CHILD": "5", "DECOM": "01/01/2020", "DEC": dec, "REC": "E4A", "LS": "V3"},
        # left care last year: not this year's concern
        {"CHILD": "4", "DECOM": "01/01/2019", "DEC": "01/01/2020", "REC": "E4A", "LS": "C2"},
    ]
    got = flagged("607", year, {"Header": header, "Episodes": episodes})
    assert got == {("Header", 0), ("Episodes", 0)}


def test_611_and_612_mother_and_child_dob_go_together() -> None:
    header = [
        {"CHILD": "1", "SEX": "F", "MOTHER": "1", "MC_DOB": None},
        {"CHILD": "2", "SEX": "F", "MOTHER": "1", "MC_DOB": "01/01/2024"},
        {"CHILD": "3", "SEX": "F", "MOTHER": "0", "MC_DOB": "01/01/2024"},
        {"CHILD": "4", "SEX": "F", "MOTHER": None, "MC_DOB": "01/01/2024"},
        {"CHILD": "5", "SEX": "M", "MOTHER": "0", "MC_DOB": "01/01/2024"},
        {"CHILD": "6", "SEX": "F", "MOTHER": "0", "MC_DOB": None},
    ]
    for year in YEARS:
        assert flagged("611", year, {"Header": header}) == {("Header", 0)}
        assert flagged("612", year, {"Header": header}) == {("Header", 2), ("Header", 3)}


@settings(deadline=None, max_examples=40)
@given(age_days=st.integers(min_value=3000, max_value=6000))
def test_620_mother_must_be_eleven_at_start_of_year(age_days: int) -> None:
    start = dt.date(2025, 4, 1)
    dob = start - dt.timedelta(days=age_days)
    header = [{"CHILD": "1", "DOB": _d(dob), "MOTHER": "1"}]
    eleventh = dt.date(dob.year + 11, dob.month, 28 if (dob.month, dob.day) == (2, 29) else dob.day)
    expected = {("Header", 0)} if eleventh > start else set()
    assert flagged("620", 2026, {"Header": header}) == expected


def test_620_not_a_mother_is_not_checked() -> None:
    assert (
        flagged("620", 2026, {"Header": [{"CHILD": "1", "DOB": "01/01/2020", "MOTHER": "0"}]})
        == set()
    )


def test_621_child_must_be_younger_than_mother() -> None:
    header = [
        {"CHILD": "1", "DOB": "01/01/2008", "MC_DOB": "01/01/2008"},
        {"CHILD": "2", "DOB": "01/01/2008", "MC_DOB": "01/01/2000"},
        {"CHILD": "3", "DOB": "01/01/2008", "MC_DOB": "02/01/2024"},
        {"CHILD": "4", "DOB": "01/01/2008", "MC_DOB": None},
    ]
    assert flagged("621", 2025, {"Header": header}) == {("Header", 0), ("Header", 1)}


def test_624_child_dob_must_match_last_year() -> None:
    header = [
        {"CHILD": "1", "MC_DOB": "01/02/2024"},
        {"CHILD": "2", "MC_DOB": "01/01/2024"},
        {"CHILD": "3", "MC_DOB": None},
        {"CHILD": "4", "MC_DOB": "01/01/2024"},
        {"CHILD": "5", "MC_DOB": "01/01/2024"},
    ]
    last = [
        {"CHILD": "1", "MC_DOB": "01/01/2024"},
        {"CHILD": "2", "MC_DOB": "01/01/2024"},
        {"CHILD": "3", "MC_DOB": "01/01/2024"},
        {"CHILD": "4", "MC_DOB": None},
    ]
    got = flagged("624", 2026, {"Header": header}, {"Header": last})
    assert got == {("Header", 0), ("Header", 2)}
    assert "last year" in skipped("624", 2026, {"Header": header})


def test_625_child_dob_not_after_year_end_or_leaving_care() -> None:
    header = [
        {"CHILD": "1", "MC_DOB": "01/04/2026"},  # after 31/03/2026
        {"CHILD": "2", "MC_DOB": "01/02/2026"},  # after the latest DEC
        {"CHILD": "3", "MC_DOB": "01/02/2026"},  # latest episode still open
        {"CHILD": "4", "MC_DOB": "01/12/2025"},  # before the latest DEC
    ]
    episodes = [
        {"CHILD": "2", "DECOM": "01/05/2025", "DEC": "01/06/2025"},
        {"CHILD": "2", "DECOM": "01/07/2025", "DEC": "01/01/2026"},
        {"CHILD": "3", "DECOM": "01/05/2025", "DEC": "01/06/2025"},
        {"CHILD": "3", "DECOM": "01/07/2025", "DEC": None},
        {"CHILD": "4", "DECOM": "01/07/2025", "DEC": "01/01/2026"},
    ]
    got = flagged("625", 2026, {"Header": header, "Episodes": episodes})
    assert got == {("Header", 0), ("Header", 1), ("Episodes", 1)}


def test_626_new_mother_with_child_born_before_the_year() -> None:
    header = [
        {"CHILD": "1", "MOTHER": "1", "MC_DOB": "01/01/2025"},
        {"CHILD": "2", "MOTHER": "1", "MC_DOB": "01/05/2025"},
        {"CHILD": "3", "MOTHER": "1", "MC_DOB": "01/01/2025"},
    ]
    last = [
        {"CHILD": "1", "MOTHER": "0"},
        {"CHILD": "2", "MOTHER": "0"},
        {"CHILD": "3", "MOTHER": "1"},
    ]
    assert flagged("626", 2026, {"Header": header}, {"Header": last}) == {("Header", 0)}


def test_628_no_motherhood_for_oc3_only_children() -> None:
    header = [
        {"CHILD": "1", "MOTHER": "0"},
        {"CHILD": "2", "MOTHER": "0"},
        {"CHILD": "3", "MOTHER": None},
    ]
    oc3 = [
        {"CHILD": "1", "IN_TOUCH": "YES"},
        {"CHILD": "2", "IN_TOUCH": "YES"},
        {"CHILD": "3", "IN_TOUCH": "YES"},
    ]
    episodes = [{"CHILD": "2", "DECOM": "01/05/2025"}]
    tables: Rows = {"Header": header, "OC3": oc3, "Episodes": episodes}
    assert flagged("628", 2026, tables) == {("Header", 0)}
