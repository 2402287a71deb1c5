"""Rules 131–133, 153 (OC3) and 166–167 (Reviews)."""

from __future__ import annotations

import pytest

from tests.validate.ssda903.test_r1__support import YEARS, Row, rows


@pytest.mark.parametrize(
    ("code", "column", "good", "bad"),
    [
        ("131", "IN_TOUCH", ["YES", "no", "RHOM"], ["Y", "MAYBE"]),
        ("132", "ACTIV", ["F1", "G6", "0"], ["F3", "G1"]),
        ("133", "ACCOM", ["B1", "Z2", "0"], ["S1", "X1"]),
    ],
)
@pytest.mark.parametrize("year", YEARS)
def test_care_leaver_items_must_be_given_and_valid(
    code: str, column: str, good: list[str], bad: list[str], year: int
) -> None:
    values: list[str | None] = [*good, *bad, None]
    oc3: list[Row] = [{"CHILD": str(i), column: v} for i, v in enumerate(values)]
    assert rows(code, year, {"OC3": oc3}) == list(range(len(good), len(values)))


def test_153_care_leaver_items_all_or_none() -> None:
    oc3: list[Row] = [
        {"CHILD": "1", "IN_TOUCH": "YES", "ACTIV": "F1", "ACCOM": "B1"},
        {"CHILD": "2"},
        {"CHILD": "3", "IN_TOUCH": "YES"},
        {"CHILD": "4", "IN_TOUCH": "YES", "ACTIV": "F1"},
        {"CHILD": "5", "ACCOM": "B1"},
    ]
    assert rows("153", 2026, {"OC3": oc3}) == [2, 3, 4]


def test_166_review_date_must_be_valid_and_given() -> None:
    reviews: list[Row] = [
        {"CHILD": "1", "REVIEW": "01/06/2025", "REVIEW_CODE": "PN1"},
        {"CHILD": "2", "REVIEW": None, "REVIEW_CODE": "PN1"},
        {"CHILD": "3", "REVIEW": "31/06/2025", "REVIEW_CODE": "PN1"},
    ]
    assert rows("166", 2026, {"Reviews": reviews}) == [1, 2]


def test_167_participation_code_goes_with_the_review() -> None:
    reviews: list[Row] = [
        {"CHILD": "1", "REVIEW": "01/06/2025", "REVIEW_CODE": "PN1"},
        {"CHILD": "2", "REVIEW": "01/06/2025", "REVIEW_CODE": "pn0"},
        {"CHILD": "3"},
        {"CHILD": "4", "REVIEW": "01/06/2025", "REVIEW_CODE": None},
        {"CHILD": "5", "REVIEW": "01/06/2025", "REVIEW_CODE": "PN8"},
        {"CHILD": "6", "REVIEW": None, "REVIEW_CODE": "PN1"},
    ]
    assert rows("167", 2027, {"Reviews": reviews}) == [3, 4, 5]
