"""The audit trail's tables: events, the people each event touched, and the chain's head.

Events hold ids and ``table.column`` names, never values. The people an event touched live in
their own table (indexed by person) so "who has seen this child's record" is one lookup.
``audit_head`` records the last event's number and hash: deleting the newest events leaves the
head pointing past the end of the chain, which ``verify`` reports.
"""

from __future__ import annotations

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from safehold.record.base import Base

NOT_PERSONAL = {"personal": False}
#: The gate guards every column of the trail as the ``audit_trail`` category, whatever its
#: register category: only roles that may read the audit trail see it.
TRAIL = {"access": "audit_trail"}


class AuditEvent(Base):
    """One thing someone did, or tried to do, with personal data."""

    __tablename__ = "audit_event"
    __table_args__ = (
        sa.CheckConstraint("seq > 0", name="seq_positive"),
        {"info": {"record_kind": "audit_event"}},
    )

    seq: Mapped[int] = mapped_column(
        sa.Integer, primary_key=True, autoincrement=False, info=NOT_PERSONAL | TRAIL
    )
    occurred_at: Mapped[str] = mapped_column(
        sa.String(32),
        nullable=False,
        info=NOT_PERSONAL | TRAIL | {"description": "UTC, ISO 8601, as hashed"},
    )
    username: Mapped[str] = mapped_column(
        sa.String(100),
        nullable=False,
        index=True,
        info={"personal": True, "category": "workforce", "special": False} | TRAIL,
    )
    role: Mapped[str] = mapped_column(sa.String(40), nullable=False, info=NOT_PERSONAL | TRAIL)
    purpose: Mapped[str] = mapped_column(sa.String(40), nullable=False, info=NOT_PERSONAL | TRAIL)
    action: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=NOT_PERSONAL | TRAIL)
    outcome: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=NOT_PERSONAL | TRAIL)
    fields: Mapped[str] = mapped_column(
        sa.Text, nullable=False, info=NOT_PERSONAL | TRAIL | {"description": "JSON list"}
    )
    people_count: Mapped[int] = mapped_column(sa.Integer, nullable=False, info=NOT_PERSONAL | TRAIL)
    withheld: Mapped[int] = mapped_column(
        sa.Integer,
        nullable=False,
        info=NOT_PERSONAL | TRAIL | {"description": "people left out: processing restricted"},
    )
    detail: Mapped[str] = mapped_column(sa.Text, nullable=False, info=NOT_PERSONAL | TRAIL)
    prev_hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL | TRAIL)
    hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL | TRAIL)


class AuditEventPerson(Base):
    """A person an event touched (by id only). No foreign key to ``person``: the trail outlives
    erasure of the record it describes."""

    __tablename__ = "audit_event_person"
    __table_args__ = {"info": {"record_kind": "audit_event"}}

    event_seq: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("audit_event.seq", ondelete="CASCADE"),
        primary_key=True,
        info=NOT_PERSONAL | TRAIL,
    )
    person_id: Mapped[str] = mapped_column(
        sa.String(48),
        primary_key=True,
        index=True,
        info={"personal": True, "category": "personal_details", "special": False} | TRAIL,
    )


class AuditHead(Base):
    """The chain's head (one row): the last event's number and hash, updated with every append.
    Appenders lock this row first, which serialises appends on SQLite and PostgreSQL alike."""

    __tablename__ = "audit_head"
    __table_args__ = (sa.CheckConstraint("id = 1", name="one_row"),)

    id: Mapped[int] = mapped_column(
        sa.Integer, primary_key=True, autoincrement=False, info=NOT_PERSONAL | TRAIL
    )
    seq: Mapped[int] = mapped_column(sa.Integer, nullable=False, info=NOT_PERSONAL | TRAIL)
    hash: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL | TRAIL)
