"""The gate's tables: user accounts, and restrictions of processing on a person."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from safehold.record.base import Base, utcnow

NOT_PERSONAL = {"personal": False}
STAFF = {"personal": True, "category": "workforce", "special": False}
PERSON = {"personal": True, "category": "personal_details", "special": False}


class UserAccount(Base):
    """Someone who may use Safehold, and the one role they act in."""

    __tablename__ = "user_account"
    __table_args__ = {"info": {"record_kind": "workforce_record"}}

    username: Mapped[str] = mapped_column(sa.String(100), primary_key=True, info=STAFF)
    display_name: Mapped[str] = mapped_column(sa.String(200), nullable=False, info=STAFF)
    role: Mapped[str] = mapped_column(sa.String(40), nullable=False, info=NOT_PERSONAL)
    active: Mapped[bool] = mapped_column(
        sa.Boolean, nullable=False, default=True, info=NOT_PERSONAL
    )
    created_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow, info=NOT_PERSONAL
    )
    created_by: Mapped[str] = mapped_column(sa.String(100), nullable=False, info=STAFF)


class ProcessingRestriction(Base):
    """A restriction of processing on a person (UK GDPR Article 18): while it is in force
    (``lifted_at`` is null) the gate allows only storage, legal claims and the DPO's own work on
    that person's data. No foreign key to ``person``: a restriction may be recorded for a person
    whose record arrives later."""

    __tablename__ = "processing_restriction"
    __table_args__ = (
        sa.CheckConstraint("lifted_at IS NULL OR lifted_at >= started_at", name="dates"),
        {"info": {"record_kind": "rights_request"}},
    )

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    person_id: Mapped[str] = mapped_column(sa.String(48), nullable=False, index=True, info=PERSON)
    reason: Mapped[str] = mapped_column(sa.Text, nullable=False, info=PERSON)
    started_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow, info=NOT_PERSONAL
    )
    lifted_at: Mapped[dt.datetime | None] = mapped_column(
        sa.DateTime(timezone=True), nullable=True, info=NOT_PERSONAL
    )
    request_reference: Mapped[str | None] = mapped_column(
        sa.String(100), nullable=True, info=NOT_PERSONAL
    )
