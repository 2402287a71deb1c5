"""Section 47 enquiry and ICPC rules."""

from __future__ import annotations

from .support import episode, flagged, issues, row


def _s47(eid: str = "E1", start: str | None = "2025-06-02", icpc: str | None = None,
         not_required: str | None = "false", **fields: str | None) -> dict[str, str | None]:  # fmt: skip
    base = row(eid=eid, S47ActualStartDate=start, DateOfInitialCPC=icpc,
               ICPCnotRequired=not_required)  # fmt: skip
    return {**base, **fields}


def test_1104_icpc_before_referral() -> None:
    tables = {
        "CINdetails": [
            episode("E1", CINreferralDate="2025-05-01"),
            episode("E2", CINreferralDate="2025-05-01", DateOfInitialCPC="2025-04-30"),
        ],
        "Section47": [_s47("E1", icpc="2025-04-30"), _s47("E1", icpc="2025-05-01")],
    }
    assert flagged("1104", tables) == {"Section47": [0], "CINdetails": [1]}


def test_2884_icpc_at_both_levels() -> None:
    tables = {
        "CINdetails": [
            episode("E1", DateOfInitialCPC="2025-06-10"),
            episode("E2", DateOfInitialCPC="2025-06-10"),
        ],
        "Section47": [_s47("E1", icpc="2025-06-10"), _s47("E2", icpc="2025-06-11")],
    }
    assert flagged("2884", tables) == {"Section47": [0], "CINdetails": [0]}


def test_2889_s47_before_referral() -> None:
    tables = {
        "CINdetails": [episode("E1", CINreferralDate="2025-05-01")],
        "Section47": [_s47(start="2025-04-30"), _s47(start="2025-05-01")],
    }
    assert flagged("2889", tables) == {"Section47": [0]}


def test_8615_start_after_icpc() -> None:
    rows = [
        _s47(start="2025-06-02", icpc="2025-06-01"),
        _s47(start=None, icpc="2025-06-01"),
        _s47(start="2025-06-01", icpc="2025-06-01"),
        _s47(start=None),
    ]
    assert flagged("8615", {"Section47": rows}) == {"Section47": [0, 1]}


def test_8675q_open_s47_15_working_days() -> None:
    # 31 March 2026 less 15 working days: Tuesday 10 March 2026.
    rows = [
        _s47(start="2026-03-09"),
        _s47(start="2026-03-10"),
        _s47(start="2026-03-09", not_required="true"),
        _s47(start="2026-03-09", icpc="2026-03-20"),
    ]
    assert flagged("8675Q", {"Section47": rows}) == {"Section47": [0]}


def test_8715_icpc_in_period() -> None:
    tables = {
        "CINdetails": [episode("E1", DateOfInitialCPC="2025-03-31"), episode("E2")],
        "Section47": [_s47(icpc="2026-04-01"), _s47(icpc="2026-03-31")],
    }
    assert flagged("8715", tables) == {"Section47": [0], "CINdetails": [0]}
    elements = {i["element"] for i in issues("8715", tables)}
    assert elements == {
        "Child/CINdetails/Section47/DateOfInitialCPC",
        "Child/CINdetails/DateOfInitialCPC",
    }


def test_8740_open_s47_start_in_period() -> None:
    rows = [
        _s47(start="2025-03-31"),
        _s47(start="2025-03-31", icpc="2025-04-10"),
        _s47(start="2025-03-31", not_required="1"),
        _s47(start="2025-04-01"),
    ]
    assert flagged("8740", {"Section47": rows}) == {"Section47": [0]}


def test_8839_two_open_s47() -> None:
    rows = [
        _s47("E1"),
        _s47("E1"),
        _s47("E2"),
        _s47("E2", not_required="true"),
        _s47("E3"),
        _s47("E3", icpc="2025-07-01"),
    ]
    assert flagged("8839", {"Section47": rows}) == {"Section47": [0, 1]}


def test_8870q_and_8875_weekends() -> None:
    # 7 June 2025 is a Saturday, 8 June a Sunday, 9 June a Monday.
    tables = {
        "CINdetails": [episode("E1", DateOfInitialCPC="2025-06-08"), episode("E2")],
        "Section47": [
            _s47(icpc="2025-06-07", InitialCPCtarget="2025-06-09"),
            _s47(icpc="2025-06-09", InitialCPCtarget="2025-06-08"),
        ],
    }
    assert flagged("8870Q", tables) == {"Section47": [1]}
    assert flagged("8875", tables) == {"Section47": [0], "CINdetails": [0]}


def test_8890_s47_starts_while_another_ongoing() -> None:
    rows = [
        _s47("E1", start="2025-05-01", icpc="2025-05-20"),
        _s47("E1", start="2025-05-20"),  # starts on the other's ICPC day: flagged
        _s47("E2", start="2025-05-01", not_required="true"),  # concluded without ICPC
        _s47("E2", start="2025-06-01", icpc="2025-06-15"),  # fine
        _s47("E3", start="2025-05-01"),  # open
        _s47("E3", start="2025-08-01", icpc="2025-08-15"),  # starts during the open one: flagged
    ]
    assert flagged("8890", {"Section47": rows}) == {"Section47": [1, 5]}
