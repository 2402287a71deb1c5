"""Rules 601, 602, 1003 (adoption) and 630-635 (previous permanence)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.ssda903.rules.r6_prevperm import partial_date_latest, partial_date_valid
from tests.validate.ssda903.test_r6__support import flagged

YEARS = [2025, 2026, 2027]
FULL_AD1 = {
    "DATE_INT": "01/01/2024",
    "DATE_MATCH": "01/02/2024",
    "FOSTER_CARE": "0",
    "NB_ADOPTR": "1",
    "SEX_ADOPTR": "F1",
    "LS_ADOPTR": "L0",
}


@pytest.mark.parametrize("year", YEARS)
def test_601_adopted_child_needs_every_ad1_field(year: int) -> None:
    dec = f"01/06/{year - 1}"
    episodes = [
        {"CHILD": "1", "DECOM": "01/01/2023", "DEC": dec, "REC": "E11"},
        {"CHILD": "2", "DECOM": "01/01/2023", "DEC": dec, "REC": "E12"},
        {"CHILD": "3", "DECOM": "01/01/2023", "DEC": dec, "REC": "E11"},
        {"CHILD": "4", "DECOM": "01/01/2023", "DEC": dec, "REC": "E4A"},
    ]
    ad1 = [
        {"CHILD": "1", **FULL_AD1},
        {"CHILD": "2", **FULL_AD1, "SEX_ADOPTR": None},
        {"CHILD": "4", **FULL_AD1, "NB_ADOPTR": None},
    ]
    got = flagged("601", year, {"Episodes": episodes, "AD1": ad1})
    # child 2 is incomplete; child 3 has no AD1 row at all; child 4 was not adopted
    assert got == {("Episodes", 1), ("AD1", 1), ("Episodes", 2)}


def test_602_ad1_only_for_children_adopted_this_year() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/01/2023", "DEC": "01/06/2025", "REC": "E11"},
        {"CHILD": "2", "DECOM": "01/01/2023", "DEC": "01/06/2024", "REC": "E11"},  # last year
        {"CHILD": "3", "DECOM": "01/01/2023", "DEC": None, "REC": None},
    ]
    ad1 = [
        {"CHILD": "1", **FULL_AD1},
        {"CHILD": "2", **FULL_AD1},
        {"CHILD": "3", "DATE_INT": "01/01/2024"},
        {"CHILD": "4"},  # nothing given
    ]
    assert flagged("602", 2026, {"Episodes": episodes, "AD1": ad1}) == {("AD1", 1), ("AD1", 2)}


def test_1003_placement_decision_not_before_care_began() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/05/2024", "RNE": "S"},
        {"CHILD": "1", "DECOM": "01/06/2024", "RNE": "P"},
        {"CHILD": "2", "DECOM": "01/05/2024", "RNE": "S"},
        {"CHILD": "3", "DECOM": "01/05/2024", "RNE": "S"},
    ]
    placed = [
        {"CHILD": "1", "DATE_PLACED": "30/04/2024"},
        {"CHILD": "2", "DATE_PLACED": "01/05/2024"},
        {"CHILD": "3", "DATE_PLACED": "01/07/2024"},
    ]
    got = flagged("1003", 2025, {"Episodes": episodes, "PlacedAdoption": placed})
    assert got == {("PlacedAdoption", 0), ("Episodes", 0)}


def test_630_starters_need_previous_permanence() -> None:
    episodes = [{"CHILD": str(c), "DECOM": "01/05/2025", "RNE": "S"} for c in range(1, 6)] + [
        {"CHILD": "6", "DECOM": "01/05/2024", "RNE": "S"}
    ]  # started last year
    prevperm = [
        {"CHILD": "2", "PREV_PERM": "Z1"},
        {"CHILD": "3", "PREV_PERM": "P1", "LA_PERM": "202", "DATE_PERM": "01/01/2020"},
        {"CHILD": "4", "PREV_PERM": "P1", "LA_PERM": None, "DATE_PERM": "01/01/2020"},
        {"CHILD": "5", "PREV_PERM": None},
    ]
    got = flagged("630", 2026, {"Episodes": episodes, "PrevPerm": prevperm})
    assert got == {("Episodes", 0), ("Episodes", 3), ("Episodes", 4)}


def test_631_and_633_codes() -> None:
    prevperm = [
        {"CHILD": "1", "PREV_PERM": "P5", "LA_PERM": "123"},
        {"CHILD": "2", "PREV_PERM": "p2", "LA_PERM": "wal"},
        {"CHILD": "3", "PREV_PERM": None, "LA_PERM": None},
        {"CHILD": "4", "PREV_PERM": "Z1", "LA_PERM": "999"},
    ]
    for year in YEARS:
        assert flagged("631", year, {"PrevPerm": prevperm}) == {("PrevPerm", 0)}
        assert flagged("633", year, {"PrevPerm": prevperm}) == {("PrevPerm", 0)}


def test_632_date_perm_valid_and_before_care() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/05/2025"},
        {"CHILD": "1", "DECOM": "01/03/2020"},
        {"CHILD": "2", "DECOM": "01/05/2025"},
        {"CHILD": "3", "DECOM": "15/05/2025"},
        {"CHILD": "4", "DECOM": "01/05/2025"},
        {"CHILD": "5", "DECOM": "01/05/2025"},
    ]
    prevperm = [
        {"CHILD": "1", "DATE_PERM": "01/04/2020"},  # after the first DECOM (2020)
        {"CHILD": "2", "DATE_PERM": "31/02/2020"},  # not a date
        {"CHILD": "3", "DATE_PERM": "ZZ/05/2025"},  # could be 31/05/2025: after DECOM
        {"CHILD": "4", "DATE_PERM": "ZZ/ZZ/2024"},
        {"CHILD": "5", "DATE_PERM": "01/01/ZZZZ"},
    ]
    got = flagged("632", 2026, {"Episodes": episodes, "PrevPerm": prevperm})
    assert got == {
        ("PrevPerm", 0),
        ("Episodes", 1),
        ("PrevPerm", 1),
        ("PrevPerm", 2),
        ("Episodes", 3),
    }


@settings(deadline=None, max_examples=40)
@given(day=st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31)))
def test_partial_dates_resolve_to_the_latest_possible_day(day: dt.date) -> None:
    texts = [
        day.strftime("%d/%m/%Y"),
        day.strftime("ZZ/%m/%Y"),
        day.strftime("ZZ/ZZ/%Y"),
        day.strftime("%d/%m/ZZZZ"),
    ]
    out = pl.DataFrame({"D": texts}).select(
        partial_date_valid("D").alias("valid"), partial_date_latest("D").alias("latest")
    )
    assert out["valid"].to_list() == [True, True, True, True]
    next_month = dt.date(day.year + day.month // 12, day.month % 12 + 1, 1)
    assert out["latest"].to_list() == [
        day,
        next_month - dt.timedelta(days=1),
        dt.date(day.year, 12, 31),
        None,
    ]


def test_634_previous_permanence_only_after_april_2016() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/03/2016"},
        {"CHILD": "2", "DECOM": "01/03/2016"},
        {"CHILD": "2", "DECOM": "01/04/2016"},
        {"CHILD": "3", "DECOM": "01/03/2016"},
    ]
    prevperm = [
        {"CHILD": "1", "PREV_PERM": "P1"},
        {"CHILD": "2", "PREV_PERM": "P1"},
        {"CHILD": "3"},  # nothing given
    ]
    got = flagged("634", 2025, {"Episodes": episodes, "PrevPerm": prevperm})
    assert got == {("PrevPerm", 0), ("Episodes", 0)}


def test_635_order_details_need_a_permanence_option() -> None:
    prevperm = [
        {"CHILD": "1", "PREV_PERM": "Z1", "LA_PERM": "202"},
        {"CHILD": "2", "PREV_PERM": None, "DATE_PERM": "01/01/2020"},
        {"CHILD": "3", "PREV_PERM": "P2", "DATE_PERM": "01/01/2020", "LA_PERM": "202"},
        {"CHILD": "4", "PREV_PERM": "Z1"},
    ]
    assert flagged("635", 2027, {"PrevPerm": prevperm}) == {("PrevPerm", 0), ("PrevPerm", 1)}
