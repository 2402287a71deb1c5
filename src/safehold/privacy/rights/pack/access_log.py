"""Who has accessed a person's record: the audit events that touched them, read through the gate.

The audit package's ``events_for_person`` returns each event with every person it touched, which
for a bulk load is every person in the store; a pack needs only the events, so it reads the two
trail tables directly (two audited reads, no per-person lists)."""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa

from safehold.access import Gate
from safehold.privacy.audit import AuditEvent, AuditEventPerson

__all__ = ["access_log"]

EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[assignment]
PEOPLE: sa.Table = AuditEventPerson.__table__  # type: ignore[assignment]
COLUMNS = ["seq", "occurred_at", "username", "role", "purpose", "action", "outcome"]


def access_log(gate: Gate, person_id: str) -> list[dict[str, Any]]:
    """The events that touched ``person_id``, oldest first."""
    seqs = gate.read_frame(PEOPLE, ["event_seq"], where=PEOPLE.c.person_id == person_id).get_column(
        "event_seq"
    )
    if seqs.is_empty():
        return []
    events = gate.read_frame(
        EVENTS, COLUMNS, where=EVENTS.c.seq.in_(seqs.to_list()), order_by=["seq"]
    )
    return events.to_dicts()
