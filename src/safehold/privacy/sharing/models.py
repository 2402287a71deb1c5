"""The sharing log's tables: a disclosure (to whom, why, under which law, what, which
categories, by whom) and the people each disclosure was about.

Like the audit trail, the log is the record of what was done, kept as long as the trail is
(retention class ``audit_event``), and outlives erasure of the record it describes: the person
column has no foreign key to ``person`` and is marked as the row's subject so the gate still
knows whose row it is.
"""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped, mapped_column

from safehold.record.base import Base, utcnow

NOT_PERSONAL = {"personal": False}
STAFF = {"personal": True, "category": "workforce", "special": False}
LOG = {"record_kind": "audit_event"}


class Disclosure(Base):
    """One disclosure to a recipient of the register, for one of its purposes."""

    __tablename__ = "disclosure"
    __table_args__ = {"info": LOG}

    id: Mapped[int] = mapped_column(sa.Integer, primary_key=True, info=NOT_PERSONAL)
    disclosed_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), nullable=False, default=utcnow, index=True, info=NOT_PERSONAL
    )
    recipient: Mapped[str] = mapped_column(
        sa.String(40),
        nullable=False,
        index=True,
        info=NOT_PERSONAL | {"description": "a recipient id of the register"},
    )
    purpose: Mapped[str] = mapped_column(
        sa.String(40),
        nullable=False,
        info=NOT_PERSONAL | {"description": "a purpose id of the register"},
    )
    gateway: Mapped[str] = mapped_column(
        sa.Text, nullable=False, info=NOT_PERSONAL | {"description": "the law allowing it"}
    )
    what: Mapped[str] = mapped_column(
        sa.String(200),
        nullable=False,
        info=NOT_PERSONAL | {"description": "what was shared: 'SSDA903 return 2025/26'"},
    )
    categories: Mapped[str] = mapped_column(
        sa.Text,
        nullable=False,
        info=NOT_PERSONAL | {"description": "JSON list of register category ids"},
    )
    disclosed_by: Mapped[str] = mapped_column(sa.String(100), nullable=False, info=STAFF)


class DisclosurePerson(Base):
    """A person a disclosure was about (by id only)."""

    __tablename__ = "disclosure_person"
    __table_args__ = {"info": LOG}

    disclosure_id: Mapped[int] = mapped_column(
        sa.Integer,
        sa.ForeignKey("disclosure.id", ondelete="CASCADE"),
        primary_key=True,
        info=NOT_PERSONAL,
    )
    person_id: Mapped[str] = mapped_column(
        sa.String(48),
        primary_key=True,
        index=True,
        info={"personal": True, "category": "personal_details", "special": False, "subject": True},
    )
