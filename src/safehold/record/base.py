"""The declarative base, and the provenance every row of the record carries."""

from __future__ import annotations

import datetime as dt
import enum

import sqlalchemy as sa
from sqlalchemy.orm import DeclarativeBase, Mapped, declared_attr, mapped_column

from safehold.record.columns import ID_LENGTH

NAMING_CONVENTION = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = sa.MetaData(naming_convention=NAMING_CONVENTION)


class Source(enum.StrEnum):
    """Where a row's information came from: the sources the privacy notice names."""

    REFERRAL = "referral"
    ASSESSMENT = "assessment"
    CASE_MANAGEMENT = "case_management"
    CHILD_OR_FAMILY = "child_or_family"
    SCHOOL = "school"
    HEALTH = "health"
    PARTNER_AGENCY = "partner_agency"


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


NOT_PERSONAL = {"personal": False}


class Provenance:
    """Which source a row came from, by which import or user, and when."""

    @declared_attr
    def source(cls) -> Mapped[str]:
        return mapped_column(
            sa.String(20),
            nullable=False,
            default=Source.CASE_MANAGEMENT.value,
            info=NOT_PERSONAL | {"description": "the source the information came from"},
        )

    @declared_attr
    def import_id(cls) -> Mapped[str | None]:
        return mapped_column(
            sa.String(ID_LENGTH),
            sa.ForeignKey("data_import.id", ondelete="RESTRICT"),
            nullable=True,
            index=True,
            info=NOT_PERSONAL | {"description": "the import that wrote the row, if any"},
        )

    @declared_attr
    def recorded_by(cls) -> Mapped[str]:
        return mapped_column(
            sa.String(100),
            nullable=False,
            info=NOT_PERSONAL | {"description": "the user or import that wrote the row"},
        )

    @declared_attr
    def recorded_at(cls) -> Mapped[dt.datetime]:
        return mapped_column(
            sa.DateTime(timezone=True),
            nullable=False,
            default=utcnow,
            info=NOT_PERSONAL | {"description": "when the row was written"},
        )


class DataImport(Base):
    """One load into the store (an SSD extract, a return, a synthetic authority)."""

    __tablename__ = "data_import"
    __table_args__ = {"info": NOT_PERSONAL | {"description": "loads into the store"}}

    id: Mapped[str] = mapped_column(sa.String(ID_LENGTH), primary_key=True, info=NOT_PERSONAL)
    kind: Mapped[str] = mapped_column(sa.String(40), info=NOT_PERSONAL)
    origin: Mapped[str] = mapped_column(
        sa.String(500), info=NOT_PERSONAL | {"description": "file, folder or generator"}
    )
    started_by: Mapped[str] = mapped_column(sa.String(100), info=NOT_PERSONAL)
    started_at: Mapped[dt.datetime] = mapped_column(
        sa.DateTime(timezone=True), default=utcnow, info=NOT_PERSONAL
    )
    rows: Mapped[int] = mapped_column(sa.Integer, default=0, info=NOT_PERSONAL)


def add_source_checks(metadata: sa.MetaData) -> None:
    """Constrain every table's ``source`` column to the sources the notice names."""
    allowed = ", ".join(f"'{s.value}'" for s in Source)
    for table in metadata.tables.values():
        if "source" in table.c and not any(
            isinstance(c, sa.CheckConstraint) and c.name == "source" for c in table.constraints
        ):
            table.append_constraint(sa.CheckConstraint(f"source IN ({allowed})", name="source"))
