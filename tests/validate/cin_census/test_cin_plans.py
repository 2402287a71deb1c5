"""CIN plan rules."""

from __future__ import annotations

from .support import child, episode, flagged, row


def _plan(eid: str = "E1", start: str | None = "2025-06-02", end: str | None = None,
          cid: str = "C1") -> dict[str, str | None]:  # fmt: skip
    return row(cid=cid, eid=eid, CINPlanStartDate=start, CINPlanEndDate=end)


def _cpp(pid: str, eid: str = "E1", start: str | None = "2025-06-02", end: str | None = None,
         cid: str = "C1") -> dict[str, str | None]:  # fmt: skip
    return row(cid=cid, eid=eid, CPPID=pid, CPPstartDate=start, CPPendDate=end)


def test_4000_plan_on_nfa() -> None:
    tables = {
        "CINdetails": [episode("E1", ReferralNFA="1"), episode("E2")],
        "CINplanDates": [_plan("E1"), _plan("E2")],
    }
    assert flagged("4000", tables) == {"CINplanDates": [0]}


def test_4001_open_plan_with_open_cpp() -> None:
    tables = {
        "CINplanDates": [_plan("E1"), _plan("E2"), _plan("E3", end="2025-07-01")],
        "ChildProtectionPlans": [
            _cpp("P1", "E1", start="2025-08-01"),
            _cpp("P2", "E2", start="2025-08-01", end="2025-09-01"),
            _cpp("P3", "E3", start="2025-08-01"),
        ],
    }
    assert flagged("4001", tables) == {"CINplanDates": [0]}


def test_4003_review_during_open_cin_plan() -> None:
    tables = {
        "CINplanDates": [
            _plan("E1", start="2025-09-01", end="2025-12-01"),
            _plan("E2", start="2025-09-01"),
        ],
        "ChildProtectionPlans": [
            _cpp("P1", "E1", start="2025-05-01", end="2025-09-01"),
            _cpp("P2", "E2", start="2025-05-01"),
        ],
        "Reviews": [
            row(eid="E1", CPPID="P1", CPPreviewDate="2025-08-01"),  # before the CIN plan
            row(eid="E1", CPPID="P1", CPPreviewDate="2025-09-01"),  # the CPP's end day: allowed
            row(eid="E1", CPPID="P1", CPPreviewDate="2025-10-01"),  # during the CIN plan
            row(eid="E1", CPPID="P1", CPPreviewDate="2025-12-01"),  # the CIN plan's end day
            row(eid="E2", CPPID="P2", CPPreviewDate="2025-10-01"),  # during an open CIN plan
        ],
    }
    assert flagged("4003", tables) == {"Reviews": [2, 4]}


def test_4004_one_open_plan_per_child() -> None:
    plans = [
        _plan("E1", cid="C1"),
        _plan("E2", cid="C1"),
        _plan("E3", cid="C2"),
        _plan("E3", cid="C2", end="2025-07-01"),
    ]
    assert flagged("4004", {"CINplanDates": plans}) == {"CINplanDates": [0, 1]}


def test_4008_and_4009q_after_death() -> None:
    tables = {
        "ChildIdentifiers": [child("C1", PersonDeathDate="2025-08-01"), child("C2")],
        "CINplanDates": [
            _plan(start="2025-08-02"),
            _plan(start="2025-06-02", end="2025-08-02"),
            _plan(start="2025-06-02", end="2025-08-01"),
            _plan("E2", start="2025-09-02", cid="C2"),
        ],
    }
    assert flagged("4008", tables) == {"CINplanDates": [0]}
    assert flagged("4009Q", tables) == {"CINplanDates": [1]}


def test_4010_to_4013_plan_dates() -> None:
    plans = [
        _plan(start=None),
        _plan(start="2026-04-01"),
        _plan(start="2025-06-02", end="2025-06-01"),
        _plan(start="2025-06-02", end="2025-06-02"),
        _plan(start="2025-01-02", end="2025-03-31"),
        _plan(start="2025-06-02", end="2026-03-31"),
    ]
    tables = {"CINplanDates": plans}
    assert flagged("4010", tables) == {"CINplanDates": [0, 1]}
    assert flagged("4011", tables) == {"CINplanDates": [2]}
    assert flagged("4012Q", tables) == {"CINplanDates": [3]}
    assert flagged("4013", tables) == {"CINplanDates": [4]}


def test_4014_overlapping_plans() -> None:
    plans = [
        _plan("E1", start="2025-05-01", end="2025-06-01", cid="C1"),
        _plan("E1", start="2025-06-01", end="2025-07-01", cid="C1"),
        _plan("E2", start="2025-05-01", end="2025-06-01", cid="C2"),
        _plan("E2", start="2025-06-02", cid="C2"),
    ]
    assert flagged("4014", {"CINplanDates": plans}) == {"CINplanDates": [0, 1]}


def test_4015_start_before_referral() -> None:
    tables = {
        "CINdetails": [episode("E1", CINreferralDate="2025-05-01")],
        "CINplanDates": [_plan(start="2025-04-30"), _plan(start="2025-05-01")],
    }
    assert flagged("4015", tables) == {"CINplanDates": [0]}


def test_4016_and_4017_cin_plan_and_cpp_concurrent() -> None:
    tables = {
        "CINplanDates": [
            _plan("E1", start="2025-06-01", end="2025-08-01", cid="C1"),
            _plan("E2", start="2025-09-01", cid="C2"),  # starts on the CPP's end day: allowed
            _plan("E3", start="2025-06-15", end="2025-07-01", cid="C3"),  # within an open CPP
        ],
        "ChildProtectionPlans": [
            _cpp("P1", "E1", start="2025-07-01", end="2025-09-01", cid="C1"),  # within plan
            _cpp("P2", "E2", start="2025-05-01", end="2025-09-01", cid="C2"),
            _cpp("P3", "E3", start="2025-06-01", cid="C3"),
            _cpp("P4", "E1", start="2025-08-01", end="2025-09-01", cid="C1"),  # on plan end
        ],
    }
    assert flagged("4016", tables) == {"CINplanDates": [2]}
    assert flagged("4017", tables) == {"ChildProtectionPlans": [0]}
