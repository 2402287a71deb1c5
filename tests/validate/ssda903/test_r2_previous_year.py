"""Rules 202–208: Header items that must agree with last year's return."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r2__support import PROPERTY, flagged, skipped_reason


def _header(**values: str | None) -> dict[str, str | None]:
    return {"CHILD": "1", **values}


@pytest.mark.parametrize(
    ("year", "now", "last", "fails"),
    [
        (2026, "M", "M", False),
        (2026, "M", "F", True),
        (2026, None, "F", True),
        # The first M/F year reads last year's numeric codes as letters.
        (2025, "F", "2", False),
        (2025, "F", "1", True),
        (2026, "U", "U", False),
    ],
)
def test_202_sex_agrees_with_last_year(year: int, now: str, last: str, fails: bool) -> None:
    found = flagged(
        "202",
        year,
        {"Header": [_header(SEX=now), {"CHILD": "2", "SEX": "F"}]},
        previous={"Header": [_header(SEX=last), {"CHILD": "3", "SEX": "M"}]},
    )
    assert found == ({("Header", 0)} if fails else set())


def test_202_is_skipped_without_last_year() -> None:
    reason = skipped_reason("202", 2026, {"Header": [_header(SEX="M")]})
    assert "last year" in reason


@pytest.mark.parametrize(
    ("now", "last", "fails"),
    [
        ("01/02/2010", "01/02/2010", False),
        ("1/2/2010", "01/02/2010", False),  # same date written differently
        ("02/02/2010", "01/02/2010", True),
        ("31/02/2010", "01/02/2010", True),
        ("31/02/2010", "31/02/2010", False),  # both unreadable the same way: left to 102
    ],
)
def test_203_dob_agrees_with_last_year(now: str, last: str, fails: bool) -> None:
    found = flagged(
        "203",
        2026,
        {"Header": [{"CHILD": "0", "DOB": "05/05/2005"}, _header(DOB=now)]},
        previous={"Header": [_header(DOB=last)]},
    )
    assert found == ({("Header", 1)} if fails else set())


@PROPERTY
@given(
    st.sampled_from(["WBRI", "WIRI", "MOTH", "BAFR", None]),
    st.sampled_from(["WBRI", "WIRI", "MOTH", "BAFR", None]),
)
def test_204_ethnicity_agrees_with_last_year(now: str | None, last: str | None) -> None:
    found = flagged(
        "204", 2027, {"Header": [_header(ETHNIC=now)]}, previous={"Header": [_header(ETHNIC=last)]}
    )
    assert found == ({("Header", 0)} if now != last else set())


def test_204_ignores_case_and_new_children() -> None:
    found = flagged(
        "204",
        2026,
        {"Header": [_header(ETHNIC="wbri"), {"CHILD": "9", "ETHNIC": "AIND"}]},
        previous={"Header": [_header(ETHNIC="WBRI")]},
    )
    assert found == set()


@pytest.mark.parametrize(
    ("now", "last", "has_episode", "fails"),
    [
        ("0", "1", True, True),
        (None, "1", True, True),
        ("1", "1", True, False),
        ("0", "1", False, False),  # not looked after this year
        ("1", "0", True, False),  # becoming a mother is fine
    ],
)
def test_207_mother_status_kept(now: str, last: str, has_episode: bool, fails: bool) -> None:
    episodes = [{"CHILD": "1", "DECOM": "01/05/2025"}] if has_episode else []
    found = flagged(
        "207",
        2026,
        {"Header": [_header(MOTHER=now)], "Episodes": episodes},
        previous={"Header": [_header(MOTHER=last)]},
    )
    assert found == ({("Header", 0)} if fails else set())


@pytest.mark.parametrize(
    ("last", "now", "fails"),
    [
        ("A123456789012", "A123456789012", False),
        (None, None, False),
        (None, "UN1", False),
        (None, "UN3", False),
        ("UN1", "UN4", False),
        ("UN1", "A123456789012", False),
        ("UN5", "A123456789012", False),
        (None, "A123456789012", False),
        ("A123456789012", "B123456789012", True),
        ("A123456789012", "UN2", True),
        ("A123456789012", None, True),
        ("UN2", "UN3", True),
        ("UN3", None, True),
        ("UN2", "UN1", True),
    ],
)
def test_208_upn_agrees_with_last_year(last: str | None, now: str | None, fails: bool) -> None:
    found = flagged(
        "208", 2026, {"Header": [_header(UPN=now)]}, previous={"Header": [_header(UPN=last)]}
    )
    assert found == ({("Header", 0)} if fails else set())
