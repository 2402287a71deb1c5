"""Rights requests: log one, pause and resume its clock, extend it, close it, list what is due.

Every read and change goes through the gate for the ``data_protection`` purpose, so each request
logged or changed is in the audit trail with the person it is about. The clock's rules live in
:mod:`safehold.privacy.rights.clock`; here they are applied to stored requests, replaying the
stored pauses so a stored request can never reach a state the clock would refuse.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field

import sqlalchemy as sa
from sqlalchemy.orm import Session

from safehold.access import Gate
from safehold.privacy.rights.clock import ClockError, ClockEvent, RequestClock
from safehold.privacy.rights.models import (
    REQUEST_TYPES,
    REQUESTER_KINDS,
    RequestClockEvent,
    RightsRequest,
)

__all__ = [
    "PURPOSE",
    "RequestError",
    "RequestView",
    "close_request",
    "extend_request",
    "get_request",
    "list_requests",
    "new_request",
    "pause_request",
    "resume_request",
]

PURPOSE = "data_protection"


class RequestError(ValueError):
    """A request or a change to it that cannot be accepted; the message says why."""


@dataclass(frozen=True)
class RequestView:
    """A request as the DPO sees it, with its clock."""

    id: int
    type: str
    requester_kind: str
    requester_name: str | None
    requester_contact: str | None
    subject_person_id: str
    identity_method: str | None
    identity_verified_on: dt.date | None
    received_on: dt.date
    state: str
    clock: RequestClock
    extension_reason: str | None
    closed_on: dt.date | None
    outcome: str | None
    events: tuple[ClockEvent, ...] = field(default=())

    @property
    def due_on(self) -> dt.date | None:
        """The deadline that applies now (extended if extended); None while paused or closed."""
        if self.state == "closed":
            return None
        return self.clock.final_due_on

    def days_left(self, today: dt.date) -> int | None:
        due = self.due_on
        return None if due is None else (due - today).days

    def as_dict(self) -> dict[str, object]:
        def iso(day: dt.date | None) -> str | None:
            return None if day is None else day.isoformat()

        return {
            "id": self.id,
            "type": self.type,
            "requester_kind": self.requester_kind,
            "requester": self.requester_name,
            "requester_contact": self.requester_contact,
            "subject": self.subject_person_id,
            "identity": self.identity_method,
            "identity_verified_on": iso(self.identity_verified_on),
            "received": iso(self.received_on),
            "state": self.state,
            "clock_starts": iso(self.clock.starts_on),
            "due": iso(self.due_on),
            "first_month_due": iso(self.clock.due_on),
            "extended_due": iso(self.clock.extended_due_on),
            "extension_months": self.clock.extension_months or None,
            "extension_reason": self.extension_reason,
            "extension_told": iso(self.clock.extension_told_on),
            "closed": iso(self.closed_on),
            "outcome": self.outcome,
            "pauses": [
                {"kind": e.kind, "reason": e.reason, "on": e.on.isoformat()} for e in self.events
            ],
        }


def _choice(value: str, allowed: Sequence[str], what: str) -> str:
    if value not in allowed:
        raise RequestError(f"{what} {value!r} is not known: expected one of {', '.join(allowed)}")
    return value


def _events(session: Session, request_id: int) -> tuple[ClockEvent, ...]:
    rows = session.scalars(
        sa.select(RequestClockEvent)
        .where(RequestClockEvent.request_id == request_id)
        .order_by(RequestClockEvent.id)
    ).all()
    return tuple(ClockEvent(r.kind, r.on_date, r.reason) for r in rows)


def _clock(row: RightsRequest, events: tuple[ClockEvent, ...]) -> RequestClock:
    months = 0
    if row.extended_due_on is not None and row.extension_told_on is not None:
        base = RequestClock.rebuild(row.received_on, events)
        for candidate in (1, 2):
            if base.extend(candidate, row.extension_told_on).extended_due_on == row.extended_due_on:
                months = candidate
                break
    return RequestClock.rebuild(row.received_on, events, months, row.extension_told_on)


def _view(session: Session, row: RightsRequest) -> RequestView:
    events = _events(session, row.id)
    return RequestView(
        id=row.id,
        type=row.type,
        requester_kind=row.requester_kind,
        requester_name=row.requester_name,
        requester_contact=row.requester_contact,
        subject_person_id=row.subject_person_id,
        identity_method=row.identity_method,
        identity_verified_on=row.identity_verified_on,
        received_on=row.received_on,
        state=row.state,
        clock=_clock(row, events),
        extension_reason=row.extension_reason,
        closed_on=row.closed_on,
        outcome=row.outcome,
        events=events,
    )


def _open_row(session: Session, request_id: int) -> RightsRequest:
    row = session.get(RightsRequest, request_id)
    if row is None:
        raise RequestError(f"there is no request {request_id}")
    if row.state == "closed":
        raise RequestError(
            f"request {request_id} was closed on {row.closed_on}; a closed request cannot change"
        )
    return row


def new_request(
    gate: Gate,
    *,
    type: str,
    subject: str,
    received: dt.date,
    requester_kind: str = "child",
    requester_name: str | None = None,
    requester_contact: str | None = None,
    identity: str | None = None,
    identity_verified_on: dt.date | None = None,
) -> RequestView:
    """Log a request received on ``received``; its month runs from that day."""
    _choice(type, REQUEST_TYPES, "request type")
    _choice(requester_kind, REQUESTER_KINDS, "requester kind")
    if not subject.strip():
        raise RequestError("the request must name its subject (the person's id in the record)")
    if identity_verified_on is not None and identity_verified_on < received:
        raise RequestError("identity cannot be verified before the request was received")
    clock = RequestClock.received(received)
    due = clock.due_on
    assert due is not None  # a new clock is never paused
    with gate.session() as session:
        row = RightsRequest(
            type=type,
            requester_kind=requester_kind,
            requester_name=requester_name,
            requester_contact=requester_contact,
            subject_person_id=subject.strip(),
            identity_method=identity,
            identity_verified_on=(
                identity_verified_on or (received if identity is not None else None)
            ),
            received_on=received,
            state="open",
            due_on=due,
            created_by=gate.user.username,
        )
        session.add(row)
        session.flush()
        return _view(session, row)


def get_request(gate: Gate, request_id: int) -> RequestView:
    with gate.session() as session:
        row = session.get(RightsRequest, request_id)
        if row is None:
            raise RequestError(f"there is no request {request_id}")
        return _view(session, row)


def list_requests(
    gate: Gate,
    *,
    today: dt.date,
    due_within: int | None = None,
    overdue: bool = False,
    include_closed: bool = False,
) -> list[RequestView]:
    """Requests, soonest deadline first: open ones (or all), those due within ``due_within``
    days of ``today``, or only those past their deadline."""
    with gate.session() as session:
        query = sa.select(RightsRequest).order_by(RightsRequest.id)
        if not include_closed:
            query = query.where(RightsRequest.state != "closed")
        views = [_view(session, row) for row in session.scalars(query).all()]
    if overdue:
        views = [v for v in views if (left := v.days_left(today)) is not None and left < 0]
    if due_within is not None:
        views = [
            v for v in views if (left := v.days_left(today)) is not None and left <= due_within
        ]
    far = dt.date.max
    return sorted(views, key=lambda v: (v.due_on or far, v.id))


def pause_request(gate: Gate, request_id: int, reason: str, on: dt.date) -> RequestView:
    """Stop the clock while waiting for the requester's identity or a clarification."""
    with gate.session() as session:
        row = _open_row(session, request_id)
        _apply(lambda c: c.pause(reason, on), _clock(row, _events(session, row.id)))
        session.add(
            RequestClockEvent(
                request_id=row.id,
                kind="pause",
                reason=reason,
                on_date=on,
                recorded_by=gate.user.username,
            )
        )
        row.state = f"awaiting_{reason}"
        session.flush()
        return _view(session, row)


def resume_request(
    gate: Gate, request_id: int, on: dt.date, *, identity: str | None = None
) -> RequestView:
    """Restart the clock: a full month from ``on``, the day what was awaited arrived."""
    with gate.session() as session:
        row = _open_row(session, request_id)
        before = _clock(row, _events(session, row.id))
        awaited = before.paused.reason if before.paused is not None else None
        clock = _apply(lambda c: c.resume(on), before)
        session.add(
            RequestClockEvent(
                request_id=row.id, kind="resume", on_date=on, recorded_by=gate.user.username
            )
        )
        if awaited == "identity":
            row.identity_verified_on = on
            if identity is not None:
                row.identity_method = identity
        row.state = "open"
        due = clock.due_on
        assert due is not None
        row.due_on = due
        if row.extended_due_on is not None:
            row.extended_due_on = clock.extended_due_on
        session.flush()
        return _view(session, row)


def extend_request(
    gate: Gate, request_id: int, months: int, reason: str, told_on: dt.date
) -> RequestView:
    """Extend by one or two months for a complex request; the requester must have been told
    (with the reason) within the first month."""
    if not reason.strip():
        raise RequestError("an extension needs a reason (the ICO expects it to be given)")
    with gate.session() as session:
        row = _open_row(session, request_id)
        clock = _apply(lambda c: c.extend(months, told_on), _clock(row, _events(session, row.id)))
        row.extended_due_on = clock.extended_due_on
        row.extension_reason = reason.strip()
        row.extension_told_on = told_on
        session.flush()
        return _view(session, row)


def close_request(gate: Gate, request_id: int, outcome: str, on: dt.date) -> RequestView:
    """Close a request of any type with its outcome (sent, corrected, refused with reasons...)."""
    if not outcome.strip():
        raise RequestError("closing a request needs its outcome")
    with gate.session() as session:
        row = _open_row(session, request_id)
        if on < row.received_on:
            raise RequestError(
                f"close date {on.isoformat()} is before the request was received "
                f"({row.received_on.isoformat()})"
            )
        row.state = "closed"
        row.closed_on = on
        row.outcome = outcome.strip()
        session.flush()
        return _view(session, row)


def _apply(change: Callable[[RequestClock], RequestClock], clock: RequestClock) -> RequestClock:
    try:
        return change(clock)
    except ClockError as exc:
        raise RequestError(str(exc)) from None
