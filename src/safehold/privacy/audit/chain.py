"""Appending to the audit trail, and checking that nobody has edited, removed or reordered it.

Each event's hash is SHA-256 over a canonical JSON serialisation of its number, time, actor,
purpose, action, outcome, fields, people, withheld count, detail and the previous event's hash.
Changing any of these, or moving an event, breaks the event's own hash or the link to it.

Appends are serialised by locking the one ``audit_head`` row (an ``UPDATE`` of it is the first
thing an appender does), which blocks concurrent appenders until commit on PostgreSQL and takes
SQLite's write lock. The head also records the newest event, so deleting the newest events shows.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from enum import StrEnum

import sqlalchemy as sa

from safehold.privacy.audit.models import AuditEvent, AuditEventPerson, AuditHead

GENESIS = "0" * 64
_PEOPLE_BATCH = 5000

EVENTS: sa.Table = AuditEvent.__table__  # type: ignore[assignment]
PEOPLE: sa.Table = AuditEventPerson.__table__  # type: ignore[assignment]
HEAD: sa.Table = AuditHead.__table__  # type: ignore[assignment]


class Outcome(StrEnum):
    ALLOWED = "allowed"
    REFUSED = "refused"


@dataclass(frozen=True)
class Event:
    """What an appender says happened. Ids and ``table.column`` names only, never values."""

    username: str
    role: str
    purpose: str
    action: str
    outcome: str
    fields: tuple[str, ...] = ()
    people: tuple[str, ...] = ()
    withheld: int = 0
    detail: str = ""

    def normalised(self) -> Event:
        return Event(
            username=self.username,
            role=self.role,
            purpose=self.purpose,
            action=self.action,
            outcome=self.outcome,
            fields=tuple(sorted(set(self.fields))),
            people=tuple(sorted(set(self.people))),
            withheld=self.withheld,
            detail=self.detail,
        )


@dataclass(frozen=True)
class RecordedEvent:
    """An event as it stands in the trail."""

    seq: int
    occurred_at: str
    event: Event
    people_count: int
    prev_hash: str
    hash: str


def timestamp(moment: dt.datetime | None = None) -> str:
    """UTC, ISO 8601 with microseconds: the form that is stored and hashed."""
    moment = (moment or dt.datetime.now(dt.UTC)).astimezone(dt.UTC)
    return moment.strftime("%Y-%m-%dT%H:%M:%S.%fZ")


def canonical(seq: int, occurred_at: str, event: Event, people_count: int, prev_hash: str) -> bytes:
    """The bytes an event's hash covers (keys sorted, no whitespace, UTF-8)."""
    body = {
        "seq": seq,
        "occurred_at": occurred_at,
        "username": event.username,
        "role": event.role,
        "purpose": event.purpose,
        "action": event.action,
        "outcome": event.outcome,
        "fields": list(event.fields),
        "people": list(event.people),
        "people_count": people_count,
        "withheld": event.withheld,
        "detail": event.detail,
        "prev_hash": prev_hash,
    }
    return json.dumps(body, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(seq: int, occurred_at: str, event: Event, people_count: int, prev_hash: str) -> str:
    return hashlib.sha256(canonical(seq, occurred_at, event, people_count, prev_hash)).hexdigest()


def lock_head(connection: sa.Connection) -> None:
    """Take the append lock for the rest of the transaction (creating the head if missing)."""
    updated = connection.execute(
        sa.update(HEAD).where(HEAD.c.id == 1).values(seq=HEAD.c.seq)
    ).rowcount
    if not updated:
        connection.execute(sa.insert(HEAD).values(id=1, seq=0, hash=GENESIS))


def append(
    connection: sa.Connection, event: Event, *, at: dt.datetime | None = None
) -> RecordedEvent:
    """Append one event inside the caller's transaction; it commits or rolls back with it."""
    lock_head(connection)
    head = connection.execute(sa.select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1)).one()
    seq, prev_hash = int(head.seq) + 1, str(head.hash)
    event = event.normalised()
    occurred_at = timestamp(at)
    digest = event_hash(seq, occurred_at, event, len(event.people), prev_hash)
    connection.execute(
        sa.insert(EVENTS).values(
            seq=seq,
            occurred_at=occurred_at,
            username=event.username,
            role=event.role,
            purpose=event.purpose,
            action=event.action,
            outcome=event.outcome,
            fields=json.dumps(list(event.fields), separators=(",", ":")),
            people_count=len(event.people),
            withheld=event.withheld,
            detail=event.detail,
            prev_hash=prev_hash,
            hash=digest,
        )
    )
    people = [{"event_seq": seq, "person_id": p} for p in event.people]
    for start in range(0, len(people), _PEOPLE_BATCH):
        connection.execute(sa.insert(PEOPLE), people[start : start + _PEOPLE_BATCH])
    connection.execute(sa.update(HEAD).where(HEAD.c.id == 1).values(seq=seq, hash=digest))
    return RecordedEvent(seq, occurred_at, event, len(event.people), prev_hash, digest)


# -- reading ----------------------------------------------------------------------------------


def _recorded(row: sa.Row[tuple[object, ...]], people: Sequence[str]) -> RecordedEvent:
    m = row._mapping
    event = Event(
        username=str(m["username"]),
        role=str(m["role"]),
        purpose=str(m["purpose"]),
        action=str(m["action"]),
        outcome=str(m["outcome"]),
        fields=tuple(json.loads(str(m["fields"]))),
        people=tuple(people),
        withheld=int(m["withheld"]),
        detail=str(m["detail"]),
    )
    return RecordedEvent(
        seq=int(m["seq"]),
        occurred_at=str(m["occurred_at"]),
        event=event,
        people_count=int(m["people_count"]),
        prev_hash=str(m["prev_hash"]),
        hash=str(m["hash"]),
    )


def read_events(
    connection: sa.Connection, seqs: Iterable[int] | None = None
) -> list[RecordedEvent]:
    """Events in number order (all, or those numbered ``seqs``), each with its people."""
    query = sa.select(EVENTS).order_by(EVENTS.c.seq)
    people_query = sa.select(PEOPLE.c.event_seq, PEOPLE.c.person_id).order_by(
        PEOPLE.c.event_seq, PEOPLE.c.person_id
    )
    if seqs is not None:
        wanted = sorted(set(seqs))
        query = query.where(EVENTS.c.seq.in_(wanted))
        people_query = people_query.where(PEOPLE.c.event_seq.in_(wanted))
    people: dict[int, list[str]] = {}
    for seq, person in connection.execute(people_query):
        people.setdefault(int(seq), []).append(str(person))
    return [_recorded(row, people.get(int(row.seq), [])) for row in connection.execute(query)]


def events_for_person(connection: sa.Connection, person_id: str) -> list[RecordedEvent]:
    """Every event that touched ``person_id``: who saw or changed their record, when and why."""
    seqs = connection.execute(
        sa.select(PEOPLE.c.event_seq).where(PEOPLE.c.person_id == person_id)
    ).scalars()
    return read_events(connection, [int(s) for s in seqs])


def head(connection: sa.Connection) -> tuple[int, str]:
    row = connection.execute(sa.select(HEAD.c.seq, HEAD.c.hash).where(HEAD.c.id == 1)).first()
    return (0, GENESIS) if row is None else (int(row.seq), str(row.hash))


# -- verifying --------------------------------------------------------------------------------


class ProblemKind(StrEnum):
    EDITED = "edited"
    DELETED = "deleted"
    REORDERED = "reordered"
    BROKEN_LINK = "broken-link"
    TRUNCATED = "truncated"
    HEAD = "head-mismatch"
    ANCHOR = "anchor-mismatch"


@dataclass(frozen=True)
class ChainProblem:
    kind: ProblemKind
    seq: int
    message: str

    def __str__(self) -> str:
        return self.message


@dataclass(frozen=True)
class Verification:
    events: int
    head_seq: int
    head_hash: str
    problems: list[ChainProblem] = field(default_factory=list)

    @property
    def intact(self) -> bool:
        return not self.problems


def _matches(event: RecordedEvent, seq: int) -> bool:
    return event.hash == event_hash(
        seq, event.occurred_at, event.event, event.people_count, event.prev_hash
    )


def verify_chain(
    connection: sa.Connection, *, anchor: tuple[int, str] | None = None
) -> Verification:
    """Recompute every hash and link. Reports each event that was edited, deleted or moved, the
    newest events deleted (the head points past the end), and an ``anchor`` (an event number and
    hash written down earlier, outside the database) that no longer holds."""
    events = read_events(connection)
    head_seq, head_hash = head(connection)
    problems: list[ChainProblem] = []
    position_of_hash = {e.hash: e.seq for e in events}
    position_after_hash = {e.prev_hash: e.seq for e in events}
    expected, previous_hash, previous_ok = 1, GENESIS, True
    for event in events:
        gap = event.seq > expected
        if gap:
            missing = (
                f"event {expected} is missing"
                if event.seq == expected + 1
                else f"events {expected} to {event.seq - 1} are missing"
            )
            problems.append(
                ChainProblem(
                    ProblemKind.DELETED,
                    expected,
                    f"{missing} (deleted): event {event.seq} follows event {expected - 1}",
                )
            )
        content_ok = _matches(event, event.seq)
        if not content_ok:
            candidates = {
                position_of_hash.get(event.prev_hash, -2) + 1,
                position_after_hash.get(event.hash, 0) - 1,
                1 if event.prev_hash == GENESIS else -1,
                head_seq if event.hash == head_hash else -1,
            } - {event.seq}
            moved = next((q for q in sorted(candidates) if q > 0 and _matches(event, q)), None)
            if moved is not None:
                problems.append(
                    ChainProblem(
                        ProblemKind.REORDERED,
                        event.seq,
                        f"event {event.seq} was recorded as event {moved}: events were reordered",
                    )
                )
            else:
                problems.append(
                    ChainProblem(
                        ProblemKind.EDITED,
                        event.seq,
                        f"event {event.seq} was edited: its contents no longer match its hash",
                    )
                )
        elif not gap and previous_ok and event.prev_hash != previous_hash:
            problems.append(
                ChainProblem(
                    ProblemKind.BROKEN_LINK,
                    event.seq,
                    f"event {event.seq} does not follow event {event.seq - 1}: event "
                    f"{event.seq - 1} was rewritten, or events were removed and renumbered",
                )
            )
        expected, previous_hash, previous_ok = event.seq + 1, event.hash, content_ok
    last_seq = events[-1].seq if events else 0
    last_hash = events[-1].hash if events else GENESIS
    if head_seq > last_seq:
        what = (
            f"event {head_seq} is missing"
            if head_seq == last_seq + 1
            else f"events {last_seq + 1} to {head_seq} are missing"
        )
        problems.append(
            ChainProblem(
                ProblemKind.TRUNCATED,
                last_seq + 1,
                f"{what}: the newest events were deleted (the chain's head records event "
                f"{head_seq}, the trail ends at {last_seq})",
            )
        )
    elif head_seq != last_seq or head_hash != last_hash:
        problems.append(
            ChainProblem(
                ProblemKind.HEAD,
                last_seq,
                f"the chain's head (event {head_seq}, hash {head_hash[:12]}…) does not match the "
                f"newest event ({last_seq}, hash {last_hash[:12]}…): the head or the newest "
                "events were altered",
            )
        )
    if anchor is not None:
        anchor_seq, anchor_hash = anchor
        found = next((e for e in events if e.seq == anchor_seq), None)
        if found is None:
            problems.append(
                ChainProblem(
                    ProblemKind.ANCHOR,
                    anchor_seq,
                    f"the anchored event {anchor_seq} is not in the trail: it was deleted",
                )
            )
        elif found.hash != anchor_hash.lower():
            problems.append(
                ChainProblem(
                    ProblemKind.ANCHOR,
                    anchor_seq,
                    f"event {anchor_seq} does not have the anchored hash {anchor_hash[:12]}…: "
                    "the trail was rewritten at or before that event",
                )
            )
    problems.sort(key=lambda p: p.seq)
    return Verification(len(events), head_seq, head_hash, problems)
