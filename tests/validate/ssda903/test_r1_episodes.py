"""Rules 141–149, 178 and 199 (Episodes)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r1__support import YEARS, Row, flagged, property_settings, rows


def test_141_episode_start_must_be_a_valid_date() -> None:
    episodes: list[Row] = [
        {"CHILD": "1", "DECOM": "01/06/2025"},
        {"CHILD": "2", "DECOM": None},
        {"CHILD": "3", "DECOM": "2025/06/01"},
    ]
    assert rows("141", 2026, {"Episodes": episodes}) == [1, 2]


def test_147_episode_end_must_be_valid_when_given() -> None:
    episodes: list[Row] = [
        {"CHILD": "1", "DEC": "01/06/2025"},
        {"CHILD": "2", "DEC": None},
        {"CHILD": "3", "DEC": "00/06/2025"},
    ]
    assert rows("147", 2026, {"Episodes": episodes}) == [2]


def test_142_every_episode_but_the_last_has_ended() -> None:
    episodes: list[Row] = [
        # child A: rows out of order; the 01/05 episode is not the last and is open
        {"CHILD": "A", "DECOM": "01/07/2025"},
        {"CHILD": "A", "DECOM": "01/05/2025"},
        {"CHILD": "A", "DECOM": "01/04/2025", "DEC": "01/05/2025", "REC": "X1"},
        # child B: ended without a reason before a later episode
        {"CHILD": "B", "DECOM": "01/04/2025", "DEC": "01/05/2025"},
        {"CHILD": "B", "DECOM": "01/05/2025"},
        # child C: a single open episode is fine
        {"CHILD": "C", "DECOM": "01/04/2025"},
    ]
    assert rows("142", 2026, {"Episodes": episodes}) == [1, 3]


@pytest.mark.parametrize(
    ("code", "column", "good", "bad"),
    [
        ("143", "RNE", ["S", "b"], ["X", "SS"]),
        ("144", "LS", ["C1", "J3", "v4"], ["C3", "V1"]),
        ("145", "CIN", ["N1", "N8"], ["N0", "N9"]),
        ("149", "REC", ["E11", "E4A", "X1"], ["E1", "E4", "E10"]),
    ],
)
@pytest.mark.parametrize("year", YEARS)
def test_episode_codes_valid_when_given(
    code: str, column: str, good: list[str], bad: list[str], year: int
) -> None:
    values: list[str | None] = [*good, None, *bad]
    episodes: list[Row] = [{"CHILD": str(i), column: v} for i, v in enumerate(values)]
    assert rows(code, year, {"Episodes": episodes}) == list(range(len(good) + 1, len(values)))


@pytest.mark.parametrize(
    ("year", "valid", "invalid"),
    [
        (2025, ["H5", "K3", "P2", "Z1", "T4"], ["Z11", "K4"]),
        (2026, ["K3", "Z11", "Z14", "T4"], ["H5", "P2", "Z1"]),
        (2027, ["K3", "Z12", "A6"], ["H5", "Z1", "Z15"]),
    ],
)
def test_146_placement_types_by_year(year: int, valid: list[str], invalid: list[str]) -> None:
    values = [*valid, *invalid]
    episodes: list[Row] = [{"CHILD": str(i), "PLACE": v} for i, v in enumerate(values)]
    assert rows("146", year, {"Episodes": episodes}) == list(range(len(valid), len(values)))


def test_148_end_date_and_reason_together() -> None:
    episodes: list[Row] = [
        {"CHILD": "1", "DEC": "01/06/2025", "REC": "E8"},
        {"CHILD": "2"},
        {"CHILD": "3", "DEC": "01/06/2025"},
        {"CHILD": "4", "REC": "E8"},
    ]
    assert rows("148", 2026, {"Episodes": episodes}) == [2, 3]


@pytest.mark.parametrize(
    ("year", "place", "provider", "fails"),
    [
        (2025, "U1", "PR1", False),
        (2025, "U1", None, False),
        (2025, "U1", "PR6", True),
        (2025, "T4", "PR1", True),
        (2025, "Z1", "PR4", True),
        (2025, "T4", None, False),
        (2026, "T4", "PR1", False),
        (2026, "Z11", "PR4", True),
        (2026, "T0", "PR4", True),
        (2027, "Z14", "PR1", True),
        (2027, "K2", "PR4", False),
    ],
)
def test_178_placement_provider(year: int, place: str, provider: str | None, fails: bool) -> None:
    episodes: list[Row] = [{"CHILD": "1", "PLACE": place, "PLACE_PROVIDER": provider}]
    assert rows("178", year, {"Episodes": episodes}) == ([0] if fails else [])


def test_199_episode_after_an_adoption_this_year() -> None:
    episodes: list[Row] = [
        {"CHILD": "A", "DECOM": "01/04/2025", "DEC": "01/06/2025", "REC": "E11"},
        {"CHILD": "A", "DECOM": "01/09/2025"},
        {"CHILD": "B", "DECOM": "01/04/2025", "DEC": "01/06/2025", "REC": "E12"},
        {"CHILD": "C", "DECOM": "01/04/2025", "DEC": "01/06/2025", "REC": "X1"},
        {"CHILD": "C", "DECOM": "01/06/2025"},
    ]
    assert rows("199", 2026, {"Episodes": episodes}) == [1]


def test_199_adoption_in_last_years_return() -> None:
    previous: dict[str, list[Row]] = {
        "Episodes": [{"CHILD": "A", "DECOM": "01/01/2024", "DEC": "01/01/2025", "REC": "E11"}]
    }
    episodes: list[Row] = [
        {"CHILD": "A", "DECOM": "01/10/2025"},
        {"CHILD": "B", "DECOM": "01/10/2025"},
    ]
    assert flagged("199", 2026, {"Episodes": episodes}, previous) == {("Episodes", 0)}
    # without last year's return only this year's episodes can show it
    assert rows("199", 2026, {"Episodes": episodes}) == []


@property_settings
@given(
    starts=st.lists(
        st.dates(min_value=dt.date(2025, 4, 1), max_value=dt.date(2026, 3, 31)),
        min_size=1,
        max_size=6,
        unique=True,
    ),
    adopted_at=st.integers(min_value=0, max_value=5),
)
def test_199_flags_exactly_the_episodes_after_the_first_adoption(
    starts: list[dt.date], adopted_at: int
) -> None:
    starts = sorted(starts)
    adopted_at = min(adopted_at, len(starts) - 1)
    episodes: list[Row] = [
        {
            "CHILD": "A",
            "DECOM": d.strftime("%d/%m/%Y"),
            "REC": "E11" if i == adopted_at else "X1",
        }
        for i, d in enumerate(starts)
    ]
    assert rows("199", 2026, {"Episodes": episodes[::-1]}) == list(
        range(0, len(starts) - adopted_at - 1)
    )
