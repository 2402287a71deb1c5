"""CIN episode rules."""

from __future__ import annotations

import datetime as dt

from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.cin_census.rules._common import is_working_day

from .support import child, episode, flagged, issues, row


def test_2990_activity_on_rc8_rc9() -> None:
    closed = {"CINclosureDate": "2025-06-01", "ReasonForClosure": "RC8"}
    cin = [
        episode("E1", **closed),
        episode("E2", **closed),
        episode("E3", **{**closed, "ReasonForClosure": "RC9"}, DateOfInitialCPC="2025-05-10"),
        episode("E4", **{**closed, "ReasonForClosure": "RC7"}),
        episode("E5", **closed),
    ]
    tables = {
        "CINdetails": cin,
        "Section47": [row(eid="E2", S47ActualStartDate="2025-05-02")],
        "CINplanDates": [row(eid="E5", CINPlanStartDate="2025-05-02")],
        "ChildProtectionPlans": [row(eid="E4", CPPID="P1", CPPstartDate="2025-05-02")],
    }
    assert flagged("2990", tables) == {"CINdetails": [1, 2, 4]}


def test_2991q_s47_without_assessment() -> None:
    tables = {
        "CINdetails": [episode("E1"), episode("E2"), episode("E3")],
        "Section47": [row(eid="E1"), row(eid="E2")],
        "Assessments": [row(eid="E2", AssessmentID="A1"), row(eid="E3", AssessmentID="A2")],
    }
    assert flagged("2991Q", tables) == {"CINdetails": [0]}


def test_8555q_referral_after_death() -> None:
    tables = {
        "ChildIdentifiers": [child("C1", PersonDeathDate="2025-06-01"), child("C2")],
        "CINdetails": [
            episode("E1", "C1", CINreferralDate="2025-06-01"),
            episode("E2", "C1", CINreferralDate="2025-06-02"),
            episode("E3", "C2"),
        ],
    }
    assert flagged("8555Q", tables) == {"CINdetails": [1]}


def test_8565_activity_after_closure() -> None:
    closed = {"CINclosureDate": "2025-08-01", "ReasonForClosure": "RC7"}
    tables = {
        "CINdetails": [
            episode("E1", **closed),
            episode("E2", **closed, DateOfInitialCPC="2025-08-02"),
            episode("E3", **closed),
            episode("E4"),
        ],
        "Assessments": [
            row(eid="E1", AssessmentID="A1", AssessmentActualStartDate="2025-05-01",
                AssessmentAuthorisationDate="2025-08-01"),
            row(eid="E3", AssessmentID="A2", AssessmentActualStartDate="2025-05-01",
                AssessmentAuthorisationDate="2025-08-05"),
            row(eid="E4", AssessmentID="A3", AssessmentActualStartDate="2025-09-01"),
        ],
        "CINplanDates": [row(eid="E3", CINPlanStartDate="2025-07-01", CINPlanEndDate="2025-07-30")],
    }  # fmt: skip
    assert flagged("8565", tables) == {"CINdetails": [1, 1, 2], "Assessments": [1]}
    by_field = {(i["table"], i["row"], next(iter(i["fields"]))) for i in issues("8565", tables)}
    assert ("Assessments", 1, "AssessmentAuthorisationDate") in by_field
    assert ("CINdetails", 1, "DateOfInitialCPC") in by_field


def test_8568_nfa_flag() -> None:
    values = ["true", "FALSE", "1", "0", "yes", None]
    cin = [episode(f"E{i}", ReferralNFA=v) for i, v in enumerate(values)]
    assert flagged("8568", {"CINdetails": cin}) == {"CINdetails": [4, 5]}


def test_8569q_old_referral_nfa() -> None:
    # 1 April 2025 is a Tuesday: one working day before is Monday 31 March 2025.
    cin = [
        episode("E1", CINreferralDate="2025-03-28", ReferralNFA="true"),
        episode("E2", CINreferralDate="2025-03-31", ReferralNFA="true"),
        episode("E3", CINreferralDate="2025-03-28", ReferralNFA="false"),
    ]
    assert flagged("8569Q", {"CINdetails": cin}) == {"CINdetails": [0]}


def test_8569q_cutoff_skips_bank_holidays() -> None:
    # 2024/25 starts Monday 1 April 2024 (Easter Monday); Good Friday was 29 March, so the working
    # day before the start is Thursday 28 March 2024.
    cin = [
        episode("E1", CINreferralDate="2024-03-27", ReferralNFA="1"),
        episode("E2", CINreferralDate="2024-03-28", ReferralNFA="1"),
    ]
    assert flagged("8569Q", {"CINdetails": cin}, year=2025) == {"CINdetails": [0]}


def test_8585q_died_without_death_date() -> None:
    died = {"CINclosureDate": "2025-08-01", "ReasonForClosure": "RC2"}
    tables = {
        "ChildIdentifiers": [child("C1", PersonDeathDate="2025-08-01"), child("C2")],
        "CINdetails": [episode("E1", "C1", **died), episode("E2", "C2", **died)],
    }
    assert flagged("8585Q", tables) == {"CINdetails": [1]}


def test_8600_referral_date() -> None:
    cin = [
        episode("E1", CINreferralDate="2026-03-31"),
        episode("E2", CINreferralDate="2026-04-01"),
        episode("E3", CINreferralDate=None),
        episode("E4", CINreferralDate="31/03/2026"),
    ]
    assert flagged("8600", {"CINdetails": cin}) == {"CINdetails": [1, 2, 3]}


def test_8606_referral_before_birth() -> None:
    tables = {
        "ChildIdentifiers": [
            child("C1", PersonBirthDate="2025-12-01"),
            child("C2", PersonBirthDate=None, ExpectedPersonBirthDate="2026-06-01"),
        ],
        "CINdetails": [
            episode("E1", "C1", CINreferralDate="2025-02-24"),  # 280 days before: allowed
            episode("E2", "C1", CINreferralDate="2025-02-23"),
            episode("E3", "C2", CINreferralDate="2025-08-01"),
            episode("E4", "C2", CINreferralDate="2025-08-25"),
        ],
    }
    assert flagged("8606", tables) == {"CINdetails": [1, 2]}


def test_8610_primary_need() -> None:
    cin = [
        episode("E1", PrimaryNeedCode=None),
        episode("E2", PrimaryNeedCode=None, ReferralNFA="true"),
        episode("E3"),
    ]
    assert flagged("8610", {"CINdetails": cin}) == {"CINdetails": [0]}


def test_8620_and_8630_closure_dates() -> None:
    cin = [
        episode("E1", CINclosureDate="2025-04-01"),
        episode("E2", CINclosureDate="2025-03-31", CINreferralDate="2025-01-01"),
        episode("E3", CINclosureDate="2025-05-30"),
        episode("E4"),
    ]
    assert flagged("8620", {"CINdetails": cin}) == {"CINdetails": [1]}
    assert flagged("8630", {"CINdetails": cin}) == {"CINdetails": [0]}


def test_8640_and_8650_codes() -> None:
    cin = [
        episode("E1", ReasonForClosure="RC9"),
        episode("E2", ReasonForClosure="RC10", PrimaryNeedCode="N10"),
        episode("E3", PrimaryNeedCode=None),
    ]
    assert flagged("8640", {"CINdetails": cin}) == {"CINdetails": [1]}
    assert flagged("8650", {"CINdetails": cin}) == {"CINdetails": [1]}


def test_8805_and_8810_closure_pairs() -> None:
    cin = [
        episode("E1", CINclosureDate="2025-06-01", ReasonForClosure="RC7"),
        episode("E2", CINclosureDate="2025-06-01"),
        episode("E3", ReasonForClosure="RC7"),
    ]
    assert flagged("8805", {"CINdetails": cin}) == {"CINdetails": [1]}
    assert flagged("8810", {"CINdetails": cin}) == {"CINdetails": [2]}


def test_8815_and_8816_open_episodes() -> None:
    closed = {"CINclosureDate": "2025-06-01", "ReasonForClosure": "RC7"}
    cin = [
        episode("E1", "C1", CINreferralDate="2025-04-10"),
        episode("E2", "C1", CINreferralDate="2025-07-10"),
        episode("E3", "C2", CINreferralDate="2025-04-10", ReferralNFA="true"),
        episode("E4", "C2", CINreferralDate="2025-05-10", ReferralNFA="true"),
        episode("E5", "C3", CINreferralDate="2025-04-10", **closed),
        episode("E6", "C3", CINreferralDate="2025-07-10"),
    ]
    assert flagged("8815", {"CINdetails": cin}) == {"CINdetails": [0, 1]}
    assert flagged("8816", {"CINdetails": cin}) == {"CINdetails": [0]}


def test_8820_overlapping_episodes() -> None:
    def closed(day: str) -> dict[str, str]:
        return {"CINclosureDate": day, "ReasonForClosure": "RC7"}

    cin = [
        episode("E1", "C1", CINreferralDate="2025-04-10", **closed("2025-06-01")),
        episode("E2", "C1", CINreferralDate="2025-06-01"),  # referred on the closure day: fine
        episode("E3", "C2", CINreferralDate="2025-04-10", **closed("2025-06-01")),
        episode("E4", "C2", CINreferralDate="2025-05-31", **closed("2025-07-01")),
        episode("E5", "C3", CINreferralDate="2025-04-10"),  # open
        episode("E6", "C3", CINreferralDate="2025-09-01", **closed("2025-10-01")),
        episode("E7", "C4", CINreferralDate="2025-04-10", ReferralNFA="true"),  # open NFA
        episode("E8", "C4", CINreferralDate="2025-09-01", **closed("2025-10-01")),
    ]
    assert flagged("8820", {"CINdetails": cin}) == {"CINdetails": [2, 3, 4, 5]}


def test_8825q_rc8_without_assessment() -> None:
    closed = {"CINclosureDate": "2025-06-01", "ReasonForClosure": "RC8"}
    tables = {
        "CINdetails": [episode("E1", **closed), episode("E2", **closed)],
        "Assessments": [row(eid="E1", AssessmentID="A1")],
    }
    assert flagged("8825Q", tables) == {"CINdetails": [1]}


def test_8831_activity_on_nfa() -> None:
    tables = {
        "CINdetails": [
            episode("E1", ReferralNFA="true"),
            episode("E2", ReferralNFA="true"),
            episode("E3", ReferralNFA="1", DateOfInitialCPC="2025-05-05"),
            episode("E4", ReferralNFA="true"),
            episode("E5", ReferralNFA="false"),
        ],
        "Assessments": [
            row(eid="E2", AssessmentID="A1", AssessmentActualStartDate="2025-05-02"),
            row(eid="E5", AssessmentID="A2", AssessmentActualStartDate="2025-05-02"),
        ],
        "Section47": [row(eid="E4", S47ActualStartDate="2025-05-02")],
    }
    assert flagged("8831", tables) == {"CINdetails": [1, 2, 3]}


def test_8866_referral_source() -> None:
    cin = [
        episode("E1"),
        episode("E2", ReferralSource=None),
        episode("E3", ReferralSource="11"),
        episode("E4", ReferralSource=None, CINreferralDate="2013-03-31"),
        episode("E5", ReferralSource="5d"),
    ]
    assert flagged("8866", {"CINdetails": cin}) == {"CINdetails": [1, 2]}


def test_8867_and_8868_closed_with_open_work() -> None:
    closed = {"CINclosureDate": "2025-08-01", "ReasonForClosure": "RC7"}
    tables = {
        "CINdetails": [episode("E1", **closed), episode("E2")],
        "Assessments": [
            row(eid="E1", AssessmentID="A1", AssessmentActualStartDate="2025-05-01"),
            row(eid="E1", AssessmentID="A2", AssessmentActualStartDate="2025-05-01",
                AssessmentAuthorisationDate="2025-06-01"),
            row(eid="E2", AssessmentID="A3", AssessmentActualStartDate="2025-05-01"),
        ],
        "Section47": [
            row(eid="E1", S47ActualStartDate="2025-05-01", ICPCnotRequired="false"),
            row(eid="E1", S47ActualStartDate="2025-05-01", ICPCnotRequired="true"),
            row(eid="E1", S47ActualStartDate="2025-05-01", DateOfInitialCPC="2025-05-20",
                ICPCnotRequired="false"),
            row(eid="E2", S47ActualStartDate="2025-05-01", ICPCnotRequired="false"),
        ],
    }  # fmt: skip
    assert flagged("8867", tables) == {"Assessments": [0]}
    assert flagged("8868", tables) == {"Section47": [0]}


@settings(deadline=None, max_examples=50)
@given(st.dates(min_value=dt.date(2023, 1, 1), max_value=dt.date(2027, 12, 31)))
def test_working_days_match_brute_force(day: dt.date) -> None:
    """minus_working_days against stepping back a day at a time over weekends and holidays."""
    from safehold.validate.cin_census.rules._common import bank_holidays, minus_working_days

    hols = set(bank_holidays(2022, 2028))

    def working(d: dt.date) -> bool:
        return d.weekday() < 5 and d not in hols

    assert is_working_day(day) == working(day)
    start = day
    while not working(start):
        start += dt.timedelta(days=1)
    for n in (1, 15, 45):
        expected, left = start, n
        while left:
            expected -= dt.timedelta(days=1)
            if working(expected):
                left -= 1
        assert minus_working_days(day, n) == expected
