"""Reading the audit trail through the gate: checking its chain, and one person's events.

Only roles granted the ``audit_trail`` category (the DPO and the auditor, for
``data_protection``) may; each look at the trail is itself recorded in it.
"""

from __future__ import annotations

from safehold.access.gate import Gate
from safehold.access.policy import Mode
from safehold.privacy.audit.chain import (
    EVENTS,
    PEOPLE,
    Outcome,
    RecordedEvent,
    Verification,
    events_for_person,
    verify_chain,
)

_EVENT_COLUMNS = list(EVENTS.columns)
_PERSON_COLUMNS = list(PEOPLE.columns)


def verify_trail(gate: Gate, *, anchor: tuple[int, str] | None = None) -> Verification:
    """Recompute the whole chain (see :func:`safehold.privacy.audit.verify_chain`)."""
    with gate.refusals_recorded():
        fields = gate.check("verify", Mode.READ, [*_EVENT_COLUMNS, *_PERSON_COLUMNS])
    with gate.engine.connect() as connection:
        result = verify_chain(connection, anchor=anchor)
    outcome = "intact" if result.intact else f"{len(result.problems)} problems"
    gate.record(
        gate.event(
            "verify",
            Outcome.ALLOWED,
            fields,
            detail=f"{result.events} events checked: {outcome}",
        )
    )
    return result


def trail_for_person(gate: Gate, person_id: str) -> list[RecordedEvent]:
    """Every event that touched ``person_id``, oldest first (this look is recorded too, after)."""
    with gate.refusals_recorded():
        fields = gate.check("read", Mode.READ, [*_EVENT_COLUMNS, *_PERSON_COLUMNS])
    with gate.engine.connect() as connection:
        events = events_for_person(connection, person_id)
    gate.record(
        gate.event(
            "read",
            Outcome.ALLOWED,
            fields,
            [person_id],
            detail=f"audit trail of one person: {len(events)} events",
        )
    )
    return events
