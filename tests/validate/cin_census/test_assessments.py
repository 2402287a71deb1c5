"""Assessment rules."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.cin_census.rules._common import bank_holidays

from .support import episode, flagged, issues, row


def _ass(aid: str, eid: str = "E1", start: str | None = "2025-06-02", end: str | None = None,
         **fields: str | None) -> dict[str, str | None]:  # fmt: skip
    base = row(eid=eid, AssessmentID=aid, AssessmentActualStartDate=start,
               AssessmentAuthorisationDate=end)  # fmt: skip
    return {**base, **fields}


def _factor(aid: str, code: str, eid: str = "E1") -> dict[str, str | None]:
    return row(eid=eid, AssessmentID=aid, AssessmentFactors=code)


def test_1103_start_before_referral() -> None:
    tables = {
        "CINdetails": [episode("E1", CINreferralDate="2025-05-01")],
        "Assessments": [_ass("A1", start="2025-04-30"), _ass("A2", start="2025-05-01")],
    }
    assert flagged("1103", tables) == {"Assessments": [0]}
    [issue] = issues("1103", tables)
    assert issue["element"] == "Child/CINdetails/Assessments/AssessmentActualStartDate"


def test_8608_start_after_end() -> None:
    rows = [_ass("A1", end="2025-06-01"), _ass("A2", end="2025-06-02"), _ass("A3")]
    assert flagged("8608", {"Assessments": rows}) == {"Assessments": [0]}


def test_8614_factors_on_incomplete() -> None:
    tables = {
        "Assessments": [_ass("A1"), _ass("A2", end="2025-07-01"), _ass("A3")],
        "AssessmentFactorsList": [_factor("A1", "3B"), _factor("A2", "3B")],
    }
    assert flagged("8614", tables) == {"Assessments": [0]}


def _brute_cutoff(reference: dt.date, n: int) -> dt.date:
    hols = set(bank_holidays(2020, 2030))
    day, left = reference, n
    while day.weekday() >= 5 or day in hols:
        day += dt.timedelta(days=1)
    while left:
        day -= dt.timedelta(days=1)
        if day.weekday() < 5 and day not in hols:
            left -= 1
    return day


def test_8670q_open_assessment_45_working_days() -> None:
    # 31 March 2026 less 45 working days: Tuesday 27 January 2026.
    rows = [
        _ass("A1", start="2026-01-26"),
        _ass("A2", start="2026-01-27"),
        _ass("A3", start="2026-01-26", end="2026-03-01"),
    ]
    assert flagged("8670Q", {"Assessments": rows}) == {"Assessments": [0]}


@settings(deadline=None, max_examples=50)
@given(st.dates(min_value=dt.date(2025, 11, 1), max_value=dt.date(2026, 3, 31)))
def test_8670q_against_brute_force(start: dt.date) -> None:
    fired = flagged("8670Q", {"Assessments": [_ass("A1", start=start.isoformat())]}) != {}
    assert fired == (start < _brute_cutoff(dt.date(2026, 3, 31), 45))


def test_8696_and_8736_in_period() -> None:
    rows = [
        _ass("A1", start="2025-03-01", end="2025-03-31"),  # ended before the year: 8696
        _ass("A2", start="2025-03-01", end="2025-04-01"),  # fine
        _ass("A3", start="2025-03-31"),  # open, started before the year: 8736
        _ass("A4", start="2025-04-01"),  # open, fine
    ]
    assert flagged("8696", {"Assessments": rows}) == {"Assessments": [0]}
    assert flagged("8736", {"Assessments": rows}) == {"Assessments": [2]}


def test_8863q_starts_while_another_ongoing() -> None:
    rows = [
        _ass("A1", "E1", start="2025-05-01", end="2025-06-01"),
        _ass("A2", "E1", start="2025-06-01", end="2025-06-20"),  # starts on A1's end: flagged
        _ass("A3", "E2", start="2025-05-01", end="2025-06-01"),
        _ass("A4", "E2", start="2025-06-02"),  # after A3 ended: fine
        _ass("A5", "E3", start="2025-05-01"),  # open
        _ass("A6", "E3", start="2025-09-01", end="2025-09-20"),  # during open A5: flagged
        _ass("A7", "E4", start="2025-05-01", end="2025-06-01"),
        _ass("A8", "E5", start="2025-05-10"),  # another episode: fine
    ]
    assert flagged("8863Q", {"Assessments": rows}) == {"Assessments": [1, 5]}


def test_8869_factor_21_alone() -> None:
    factors = [
        _factor("A1", "21"),
        _factor("A1", "3B"),
        _factor("A2", "21"),
        _factor("A3", "3B"),
        _factor("A3", "4B"),
    ]
    assert flagged("8869", {"AssessmentFactorsList": factors}) == {"AssessmentFactorsList": [0, 1]}


def test_8873q_factor_21_closure_reason() -> None:
    rc7 = {"CINclosureDate": "2025-08-01", "ReasonForClosure": "RC7"}
    rc8 = {"CINclosureDate": "2025-08-01", "ReasonForClosure": "RC8"}
    tables = {
        "CINdetails": [episode("E1", **rc7), episode("E2", **rc8), episode("E3", **rc7),
                       episode("E4", **rc7)],
        "Assessments": [_ass("A1", "E1", end="2025-07-01"), _ass("A2", "E2", end="2025-07-01"),
                        _ass("A3", "E3", end="2025-07-01"), _ass("A4", "E3", end="2025-07-10"),
                        _ass("A5", "E4", end="2025-07-01")],
        "AssessmentFactorsList": [_factor("A1", "21", "E1"), _factor("A2", "21", "E2"),
                                  _factor("A3", "21", "E3"), _factor("A5", "3B", "E4")],
    }  # fmt: skip
    assert flagged("8873Q", tables) == {"CINdetails": [0]}


def test_8896_two_open_assessments() -> None:
    rows = [
        _ass("A1", "E1"),
        _ass("A2", "E1"),
        _ass("A3", "E2"),
        _ass("A4", "E2", end="2025-07-01"),
    ]
    assert flagged("8896", {"Assessments": rows}) == {"Assessments": [0, 1]}


def test_8897q_completed_needs_factors() -> None:
    tables = {
        "Assessments": [
            _ass("A1", end="2025-07-01"),  # completed, no factors
            _ass("A2", end="2025-07-01"),  # completed, valid factor
            _ass("A3", end="2025-07-01"),  # completed, invalid factor
            _ass("A4", start="2025-01-01", end="2025-03-01"),  # completed last year
            _ass("A5"),  # open
        ],
        "AssessmentFactorsList": [_factor("A2", "3B"), _factor("A3", "8A")],
    }
    assert flagged("8897Q", tables) == {"Assessments": [0], "AssessmentFactorsList": [1]}


def test_8898_duplicate_factor() -> None:
    factors = [_factor("A1", "3B"), _factor("A1", "3B"), _factor("A1", "4B"), _factor("A2", "3B")]
    assert flagged("8898", {"AssessmentFactorsList": factors}) == {"AssessmentFactorsList": [0, 1]}


def test_8945q_and_8950q_fire_among_other_factors() -> None:
    """Regression: the peer validator compared the whole factor list with "18A"/"19A", so an
    assessment with 18A among other factors never fired. Here each factor row is checked."""
    factors = [
        _factor("A1", "3B"),
        _factor("A1", "18A"),
        _factor("A1", "19A"),
        _factor("A2", "18B"),
        _factor("A2", "19C"),
    ]
    tables = {"AssessmentFactorsList": factors}
    assert flagged("8945Q", tables) == {"AssessmentFactorsList": [1]}
    assert flagged("8950Q", tables) == {"AssessmentFactorsList": [2]}
    [issue] = issues("8945Q", tables)
    assert issue["fields"] == {"AssessmentFactors": "18A"}
