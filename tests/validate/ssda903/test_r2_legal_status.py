"""Rules 361–367 and 399: legal status durations and short breaks."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, flagged, text

Row = dict[str, str | None]


@pytest.mark.parametrize(
    ("code", "ls", "limit"),
    [("361", "L1", 3), ("362", "L2", 21), ("363", "L3", 7), ("364", "J2", 21)],
)
@pytest.mark.parametrize("split", [False, True])
def test_361_to_364_spell_lengths(code: str, ls: str, limit: int, split: bool) -> None:
    start = dt.date(2025, 6, 1)

    def spell(child: str, days: int) -> list[Row]:
        end = start + dt.timedelta(days)
        if not split:
            return [{"CHILD": child, "LS": ls, "DECOM": text(start), "DEC": text(end)}]
        middle = start + dt.timedelta(1)
        return [
            {"CHILD": child, "LS": ls, "DECOM": text(start), "DEC": text(middle)},
            {"CHILD": child, "LS": ls, "DECOM": text(middle), "DEC": text(end)},
        ]

    rows = [*spell("ok", limit), *spell("long", limit + 1)]
    long_rows = {i for i, r in enumerate(rows) if r["CHILD"] == "long"}
    assert flagged(code, 2026, {"Episodes": rows}) == {("Episodes", i) for i in long_rows}


def test_361_open_spell_runs_to_year_end_and_breaks_split_spells() -> None:
    rows: list[Row] = [
        {"CHILD": "1", "LS": "L1", "DECOM": "01/03/2026"},
        {"CHILD": "2", "LS": "L1", "DECOM": "01/06/2025", "DEC": "03/06/2025"},
        {"CHILD": "2", "LS": "C1", "DECOM": "03/06/2025", "DEC": "05/06/2025"},
        {"CHILD": "2", "LS": "L1", "DECOM": "05/06/2025", "DEC": "07/06/2025"},
    ]
    assert flagged("361", 2026, {"Episodes": rows}) == {("Episodes", 0)}


@pytest.mark.parametrize(
    ("ls", "dec", "fails"),
    [
        ("V3", "18/06/2025", False),
        ("V3", "19/06/2025", True),
        ("V3", None, True),  # open: counts to 31 March
        ("V4", "19/06/2025", False),
    ],
)
def test_365_respite_break_17_days(ls: str, dec: str | None, fails: bool) -> None:
    row = {"CHILD": "1", "LS": ls, "DECOM": "01/06/2025", "DEC": dec}
    assert flagged("365", 2026, {"Episodes": [row]}) == ({("Episodes", 0)} if fails else set())


@pytest.mark.parametrize(
    ("ls", "rne", "fails"),
    [("V3", "P", True), ("V3", None, True), ("V3", "S", False), ("V4", "P", False)],
)
def test_366_respite_breaks_start_care(ls: str, rne: str | None, fails: bool) -> None:
    row = {"CHILD": "1", "LS": ls, "RNE": rne, "DECOM": "01/06/2025"}
    assert flagged("366", 2026, {"Episodes": [row]}) == ({("Episodes", 0)} if fails else set())


@PROPERTY
@given(st.lists(st.integers(1, 17), min_size=1, max_size=8))
def test_367_respite_75_days(lengths: list[int]) -> None:
    rows: list[Row] = []
    day = dt.date(2025, 4, 10)
    for length in lengths:
        rows.append(
            {"CHILD": "1", "LS": "V3", "DECOM": text(day), "DEC": text(day + dt.timedelta(length))}
        )
        day += dt.timedelta(length + 10)
    rows.append({"CHILD": "2", "LS": "V3", "DECOM": "01/05/2025", "DEC": "05/05/2025"})
    found = flagged("367", 2026, {"Episodes": rows})
    expected = {("Episodes", i) for i in range(len(lengths))} if sum(lengths) > 75 else set()
    assert found == expected


def test_367_counts_only_days_in_the_year() -> None:
    rows = [
        {"CHILD": "1", "LS": "V3", "DECOM": "01/01/2025", "DEC": "10/04/2025"},  # 9 days in year
        {"CHILD": "1", "LS": "V3", "DECOM": "01/01/2026"},  # open: 89 days to 31 March
    ]
    assert flagged("367", 2026, {"Episodes": rows}) == {("Episodes", 0), ("Episodes", 1)}
    rows[1]["DECOM"] = "15/01/2026"  # 75 days + 9 = 84
    assert flagged("367", 2026, {"Episodes": rows}) == {("Episodes", 0), ("Episodes", 1)}
    rows[1]["DECOM"] = "01/02/2026"  # 58 + 9 = 67
    assert flagged("367", 2026, {"Episodes": rows}) == set()


def test_399_short_breaks_only_no_mother_or_reviews() -> None:
    found = flagged(
        "399",
        2026,
        {
            "Header": [
                {"CHILD": "1", "MOTHER": "0"},
                {"CHILD": "2"},
                {"CHILD": "3", "MOTHER": "0"},
            ],
            "Episodes": [
                {"CHILD": "1", "LS": "V3", "DECOM": "01/05/2025"},
                {"CHILD": "2", "LS": "V4", "DECOM": "01/05/2025"},
                {"CHILD": "3", "LS": "V3", "DECOM": "01/05/2025"},
                {"CHILD": "3", "LS": "C2", "DECOM": "01/06/2025"},
            ],
            "Reviews": [
                {"CHILD": "2", "REVIEW": "01/06/2025", "REVIEW_CODE": "PN1"},
                {"CHILD": "3", "REVIEW": "01/07/2025", "REVIEW_CODE": "PN1"},
            ],
        },
    )
    assert found == {("Header", 0), ("Episodes", 0), ("Reviews", 0), ("Episodes", 1)}
