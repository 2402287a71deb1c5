"""INT01-INT36 (children, dates of birth and sex agree across tables), EPI and NoE."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.ssda903.rules.r6_integrity import IN_HEADER, ONE_PER_CHILD, SAME_DOB
from tests.validate.ssda903.test_r6__support import flagged, skipped

YEARS = [2025, 2026, 2027]


@pytest.mark.parametrize(("code", "table"), sorted(IN_HEADER.items()))
def test_int01_to_int09_child_must_be_in_header(code: str, table: str) -> None:
    header = [{"CHILD": "1"}, {"CHILD": "2"}]
    rows = [{"CHILD": "1"}, {"CHILD": "3"}, {"CHILD": "2"}]
    for year in YEARS:
        assert flagged(code, year, {"Header": header, table: rows}) == {(table, 1)}


@pytest.mark.parametrize(("code", "table"), sorted(SAME_DOB.items()))
def test_int11_to_int18_dob_matches_header(code: str, table: str) -> None:
    header = [
        {"CHILD": "1", "DOB": "01/01/2015"},
        {"CHILD": "2", "DOB": "01/01/2015"},
        {"CHILD": "3", "DOB": None},
    ]
    rows = [
        {"CHILD": "1", "DOB": "01/01/2015"},
        {"CHILD": "2", "DOB": "02/01/2015"},
        {"CHILD": "3", "DOB": "01/01/2015"},  # Header has no DOB
        {"CHILD": "4", "DOB": "01/01/2015"},  # not in Header (INT0x's concern)
    ]
    assert flagged(code, 2026, {"Header": header, table: rows}) == {(table, 1)}


def test_int21_sex_matches_header() -> None:
    header = [{"CHILD": "1", "SEX": "M"}, {"CHILD": "2", "SEX": "F"}]
    uasc = [{"CHILD": "1", "SEX": "m"}, {"CHILD": "2", "SEX": "M"}, {"CHILD": "3", "SEX": "F"}]
    assert flagged("INT21", 2025, {"Header": header, "UASC": uasc}) == {("UASC", 1)}


@pytest.mark.parametrize(("code", "table"), sorted(ONE_PER_CHILD.items()))
def test_int31_to_int36_one_row_per_child(code: str, table: str) -> None:
    rows = [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "1"}, {"CHILD": "3"}]
    assert flagged(code, 2027, {table: rows}) == {(table, 0), (table, 2)}


def test_epi_child_needs_episodes_or_oc3() -> None:
    header = [{"CHILD": "1"}, {"CHILD": "2"}, {"CHILD": "3"}]
    tables = {
        "Header": header,
        "Episodes": [{"CHILD": "1", "DECOM": "01/05/2025"}],
        "OC3": [{"CHILD": "2", "IN_TOUCH": "YES"}],
    }
    assert flagged("EPI", 2026, tables) == {("Header", 2)}


def test_noe_earlier_start_needs_last_years_episodes() -> None:
    episodes = [
        {"CHILD": "1", "DECOM": "01/01/2025"},  # before 01/04/2025, none last year
        {"CHILD": "2", "DECOM": "01/01/2025"},  # before, and in last year's return
        {"CHILD": "3", "DECOM": "01/05/2025"},  # this year
    ]
    last = {"Episodes": [{"CHILD": "2", "DECOM": "01/01/2025"}]}
    assert flagged("NoE", 2026, {"Episodes": episodes}, last) == {("Episodes", 0)}
    assert "last year" in skipped("NoE", 2026, {"Episodes": episodes})


@settings(deadline=None, max_examples=40)
@given(children=st.lists(st.sampled_from(["1", "2", "3", "4", "5"]), max_size=8))
def test_int32_flags_exactly_the_rows_of_repeated_children(children: list[str]) -> None:
    header = [{"CHILD": c} for c in children]
    expected = {("Header", i) for i, c in enumerate(children) if children.count(c) > 1}
    assert flagged("INT32", 2026, {"Header": header}) == expected
