"""The ICO's clock for rights requests (pure: dates in, dates out).

How this module reads the ICO's guidance ("Time limits for responding to a request"):

* **One calendar month.** The period starts on the day the request is received (that day counts,
  working day or not) and ends on the corresponding calendar date of the next month: received on
  3 September, due on 3 October. Where the next month has no such date, the period ends on that
  month's last day (31 January → 28 February, or 29 February in a leap year).
* **Working days.** Where the end falls on a Saturday, Sunday or a bank holiday in England and
  Wales (the ``holidays`` package, ``GB`` with ``subdiv="ENG"``), the authority has until the next
  working day.
* **Pauses.** Where the authority needs the requester's identity confirmed, or needs the request
  clarified, and asks for it, "the time limit starts from the day you receive" what was asked for.
  We read that literally: while paused the request has no running deadline, and on resumption the
  full month is counted afresh from the day of receipt of the ID or clarification (not the days
  left before the pause). Several pauses are allowed; the last resumption starts the clock.
* **Extension.** For a complex request (or several from the same person), the authority may
  extend by up to two further months, counted from the same start (so three months in all),
  provided it tells the requester, with reasons, within the first month. An extension recorded as
  told after the first month's due date is refused.
"""

from __future__ import annotations

import calendar
import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache

import holidays

__all__ = [
    "ClockError",
    "ClockEvent",
    "RequestClock",
    "add_months",
    "bank_holidays",
    "due_after",
    "is_working_day",
    "next_working_day",
]

MAX_EXTENSION_MONTHS = 2
PAUSE_REASONS = ("identity", "clarification")


class ClockError(ValueError):
    """A change the clock cannot accept; the message says what and why."""


@cache
def bank_holidays(year: int) -> frozenset[dt.date]:
    """England and Wales bank holidays in ``year``."""
    return frozenset(holidays.country_holidays("GB", subdiv="ENG", years=year).keys())


def is_working_day(day: dt.date) -> bool:
    return day.weekday() < 5 and day not in bank_holidays(day.year)


def next_working_day(day: dt.date) -> dt.date:
    """``day`` itself if it is a working day, else the first working day after it."""
    while not is_working_day(day):
        day += dt.timedelta(days=1)
    return day


def add_months(day: dt.date, months: int) -> dt.date:
    """The corresponding date ``months`` later, or that month's last day if it has none."""
    index = day.year * 12 + (day.month - 1) + months
    year, month = divmod(index, 12)
    month += 1
    last = calendar.monthrange(year, month)[1]
    return dt.date(year, month, min(day.day, last))


def due_after(start: dt.date, months: int = 1) -> dt.date:
    """The deadline ``months`` calendar months from ``start`` (the day of receipt)."""
    return next_working_day(add_months(start, months))


@dataclass(frozen=True)
class ClockEvent:
    """A pause (with its reason) or a resumption of the clock, on a date."""

    kind: str  # "pause" or "resume"
    on: dt.date
    reason: str | None = None


@dataclass(frozen=True)
class RequestClock:
    """A request's clock: when it was received, its pauses and resumptions, and any extension.

    Build it with :meth:`received`, then :meth:`pause`, :meth:`resume` and :meth:`extend`, each of
    which checks the change and returns a new clock (or raises :class:`ClockError`).
    """

    received_on: dt.date
    events: tuple[ClockEvent, ...] = ()
    extension_months: int = 0
    extension_told_on: dt.date | None = None

    @classmethod
    def received(cls, on: dt.date) -> RequestClock:
        return cls(on)

    @classmethod
    def rebuild(
        cls,
        received_on: dt.date,
        events: Sequence[ClockEvent],
        extension_months: int = 0,
        extension_told_on: dt.date | None = None,
    ) -> RequestClock:
        """Replay stored events through the same checks as when they were recorded."""
        clock = cls(received_on)
        for event in events:
            if event.kind == "pause":
                clock = clock.pause(event.reason or "", event.on)
            else:
                clock = clock.resume(event.on)
        if extension_months:
            if extension_told_on is None:
                raise ClockError("an extension needs the date the requester was told")
            clock = clock.extend(extension_months, extension_told_on)
        return clock

    @property
    def paused(self) -> ClockEvent | None:
        """The pause in force, if the clock is stopped."""
        if self.events and self.events[-1].kind == "pause":
            return self.events[-1]
        return None

    @property
    def last_change(self) -> dt.date:
        return self.events[-1].on if self.events else self.received_on

    @property
    def starts_on(self) -> dt.date:
        """The day the month is counted from: receipt, or receipt of what a pause awaited."""
        resumes = [e.on for e in self.events if e.kind == "resume"]
        return resumes[-1] if resumes else self.received_on

    @property
    def due_on(self) -> dt.date | None:
        """The one-month deadline; None while the clock is paused."""
        if self.paused is not None:
            return None
        return due_after(self.starts_on, 1)

    @property
    def extended_due_on(self) -> dt.date | None:
        if self.paused is not None or not self.extension_months:
            return None
        return due_after(self.starts_on, 1 + self.extension_months)

    @property
    def final_due_on(self) -> dt.date | None:
        """The deadline that applies: the extended one if there is one."""
        return self.extended_due_on or self.due_on

    def pause(self, reason: str, on: dt.date) -> RequestClock:
        if reason not in PAUSE_REASONS:
            raise ClockError(
                f"pause reason {reason!r} is not one the ICO allows; expected one of "
                + ", ".join(PAUSE_REASONS)
            )
        if self.extension_months:
            # Pauses are for identity or clarification, asked for at the start; once the
            # authority has extended, it has what it needs (and an extension counts from the
            # same start, which a later pause would move past the day the requester was told).
            raise ClockError("the request has been extended, so its clock can no longer be paused")
        if self.paused is not None:
            raise ClockError(
                f"the clock is already paused (awaiting {self.paused.reason} since "
                f"{self.paused.on.isoformat()})"
            )
        if on < self.last_change:
            raise ClockError(
                f"pause date {on.isoformat()} is before the clock's last change "
                f"({self.last_change.isoformat()})"
            )
        due = self.final_due_on
        if due is not None and on > due:
            raise ClockError(
                f"pause date {on.isoformat()} is after the deadline {due.isoformat()}: the clock "
                "can be paused only while the request is in time"
            )
        return RequestClock(
            self.received_on,
            (*self.events, ClockEvent("pause", on, reason)),
            self.extension_months,
            self.extension_told_on,
        )

    def resume(self, on: dt.date) -> RequestClock:
        pause = self.paused
        if pause is None:
            raise ClockError("the clock is not paused, so it cannot be resumed")
        if on < pause.on:
            raise ClockError(
                f"resume date {on.isoformat()} is before the pause began ({pause.on.isoformat()})"
            )
        return RequestClock(
            self.received_on,
            (*self.events, ClockEvent("resume", on)),
            self.extension_months,
            self.extension_told_on,
        )

    def extend(self, months: int, told_on: dt.date) -> RequestClock:
        if not 1 <= months <= MAX_EXTENSION_MONTHS:
            raise ClockError(
                f"an extension is 1 or {MAX_EXTENSION_MONTHS} further months, not {months}"
            )
        if self.extension_months:
            raise ClockError(f"the request is already extended by {self.extension_months} months")
        due = self.due_on
        if due is None:
            raise ClockError("the clock is paused: resume it before extending")
        if told_on < self.starts_on:
            raise ClockError(
                f"told date {told_on.isoformat()} is before the clock started "
                f"({self.starts_on.isoformat()})"
            )
        if told_on > due:
            raise ClockError(
                f"the requester was told on {told_on.isoformat()}, after the first month ended on "
                f"{due.isoformat()}; the ICO allows an extension only if they are told within "
                "the first month"
            )
        return RequestClock(self.received_on, self.events, months, told_on)
