"""Professionals (social workers with their registration ids), teams, and who is involved with
which child. Staff data is covered by the authority's workforce notice, not the children's."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import date, flag, integer, number, person_ref, row_id, row_ref, text

WF = "workforce"


class Department(Provenance, Base):
    __tablename__ = "department"
    __table_args__ = {"info": {"record_kind": "workforce_record"}}

    id: Mapped[str] = row_id(ssd="ssd_department.dept_team_id")
    name: Mapped[str | None] = text(WF, ssd="ssd_department.dept_team_name")
    parent_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_department.dept_team_parent_id", ondelete="SET NULL"
    )
    parent_name: Mapped[str | None] = text(WF, ssd="ssd_department.dept_team_parent_name")


class Professional(Provenance, Base):
    __tablename__ = "professional"
    __table_args__ = {"info": {"record_kind": "workforce_record"}}

    id: Mapped[str] = row_id(ssd="ssd_professionals.prof_professional_id")
    staff_id: Mapped[str | None] = text(WF, 48, ssd="ssd_professionals.prof_staff_id")
    name: Mapped[str | None] = text(WF, 300, ssd="ssd_professionals.prof_professional_name")
    registration_number: Mapped[str | None] = text(
        WF, 48, ssd="ssd_professionals.prof_social_worker_registration_no",
        dfe="SSDA903 SWEpisodes.SW_ID",
        doc="Social Work England registration number",
    )  # fmt: skip
    job_title: Mapped[str | None] = text(
        WF, 500, ssd="ssd_professionals.prof_professional_job_title"
    )
    caseload: Mapped[int | None] = integer(WF, ssd="ssd_professionals.prof_professional_caseload")
    department_name: Mapped[str | None] = text(
        WF, ssd="ssd_professionals.prof_professional_department"
    )
    full_time_equivalent: Mapped[float | None] = number(
        WF, ssd="ssd_professionals.prof_full_time_equivalency"
    )
    agency_worker: Mapped[bool | None] = flag(WF, ssd="ssd_professionals.prof_agency_worker_flag")


class Involvement(Provenance, Base):
    """A professional's involvement with a child: the social worker episodes of the SSDA903."""

    __tablename__ = "involvement"
    __table_args__ = (
        sa.CheckConstraint("end_date IS NULL OR start_date IS NULL OR end_date >= start_date",
                           name="dates"),
        {"info": {"record_kind": "person_record"}},
    )  # fmt: skip

    id: Mapped[str] = row_id(ssd="ssd_involvements.invo_involvements_id")
    professional_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_involvements.invo_professional_id", ondelete="SET NULL"
    )
    role: Mapped[str | None] = text(
        "personal_details", 200, ssd="ssd_involvements.invo_professional_role_id"
    )
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_involvements.invo_professional_team", ondelete="SET NULL"
    )
    start_date: Mapped[dt.date | None] = date(
        "personal_details", ssd="ssd_involvements.invo_involvement_start_date",
        dfe="SSDA903 SW_DECOM",
    )  # fmt: skip
    end_date: Mapped[dt.date | None] = date(
        "personal_details", ssd="ssd_involvements.invo_involvement_end_date", dfe="SSDA903 SW_DEC"
    )
    change_reason: Mapped[str | None] = text(
        "personal_details", 200, ssd="ssd_involvements.invo_worker_change_reason",
        dfe="SSDA903 SW_REASON",
    )  # fmt: skip
    person_id: Mapped[str] = person_ref(ssd="ssd_involvements.invo_person_id")
    referral_id: Mapped[str | None] = text(None, 48, ssd="ssd_involvements.invo_referral_id")
