"""SSDA903 rules 521–584 on adoption decisions, placements, orders and adopters."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r4__support import episode, flagged, rows, run_one

Row = dict[str, str | None]


def pa(child: str, placed: str | None, ceased: str | None = None, reason: str | None = None) -> Row:
    return {
        "CHILD": child,
        "DATE_PLACED": placed,
        "DATE_PLACED_CEASED": ceased,
        "REASON_PLACED_CEASED": reason,
    }


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_521_best_interest_decision_before_adoption_placement() -> None:
    eps = [
        episode("1", DECOM="01/06/2024", PLACE="A4"),  # decided after placing: fails
        episode("2", DECOM="01/06/2024", PLACE="A4"),  # same day: passes
        episode("3", DECOM="01/06/2024", PLACE="U4"),  # not an adoption placement
    ]
    ad1 = [
        {"CHILD": "1", "DATE_INT": "02/06/2024"},
        {"CHILD": "2", "DATE_INT": "01/06/2024"},
        {"CHILD": "3", "DATE_INT": "02/06/2024"},
    ]
    got = flagged("521", 2025, {"Episodes": eps, "AD1": ad1})
    assert got == rows("Episodes", 0) | rows("AD1", 0)


@given(
    placed=st.dates(dt.date(2020, 1, 1), dt.date(2025, 3, 31)),
    days=st.integers(-60, 60),
)
@settings(max_examples=40, deadline=None)
def test_522_reversal_not_before_decision(placed: dt.date, days: int) -> None:
    row = pa("1", _d(placed), _d(placed + dt.timedelta(days=days)), "RD1")
    assert bool(flagged("522", 2025, {"PlacedAdoption": [row]})) == (days < 0)


def test_523_latest_decision_matches_best_interest_date() -> None:
    placed = [
        pa("1", "01/02/2024"),  # differs: fails
        pa("2", "01/01/2023", "01/06/2023", "RD1"),  # an earlier, reversed decision
        pa("2", "01/02/2024"),  # the latest: matches
    ]
    ad1 = [{"CHILD": "1", "DATE_INT": "02/02/2024"}, {"CHILD": "2", "DATE_INT": "01/02/2024"}]
    got = flagged("523", 2025, {"PlacedAdoption": placed, "AD1": ad1})
    assert got == rows("PlacedAdoption", 0) | rows("AD1", 0)


def test_525_no_adoption_after_reversal() -> None:
    placed = [
        pa("1", "01/02/2024", "01/03/2024", "RD1"),  # reversed, then adopted: fails
        pa("2", "01/01/2023", "01/06/2023", "RD1"),
        pa("2", "01/02/2024"),  # new decision after the reversal: passes
        pa("3", "01/02/2024", "01/03/2024", "RD1"),  # reversed, no adoption details
    ]
    ad1 = [
        {"CHILD": "1", "DATE_MATCH": "01/04/2024"},
        {"CHILD": "2", "DATE_MATCH": "01/04/2024"},
        {"CHILD": "3"},
    ]
    got = flagged("525", 2026, {"PlacedAdoption": placed, "AD1": ad1})
    assert got == rows("PlacedAdoption", 0) | rows("AD1", 0)


def test_551_adoption_placement_needs_decision() -> None:
    eps = [episode("1", PLACE="A3"), episode("2", PLACE="A5"), episode("3", PLACE="A6")]
    placed = [pa("2", "01/01/2024"), pa("3", None)]
    got = flagged("551", 2025, {"Episodes": eps, "PlacedAdoption": placed})
    assert got == rows("Episodes", 0, 2)


def test_552_decision_before_first_adoption_placement() -> None:
    eps = [
        episode("1", DECOM="01/05/2024", PLACE="A4"),  # placed before the decision: fails
        episode("2", DECOM="01/05/2024", PLACE="A4"),
        episode("2", DECOM="01/08/2024", PLACE="A4"),
    ]
    placed = [pa("1", "02/05/2024"), pa("2", "01/05/2024")]
    got = flagged("552", 2025, {"Episodes": eps, "PlacedAdoption": placed})
    assert got == rows("Episodes", 0) | rows("PlacedAdoption", 0)


def test_553_placement_order_needs_decision_and_open_order_no_reversal() -> None:
    eps = [
        episode("1", DECOM="01/05/2024", LS="E1"),  # no decision: fails
        episode("2", DECOM="01/05/2024", LS="E1"),  # open order, decision reversed: fails (PA)
        episode("3", DECOM="01/05/2024", DEC="01/07/2024", LS="E1", REC="E13"),  # order ended
    ]
    placed = [
        pa("2", "01/04/2024", "01/06/2024", "RD1"),
        pa("3", "01/04/2024", "01/06/2024", "RD1"),
    ]
    got = flagged("553", 2025, {"Episodes": eps, "PlacedAdoption": placed})
    assert got == rows("Episodes", 0) | rows("PlacedAdoption", 0)


def test_554_is_a_query_on_decision_after_first_order() -> None:
    eps = [
        episode("1", DECOM="01/05/2024", LS="C2"),
        episode("1", DECOM="01/06/2024", LS="E1"),  # the order
        episode("2", DECOM="01/06/2024", LS="E1"),
    ]
    placed = [pa("1", "02/06/2024"), pa("2", "01/06/2024")]
    tables = {"Episodes": eps, "PlacedAdoption": placed}
    assert flagged("554", 2025, tables) == rows("Episodes", 1) | rows("PlacedAdoption", 0)
    assert {i["severity"] for i in run_one("554", 2025, tables).issue_dicts()} == {"query"}


def test_557_left_care_unadopted_needs_reversal_recorded() -> None:
    eps = [
        episode("1", PLACE="A4", DEC="01/06/2024", REC="E13"),  # left, decision open: fails
        episode("2", PLACE="A4", DEC="01/06/2024", REC="E11"),  # adopted
        episode("3", LS="E1", DEC="01/06/2024", REC="E4A"),  # reversal recorded: passes
        episode("4", LS="E1", DEC="01/06/2024", REC="E4A"),  # no decision at all: fails
        episode("5", PLACE="A4", DEC="01/06/2024", REC="X1"),  # carries on in care
    ]
    placed = [
        pa("1", "01/01/2024"),
        pa("2", "01/01/2024"),
        pa("3", "01/01/2024", "01/06/2024", "RD1"),
        pa("5", "01/01/2024"),
    ]
    got = flagged("557", 2025, {"Episodes": eps, "PlacedAdoption": placed})
    assert got == rows("Episodes", 0, 3) | rows("PlacedAdoption", 0)


def test_558_adopted_child_decision_not_reversed() -> None:
    eps = [episode("1", REC="E11"), episode("2", REC="E12"), episode("3", REC="E13")]
    placed = [
        pa("1", "01/01/2024", "01/03/2024", "RD1"),  # fails
        pa("2", "01/01/2023", "01/03/2023", "RD1"),
        pa("2", "01/01/2024"),  # latest decision open: passes
        pa("3", "01/01/2024", "01/03/2024", "RD1"),  # not adopted
    ]
    got = flagged("558", 2025, {"Episodes": eps, "PlacedAdoption": placed})
    assert got == rows("Episodes", 0) | rows("PlacedAdoption", 0)


def test_559_decision_before_year_was_in_last_return() -> None:
    this = {"PlacedAdoption": [pa("1", "01/01/2024"), pa("2", "01/01/2024"), pa("3", "01/05/2024")]}
    last = {"PlacedAdoption": [pa("2", "01/01/2024")]}
    assert flagged("559", 2025, this, last) == rows("PlacedAdoption", 0)


def test_560_open_decision_keeps_its_date() -> None:
    last = {"PlacedAdoption": [pa("1", "01/01/2024"), pa("2", "01/01/2024"),
                               pa("3", "01/01/2024", "01/02/2024", "RD1")]}  # fmt: skip
    this = {
        "PlacedAdoption": [
            pa("1", "02/01/2024"),  # changed: fails
            pa("2", "01/01/2024", "01/06/2024", "RD1"),
            pa("2", "01/09/2024"),  # a new decision after reversing: passes
            pa("3", "01/09/2024"),  # last year's was reversed: not this rule
        ]
    }
    assert flagged("560", 2025, this, last) == rows("PlacedAdoption", 0)


def test_561_and_584_after_reversal_last_year() -> None:
    last = {"PlacedAdoption": [pa("1", "01/01/2024", "01/02/2024", "RD1"),
                               pa("2", "01/01/2024", "01/02/2024", "RD1"),
                               pa("3", "01/01/2024", "01/02/2024", "RD1")]}  # fmt: skip
    this = {
        "PlacedAdoption": [
            pa("1", "01/01/2024"),  # the reversed decision again
            pa("2", "01/12/2023"),  # earlier than the reversed one
            pa("3", "01/06/2024"),  # a new, later decision: passes
        ]
    }
    assert flagged("561", 2025, this, last) == rows("PlacedAdoption", 0)
    assert flagged("584", 2025, this, last) == rows("PlacedAdoption", 0, 1)


def test_563_reversal_without_decision_date() -> None:
    placed = [
        {"CHILD": "1", "DATE_PLACED": None, "DATE_PLACED_CEASED": "01/02/2024",
         "REASON_PLACED_CEASED": "RD1"},
        {"CHILD": "2", "DATE_PLACED": "01/01/2024", "DATE_PLACED_CEASED": "01/02/2024",
         "REASON_PLACED_CEASED": "RD1"},
        {"CHILD": "3", "DATE_PLACED": None, "DATE_PLACED_CEASED": None,
         "REASON_PLACED_CEASED": "RD1"},
    ]  # fmt: skip
    assert flagged("563", 2027, {"PlacedAdoption": placed}) == rows("PlacedAdoption", 0)


def test_579_decisions_do_not_overlap() -> None:
    placed = [
        pa("1", "01/01/2024"),
        pa("1", "01/06/2024"),  # previous still open: fails
        pa("2", "01/01/2024", "01/05/2024", "RD1"),
        pa("2", "01/04/2024"),  # before the previous ceased: fails
        pa("3", "01/01/2024", "01/05/2024", "RD1"),
        pa("3", "01/05/2024"),  # same day: passes
    ]
    assert flagged("579", 2025, {"PlacedAdoption": placed}) == rows("PlacedAdoption", 1, 3)


def test_582_adoption_on_match_date_is_a_query() -> None:
    eps = [
        episode("1", DEC="01/06/2024", REC="E11"),
        episode("2", DEC="01/06/2024", REC="E12"),
        episode("3", DEC="01/06/2024", REC="E13"),
    ]
    ad1 = [{"CHILD": c, "DATE_MATCH": m} for c, m in (("1", "01/06/2024"), ("2", "01/05/2024"),
                                                     ("3", "01/06/2024"))]  # fmt: skip
    tables = {"Episodes": eps, "AD1": ad1}
    assert flagged("582", 2025, tables) == rows("Episodes", 0)
    assert {i["severity"] for i in run_one("582", 2025, tables).issue_dicts()} == {"query"}


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_583_earlier_decisions_revoked(year: int) -> None:
    placed = [
        pa("1", "01/01/2024"),  # earlier, not revoked: fails
        pa("1", "01/06/2024"),
        pa("2", "01/01/2024", "01/03/2024", "RD1"),
        pa("2", "01/06/2024"),
        pa("3", "01/06/2024"),
    ]
    assert flagged("583", year, {"PlacedAdoption": placed}) == rows("PlacedAdoption", 0)
