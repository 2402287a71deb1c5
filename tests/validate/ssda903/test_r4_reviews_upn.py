"""SSDA903 rules 440–444: review participation by age, and the unique pupil number."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r4__support import episode, flagged, flagged_by_rule, rows


def _review(dob: str, review: str, code: str | None) -> dict[str, str | None]:
    return {"CHILD": "1", "DOB": dob, "REVIEW": review, "REVIEW_CODE": code}


def test_440_pn0_for_child_of_four() -> None:
    reviews = [
        _review("10/05/2020", "10/05/2024", "PN0"),  # 4th birthday: fails
        _review("10/05/2020", "09/05/2024", "PN0"),  # aged 3: passes
        _review("10/05/2020", "10/05/2024", "PN1"),  # not PN0
    ]
    assert flagged("440", 2025, {"Reviews": reviews}) == rows("Reviews", 0)


def test_441_participation_code_for_child_under_four() -> None:
    reviews = [
        _review("10/05/2020", "09/05/2024", "PN3"),  # aged 3: fails
        _review("10/05/2020", "10/05/2024", "PN3"),  # aged 4: passes
        _review("10/05/2020", "09/05/2024", "PN0"),
        _review("10/05/2020", None, "PN3"),  # no review date: nothing to compare
    ]
    assert flagged("441", 2026, {"Reviews": reviews}) == rows("Reviews", 0)


@given(
    dob=st.dates(dt.date(2015, 1, 1), dt.date(2022, 12, 31)),
    age_days=st.integers(0, 3000),
    code=st.sampled_from(["PN0", "PN1", "PN4", "PN7"]),
)
@settings(max_examples=60, deadline=None)
def test_440_441_exactly_one_applies_by_age(dob: dt.date, age_days: int, code: str) -> None:
    review = dob + dt.timedelta(days=age_days)
    four = (review.year, review.month, review.day) >= (dob.year + 4, dob.month, dob.day)
    if dob.month == 2 and dob.day == 29:  # the fourth birthday of a leap-day child is 29 Feb
        four = review >= dt.date(dob.year + 4, 2, 29)
    tables = {"Reviews": [_review(dob.strftime("%d/%m/%Y"), review.strftime("%d/%m/%Y"), code)]}
    got = flagged_by_rule(["440", "441"], 2025, tables)
    assert bool(got["440"]) == (code == "PN0" and four)
    assert bool(got["441"]) == (code != "PN0" and not four)


def test_442_upn_needed_unless_only_short_breaks() -> None:
    header = [
        {"CHILD": "1", "UPN": None},  # C2 episode: fails
        {"CHILD": "2", "UPN": None},  # short breaks only: passes
        {"CHILD": "3", "UPN": "A123456789012"},
        {"CHILD": "4", "UPN": None},  # no episodes: passes
    ]
    eps = [episode("1", LS="C2"), episode("2", LS="V3"), episode("3", LS="C2")]
    assert flagged("442", 2025, {"Header": header, "Episodes": eps}) == rows("Header", 0)


def test_444_not_in_2025() -> None:
    from safehold.validate.registry import REGISTRY

    assert "444" not in {r.code for r in REGISTRY.ruleset("ssda903", 2025)}


@pytest.mark.parametrize("year", [2026, 2027])
def test_444_duplicate_upn(year: int) -> None:
    header = [
        {"CHILD": "1", "UPN": "A123456789012"},
        {"CHILD": "2", "UPN": "a123456789012"},  # same number once upper-cased
        {"CHILD": "3", "UPN": "UN1"},
        {"CHILD": "4", "UPN": "UN1"},  # reason codes may repeat
        {"CHILD": "5", "UPN": "B123456789012"},
        {"CHILD": "6", "UPN": None},
        {"CHILD": "7", "UPN": None},
    ]
    assert flagged("444", year, {"Header": header}) == rows("Header", 0, 1)
