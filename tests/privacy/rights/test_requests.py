"""Rights requests through the gate: every type end to end, the clock applied, the trail kept."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from safehold.access import AccessRefused, Gate, User
from safehold.privacy.audit import events_for_person, verify_chain
from safehold.privacy.rights.models import REQUEST_TYPES
from safehold.privacy.rights.requests import (
    RequestError,
    close_request,
    extend_request,
    get_request,
    list_requests,
    new_request,
    pause_request,
    resume_request,
)

D = dt.date
DPO = User("dpo", "data_protection_officer")


@pytest.fixture
def gate(engine: sa.Engine) -> Gate:
    return Gate(engine, DPO, "data_protection")


@pytest.mark.parametrize("kind", REQUEST_TYPES)
def test_each_type_runs_end_to_end(gate: Gate, kind: str) -> None:
    made = new_request(
        gate, type=kind, subject="C1", received=D(2025, 1, 31), requester_kind="parent_or_carer",
        requester_name="A Parent", identity="passport seen",
    )  # fmt: skip
    assert made.due_on == D(2025, 2, 28)
    assert made.identity_verified_on == D(2025, 1, 31)
    closed = close_request(gate, made.id, "answered in full", D(2025, 2, 20))
    assert closed.state == "closed" and closed.outcome == "answered in full"
    assert closed.due_on is None
    assert get_request(gate, made.id).closed_on == D(2025, 2, 20)
    with pytest.raises(RequestError, match="closed"):
        close_request(gate, made.id, "again", D(2025, 2, 21))


def test_pause_resume_extend(gate: Gate) -> None:
    made = new_request(gate, type="access", subject="C1", received=D(2025, 1, 10))
    paused = pause_request(gate, made.id, "identity", D(2025, 1, 12))
    assert paused.state == "awaiting_identity" and paused.due_on is None
    resumed = resume_request(gate, made.id, D(2025, 1, 20), identity="birth certificate")
    assert resumed.state == "open"
    assert resumed.due_on == D(2025, 2, 20)
    assert resumed.identity_method == "birth certificate"
    assert resumed.identity_verified_on == D(2025, 1, 20)
    extended = extend_request(gate, made.id, 2, "many records across services", D(2025, 2, 1))
    assert extended.due_on == D(2025, 4, 22)  # 20 April 2025 is Easter Sunday, 21 Easter Monday
    assert extended.clock.due_on == D(2025, 2, 20)
    shown = get_request(gate, made.id).as_dict()
    assert shown["due"] == "2025-04-22" and shown["extension_months"] == 2
    assert [p["kind"] for p in shown["pauses"]] == ["pause", "resume"]  # type: ignore[index]


def test_late_extension_and_bad_values_are_refused(gate: Gate) -> None:
    made = new_request(gate, type="access", subject="C1", received=D(2025, 1, 10))
    with pytest.raises(RequestError, match="only if they are told within the first month"):
        extend_request(gate, made.id, 1, "complex", D(2025, 2, 11))
    with pytest.raises(RequestError, match="request type 'sar' is not known"):
        new_request(gate, type="sar", subject="C1", received=D(2025, 1, 10))
    with pytest.raises(RequestError, match="requester kind"):
        new_request(gate, type="access", subject="C1", received=D(2025, 1, 10),
                    requester_kind="neighbour")  # fmt: skip
    with pytest.raises(RequestError, match="there is no request 999"):
        get_request(gate, 999)
    with pytest.raises(RequestError, match="before the request was received"):
        close_request(gate, made.id, "done", D(2025, 1, 1))


def test_list_due_within_and_overdue(gate: Gate) -> None:
    a = new_request(gate, type="access", subject="C1", received=D(2025, 1, 10))  # due 10 Feb
    b = new_request(gate, type="erasure", subject="C2", received=D(2025, 2, 3))  # due 3 Mar
    c = new_request(gate, type="objection", subject="C3", received=D(2025, 1, 2))  # due 3 Feb
    pause_request(gate, c.id, "clarification", D(2025, 1, 5))
    today = D(2025, 2, 12)
    assert [v.id for v in list_requests(gate, today=today, overdue=True)] == [a.id]
    assert [v.id for v in list_requests(gate, today=today, due_within=30)] == [a.id, b.id]
    assert [v.id for v in list_requests(gate, today=today)] == [a.id, b.id, c.id]
    close_request(gate, a.id, "sent", today)
    assert [v.id for v in list_requests(gate, today=today)] == [b.id, c.id]


def test_changes_are_audited_with_the_subject(gate: Gate, engine: sa.Engine) -> None:
    made = new_request(gate, type="access", subject="C9", received=D(2025, 1, 10))
    close_request(gate, made.id, "sent", D(2025, 1, 30))
    with engine.connect() as connection:
        events = events_for_person(connection, "C9")
        assert verify_chain(connection).intact
    actions = [e.event.action for e in events]
    assert "create" in actions and "update" in actions
    assert all(e.event.purpose == "data_protection" for e in events)


def test_a_social_worker_cannot_manage_requests(engine: sa.Engine) -> None:
    gate = Gate(engine, User("sw", "social_worker"), "data_protection")
    with pytest.raises(AccessRefused, match="may act only for"):
        new_request(gate, type="access", subject="C1", received=D(2025, 1, 10))
