"""Regression tests for bugs in the community CIN validator that Safehold must not repeat.

Others live beside their rules: 8841 (every review date counts) in test_cpp, 8945Q/8950Q in
test_assessments, 2887Q in test_characteristics_and_return.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from .support import Rows, child, episode, flagged, issues, row

LAST_DAY_BEFORE = "2025-03-31"  # 31 March 2025: the end of 2024/25, not part of 2025/26
FIRST_DAY = "2025-04-01"
LAST_DAY = "2026-03-31"


def _assessment(end: str) -> dict[str, str | None]:
    return row(AssessmentID="A1", AssessmentActualStartDate="2025-03-01",
               AssessmentAuthorisationDate=end)  # fmt: skip


CASES = [
    ("8620", "CINdetails",
     lambda d: {"CINdetails": [episode("E1", CINreferralDate="2025-01-01", CINclosureDate=d,
                                       ReasonForClosure="RC7")]}),
    ("8696", "Assessments", lambda d: {"Assessments": [_assessment(d)]}),
    ("8715", "Section47", lambda d: {"Section47": [row(DateOfInitialCPC=d)]}),
    ("8930", "ChildProtectionPlans",
     lambda d: {"ChildProtectionPlans": [row(CPPID="P1", CPPstartDate="2025-01-01", CPPendDate=d)]}),
    ("4013", "CINplanDates",
     lambda d: {"CINplanDates": [row(CINPlanStartDate="2025-01-01", CINPlanEndDate=d)]}),
    ("8545Q", "ChildIdentifiers", lambda d: {"ChildIdentifiers": [child(PersonDeathDate=d)]}),
]  # fmt: skip


@pytest.mark.parametrize(("code", "table", "make"), CASES)
def test_census_year_is_1_april_to_31_march(
    code: str, table: str, make: Callable[[str], Rows]
) -> None:
    """Regression: the peer validator's period once started on 31 March of the year before."""
    assert flagged(code, make(LAST_DAY_BEFORE)) == {table: [0]}
    assert flagged(code, make(FIRST_DAY)) == {}
    assert flagged(code, make(LAST_DAY)) == {}


def test_2883_counts_only_the_census_year() -> None:
    plans = [row(CPPID="P1", CPPstartDate=FIRST_DAY)]
    on_old_day = {
        "ChildProtectionPlans": plans,
        "Section47": [row(DateOfInitialCPC=LAST_DAY_BEFORE)],
    }
    assert flagged("2883", on_old_day) == {"return": [-1]}
    in_year = {"ChildProtectionPlans": plans, "Section47": [row(DateOfInitialCPC=FIRST_DAY)]}
    assert flagged("2883", in_year) == {}


def test_reviews_every_date_is_checked_by_8842q_too() -> None:
    """One Reviews row per CPPreviewDate: a missing second date in a block is still found."""
    reviews = [row(CPPID="P1", CPPreviewDate="2025-07-01"), row(CPPID="P1", CPPreviewDate=None)]
    assert flagged("8842Q", {"Reviews": reviews}) == {"Reviews": [1]}


def test_8935_counts_open_plans_per_child_not_per_plan() -> None:
    """The peer grouped open plans by plan id, so two open plans of one child never fired."""
    plans = [row(CPPID="P1", CPPstartDate="2025-05-01"), row(CPPID="P2", CPPstartDate="2025-06-01")]
    assert flagged("8935", {"ChildProtectionPlans": plans}) == {"ChildProtectionPlans": [0, 1]}


def test_report_points_at_the_failing_element() -> None:
    [issue] = issues("8696", {"Assessments": [_assessment(LAST_DAY_BEFORE)]})
    assert issue["element"] == "Child/CINdetails/Assessments/AssessmentAuthorisationDate"
    assert issue["child"] == "C1"
    assert issue["fields"]["AssessmentAuthorisationDate"] == LAST_DAY_BEFORE
