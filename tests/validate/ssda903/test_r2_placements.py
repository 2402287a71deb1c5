"""Rules 213–234, 378, 380–384, 398: placement details, temporary placements, short breaks."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, flagged

Row = dict[str, str | None]


def _eps(*rows: Row) -> list[Row]:
    return [{"CHILD": "1", **r} for r in rows]


@pytest.mark.parametrize(
    ("year", "place", "fails"),
    [
        (2025, "T2", True),
        (2025, "Z1", False),
        (2025, "U4", False),
        (2026, "T4", True),
        (2026, "Z12", True),
        (2027, "Z14", True),
        (2026, "K2", False),
    ],
)
def test_213_no_provider_needed(year: int, place: str, fails: bool) -> None:
    found = flagged(
        "213",
        year,
        {"Episodes": _eps({"PLACE": place, "PLACE_PROVIDER": "PR1"}, {"PLACE": place})},
    )
    assert found == ({("Episodes", 0)} if fails else set())


@PROPERTY
@given(
    st.sampled_from(["V2", "V3", "V4", "C2"]),
    st.sampled_from([None, "AB1 2CD"]),
    st.sampled_from([None, "SC123456"]),
)
def test_214_no_location_for_short_breaks(ls: str, post: str | None, urn: str | None) -> None:
    found = flagged("214", 2026, {"Episodes": _eps({"LS": ls, "PL_POST": post, "URN": urn})})
    fails = ls in ("V3", "V4") and (post is not None or urn is not None)
    assert found == ({("Episodes", 0)} if fails else set())


@pytest.mark.parametrize(
    ("place", "decom", "rne", "fails"),
    [
        ("A3", "01/05/2025", "P", True),
        ("A5", "01/05/2025", "L", True),
        ("A5", "01/05/2025", "T", False),
        ("A3", "01/05/2025", "S", False),
        ("A4", "01/05/2025", "P", False),
        ("A3", "31/03/2015", "P", False),
    ],
)
def test_217_adoption_with_foster_carers(place: str, decom: str, rne: str, fails: bool) -> None:
    found = flagged("217", 2026, {"Episodes": _eps({"PLACE": place, "DECOM": decom, "RNE": rne})})
    assert found == ({("Episodes", 0)} if fails else set())


@pytest.mark.parametrize(
    ("year", "place", "urn", "fails"),
    [
        (2025, "R2", "SC123456", True),
        (2025, "Z1", "SC123456", True),
        (2025, "R2", "XXXXXXX", False),
        (2025, "K2", "SC123456", False),
        (2026, "Z11", "SC123456", True),
        (2026, "T0", None, False),
    ],
)
def test_222_no_urn_for_placement(year: int, place: str, urn: str | None, fails: bool) -> None:
    found = flagged("222", year, {"Episodes": _eps({"PLACE": place, "URN": urn})})
    assert found == ({("Episodes", 0)} if fails else set())


@pytest.mark.parametrize(
    ("first", "second", "fails"),
    [
        ({"PLACE": "U4", "REC": "X1"}, {"RNE": "P", "PLACE": "U5"}, True),
        ({"PLACE": "U4", "REC": "X1"}, {"RNE": "T", "PLACE": "K2"}, True),
        ({"PLACE": "U4", "REC": "X1", "REASON_PLACE_CHANGE": "CARPL"}, {"RNE": "P"}, False),
        ({"PLACE": "U4", "REC": "X1"}, {"RNE": "L", "PLACE": "U4"}, False),  # legal status only
        ({"PLACE": "U4", "REC": "X1"}, {"RNE": "P", "PLACE": "T1"}, False),  # into temporary
        ({"PLACE": "T1", "REC": "X1"}, {"RNE": "P", "PLACE": "U4"}, False),  # out of temporary
    ],
)
def test_225_reason_for_change_needed(first: Row, second: Row, fails: bool) -> None:
    rows = _eps(
        {"DECOM": "01/05/2025", "DEC": "01/06/2025", **first},
        {"DECOM": "01/06/2025", **second},
    )
    assert flagged("225", 2026, {"Episodes": rows}) == ({("Episodes", 0)} if fails else set())


@pytest.mark.parametrize("year", [2025, 2026])
def test_226_no_reason_around_temporary(year: int) -> None:
    rows = [
        {"CHILD": "1", "DECOM": "01/05/2025", "PLACE": "U4", "REASON_PLACE_CHANGE": "CARPL"},
        {"CHILD": "1", "DECOM": "01/06/2025", "PLACE": "T3"},
        {"CHILD": "2", "DECOM": "01/05/2025", "PLACE": "T1", "REASON_PLACE_CHANGE": "OTHER"},
        {"CHILD": "3", "DECOM": "01/05/2025", "PLACE": "U4"},
        {"CHILD": "3", "DECOM": "01/06/2025", "PLACE": "T3"},
        {"CHILD": "4", "DECOM": "01/05/2025", "PLACE": "U4", "REASON_PLACE_CHANGE": "CARPL"},
    ]
    assert flagged("226", year, {"Episodes": rows}) == {("Episodes", 1), ("Episodes", 2)}


def test_233_no_reason_while_open() -> None:
    rows = _eps(
        {"DECOM": "01/05/2025", "DEC": "01/06/2025", "REASON_PLACE_CHANGE": "CARPL"},
        {"DECOM": "01/06/2025", "REASON_PLACE_CHANGE": "CARPL"},
        {"DECOM": "01/07/2025"},
    )
    assert flagged("233", 2026, {"Episodes": rows}) == {("Episodes", 1)}


@pytest.mark.parametrize(
    ("dec", "reason", "fails"),
    [
        ("09/06/2025", "CUSTOD", True),  # the day before the 10th birthday
        ("10/06/2025", "CUSTOD", False),
        ("09/06/2025", "CARPL", False),
    ],
)
def test_234_custody_from_10(dec: str, reason: str, fails: bool) -> None:
    found = flagged(
        "234",
        2026,
        {
            "Header": [{"CHILD": "1", "DOB": "10/06/2015"}],
            "Episodes": _eps({"DECOM": "01/05/2025", "DEC": dec, "REASON_PLACE_CHANGE": reason}),
        },
    )
    assert found == ({("Episodes", 0), ("Header", 0)} if fails else set())


@pytest.mark.parametrize(
    ("code", "row", "fails"),
    [
        ("378", {"PLACE": "P1", "LS": "V2"}, True),
        ("378", {"PLACE": "P1", "LS": "C2"}, False),
        ("380", {"PLACE": "T0", "RNE": "S"}, True),
        ("380", {"PLACE": "T2", "RNE": None}, True),
        ("380", {"PLACE": "T2", "RNE": "B"}, False),
        ("380", {"PLACE": "U1", "RNE": "S"}, False),
        ("381", {"PLACE": "T4", "REC": "E13"}, True),
        ("381", {"PLACE": "T4", "REC": "X1"}, False),
        ("381", {"PLACE": "T4", "REC": None}, False),
        ("382", {"PLACE": "T1", "LS": "V3"}, True),
        ("382", {"PLACE": "T1", "LS": "V2"}, False),
        ("384", {"PLACE": "U4", "LS": "V4"}, True),
        ("384", {"PLACE": "U5", "LS": "V4"}, False),
        ("398", {"LS": "V3", "HOME_POST": "AB1 2CD"}, True),
        ("398", {"LS": "V4", "PL_POST": "AB1 2CD"}, True),
        ("398", {"LS": "C2", "PL_POST": "AB1 2CD"}, False),
    ],
)
def test_single_episode_rules(code: str, row: Row, fails: bool) -> None:
    found = flagged(code, 2026, {"Episodes": _eps({"DECOM": "01/05/2025"}, row)})
    assert found == ({("Episodes", 1)} if fails else set())


def _around_temporary(after: Row) -> list[Row]:
    return _eps(
        {"DECOM": "01/05/2025", "PLACE": "U4", "PL_POST": "AB1 2CD", "REC": "X1"},
        {"DECOM": "01/06/2025", "PLACE": "T3", "RNE": "P", "REC": "X1"},
        {"DECOM": "10/06/2025", **after},
    )


@pytest.mark.parametrize(
    ("after", "fails_2025", "fails_2026"),
    [
        ({"PLACE": "U4", "RNE": "P", "PL_POST": "AB12CD"}, False, False),
        ({"PLACE": "U4", "RNE": "P", "PL_POST": "ZZ9 9ZZ"}, False, True),
        ({"PLACE": "U5", "RNE": "P", "PL_POST": "AB1 2CD"}, True, True),
        ({"PLACE": "U4", "RNE": "T", "PL_POST": "AB1 2CD"}, True, True),
    ],
)
def test_383_return_after_temporary(after: Row, fails_2025: bool, fails_2026: bool) -> None:
    tables = {"Episodes": _around_temporary(after)}
    assert flagged("383", 2025, tables) == ({("Episodes", 2)} if fails_2025 else set())
    assert flagged("383", 2026, tables) == ({("Episodes", 2)} if fails_2026 else set())


def test_383_open_temporary_is_not_checked() -> None:
    rows = _eps({"DECOM": "01/05/2025", "PLACE": "U4"}, {"DECOM": "01/06/2025", "PLACE": "T3"})
    assert flagged("383", 2026, {"Episodes": rows}) == set()
