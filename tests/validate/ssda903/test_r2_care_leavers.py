"""Rules 215, 344, 345, 347, 348, 391: care leavers."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, birthday, flagged, text

Row = dict[str, str | None]


@pytest.mark.parametrize(
    ("oc2", "oc3", "fails"),
    [
        ({"HEALTH_CHECK": "1"}, {"IN_TOUCH": "YES"}, True),
        ({"INTERVENTION_OFFERED": "0"}, {"ACCOM": "B1"}, True),
        ({"SDQ_SCORE": "10"}, {"IN_TOUCH": "YES"}, False),  # SDQ is not covered
        ({"HEALTH_CHECK": "1"}, {}, False),
    ],
)
def test_215_care_leaver_or_twelve_months(oc2: Row, oc3: Row, fails: bool) -> None:
    found = flagged(
        "215",
        2026,
        {
            "OC2": [{"CHILD": "2", "HEALTH_CHECK": "1"}, {"CHILD": "1", **oc2}],
            "OC3": [{"CHILD": "1", **oc3}, {"CHILD": "3", "IN_TOUCH": "YES"}],
        },
    )
    assert found == ({("OC3", 0), ("OC2", 1)} if fails else set())


@pytest.mark.parametrize(
    ("code", "row", "fails"),
    [
        ("344", {"IN_TOUCH": "DIED", "ACTIV": "0", "ACCOM": "0"}, False),
        ("344", {"IN_TOUCH": "RHOM", "ACTIV": "F1", "ACCOM": "0"}, True),
        ("344", {"IN_TOUCH": "DIED", "ACTIV": "0", "ACCOM": "B1"}, True),
        ("344", {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}, False),
        ("345", {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"}, False),
        ("345", {"IN_TOUCH": "YES", "ACTIV": "0", "ACCOM": "B1"}, True),
        ("345", {"IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "0"}, True),
        ("345", {"IN_TOUCH": "NO", "ACTIV": "0", "ACCOM": "0"}, False),
    ],
)
def test_344_345_in_touch_and_items(code: str, row: Row, fails: bool) -> None:
    found = flagged(code, 2026, {"OC3": [{"CHILD": "1", **row}]})
    assert found == ({("OC3", 0)} if fails else set())


@PROPERTY
@given(st.dates(dt.date(2005, 1, 1), dt.date(2010, 12, 31)), st.sampled_from(["T1", "T2", "B1"]))
def test_347_no_foyer_under_18(dob: dt.date, accom: str) -> None:
    found = flagged("347", 2026, {"OC3": [{"CHILD": "1", "DOB": text(dob), "ACCOM": accom}]})
    under_18 = birthday(dob, 18) > dt.date(2026, 3, 31)
    assert found == ({("OC3", 0)} if accom != "B1" and under_18 else set())


@pytest.mark.parametrize(
    ("last", "now", "fails"),
    [("DIED", "YES", True), ("DIED", None, True), ("DIED", "DIED", False), ("YES", "NO", False)],
)
def test_348_died_last_year(last: str, now: str | None, fails: bool) -> None:
    found = flagged(
        "348",
        2026,
        {"OC3": [{"CHILD": "1", "IN_TOUCH": now}]},
        previous={"OC3": [{"CHILD": "1", "IN_TOUCH": last}]},
    )
    assert found == ({("OC3", 0)} if fails else set())


@PROPERTY
@given(st.dates(dt.date(2000, 1, 1), dt.date(2012, 12, 31)), st.booleans())
def test_391_care_leaver_aged_17_to_21(dob: dt.date, filled: bool) -> None:
    row = {"CHILD": "1", "DOB": text(dob), "IN_TOUCH": "YES" if filled else None}
    found = flagged("391", 2026, {"OC3": [row]})
    wrong_age = birthday(dob, 17) > dt.date(2026, 3, 31) or birthday(dob, 22) <= dt.date(2025, 4, 1)
    assert found == ({("OC3", 0)} if filled and wrong_age else set())
