"""Rules 331, 333–336, 390: adoption."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, flagged, text

Row = dict[str, str | None]


@pytest.mark.parametrize(
    ("match", "rec", "fails"),
    [
        ("02/06/2025", "E11", True),
        ("01/06/2025", "E12", False),
        ("02/06/2025", "E13", False),
    ],
)
def test_331_matched_before_placement(match: str, rec: str, fails: bool) -> None:
    found = flagged(
        "331",
        2026,
        {
            "AD1": [{"CHILD": "1", "DATE_MATCH": match}],
            "Episodes": [
                {"CHILD": "1", "DECOM": "01/04/2025", "DEC": "01/06/2025", "REC": "X1"},
                {"CHILD": "1", "DECOM": "01/06/2025", "DEC": "01/12/2025", "REC": rec},
            ],
        },
    )
    assert found == ({("AD1", 0), ("Episodes", 1)} if fails else set())


@PROPERTY
@given(
    st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))),
    st.one_of(st.none(), st.dates(dt.date(2024, 1, 1), dt.date(2025, 12, 31))),
)
def test_333_decision_before_match(decision: dt.date | None, match: dt.date | None) -> None:
    row = {
        "CHILD": "1",
        "DATE_INT": text(decision) if decision else None,
        "DATE_MATCH": text(match) if match else None,
    }
    found = flagged("333", 2026, {"AD1": [row]})
    fails = match is not None and (decision is None or decision > match)
    assert found == ({("AD1", 0)} if fails else set())


@pytest.mark.parametrize(("decision", "fails"), [("31/05/2025", True), ("01/06/2025", False)])
def test_334_decision_within_latest_care(decision: str, fails: bool) -> None:
    found = flagged(
        "334",
        2026,
        {
            "AD1": [{"CHILD": "1", "DATE_INT": decision}],
            "Episodes": [
                {"CHILD": "1", "DECOM": "01/01/2025", "RNE": "S", "DEC": "01/02/2025"},
                {"CHILD": "1", "DECOM": "01/06/2025", "RNE": "S", "DEC": "01/07/2025"},
                {"CHILD": "1", "DECOM": "01/07/2025", "RNE": "P"},
            ],
        },
    )
    assert found == ({("Episodes", 1), ("AD1", 0)} if fails else set())


@pytest.mark.parametrize(
    ("place", "foster", "fails"),
    [("A3", "0", True), ("A5", "1", False), ("A4", "1", True), ("A6", "0", False)],
)
def test_335_foster_carer_matches_placement(place: str, foster: str, fails: bool) -> None:
    found = flagged(
        "335",
        2026,
        {
            "AD1": [{"CHILD": "1", "FOSTER_CARE": foster}],
            "Episodes": [
                {
                    "CHILD": "1",
                    "DECOM": "01/05/2025",
                    "DEC": "01/12/2025",
                    "PLACE": place,
                    "REC": "E11",
                }
            ],
        },
    )
    assert found == ({("Episodes", 0), ("AD1", 0)} if fails else set())


@pytest.mark.parametrize(
    ("before", "adoptive", "fails"),
    [
        ("U4", "A3", False),
        ("A5", "A4", False),
        ("K2", "A3", True),
        ("K2", "A4", True),
        ("K2", "A5", False),  # placement order placements are not covered
    ],
)
def test_336_fostered_before_adoption(before: str, adoptive: str, fails: bool) -> None:
    rows = [
        {"CHILD": "1", "DECOM": "01/05/2025", "PLACE": before},
        {"CHILD": "1", "DECOM": "01/06/2025", "PLACE": adoptive},
        {"CHILD": "2", "DECOM": "01/06/2025", "PLACE": "A3"},  # first episode: not checked
    ]
    assert flagged("336", 2026, {"Episodes": rows}) == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("place", "rec", "fails"),
    [("U4", "E11", True), ("A6", "E12", False), ("U4", "E13", False), (None, "E11", True)],
)
def test_390_adopted_from_adoptive_placement(place: str | None, rec: str, fails: bool) -> None:
    row = {"CHILD": "1", "DECOM": "01/05/2025", "DEC": "01/09/2025", "PLACE": place, "REC": rec}
    assert flagged("390", 2026, {"Episodes": [row]}) == ({("Episodes", 0)} if fails else set())
