"""Rules 700-710: deprivation of liberty orders (2026/27 onwards)."""

from __future__ import annotations

import datetime as dt
import itertools

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.registry import REGISTRY
from tests.validate.ssda903.test_r6__support import Rows, flagged, skipped

Y = 2027  # collection year 01/04/2026 - 31/03/2027


def _d(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def test_dolo_rules_start_in_2026_27() -> None:
    codes = {f"{n}" for n in range(700, 711)}
    assert not codes & {r.code for r in REGISTRY.ruleset("ssda903", 2026)}
    assert codes <= {r.code for r in REGISTRY.ruleset("ssda903", 2027)}


def test_700_701_dates_valid() -> None:
    dolo = [
        {"CHILD": "1", "DOLO_START": None, "DOLO_END": None},
        {"CHILD": "2", "DOLO_START": "31/09/2026", "DOLO_END": "2026-10-01"},
        {"CHILD": "3", "DOLO_START": "01/09/2026", "DOLO_END": None},
        {"CHILD": "4", "DOLO_START": "01/09/2026", "DOLO_END": "01/10/2026"},
    ]
    assert flagged("700", Y, {"DoLo": dolo}) == {("DoLo", 0), ("DoLo", 1)}
    assert flagged("701", Y, {"DoLo": dolo}) == {("DoLo", 1)}


@settings(deadline=None, max_examples=40)
@given(
    start=st.dates(dt.date(2025, 1, 1), dt.date(2027, 12, 31)),
    length=st.integers(-60, 400),
)
def test_702_703_704_against_each_other_and_the_year(start: dt.date, length: int) -> None:
    end = start + dt.timedelta(days=length)
    dolo = [{"CHILD": "1", "DOLO_START": _d(start), "DOLO_END": _d(end)}]
    year_start, year_end = dt.date(2026, 4, 1), dt.date(2027, 3, 31)
    flag = {("DoLo", 0)}
    assert flagged("702", Y, {"DoLo": dolo}) == (flag if end < start else set())
    assert flagged("703", Y, {"DoLo": dolo}) == (flag if start > year_end else set())
    assert flagged("704", Y, {"DoLo": dolo}) == (
        flag if not year_start <= end <= year_end else set()
    )


def test_704_open_dolo_is_not_checked() -> None:
    assert flagged("704", Y, {"DoLo": [{"CHILD": "1", "DOLO_START": "01/01/2020"}]}) == set()


def test_705_no_new_dolo_while_previous_open() -> None:
    dolo = [
        # child 1: second starts before the first ended
        {"CHILD": "1", "DOLO_START": "01/05/2026", "DOLO_END": "01/07/2026"},
        {"CHILD": "1", "DOLO_START": "01/06/2026", "DOLO_END": None},
        # child 2: first still open when the second starts (rows out of order)
        {"CHILD": "2", "DOLO_START": "01/08/2026", "DOLO_END": None},
        {"CHILD": "2", "DOLO_START": "01/05/2026", "DOLO_END": None},
        # child 3: back to back is fine
        {"CHILD": "3", "DOLO_START": "01/05/2026", "DOLO_END": "01/06/2026"},
        {"CHILD": "3", "DOLO_START": "01/06/2026", "DOLO_END": None},
    ]
    assert flagged("705", Y, {"DoLo": dolo}) == {("DoLo", 1), ("DoLo", 2)}


def test_706_open_dolo_carried_into_this_year() -> None:
    last = [
        {"CHILD": "1", "DOLO_START": "01/01/2026"},
        {"CHILD": "2", "DOLO_START": "01/01/2026"},
        {"CHILD": "3", "DOLO_START": "01/01/2026"},
        {"CHILD": "4", "DOLO_START": "01/01/2026", "DOLO_END": "01/02/2026"},
    ]
    this = [
        {"CHILD": "1", "DOLO_START": "01/01/2026"},
        {"CHILD": "1", "DOLO_START": "01/02/2027"},
        {"CHILD": "2", "DOLO_START": "01/05/2026"},
    ]
    header = [{"CHILD": c} for c in "1234"]
    got = flagged("706", Y, {"DoLo": this, "Header": header}, {"DoLo": last})
    assert got == {("DoLo", 2), ("Header", 2)}
    assert "last year" in skipped("706", Y, {"DoLo": this})


def test_707_open_dolo_when_care_has_ended() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/05/2026", "DEC": "01/09/2026"},
        {"CHILD": "2", "DECOM": "01/05/2026", "DEC": "01/09/2026"},
        {"CHILD": "2", "DECOM": "01/09/2026", "DEC": None},
        {"CHILD": "3", "DECOM": "01/05/2026", "DEC": "01/09/2026"},
    ]
    dolo = [
        {"CHILD": "1", "DOLO_START": "01/06/2026"},
        {"CHILD": "2", "DOLO_START": "01/06/2026"},
        {"CHILD": "3", "DOLO_START": "01/06/2026", "DOLO_END": "01/09/2026"},
    ]
    assert flagged("707", Y, {"Episodes": episodes, "DoLo": dolo}) == {("DoLo", 0)}


def test_708_dolo_after_birth() -> None:
    dolo = [
        {"CHILD": "1", "DOB": "01/06/2026", "DOLO_START": "01/06/2026"},
        {"CHILD": "2", "DOB": None, "DOLO_START": "01/06/2010"},
        {"CHILD": "3", "DOB": "01/06/2010", "DOLO_START": "01/06/2026"},
    ]
    header = [{"CHILD": "2", "DOB": "01/06/2012"}, {"CHILD": "3", "DOB": "01/06/2010"}]
    assert flagged("708", Y, {"DoLo": dolo, "Header": header}) == {("DoLo", 0), ("DoLo", 1)}


def test_709_710_placements_during_a_dolo() -> None:
    dolo = [{"CHILD": "1", "DOLO_START": "01/06/2026", "DOLO_END": "01/09/2026"}]
    episodes = [
        {"CHILD": "1", "DECOM": "01/04/2026", "DEC": "01/05/2026", "PLACE": "P1"},  # before
        {"CHILD": "1", "DECOM": "01/05/2026", "DEC": "01/06/2026", "PLACE": "K1"},  # touches
        {"CHILD": "1", "DECOM": "01/06/2026", "DEC": "01/07/2026", "PLACE": "K2"},
        {"CHILD": "1", "DECOM": "01/07/2026", "DEC": "01/08/2026", "PLACE": "U4"},
        {"CHILD": "1", "DECOM": "01/08/2026", "DEC": None, "PLACE": "Z13"},
        {"CHILD": "2", "DECOM": "01/06/2026", "DEC": None, "PLACE": "K1"},  # no DoLO
    ]
    tables: Rows = {"DoLo": dolo, "Episodes": episodes}
    assert flagged("709", Y, tables) == {("DoLo", 0), ("Episodes", 1), ("Episodes", 3)}
    assert flagged("710", Y, tables) == {("DoLo", 0), ("Episodes", 1)}


def test_709_ignores_open_dolo() -> None:
    dolo = [{"CHILD": "1", "DOLO_START": "01/06/2026"}]
    episodes = [{"CHILD": "1", "DECOM": "01/05/2026", "PLACE": "P1"}]
    assert flagged("709", Y, {"DoLo": dolo, "Episodes": episodes}) == set()
    assert flagged("710", Y, {"DoLo": dolo, "Episodes": episodes}) == set()


@settings(deadline=None, max_examples=40)
@given(
    spans=st.lists(
        st.tuples(
            st.sampled_from(["1", "2"]),
            st.integers(0, 300),
            st.one_of(st.none(), st.integers(0, 120)),
        ),
        min_size=1,
        max_size=6,
    )
)
def test_705_matches_a_row_by_row_reading(spans: list[tuple[str, int, int | None]]) -> None:
    """Each DoLO, taken in order of start per child, fails when the one before it is open or
    ends after it starts."""
    base = dt.date(2026, 4, 1)
    rows = []
    for child, offset, length in spans:
        start = base + dt.timedelta(days=offset)
        end = None if length is None else start + dt.timedelta(days=length)
        rows.append((child, start, end))
    expected = set()
    for child in {r[0] for r in rows}:
        mine = sorted(
            ((i, r) for i, r in enumerate(rows) if r[0] == child), key=lambda x: (x[1][1], x[0])
        )
        for (_, before), (index, now) in itertools.pairwise(mine):
            if before[2] is None or now[1] < before[2]:
                expected.add(("DoLo", index))
    dolo = [
        {"CHILD": c, "DOLO_START": _d(s), "DOLO_END": None if e is None else _d(e)}
        for c, s, e in rows
    ]
    assert flagged("705", Y, {"DoLo": dolo}) == expected
