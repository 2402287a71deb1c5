"""Rules 302, 352–357, 385, 388: episode dates and how episodes follow on."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, birthday, flagged, text


def _eps(*rows: dict[str, str | None]) -> list[dict[str, str | None]]:
    return [{"CHILD": "1", **r} for r in rows]


def test_302_first_episode_before_birth() -> None:
    found = flagged(
        "302",
        2026,
        {
            "Header": [{"CHILD": "1", "DOB": "10/05/2025"}, {"CHILD": "2", "DOB": "10/05/2025"}],
            "Episodes": [
                {"CHILD": "1", "DECOM": "20/05/2025"},
                {"CHILD": "1", "DECOM": "09/05/2025"},
                {"CHILD": "2", "DECOM": "10/05/2025"},
            ],
        },
    )
    assert found == {("Episodes", 1), ("Header", 0)}


@PROPERTY
@given(st.dates(dt.date(2000, 1, 1), dt.date(2010, 12, 31)), st.sampled_from(["S", "P"]))
def test_352_started_care_at_18(dob: dt.date, rne: str) -> None:
    decom = dt.date(2025, 6, 1)
    found = flagged(
        "352",
        2026,
        {
            "Header": [{"CHILD": "1", "DOB": text(dob)}],
            "Episodes": _eps({"DECOM": text(decom), "RNE": rne}),
        },
    )
    assert found == ({("Episodes", 0)} if rne == "S" and birthday(dob, 18) <= decom else set())


@pytest.mark.parametrize(
    ("code", "column", "value", "fails"),
    [
        ("353", "DECOM", "13/10/1991", True),
        ("353", "DECOM", "14/10/1991", False),
        ("354", "DECOM", "01/04/2026", True),
        ("354", "DECOM", "31/03/2026", False),
        ("385", "DEC", "01/04/2026", True),
        ("385", "DEC", "31/03/2026", False),
        ("385", "DEC", None, False),
    ],
)
def test_353_354_385_date_limits(code: str, column: str, value: str | None, fails: bool) -> None:
    row = {"DECOM": "01/01/2000", "DEC": None, column: value}
    found = flagged(code, 2026, {"Episodes": _eps({"DECOM": "01/05/2025"}, row)})
    assert found == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("decom", "dec", "f355", "f356"),
    [
        ("01/05/2025", "01/05/2025", True, False),
        ("01/05/2025", "02/05/2025", False, False),
        ("02/05/2025", "01/05/2025", False, True),
        ("01/05/2025", None, False, False),
    ],
)
def test_355_356_episode_length(decom: str, dec: str | None, f355: bool, f356: bool) -> None:
    tables = {"Episodes": _eps({"DECOM": decom, "DEC": dec})}
    assert flagged("355", 2026, tables) == ({("Episodes", 0)} if f355 else set())
    assert flagged("356", 2026, tables) == ({("Episodes", 0)} if f356 else set())


@pytest.mark.parametrize(
    ("first", "fails"),
    [
        ({"DECOM": "01/05/2025", "RNE": "P"}, True),
        ({"DECOM": "01/05/2025", "RNE": None}, True),
        ({"DECOM": "01/05/2025", "RNE": "S"}, False),
        ({"DECOM": "01/05/2024", "RNE": "P"}, False),  # began before the year: earlier episodes
    ],
)
def test_357_first_episode_starts_care(first: dict[str, str], fails: bool) -> None:
    found = flagged("357", 2026, {"Episodes": _eps({"DECOM": "01/09/2025", "RNE": "P"}, first)})
    assert found == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("episodes", "expected"),
    [
        # X1 followed the same day: fine.
        ([("01/05/2025", "01/06/2025", "X1"), ("01/06/2025", None, None)], set()),
        # X1 with a gap before the next episode.
        ([("01/05/2025", "01/06/2025", "X1"), ("02/06/2025", None, None)], {0}),
        # X1 on the last episode.
        ([("01/05/2025", "01/06/2025", "X1")], {0}),
        # Another reason, but an episode follows the same day.
        ([("01/05/2025", "01/06/2025", "E11"), ("01/06/2025", None, None)], {0}),
        # Another reason and a later new period of care.
        ([("01/05/2025", "01/06/2025", "E11"), ("01/09/2025", None, None)], set()),
        # Rows given out of order are sorted by DECOM first.
        ([("01/06/2025", None, None), ("01/05/2025", "01/06/2025", "X1")], set()),
    ],
)
def test_388_x1_needs_a_continuation(
    episodes: list[tuple[str, str | None, str | None]], expected: set[int]
) -> None:
    rows = _eps(*({"DECOM": a, "DEC": b, "REC": c} for a, b, c in episodes))
    other_child = {"CHILD": "2", "DECOM": "01/06/2025"}
    found = flagged("388", 2026, {"Episodes": [*rows, other_child]})
    assert found == {("Episodes", i) for i in expected}
