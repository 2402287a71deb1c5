"""The rights tables: requests and their clocks, redactions and exemptions for subject access
packs, and the tables rectification, erasure, restriction, objection and retention build on.

None of these tables has a foreign key to ``person``: a request may be about someone the record
does not hold (yet, or any more), and the trail of what was done under a request must outlive
the erasure it records. Tombstones and destruction records hold ids, never content.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, MappedColumn, mapped_column

from safehold.record.base import Base, utcnow

NOT_PERSONAL = {"personal": False}
PERSON = {"personal": True, "category": "personal_details", "special": False}
STAFF = {"personal": True, "category": "workforce", "special": False}
#: A corrected value may be of any category, special ones included (ethnicity, health), so the
#: column is tagged with the most protective category the record uses for free text.
ANY_VALUE = {"personal": True, "category": "child_in_need", "special": True}

RIGHTS = {"record_kind": "rights_request"}
#: Tombstones and destruction certificates are the record of a change, kept like the audit trail.
AUDIT = {"record_kind": "audit_event"}

REQUEST_TYPES = (
    "access",
    "rectification",
    "erasure",
    "restriction",
    "objection",
    "automated_decision",
    "complaint",
)
REQUESTER_KINDS = ("child", "parent_or_carer", "representative")
REQUEST_STATES = ("open", "awaiting_identity", "awaiting_clarification", "closed")
PAUSE_REASONS = ("identity", "clarification")
TEXT_KINDS = ("person_name", "address", "nhs_number", "ni_number", "postcode", "phone", "email")
DECISIONS = ("pending", "accepted", "rejected")


def _in(column: str, values: tuple[str, ...], name: str | None = None) -> sa.CheckConstraint:
    allowed = ", ".join(f"'{v}'" for v in values)
    return sa.CheckConstraint(f"{column} IN ({allowed})", name=name or column)


def _request_ref(nullable: bool = False, ondelete: str = "CASCADE") -> MappedColumn[Any]:
    return mapped_column(
        sa.Integer,
        sa.ForeignKey("rights_request.id", ondelete=ondelete),
        nullable=nullable,
        index=True,
        info=NOT_PERSONAL,
    )


def _staff(nullable: bool = False) -> MappedColumn[Any]:
    return mapped_column(sa.String(100), nullable=nullable, info=STAFF)


def _stamp(nullable: bool = False) -> MappedColumn[Any]:
    return mapped_column(
        sa.DateTime(timezone=True),
        nullable=nullable,
        default=None if nullable else utcnow,
        info=NOT_PERSONAL,
    )


class RightsRequest(Base):
    """A request a person made about their information, and its statutory clock.

    ``due_on`` is the one-month deadline as it stands (moved on by pauses); ``extended_due_on``
    is set only when the authority extends for a complex request and told the requester.
    """

    __tablename__ = "rights_request"
    __table_args__ = (
        _in("type", REQUEST_TYPES),
        _in("requester_kind", REQUESTER_KINDS),
        _in("state", REQUEST_STATES),
        sa.CheckConstraint("due_on >= received_on", name="due_after_receipt"),
        sa.CheckConstraint(
            "extended_due_on IS NULL OR extended_due_on >= due_on", name="extension_later"
        ),
        sa.CheckConstraint("(state = 'closed') = (closed_on IS NOT NULL)", name="closed_has_date"),
        {"info": RIGHTS | {"description": "rights requests and their deadlines"}},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    type: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=NOT_PERSONAL)
    requester_kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=PERSON)
    requester_name: Mapped[str | None] = mapped_column(sa.String(300), info=PERSON)
    requester_contact: Mapped[str | None] = mapped_column(sa.Text, info=PERSON)
    # ``subject`` tells the gate whose request this is (there is no foreign key to person).
    subject_person_id: Mapped[str] = mapped_column(
        sa.String(48), nullable=False, index=True, info=PERSON | {"subject": True}
    )
    identity_method: Mapped[str | None] = mapped_column(sa.String(200), info=PERSON)
    identity_verified_on: Mapped[dt.date | None] = mapped_column(sa.Date, info=PERSON)
    received_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, info=PERSON)
    state: Mapped[str] = mapped_column(
        sa.String(30), nullable=False, default="open", info=NOT_PERSONAL
    )
    due_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, index=True, info=PERSON)
    extended_due_on: Mapped[dt.date | None] = mapped_column(sa.Date, info=PERSON)
    extension_reason: Mapped[str | None] = mapped_column(sa.Text, info=PERSON)
    extension_told_on: Mapped[dt.date | None] = mapped_column(sa.Date, info=PERSON)
    closed_on: Mapped[dt.date | None] = mapped_column(sa.Date, info=PERSON)
    outcome: Mapped[str | None] = mapped_column(sa.Text, info=PERSON)
    created_by: Mapped[str] = _staff()
    created_at: Mapped[dt.datetime] = _stamp()


class RequestClockEvent(Base):
    """A pause of a request's clock (awaiting identity or clarification) or its resumption."""

    __tablename__ = "request_clock_event"
    __table_args__ = (
        _in("kind", ("pause", "resume")),
        sa.CheckConstraint(
            "(kind = 'pause') = (reason IS NOT NULL)", name="pause_has_reason"
        ),
        sa.CheckConstraint("reason IS NULL OR reason IN ('identity', 'clarification')",
                           name="reason"),
        {"info": RIGHTS},
    )  # fmt: skip

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    request_id: Mapped[int] = _request_ref()
    kind: Mapped[str] = mapped_column(sa.String(10), nullable=False, info=NOT_PERSONAL)
    reason: Mapped[str | None] = mapped_column(sa.String(20), info=NOT_PERSONAL)
    on_date: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, info=PERSON)
    recorded_by: Mapped[str] = _staff()
    recorded_at: Mapped[dt.datetime] = _stamp()


class Redaction(Base):
    """A span of a subject access pack proposed for withholding, and the reviewer's decision.

    The span is located by table, row and column (for a case note: ``case_note``, the note's id,
    ``body``) and character offsets; the withheld text itself is not copied here.
    """

    __tablename__ = "redaction"
    __table_args__ = (
        _in("text_kind", TEXT_KINDS),
        _in("decision", DECISIONS),
        sa.CheckConstraint("span_start >= 0 AND span_end > span_start", name="span"),
        sa.CheckConstraint(
            "decision = 'pending' OR reviewed_by IS NOT NULL", name="decided_has_reviewer"
        ),
        {"info": RIGHTS},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    request_id: Mapped[int] = _request_ref()
    table_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL)
    row_id: Mapped[str] = mapped_column(sa.String(48), nullable=False, info=NOT_PERSONAL)
    column_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL)
    span_start: Mapped[int] = mapped_column(sa.Integer, nullable=False, info=NOT_PERSONAL)
    span_end: Mapped[int] = mapped_column(sa.Integer, nullable=False, info=NOT_PERSONAL)
    text_kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=NOT_PERSONAL)
    third_party_id: Mapped[str | None] = mapped_column(
        sa.String(48), info=PERSON | {"description": "the person or professional the text names"}
    )
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, info=NOT_PERSONAL)
    exemption_id: Mapped[str] = mapped_column(
        sa.String(40), nullable=False, default="third_party", info=NOT_PERSONAL
    )
    decision: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="pending", info=NOT_PERSONAL
    )
    reviewed_by: Mapped[str | None] = _staff(nullable=True)
    reviewed_at: Mapped[dt.datetime | None] = _stamp(nullable=True)


class ExemptionApplied(Base):
    """An exemption from the register relied on in answering a request, and why."""

    __tablename__ = "exemption_applied"
    __table_args__ = {"info": RIGHTS}

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    request_id: Mapped[int] = _request_ref()
    exemption_id: Mapped[str] = mapped_column(sa.String(40), nullable=False, info=NOT_PERSONAL)
    scope: Mapped[str] = mapped_column(sa.Text, nullable=False, info=PERSON)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, info=ANY_VALUE)
    decided_by: Mapped[str] = _staff()
    decided_at: Mapped[dt.datetime] = _stamp()


class Correction(Base):
    """A proposed rectification of one value, its approval and application, and whether a
    statutory return already sent must be resubmitted."""

    __tablename__ = "correction"
    __table_args__ = (
        sa.CheckConstraint(
            "NOT resubmit OR (resubmit_return IS NOT NULL AND resubmit_year IS NOT NULL)",
            name="resubmission_named",
        ),
        sa.CheckConstraint(
            "applied_at IS NULL OR approved_by IS NOT NULL", name="applied_after_approval"
        ),
        {"info": RIGHTS},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    request_id: Mapped[int | None] = _request_ref(nullable=True, ondelete="SET NULL")
    table_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL)
    row_id: Mapped[str] = mapped_column(sa.String(48), nullable=False, info=NOT_PERSONAL)
    column_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL)
    old_value: Mapped[str | None] = mapped_column(sa.Text, info=ANY_VALUE)
    new_value: Mapped[str | None] = mapped_column(sa.Text, info=ANY_VALUE)
    proposed_by: Mapped[str] = _staff()
    proposed_at: Mapped[dt.datetime] = _stamp()
    approved_by: Mapped[str | None] = _staff(nullable=True)
    approved_at: Mapped[dt.datetime | None] = _stamp(nullable=True)
    applied_at: Mapped[dt.datetime | None] = _stamp(nullable=True)
    resubmit: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=False, info=NOT_PERSONAL
    )
    resubmit_return: Mapped[str | None] = mapped_column(
        sa.String(20), info=NOT_PERSONAL | {"description": "cin_census or ssda903"}
    )
    resubmit_year: Mapped[int | None] = mapped_column(sa.Integer, info=NOT_PERSONAL)


class Tombstone(Base):
    """Where an erased row was: table, id, whose, when and under what. No content."""

    __tablename__ = "tombstone"
    __table_args__ = {"info": AUDIT}

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    table_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL)
    row_id: Mapped[str] = mapped_column(sa.String(48), nullable=False, info=NOT_PERSONAL)
    person_id: Mapped[str | None] = mapped_column(sa.String(48), index=True, info=PERSON)
    erased_at: Mapped[dt.datetime] = _stamp()
    request_id: Mapped[int | None] = _request_ref(nullable=True, ondelete="SET NULL")
    rule: Mapped[str | None] = mapped_column(
        sa.String(100), info=NOT_PERSONAL | {"description": "the retention class, if any"}
    )


class DestructionRecord(Base):
    """A line of a destruction certificate: what kind of record, which ids, when, under which
    rule and statute, by whom."""

    __tablename__ = "destruction_record"
    __table_args__ = {"info": AUDIT}

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    record_kind: Mapped[str] = mapped_column(sa.String(40), nullable=False, info=NOT_PERSONAL)
    table_name: Mapped[str] = mapped_column(sa.String(64), nullable=False, info=NOT_PERSONAL)
    row_ids: Mapped[str] = mapped_column(
        sa.Text, nullable=False, info=NOT_PERSONAL | {"description": "JSON list of row ids"}
    )
    destroyed_at: Mapped[dt.datetime] = _stamp()
    rule: Mapped[str] = mapped_column(sa.String(100), nullable=False, info=NOT_PERSONAL)
    statute: Mapped[str] = mapped_column(sa.Text, nullable=False, info=NOT_PERSONAL)
    destroyed_by: Mapped[str] = _staff()
    request_id: Mapped[int | None] = _request_ref(nullable=True, ondelete="SET NULL")


class LegalHold(Base):
    """A hold that stops destruction of a person's record, or of one record, while an inquiry or
    litigation needs it."""

    __tablename__ = "legal_hold"
    __table_args__ = (
        _in("scope", ("person", "record")),
        _in("reason_kind", ("inquiry", "litigation", "other")),
        sa.CheckConstraint(
            "(scope = 'person' AND person_id IS NOT NULL) OR "
            "(scope = 'record' AND table_name IS NOT NULL AND row_id IS NOT NULL)",
            name="scope_named",
        ),
        sa.CheckConstraint("lifted_on IS NULL OR lifted_on >= placed_on", name="dates"),
        sa.CheckConstraint("(lifted_on IS NULL) = (lifted_by IS NULL)", name="lifted_by"),
        {"info": RIGHTS},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    scope: Mapped[str] = mapped_column(sa.String(10), nullable=False, info=NOT_PERSONAL)
    person_id: Mapped[str | None] = mapped_column(sa.String(48), index=True, info=PERSON)
    table_name: Mapped[str | None] = mapped_column(sa.String(64), info=NOT_PERSONAL)
    row_id: Mapped[str | None] = mapped_column(sa.String(48), info=NOT_PERSONAL)
    reason_kind: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=NOT_PERSONAL)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, info=NOT_PERSONAL)
    placed_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, info=NOT_PERSONAL)
    placed_by: Mapped[str] = _staff()
    lifted_on: Mapped[dt.date | None] = mapped_column(sa.Date, info=NOT_PERSONAL)
    lifted_by: Mapped[str | None] = _staff(nullable=True)


class Objection(Base):
    """An objection to processing (Article 21): the purposes it concerns and the decision."""

    __tablename__ = "objection"
    __table_args__ = (
        _in("decision", ("pending", "upheld", "refused")),
        {"info": RIGHTS},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    request_id: Mapped[int] = _request_ref()
    purposes: Mapped[str] = mapped_column(
        sa.Text, nullable=False, info=NOT_PERSONAL | {"description": "JSON list of purpose ids"}
    )
    decision: Mapped[str] = mapped_column(
        sa.String(10), nullable=False, default="pending", info=NOT_PERSONAL
    )
    grounds: Mapped[str | None] = mapped_column(
        sa.Text, info=ANY_VALUE | {"description": "compelling legitimate grounds, or why upheld"}
    )
    decided_by: Mapped[str | None] = _staff(nullable=True)
    decided_on: Mapped[dt.date | None] = mapped_column(sa.Date, info=NOT_PERSONAL)
