"""Rules 1000-1016 and 3001: care leaver information, and data for children with no episodes."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r6__support import Rows, flagged, skipped

YEARS = [2025, 2026, 2027]
LEAVER = {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.mark.parametrize("year", YEARS)
def test_1000_no_care_leaver_info_for_child_who_died(year: int) -> None:
    episodes = [{"CHILD": "1", "DECOM": "01/01/2020", "DEC": f"01/06/{year - 1}", "REC": "E2"}]
    last = [{"CHILD": "2", "DECOM": "01/01/2020", "DEC": f"01/06/{year - 2}", "REC": "E2"}]
    oc3 = [
        {"CHILD": "1", **LEAVER},
        {"CHILD": "2", **LEAVER},
        {"CHILD": "3", **LEAVER},
        {"CHILD": "1"},  # nothing filled in
    ]
    tables: Rows = {"Episodes": episodes, "OC3": oc3}
    assert flagged("1000", year, tables) == {("OC3", 0)}
    assert flagged("1000", year, tables, {"Episodes": last}) == {("OC3", 0), ("OC3", 1)}


def test_1001_care_leaver_must_be_relevant_child() -> None:
    # collection year 2025/26; every child born 01/06/2007 (14 on 01/06/2021, 16 on 01/06/2023)
    header = [{"CHILD": c, "DOB": "01/06/2007"} for c in "123456"]
    this_year = [
        # 1: 100 days from 14, some after 16: relevant
        {"CHILD": "1", "DECOM": "01/04/2025", "DEC": "10/07/2025", "LS": "C2", "REC": "E4A"},
        # 3: adopted at the end of the latest episode
        {"CHILD": "3", "DECOM": "01/04/2025", "DEC": "10/07/2025", "LS": "C2", "REC": "E11"},
        # 4: only short breaks
        {"CHILD": "4", "DECOM": "01/04/2025", "DEC": "10/07/2025", "LS": "V3", "REC": "E13"},
        # 5: open episode counts to 31 March
        {"CHILD": "5", "DECOM": "01/02/2026", "DEC": None, "LS": "C2", "REC": None},
    ]
    last_year = [
        # 2: 50 days last year, 50 this year across two years = relevant only together
        {"CHILD": "2", "DECOM": "01/02/2025", "DEC": "23/03/2025", "LS": "C2", "REC": "E4A"},
        {"CHILD": "5", "DECOM": "01/11/2025", "DEC": "01/02/2026", "LS": "C2", "REC": "X1"},
        # 6: 90 days only
        {"CHILD": "6", "DECOM": "01/01/2025", "DEC": "01/04/2025", "LS": "C2", "REC": "E4A"},
    ]
    this_year.append(
        {"CHILD": "2", "DECOM": "01/04/2025", "DEC": "20/05/2025", "LS": "C2", "REC": "E4A"}
    )
    oc3 = [{"CHILD": c, **LEAVER} for c in "123456"]
    tables: Rows = {"Header": header, "Episodes": this_year, "OC3": oc3}
    got = flagged("1001", 2026, tables, {"Episodes": last_year})
    assert got == {("OC3", 2), ("OC3", 3), ("OC3", 5)}
    assert "last year" in skipped("1001", 2026, tables)


def test_1002_care_leaver_had_episodes() -> None:
    oc3 = [{"CHILD": c, **LEAVER} for c in "123"]
    tables: Rows = {"Episodes": [{"CHILD": "1", "DECOM": "01/05/2025"}], "OC3": oc3}
    last = {"Episodes": [{"CHILD": "2", "DECOM": "01/05/2024"}]}
    assert flagged("1002", 2026, tables, last) == {("OC3", 2)}


@settings(deadline=None, max_examples=40)
@given(
    dob=st.dates(dt.date(2006, 1, 1), dt.date(2010, 12, 31)),
    start_offset=st.integers(-400, 400),
    length=st.one_of(st.none(), st.integers(0, 500)),
)
def test_1007_looked_after_on_17th_or_18th_birthday(
    dob: dt.date, start_offset: int, length: int | None
) -> None:
    year_end = dt.date(2026, 3, 31)
    age = year_end.year - dob.year - ((year_end.month, year_end.day) < (dob.month, dob.day))
    decom = dt.date(2025, 4, 1) + dt.timedelta(days=start_offset)
    dec = None if length is None else decom + dt.timedelta(days=length)
    oc3 = [{"CHILD": "1", "DOB": _d(dob), **LEAVER}]
    episodes = [{"CHILD": "1", "DECOM": _d(decom), "DEC": None if dec is None else _d(dec)}]
    got = flagged("1007", 2026, {"OC3": oc3, "Episodes": episodes})
    expected = False
    if age in (17, 18):
        born = (dob.month, dob.day) if (dob.month, dob.day) != (2, 29) else (2, 28)
        bday = dt.date(dob.year + age, *born)
        expected = decom <= bday and (dec is None or dec > bday)
    assert got == ({("OC3", 0)} if expected else set())


def test_1010_open_episode_last_year_but_none_this_year() -> None:
    oc3 = [{"CHILD": c, **LEAVER} for c in "123"]
    last = [
        {"CHILD": "1", "DECOM": "01/05/2024", "DEC": None},
        {"CHILD": "2", "DECOM": "01/05/2024", "DEC": "01/06/2024"},
        {"CHILD": "3", "DECOM": "01/05/2024", "DEC": None},
    ]
    this_year = [{"CHILD": "3", "DECOM": "01/05/2024", "DEC": "01/06/2025"}]
    got = flagged("1010", 2026, {"OC3": oc3, "Episodes": this_year}, {"Episodes": last})
    assert got == {("OC3", 0)}


def test_1011_no_care_leaver_info_after_transfer() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/06/2025", "REC": "E3"},
        {"CHILD": "2", "DECOM": "01/05/2025", "DEC": "01/06/2025", "REC": "E3"},
        {"CHILD": "2", "DECOM": "01/07/2025", "DEC": "01/08/2025", "REC": "E4A"},
    ]
    oc3 = [{"CHILD": "1", **LEAVER}, {"CHILD": "2", **LEAVER}]
    assert flagged("1011", 2026, {"Episodes": episodes, "OC3": oc3}) == {("OC3", 0)}


def test_1012_no_other_data_without_episodes() -> None:
    tables: Rows = {
        "Episodes": [{"CHILD": "1", "DECOM": "01/05/2025"}],
        "Missing": [{"CHILD": "1"}, {"CHILD": "2"}],
        "Reviews": [{"CHILD": "2"}],
        "OC2": [{"CHILD": "1"}],
        "PrevPerm": [{"CHILD": "3"}],
        "OC3": [{"CHILD": "2", **LEAVER}],
    }
    got = flagged("1012", 2026, tables)
    assert got == {("Missing", 1), ("Reviews", 0), ("PrevPerm", 0)}


def test_1014_no_uasc_for_care_leavers() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/01/2024", "DEC": "01/03/2025"},  # left before the year
        {"CHILD": "2", "DECOM": "01/01/2024", "DEC": "01/05/2025"},  # looked after in year
    ]
    oc3 = [{"CHILD": c, **LEAVER} for c in "123"]
    uasc = [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}, {"CHILD": "4"}]
    got = flagged("1014", 2026, {"Episodes": episodes, "OC3": oc3, "UASC": uasc})
    assert got == {("UASC", 0), ("OC3", 0), ("UASC", 2), ("OC3", 2)}


def test_1016_left_care_after_birthday() -> None:
    # 31/03/2026: child 1 is 17 (born 01/06/2008), child 2 is 18 (born 01/06/2007)
    oc3 = [
        {"CHILD": "1", "DOB": "01/06/2008", **LEAVER},
        {"CHILD": "2", "DOB": "01/06/2007", **LEAVER},
        {"CHILD": "3", "DOB": "01/06/2007", **LEAVER},
        {"CHILD": "4", "DOB": "01/06/2005", **LEAVER},  # 20
    ]
    episodes = [
        {"CHILD": "1", "DECOM": "01/01/2025", "DEC": "01/06/2025"},  # on the 17th birthday
        {"CHILD": "2", "DECOM": "01/01/2025", "DEC": "02/06/2025"},  # after the 18th
        {"CHILD": "3", "DECOM": "01/01/2025", "DEC": "31/05/2025"},  # before the 18th
        {"CHILD": "4", "DECOM": "01/01/2025", "DEC": "01/06/2025"},
    ]
    assert flagged("1016", 2026, {"OC3": oc3, "Episodes": episodes}) == {("OC3", 0), ("OC3", 1)}


def test_3001_no_former_foster_carers_around_17th_birthday() -> None:
    header = [
        {"CHILD": "1", "DOB": "01/06/2008"},  # 17 on 01/06/2025, in 2025/26
        {"CHILD": "2", "DOB": "01/06/2007"},  # 17 in 2024/25
        {"CHILD": "3", "DOB": "01/06/2008"},
    ]
    oc3 = [
        {"CHILD": "1", "ACCOM": "Z1"},
        {"CHILD": "2", "ACCOM": "Z2"},
        {"CHILD": "3", "ACCOM": "B1"},
    ]
    assert flagged("3001", 2026, {"Header": header, "OC3": oc3}) == {("OC3", 0)}
