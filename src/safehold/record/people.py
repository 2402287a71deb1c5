"""People: children, and parents and carers as people in their own right, and what identifies them."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import (
    code,
    date,
    flag,
    json_data,
    person_ref,
    row_id,
    text,
)

PD = "personal_details"
CH = "characteristics"


class Person(Provenance, Base):
    """A child, or an adult in a child's life (mother, father, carer). The id is the LA's own
    person id: for a child it is the LAchildID / CHILD of the returns."""

    __tablename__ = "person"
    __table_args__ = (
        sa.CheckConstraint("kind IN ('child', 'adult')", name="kind"),
        sa.CheckConstraint(
            "death_date IS NULL OR date_of_birth IS NULL OR death_date >= date_of_birth",
            name="death_after_birth",
        ),
        {"info": {"record_kind": "person_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_person.pers_person_id")
    kind: Mapped[str] = text(PD, 10, nullable=False, doc="child, or adult (parent or carer)")
    forename: Mapped[str | None] = text(PD, ssd="ssd_person.pers_forename")
    surname: Mapped[str | None] = text(PD, ssd="ssd_person.pers_surname")
    sex: Mapped[str | None] = code(
        "sex", CH, ssd="ssd_person.pers_sex", dfe="CIN Sex; SSDA903 Header.SEX", doc="M, F or U"
    )
    gender: Mapped[str | None] = text(CH, 20, ssd="ssd_person.pers_gender")
    ethnicity: Mapped[str | None] = code(
        "ethnicity",
        CH,
        special=True,
        ssd="ssd_person.pers_ethnicity",
        dfe="CIN Ethnicity; SSDA903 Header.ETHNIC",
    )
    date_of_birth: Mapped[dt.date | None] = date(
        PD, ssd="ssd_person.pers_dob", dfe="CIN PersonBirthDate; SSDA903 DOB"
    )
    expected_date_of_birth: Mapped[dt.date | None] = date(
        PD, ssd="ssd_person.pers_expected_dob", dfe="CIN ExpectedPersonBirthDate"
    )
    death_date: Mapped[dt.date | None] = date(
        PD, ssd="ssd_person.pers_death_date", dfe="CIN PersonDeathDate"
    )
    nhs_number: Mapped[str | None] = text(
        PD, 48, ssd="ssd_person.pers_common_child_id", doc="NHS number (the common child id)"
    )
    legacy_id: Mapped[str | None] = text(PD, 48, ssd="ssd_person.pers_legacy_id")
    upn: Mapped[str | None] = text(PD, 13, ssd="ssd_person.pers_upn", dfe="CIN UPN; SSDA903 UPN")
    former_upn: Mapped[str | None] = text(PD, 13, dfe="CIN FormerUPN")
    upn_unknown: Mapped[str | None] = code(
        "upn_unknown_cin", PD, ssd="ssd_person.pers_upn_unknown", dfe="CIN UPNunknown"
    )
    send_flag: Mapped[str | None] = text(
        "special_educational_needs", 1, special=True, ssd="ssd_person.pers_send_flag"
    )
    is_mother: Mapped[bool | None] = flag(CH, ssd="ssd_person.pers_is_mother", dfe="SSDA903 MOTHER")
    nationality: Mapped[str | None] = text(CH, 48, ssd="ssd_person.pers_nationality")


class Family(Provenance, Base):
    """A family group a person belongs to."""

    __tablename__ = "family"
    __table_args__ = {"info": {"record_kind": "person_record"}}

    id: Mapped[str] = row_id(ssd="ssd_family.fami_table_id")
    family_id: Mapped[str] = text(PD, 48, nullable=False, ssd="ssd_family.fami_family_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_family.fami_person_id")


class Relationship(Provenance, Base):
    """How an adult (or another child) is related to a child, and who holds parental
    responsibility. The SSD has no such table: this is what lets parents and carers be people
    in their own right, and lets redaction find third parties."""

    __tablename__ = "relationship"
    __table_args__ = (
        sa.CheckConstraint(
            "relationship IN ('mother', 'father', 'step_parent', 'grandparent', 'sibling', "
            "'other_relative', 'foster_carer', 'carer', 'friend', 'other')",
            name="relationship",
        ),
        sa.CheckConstraint("child_id <> related_person_id", name="not_self"),
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="dates"),
        {"info": {"record_kind": "person_record"}},
    )  # fmt: skip

    id: Mapped[str] = row_id()
    child_id: Mapped[str] = person_ref()
    related_person_id: Mapped[str] = person_ref()
    relationship: Mapped[str] = text(PD, 20, nullable=False)
    parental_responsibility: Mapped[bool | None] = flag(PD)
    lives_with_child: Mapped[bool | None] = flag(PD)
    start_date: Mapped[dt.date | None] = date(PD)
    end_date: Mapped[dt.date | None] = date(PD)


class Address(Provenance, Base):
    __tablename__ = "address"
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="dates"),
        {"info": {"record_kind": "person_record"}},
    )  # fmt: skip

    id: Mapped[str] = row_id(ssd="ssd_address.addr_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_address.addr_person_id")
    lines: Mapped[object] = json_data(
        PD, ssd="ssd_address.addr_address_json", doc="address lines, town, as JSON"
    )
    address_type: Mapped[str | None] = text(PD, 48, ssd="ssd_address.addr_address_type")
    start_date: Mapped[dt.date | None] = date(PD, ssd="ssd_address.addr_address_start_date")
    end_date: Mapped[dt.date | None] = date(PD, ssd="ssd_address.addr_address_end_date")
    postcode: Mapped[str | None] = text(
        PD, 15, ssd="ssd_address.addr_address_postcode", dfe="SSDA903 HOME_POST"
    )


class Disability(Provenance, Base):
    __tablename__ = "disability"
    __table_args__ = (
        sa.UniqueConstraint("person_id", "code", name="person_code"),
        {"info": {"record_kind": "person_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_disability.disa_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_disability.disa_person_id")
    code: Mapped[str] = code(
        "disability",
        CH,
        special=True,
        ssd="ssd_disability.disa_disability_code",
        dfe="CIN Disability",
        nullable=False,
    )


class ImmigrationStatus(Provenance, Base):
    """Immigration status, including unaccompanied asylum-seeking child (UASC) status."""

    __tablename__ = "immigration_status"
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="dates"),
        {"info": {"record_kind": "person_record"}},
    )  # fmt: skip

    id: Mapped[str] = row_id(ssd="ssd_immigration_status.immi_immigration_status_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_immigration_status.immi_person_id")
    status: Mapped[str | None] = text(
        CH,
        48,
        ssd="ssd_immigration_status.immi_immigration_status",
        doc="UASC for an unaccompanied asylum-seeking child; otherwise the status as recorded",
    )
    start_date: Mapped[dt.date | None] = date(
        CH, ssd="ssd_immigration_status.immi_immigration_status_start_date"
    )
    end_date: Mapped[dt.date | None] = date(
        CH, ssd="ssd_immigration_status.immi_immigration_status_end_date", dfe="SSDA903 UASC.DUC"
    )


class MotherChild(Provenance, Base):
    """A looked-after young person who is a mother, and her child (SSDA903 MOTHER, MC_DOB)."""

    __tablename__ = "mother_child"
    __table_args__ = {"info": {"record_kind": "person_record"}}

    id: Mapped[str] = row_id(ssd="ssd_mother.moth_table_id")
    mother_id: Mapped[str] = person_ref(ssd="ssd_mother.moth_person_id")
    child_id: Mapped[str | None] = person_ref(ssd="ssd_mother.moth_childs_person_id", nullable=True)
    child_date_of_birth: Mapped[dt.date | None] = date(
        PD, ssd="ssd_mother.moth_childs_dob", dfe="SSDA903 MC_DOB"
    )


class LinkedIdentifier(Provenance, Base):
    """Other identifiers: case numbers, former UPNs, Home Office, NI, YOT, court case numbers."""

    __tablename__ = "linked_identifier"
    __table_args__ = {"info": {"record_kind": "person_record"}}

    id: Mapped[str] = row_id(ssd="ssd_linked_identifiers.link_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_linked_identifiers.link_person_id")
    identifier_type: Mapped[str | None] = text(
        PD, 100, ssd="ssd_linked_identifiers.link_identifier_type"
    )
    value: Mapped[str | None] = text(PD, 100, ssd="ssd_linked_identifiers.link_identifier_value")
    valid_from: Mapped[dt.date | None] = date(PD, ssd="ssd_linked_identifiers.link_valid_from_date")
    valid_to: Mapped[dt.date | None] = date(PD, ssd="ssd_linked_identifiers.link_valid_to_date")


__all__ = [
    "Address",
    "Disability",
    "Family",
    "ImmigrationStatus",
    "LinkedIdentifier",
    "MotherChild",
    "Person",
    "Relationship",
]
