"""The audit trail: an append-only, hash-chained record of who did what with personal data.

The gate (:mod:`safehold.access`) appends an event for every read, write and refusal, in the same
transaction as the work it records. :func:`verify_chain` recomputes the chain and says exactly
which event was edited, deleted or moved; :func:`events_for_person` answers "who has seen or
changed this child's record, when and why".
"""

# The record's metadata imports the trail's tables, and the gate imports the trail: loading the
# record first settles that cycle whichever module is imported first.
import safehold.record  # noqa: F401  # isort: skip
from safehold.privacy.audit.chain import (
    GENESIS,
    ChainProblem,
    Event,
    Outcome,
    ProblemKind,
    RecordedEvent,
    Verification,
    append,
    events_for_person,
    head,
    lock_head,
    read_events,
    verify_chain,
)
from safehold.privacy.audit.models import AuditEvent, AuditEventPerson, AuditHead

__all__ = [
    "GENESIS",
    "AuditEvent",
    "AuditEventPerson",
    "AuditHead",
    "ChainProblem",
    "Event",
    "Outcome",
    "ProblemKind",
    "RecordedEvent",
    "Verification",
    "append",
    "events_for_person",
    "head",
    "lock_head",
    "read_events",
    "verify_chain",
]
