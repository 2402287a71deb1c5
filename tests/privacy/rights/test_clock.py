"""The ICO clock: real dates, pauses, extensions, and properties over any date."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from safehold.privacy.rights.clock import (
    ClockError,
    RequestClock,
    add_months,
    due_after,
    is_working_day,
)

D = dt.date


@pytest.mark.parametrize(
    ("received", "due", "why"),
    [
        (D(2025, 1, 31), D(2025, 2, 28), "no 31 February: the month's last day (a Friday)"),
        (D(2024, 1, 31), D(2024, 2, 29), "leap year: 29 February (a Thursday)"),
        (D(2025, 9, 3), D(2025, 10, 3), "the corresponding date (a Friday)"),
        (D(2026, 3, 6), D(2026, 4, 7), "6 April 2026 is Easter Monday: the Tuesday"),
        (D(2025, 2, 1), D(2025, 3, 3), "1 March 2025 is a Saturday: the Monday"),
        (D(2025, 11, 25), D(2025, 12, 29), "Christmas, Boxing Day, then a weekend"),
        (D(2025, 4, 26), D(2025, 5, 27), "26 May 2025 is the spring bank holiday"),
        (D(2025, 3, 15), D(2025, 4, 15), "received on a Saturday: counted all the same"),
    ],
)
def test_due_dates(received: dt.date, due: dt.date, why: str) -> None:
    assert RequestClock.received(received).due_on == due, why


def test_pause_restarts_the_month_from_receipt_of_the_id() -> None:
    clock = RequestClock.received(D(2025, 1, 10)).pause("identity", D(2025, 1, 12))
    assert clock.due_on is None
    assert clock.paused is not None and clock.paused.reason == "identity"
    clock = clock.resume(D(2025, 1, 20))
    assert clock.starts_on == D(2025, 1, 20)
    assert clock.due_on == D(2025, 2, 20)


def test_several_pauses_count_from_the_last_resumption() -> None:
    clock = (
        RequestClock.received(D(2025, 6, 2))
        .pause("identity", D(2025, 6, 3))
        .resume(D(2025, 6, 10))
        .pause("clarification", D(2025, 6, 20))
        .resume(D(2025, 7, 31))
    )
    # 31 August 2025 is a Sunday, so Monday 1 September; counted from receipt it would be 2 July.
    assert clock.due_on == D(2025, 9, 1)


def test_extension_by_two_months_counts_from_the_same_start() -> None:
    clock = RequestClock.received(D(2025, 1, 10)).extend(2, told_on=D(2025, 2, 5))
    assert clock.due_on == D(2025, 2, 10)
    assert clock.extended_due_on == D(2025, 4, 10)
    assert clock.final_due_on == D(2025, 4, 10)


def test_extension_told_after_the_first_month_is_refused() -> None:
    with pytest.raises(ClockError, match="after the first month ended on 2025-02-10"):
        RequestClock.received(D(2025, 1, 10)).extend(1, told_on=D(2025, 2, 11))


@pytest.mark.parametrize("months", [0, 3, -1])
def test_extension_is_one_or_two_months(months: int) -> None:
    with pytest.raises(ClockError, match="1 or 2 further months"):
        RequestClock.received(D(2025, 1, 10)).extend(months, told_on=D(2025, 1, 11))


def test_bad_changes_are_refused() -> None:
    clock = RequestClock.received(D(2025, 1, 10))
    with pytest.raises(ClockError, match="not paused"):
        clock.resume(D(2025, 1, 11))
    with pytest.raises(ClockError, match="not one the ICO allows"):
        clock.pause("holiday", D(2025, 1, 11))
    with pytest.raises(ClockError, match="before the clock's last change"):
        clock.pause("identity", D(2025, 1, 9))
    paused = clock.pause("identity", D(2025, 1, 11))
    with pytest.raises(ClockError, match="already paused"):
        paused.pause("clarification", D(2025, 1, 12))
    with pytest.raises(ClockError, match="before the pause began"):
        paused.resume(D(2025, 1, 10))
    with pytest.raises(ClockError, match="resume it before extending"):
        paused.extend(1, D(2025, 1, 12))
    with pytest.raises(ClockError, match="after the deadline"):
        clock.pause("identity", D(2025, 3, 1))


def test_an_extended_request_cannot_be_paused() -> None:
    clock = RequestClock.received(D(2025, 1, 10)).extend(1, told_on=D(2025, 1, 20))
    with pytest.raises(ClockError, match="extended"):
        clock.pause("clarification", D(2025, 1, 25))


def test_rebuild_replays_the_same_checks() -> None:
    clock = RequestClock.received(D(2025, 1, 10)).pause("identity", D(2025, 1, 12))
    rebuilt = RequestClock.rebuild(D(2025, 1, 10), clock.events)
    assert rebuilt == clock


dates = st.dates(min_value=D(2020, 1, 1), max_value=D(2035, 12, 31))


@given(dates)
def test_due_is_at_least_28_days_later_and_a_working_day(received: dt.date) -> None:
    due = due_after(received)
    assert due >= received + dt.timedelta(days=28)
    assert is_working_day(due)
    # never more than the corresponding date plus a run of non-working days (at most 4: the
    # Christmas and New Year holidays with a weekend)
    assert due - add_months(received, 1) <= dt.timedelta(days=4)


@given(dates, dates)
def test_due_is_monotone_in_the_received_date(a: dt.date, b: dt.date) -> None:
    early, late = sorted((a, b))
    assert due_after(early) <= due_after(late)


@given(dates, st.integers(min_value=1, max_value=2))
def test_extended_due_is_later_than_due(received: dt.date, months: int) -> None:
    clock = RequestClock.received(received).extend(months, told_on=received)
    assert clock.extended_due_on is not None and clock.due_on is not None
    assert clock.extended_due_on > clock.due_on
    assert is_working_day(clock.extended_due_on)
