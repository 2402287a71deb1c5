"""SSDA903 rules 564–586 on missing or away-without-authorisation periods."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r4__support import episode, flagged, flagged_by_rule, rows

Row = dict[str, str | None]


def mis(
    child: str, kind: str | None, start: str | None, end: str | None = None, **more: str
) -> Row:
    return {"CHILD": child, "MISSING": kind, "MIS_START": start, "MIS_END": end, **more}


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_564_type_without_start() -> None:
    rows_ = [mis("1", "M", None), mis("2", "A", "01/05/2024"), mis("3", None, None)]
    assert flagged("564", 2025, {"Missing": rows_}) == rows("Missing", 0)


def test_565_566_dates_without_type() -> None:
    rows_ = [
        mis("1", None, "01/05/2024"),  # 565
        mis("2", None, None, "02/05/2024"),  # 566
        mis("3", "M", "01/05/2024", "02/05/2024"),
        mis("4", None, "xx/05/2024", "yy"),  # unreadable dates still count as given
    ]
    assert flagged("565", 2025, {"Missing": rows_}) == rows("Missing", 0, 3)
    assert flagged("566", 2025, {"Missing": rows_}) == rows("Missing", 1, 3)


def test_567_end_before_start() -> None:
    rows_ = [mis("1", "M", "02/05/2024", "01/05/2024"), mis("2", "M", "02/05/2024", "02/05/2024")]
    assert flagged("567", 2025, {"Missing": rows_}) == rows("Missing", 0)


@given(
    start=st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31)),
    end=st.one_of(st.none(), st.dates(dt.date(2023, 1, 1), dt.date(2026, 12, 31))),
)
@settings(max_examples=50, deadline=None)
def test_570_571_against_the_collection_year(start: dt.date, end: dt.date | None) -> None:
    year_start, year_end = dt.date(2024, 4, 1), dt.date(2025, 3, 31)
    tables = {"Missing": [mis("1", "M", _d(start), _d(end) if end else None)]}
    got = flagged_by_rule(["570", "571"], 2025, tables)
    assert bool(got["570"]) == (start > year_end)
    outside = end is not None and not (year_start <= end <= year_end)
    assert bool(got["571"]) == outside


def test_574_periods_do_not_overlap() -> None:
    rows_ = [
        mis("1", "M", "01/05/2024"),  # still open...
        mis("1", "M", "01/06/2024", "02/06/2024"),  # ...when this one starts: fails
        mis("2", "M", "01/05/2024", "10/05/2024"),
        mis("2", "A", "05/05/2024", "12/05/2024"),  # starts inside the last: fails
        mis("3", "M", "01/05/2024", "10/05/2024"),
        mis("3", "M", "10/05/2024", "12/05/2024"),  # starts as the last ends: passes
        mis("4", "M", "01/05/2024", "10/05/2024"),
        mis("4", "M", "20/05/2024"),  # the open one is the latest: passes
    ]
    assert flagged("574", 2025, {"Missing": rows_}) == rows("Missing", 1, 3)


def test_575_missing_from_ended_placement_needs_end() -> None:
    eps = [
        episode("1", DECOM="01/04/2024", DEC="01/06/2024", REC="X1"),
        episode("1", DECOM="01/06/2024"),
        episode("2", DECOM="01/04/2024"),
    ]
    rows_ = [
        mis("1", "M", "10/05/2024"),  # placement ended, no end: fails
        mis("1", "M", "10/05/2024", "12/05/2024"),
        mis("1", "M", "10/06/2024"),  # current placement still open
        mis("2", "M", "10/05/2024"),
    ]
    assert flagged("575", 2025, {"Episodes": eps, "Missing": rows_}) == rows("Missing", 0)


def test_576_open_period_carried_into_this_year() -> None:
    last = {
        "Missing": [
            mis("1", "M", "01/03/2024"),
            mis("2", "M", "01/03/2024"),
            mis("3", "M", "01/03/2024"),
            mis("4", "M", "01/03/2024", "02/03/2024"),  # closed
        ]
    }
    this = {
        "Header": [{"CHILD": c} for c in ("1", "2", "3", "4")],
        "Missing": [
            mis("1", "M", "01/03/2024", "05/04/2024"),  # carried on: passes
            mis("2", "M", "01/05/2024"),  # different start: fails
        ],
    }
    assert flagged("576", 2025, this, last) == rows("Missing", 1) | rows("Header", 2)


CARE = [
    episode("1", DECOM="01/04/2024", DEC="01/06/2024", REC="X1"),
    episode("1", DECOM="01/06/2024", DEC="01/08/2024", REC="E4A"),  # care ends 01/08
    episode("1", DECOM="01/10/2024", RNE="S"),  # a new period, still open
]


@pytest.mark.parametrize(
    ("start", "end", "flags"),
    [
        ("01/05/2024", "02/05/2024", set()),  # within care, ended
        ("01/05/2024", None, {"577"}),  # within a period that ended, still open
        ("15/08/2024", "20/08/2024", {"578"}),  # after care ended, before it began again
        ("01/03/2024", "02/03/2024", {"581"}),  # before care began
        ("15/10/2024", None, set()),  # within the open period
    ],
)
def test_577_578_581_missing_against_periods_of_care(
    start: str, end: str | None, flags: set[str]
) -> None:
    tables = {"Episodes": CARE, "Missing": [mis("1", "M", start, end)]}
    got = flagged_by_rule(["577", "578", "581"], 2025, tables)
    assert {code for code, found in got.items() if found} == flags


def test_581_child_with_no_episodes() -> None:
    assert flagged("581", 2025, {"Missing": [mis("9", "M", "01/05/2024")]}) == rows("Missing", 0)


def test_580_missing_at_18_leaves_care_e8() -> None:
    eps = [
        episode("1", DECOM="01/04/2024", DEC="10/05/2024", REC="E4A"),  # fails
        episode("2", DECOM="01/04/2024", DEC="10/05/2024", REC="E8"),
        episode("3", DECOM="01/04/2024", DEC="11/05/2024", REC="E4A"),  # not on the birthday
    ]
    rows_ = [
        mis("1", "M", "01/05/2024", "10/05/2024", DOB="10/05/2006"),
        mis("2", "M", "01/05/2024", "10/05/2024", DOB="10/05/2006"),
        mis("3", "M", "01/05/2024", "11/05/2024", DOB="10/05/2006"),
    ]
    assert flagged("580", 2026, {"Episodes": eps, "Missing": rows_}) == rows("Episodes", 0)


def test_586_missing_before_birth() -> None:
    rows_ = [
        mis("1", "M", "01/05/2010", DOB="02/05/2010"),
        mis("2", "M", "03/05/2010", DOB="02/05/2010"),
    ]
    assert flagged("586", 2027, {"Missing": rows_}) == rows("Missing", 0)
