"""The right to restriction of processing (UK GDPR Article 18).

Restricting marks the person in the gate's ``processing_restriction`` table: while it is in force
the gate lets their data be used only for storage, legal claims and the Data Protection
Officer's own work (:data:`safehold.access.RESTRICTION_EXEMPT`); everyone else's reads leave
them out and their changes are refused. Article 18(3) says the person must be told before a
restriction is lifted, so lifting records when and how they were told (``restriction_lift``),
and refuses a telling dated after the lifting.

This module also declares the ``restriction_lift`` table (migration 0004); it imports nothing
that needs the store, so the record's metadata can import it.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from safehold.access.models import ProcessingRestriction
from safehold.record.base import Base, utcnow

if TYPE_CHECKING:
    from safehold.access import Gate

NOT_PERSONAL = {"personal": False}
PERSON = {"personal": True, "category": "personal_details", "special": False}
STAFF = {"personal": True, "category": "workforce", "special": False}
TOLD_METHODS = ("letter", "email", "phone", "in_person")


class RestrictionLift(Base):
    """The lifting of a restriction, and when and how the person was told beforehand."""

    __tablename__ = "restriction_lift"
    __table_args__ = (
        sa.CheckConstraint("told_on <= lifted_on", name="told_before_lifting"),
        sa.CheckConstraint(
            "told_method IN (" + ", ".join(f"'{m}'" for m in TOLD_METHODS) + ")",
            name="told_method",
        ),
        {"info": {"record_kind": "rights_request"}},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    restriction_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("processing_restriction.id", ondelete="CASCADE"),
        nullable=False,
        unique=True,
        info=NOT_PERSONAL,
    )
    person_id: Mapped[str] = mapped_column(sa.String(48), nullable=False, index=True, info=PERSON)
    lifted_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, info=NOT_PERSONAL)
    told_on: Mapped[dt.date] = mapped_column(sa.Date, nullable=False, info=NOT_PERSONAL)
    told_method: Mapped[str] = mapped_column(sa.String(20), nullable=False, info=NOT_PERSONAL)
    lifted_by: Mapped[str] = mapped_column(sa.String(100), nullable=False, info=STAFF)
    recorded_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow, info=NOT_PERSONAL
    )


class RestrictionError(ValueError):
    """A restriction cannot be placed or lifted as asked; the message says why."""


#: Placing and lifting restrictions is the DPO's own work.
PURPOSE = "data_protection"


def _dpo_only(gate: Gate, action: str) -> None:
    if gate.purpose != PURPOSE:
        raise RestrictionError(
            f"{action} is the Data Protection Officer's work: act for the purpose {PURPOSE}, "
            f"not {gate.purpose}"
        )


@dataclass(frozen=True)
class Restriction:
    id: int
    person_id: str
    reason: str
    started_at: dt.datetime
    lifted_at: dt.datetime | None
    request_reference: str | None


def _view(row: ProcessingRestriction) -> Restriction:
    return Restriction(
        row.id, row.person_id, row.reason, row.started_at, row.lifted_at, row.request_reference
    )


def restrict(
    gate: Gate, person_id: str, reason: str, *, request_id: int | None = None
) -> Restriction:
    """Restrict processing of ``person_id``'s data (at most one restriction in force)."""
    _dpo_only(gate, "restricting processing")
    if not person_id.strip():
        raise RestrictionError("name the person whose processing is to be restricted")
    if not reason.strip():
        raise RestrictionError(
            "a restriction needs a reason (accuracy contested, objection being considered, ...)"
        )
    with gate.session() as session:
        current = session.scalars(
            sa.select(ProcessingRestriction).where(
                ProcessingRestriction.person_id == person_id,
                ProcessingRestriction.lifted_at.is_(None),
            )
        ).first()
        if current is not None:
            raise RestrictionError(
                f"processing of {person_id}'s data is already restricted (restriction "
                f"{current.id}, since {current.started_at:%Y-%m-%d})"
            )
        row = ProcessingRestriction(
            person_id=person_id.strip(),
            reason=reason.strip(),
            request_reference=None if request_id is None else f"request {request_id}",
        )
        session.add(row)
        session.flush()
        return _view(row)


def lift_restriction(
    gate: Gate, person_id: str, *, lifted_on: dt.date, told_on: dt.date, told_method: str
) -> Restriction:
    """Lift the restriction in force on ``person_id``, recording that they were told first."""
    _dpo_only(gate, "lifting a restriction")
    if told_method not in TOLD_METHODS:
        raise RestrictionError(
            f"told by {told_method!r}: expected one of {', '.join(TOLD_METHODS)}"
        )
    if told_on > lifted_on:
        raise RestrictionError(
            f"the person must be told before the restriction is lifted (Article 18(3)): told "
            f"on {told_on}, lifted on {lifted_on}"
        )
    with gate.session() as session:
        row = session.scalars(
            sa.select(ProcessingRestriction).where(
                ProcessingRestriction.person_id == person_id,
                ProcessingRestriction.lifted_at.is_(None),
            )
        ).first()
        if row is None:
            raise RestrictionError(f"processing of {person_id}'s data is not restricted")
        started_at = row.started_at
        if started_at.tzinfo is None:  # SQLite hands back naive UTC
            started_at = started_at.replace(tzinfo=dt.UTC)
        if lifted_on < started_at.date():
            raise RestrictionError(
                f"restriction {row.id} started on {started_at.date()}: it cannot be lifted on "
                f"{lifted_on}"
            )
        row.lifted_at = max(dt.datetime.combine(lifted_on, dt.time(), tzinfo=dt.UTC), started_at)
        session.add(
            RestrictionLift(
                restriction_id=row.id,
                person_id=person_id,
                lifted_on=lifted_on,
                told_on=told_on,
                told_method=told_method,
                lifted_by=gate.user.username,
            )
        )
        session.flush()
        return _view(row)


def restrictions(gate: Gate, person_id: str) -> list[Restriction]:
    """Every restriction placed on ``person_id``, oldest first."""
    with gate.session() as session:
        rows = session.scalars(
            sa.select(ProcessingRestriction)
            .where(ProcessingRestriction.person_id == person_id)
            .order_by(ProcessingRestriction.started_at, ProcessingRestriction.id)
        ).all()
        return [_view(r) for r in rows]
