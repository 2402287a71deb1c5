"""Rules 205A–205D, 231, 303, 304: unaccompanied asylum-seeking children."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, birthday, flagged, skipped_reason

DOB = "10/06/2008"  # 18th birthday 10/06/2026 (in 2026/27)


def _uasc(duc: str | None, child: str = "1", dob: str = DOB) -> dict[str, str | None]:
    return {"CHILD": child, "SEX": "M", "DOB": dob, "DUC": duc}


@pytest.mark.parametrize(
    ("last_duc", "fails"),
    [
        ("01/09/2024", False),  # ceased during last year (2024/25)
        ("10/06/2026", True),  # last year still UASC (18th birthday), yet not UASC now
        (None, True),
    ],
)
def test_205a_no_longer_uasc(last_duc: str | None, fails: bool) -> None:
    found = flagged(
        "205A",
        2026,
        {"Header": [{"CHILD": "0"}, {"CHILD": "1"}]},
        previous={"Header": [{"CHILD": "1"}], "UASC": [_uasc(last_duc)]},
    )
    assert found == ({("Header", 1)} if fails else set())


def test_205a_ignores_children_still_uasc() -> None:
    found = flagged(
        "205A",
        2026,
        {"Header": [{"CHILD": "1"}], "UASC": [_uasc("10/06/2026")]},
        previous={"Header": [{"CHILD": "1"}], "UASC": [_uasc(None)]},
    )
    assert found == set()


@pytest.mark.parametrize(
    ("last_duc", "duc", "fails"),
    [
        ("10/06/2026", "10/06/2026", False),  # still UASC both years
        ("10/06/2026", "01/12/2025", False),  # ceased this year
        ("10/06/2026", "01/12/2024", True),  # ceased before this year, but was UASC last year
        ("01/12/2024", "01/12/2024", True),  # last year's date is not the 18th birthday
        (None, "10/06/2026", True),
        ("10/06/2026", None, True),
    ],
)
def test_205b_uasc_both_years(last_duc: str | None, duc: str | None, fails: bool) -> None:
    found = flagged(
        "205B",
        2026,
        {"Header": [{"CHILD": "1"}], "UASC": [_uasc(duc)]},
        previous={"Header": [{"CHILD": "1"}], "UASC": [_uasc(last_duc)]},
    )
    assert found == ({("UASC", 0), ("Header", 0)} if fails else set())


def test_205c_and_303_cannot_run_without_a_status_flag() -> None:
    tables = {"Header": [{"CHILD": "1"}], "UASC": [_uasc("10/06/2026")]}
    assert "UASC status" in skipped_reason("205C", 2026, tables, previous=tables)
    assert "UASC status" in skipped_reason("303", 2026, tables)


def test_205d_uasc_this_year_only() -> None:
    found = flagged(
        "205D",
        2026,
        {
            "Header": [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}],
            "UASC": [_uasc(None, "1"), _uasc(None, "2"), _uasc(None, "3")],
        },
        # 1 was in last year's return but not UASC; 2 was UASC; 3 is new this year.
        previous={"Header": [{"CHILD": "1"}, {"CHILD": "2"}], "UASC": [_uasc(None, "2")]},
    )
    assert found == {("Header", 0), ("UASC", 0)}


@PROPERTY
@given(st.dates(dt.date(1995, 1, 1), dt.date(2026, 3, 31)))
def test_231_uasc_under_11_at_year_end(dob: dt.date) -> None:
    text = dob.strftime("%d/%m/%Y")
    found = flagged(
        "231",
        2026,
        {
            "Header": [{"CHILD": "1", "DOB": text}, {"CHILD": "2", "DOB": text}],
            "UASC": [_uasc(None, "1", text)],
        },
    )
    under_11 = birthday(dob, 11) > dt.date(2026, 3, 31)
    assert found == ({("Header", 0)} if under_11 else set())


@pytest.mark.parametrize(
    ("duc", "fails"),
    [("10/06/2026", False), ("09/06/2026", False), ("11/06/2026", True), (None, False)],
)
def test_304_duc_by_18th_birthday(duc: str | None, fails: bool) -> None:
    found = flagged("304", 2027, {"UASC": [_uasc(duc)]})
    assert found == ({("UASC", 0)} if fails else set())
