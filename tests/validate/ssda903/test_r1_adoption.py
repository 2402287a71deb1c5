"""Rules 112–120, 134, 151, 175–177 and 184 (AD1, PlacedAdoption)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r1__support import YEARS, Row, flagged, property_settings, rows


@pytest.mark.parametrize(
    ("code", "table", "column"),
    [
        ("112", "AD1", "DATE_INT"),
        ("113", "AD1", "DATE_MATCH"),
        ("115", "PlacedAdoption", "DATE_PLACED"),
        ("116", "PlacedAdoption", "DATE_PLACED_CEASED"),
    ],
)
@pytest.mark.parametrize("year", YEARS)
def test_dates_must_be_valid_when_given(code: str, table: str, column: str, year: int) -> None:
    given_rows: list[Row] = [
        {"CHILD": "1", column: "01/06/2025"},
        {"CHILD": "2", column: None},
        {"CHILD": "3", column: "29/02/2025"},
        {"CHILD": "4", column: "1 June 2025"},
    ]
    assert rows(code, year, {table: given_rows}) == [2, 3]


@pytest.mark.parametrize(
    ("code", "table", "column", "good", "bad"),
    [
        ("114", "AD1", "FOSTER_CARE", ["0", "1"], ["2", "Y"]),
        ("120", "PlacedAdoption", "REASON_PLACED_CEASED", ["RD1", "rd4"], ["RD5", "RD"]),
        ("175", "AD1", "NB_ADOPTR", ["1", "2"], ["0", "3"]),
        ("176", "AD1", "SEX_ADOPTR", ["M1", "MF", "ff"], ["M2", "FM"]),
        ("177", "AD1", "LS_ADOPTR", ["L0", "L11", "L4"], ["L1", "L5"]),
    ],
)
def test_codes_must_be_valid_when_given(
    code: str, table: str, column: str, good: list[str], bad: list[str]
) -> None:
    values = [*good, None, *bad]
    given_rows: list[Row] = [{"CHILD": str(i), column: v} for i, v in enumerate(values)]
    expected = list(range(len(good) + 1, len(values)))
    assert rows(code, 2026, {table: given_rows}) == expected


def test_117_decision_after_the_year_or_after_care_ended() -> None:
    episodes: list[Row] = [
        # child A left care on 01/09/2025 (an X1 change on the way)
        {"CHILD": "A", "DECOM": "01/01/2025", "DEC": "01/06/2025", "REC": "X1"},
        {"CHILD": "A", "DECOM": "01/06/2025", "DEC": "01/09/2025", "REC": "E11"},
        # child B still looked after
        {"CHILD": "B", "DECOM": "01/01/2025"},
    ]
    placed: list[Row] = [
        {"CHILD": "A", "DATE_PLACED": "01/08/2025"},  # fine
        {"CHILD": "A", "DATE_PLACED": "01/07/2025", "DATE_PLACED_CEASED": "02/09/2025"},
        {"CHILD": "B", "DATE_PLACED": "01/04/2026"},  # after 31 March
        {"CHILD": "B", "DATE_PLACED": "31/03/2026"},  # fine
        {"CHILD": "C", "DATE_PLACED": "01/05/2026"},  # no episodes, still after the year
    ]
    got = flagged("117", 2026, {"Episodes": episodes, "PlacedAdoption": placed})
    assert got == {
        ("PlacedAdoption", 1),
        ("PlacedAdoption", 2),
        ("PlacedAdoption", 4),
        ("Episodes", 1),
        ("Episodes", 2),
    }


def test_118_ceased_decision_before_the_year_or_before_care() -> None:
    episodes: list[Row] = [
        {"CHILD": "A", "DECOM": "01/05/2025", "LS": "V3", "DEC": "03/05/2025", "REC": "E8"},
        {"CHILD": "A", "DECOM": "01/06/2025", "LS": "C2"},
        {"CHILD": "B", "DECOM": "01/01/2024", "LS": "C2"},
    ]
    placed: list[Row] = [
        {"CHILD": "A", "DATE_PLACED_CEASED": "15/05/2025"},  # before the C2 episode began
        {"CHILD": "A", "DATE_PLACED_CEASED": "15/06/2025"},  # fine
        {"CHILD": "B", "DATE_PLACED_CEASED": "31/03/2025"},  # before the year
        {"CHILD": "B", "DATE_PLACED_CEASED": "01/04/2025"},  # fine
        {"CHILD": "B", "DATE_PLACED_CEASED": None},  # not given
    ]
    got = flagged("118", 2026, {"Episodes": episodes, "PlacedAdoption": placed})
    assert got == {("PlacedAdoption", 0), ("PlacedAdoption", 2), ("Episodes", 1), ("Episodes", 2)}


def test_119_ceased_date_and_reason_go_together() -> None:
    placed: list[Row] = [
        {"CHILD": "1", "DATE_PLACED_CEASED": "01/06/2025", "REASON_PLACED_CEASED": "RD1"},
        {"CHILD": "2"},
        {"CHILD": "3", "DATE_PLACED_CEASED": "01/06/2025"},
        {"CHILD": "4", "REASON_PLACED_CEASED": "RD2"},
        {"CHILD": "5", "DATE_PLACED_CEASED": "99/06/2025"},  # given, though invalid
    ]
    assert rows("119", 2026, {"PlacedAdoption": placed}) == [2, 3, 4]


def test_134_no_adoption_data_for_care_leavers() -> None:
    oc3: list[Row] = [
        {"CHILD": "A", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
        {"CHILD": "B", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
    ]
    ad1: list[Row] = [
        {"CHILD": "A", "DATE_INT": "01/01/2025"},
        {"CHILD": "B"},
        {"CHILD": "C", "DATE_INT": "01/01/2025"},
    ]
    got = flagged("134", 2026, {"OC3": oc3, "AD1": ad1})
    assert got == {("AD1", 0), ("OC3", 0)}


def test_151_adoption_items_all_or_none() -> None:
    full: Row = {
        "DATE_INT": "01/01/2025",
        "DATE_MATCH": "01/02/2025",
        "FOSTER_CARE": "0",
        "NB_ADOPTR": "2",
        "SEX_ADOPTR": "MF",
        "LS_ADOPTR": "L11",
    }
    ad1: list[Row] = [
        {"CHILD": "1", **full},
        {"CHILD": "2"},
        {"CHILD": "3", **full, "LS_ADOPTR": None},
        {"CHILD": "4", "DATE_MATCH": "bad"},
    ]
    assert rows("151", 2027, {"AD1": ad1}) == [2, 3]


@property_settings
@given(
    dob=st.dates(min_value=dt.date(2010, 1, 1), max_value=dt.date(2025, 1, 1)),
    gap=st.integers(min_value=-400, max_value=400),
)
def test_184_decision_before_birth(dob: dt.date, gap: int) -> None:
    decided = dob + dt.timedelta(days=gap)
    tables: dict[str, list[Row]] = {
        "Header": [{"CHILD": "1", "DOB": dob.strftime("%d/%m/%Y")}],
        "PlacedAdoption": [{"CHILD": "1", "DATE_PLACED": decided.strftime("%d/%m/%Y")}],
    }
    assert rows("184", 2026, tables) == ([0] if gap < 0 else [])
