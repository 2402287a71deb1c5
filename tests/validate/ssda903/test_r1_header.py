"""Rules 101–105, 165, 168, 171 and 174 (Header)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r1__support import (
    YEARS,
    Row,
    property_settings,
    rows,
    skipped_reason,
)


@pytest.mark.parametrize("year", YEARS)
def test_101_sex_must_be_m_f_or_u(year: int) -> None:
    header: list[Row] = [
        {"CHILD": str(i), "SEX": s} for i, s in enumerate(["M", "f", "U", "1", "2", None, "X"])
    ]
    assert rows("101", year, {"Header": header}) == [3, 4, 5, 6]


def test_102_dob_must_be_a_valid_date() -> None:
    header: list[Row] = [
        {"CHILD": "1", "DOB": "01/02/2015"},
        {"CHILD": "2", "DOB": "30/02/2015"},
        {"CHILD": "3", "DOB": None},
        {"CHILD": "4", "DOB": "2015-02-01"},
    ]
    assert rows("102", 2026, {"Header": header}) == [1, 2, 3]


@property_settings
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 1, 1)))
def test_102_any_real_date_passes(day: dt.date) -> None:
    header = [{"CHILD": "1", "DOB": day.strftime("%d/%m/%Y")}]
    assert rows("102", 2026, {"Header": header}) == []


def test_103_ethnicity_must_be_given_and_valid() -> None:
    header: list[Row] = [
        {"CHILD": "1", "ETHNIC": "WBRI"},
        {"CHILD": "2", "ETHNIC": "nobt"},
        {"CHILD": "3", "ETHNIC": None},
        {"CHILD": "4", "ETHNIC": "WHITE"},
    ]
    assert rows("103", 2025, {"Header": header}) == [2, 3]


def test_104_duc_must_be_a_valid_date_in_or_after_the_year() -> None:
    uasc: list[Row] = [
        {"CHILD": "1", "DUC": "01/05/2025"},
        {"CHILD": "2", "DUC": None},
        {"CHILD": "3", "DUC": "32/05/2025"},
        {"CHILD": "4", "DUC": "31/03/2025"},
        {"CHILD": "5", "DUC": "01/04/2025"},
    ]
    assert rows("104", 2026, {"UASC": uasc}) == [2, 3]


def test_105_is_skipped_without_a_uasc_status_column() -> None:
    reason = skipped_reason("105", 2026, {"Header": [{"CHILD": "1"}]})
    assert "XML" in reason


IN_CARE = {"CHILD": "1", "DECOM": "01/01/2025", "RNE": "S", "LS": "C2"}


@pytest.mark.parametrize(
    ("header", "episodes", "fails"),
    [
        ({"SEX": "F", "MOTHER": "1"}, [IN_CARE], False),
        ({"SEX": "F", "MOTHER": "0"}, [IN_CARE], False),
        ({"SEX": "F", "MOTHER": "2"}, [IN_CARE], True),
        ({"SEX": "F", "MOTHER": None}, [IN_CARE], True),
        ({"SEX": "M", "MOTHER": "0"}, [IN_CARE], True),
        ({"SEX": "M", "MOTHER": None}, [IN_CARE], False),
        ({"SEX": "U", "MOTHER": None}, [IN_CARE], False),
        # a girl with no episode this year (care leaver) may leave it blank
        ({"SEX": "F", "MOTHER": None}, [], False),
        # an episode that ended before the year does not count
        ({"SEX": "F", "MOTHER": None}, [{**IN_CARE, "DEC": "01/03/2025", "REC": "E8"}], False),
        # nor does a short-break episode
        ({"SEX": "F", "MOTHER": None}, [{**IN_CARE, "LS": "V3"}], False),
    ],
)
def test_165_mother_status(
    header: dict[str, str | None], episodes: list[dict[str, str | None]], fails: bool
) -> None:
    tables = {"Header": [{"CHILD": "1", **header}], "Episodes": episodes}
    assert rows("165", 2026, tables) == ([0] if fails else [])


def test_168_upn_format_or_unknown_code() -> None:
    upns = [
        "A123456789012",
        "a12345678901b",
        "UN3",
        None,
        "I123456789012",
        "S12345678901A",
        "A12345678901",
        "UN6",
        "A1234567890123",
    ]
    header = [{"CHILD": str(i), "UPN": u} for i, u in enumerate(upns)]
    assert rows("168", 2027, {"Header": header}) == [4, 5, 6, 7, 8]


@property_settings
@given(
    first=st.sampled_from("ABCDEFGHJKLMNPQRTUVWXYZ"),
    digits=st.text("0123456789", min_size=11, max_size=11),
    last=st.sampled_from("0123456789ABCXYZ"),
)
def test_168_every_well_formed_upn_passes(first: str, digits: str, last: str) -> None:
    header = [{"CHILD": "1", "UPN": first + digits + last}]
    assert rows("168", 2026, {"Header": header}) == []


def test_171_mothers_child_dob_must_be_valid_if_given() -> None:
    header: list[Row] = [
        {"CHILD": "1", "MC_DOB": "01/01/2025"},
        {"CHILD": "2", "MC_DOB": None},
        {"CHILD": "3", "MC_DOB": "01/13/2025"},
    ]
    assert rows("171", 2026, {"Header": header}) == [2]


def test_174_male_with_mothers_child_dob() -> None:
    header: list[Row] = [
        {"CHILD": "1", "SEX": "M", "MC_DOB": "01/01/2025"},
        {"CHILD": "2", "SEX": "F", "MC_DOB": "01/01/2025"},
        {"CHILD": "3", "SEX": "M", "MC_DOB": None},
        {"CHILD": "4", "SEX": "1", "MC_DOB": "01/01/2025"},
    ]
    assert rows("174", 2025, {"Header": header}) == [0]
