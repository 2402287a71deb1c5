"""Care leavers: contact, whether in touch, activity, accommodation and its suitability,
pathway plan and personal adviser."""

from __future__ import annotations

import datetime as dt

from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import code, date, person_ref, row_id, row_ref, text

CL = "care_leavers"


class CareLeaver(Provenance, Base):
    """A care leaver's position as last recorded (one row per contact around each birthday)."""

    __tablename__ = "care_leaver"
    __table_args__ = {"info": {"record_kind": "care_leaver_record"}}

    id: Mapped[str] = row_id(ssd="ssd_care_leavers.clea_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_care_leavers.clea_person_id")
    eligibility: Mapped[str | None] = text(
        CL, 100, ssd="ssd_care_leavers.clea_care_leaver_eligibility"
    )
    in_touch: Mapped[str | None] = code(
        "care_leaver_in_touch",
        CL,
        ssd="ssd_care_leavers.clea_care_leaver_in_touch",
        dfe="SSDA903 OC3.IN_TOUCH",
    )
    latest_contact_date: Mapped[dt.date | None] = date(
        CL, ssd="ssd_care_leavers.clea_care_leaver_latest_contact"
    )
    accommodation: Mapped[str | None] = code(
        "care_leaver_accommodation",
        CL,
        ssd="ssd_care_leavers.clea_care_leaver_accommodation",
        dfe="SSDA903 OC3.ACCOM",
    )
    accommodation_suitable: Mapped[str | None] = text(
        CL, 100, ssd="ssd_care_leavers.clea_care_leaver_accom_suitable"
    )
    activity: Mapped[str | None] = code(
        "care_leaver_activity",
        CL,
        ssd="ssd_care_leavers.clea_care_leaver_activity",
        dfe="SSDA903 OC3.ACTIV",
    )
    pathway_plan_review_date: Mapped[dt.date | None] = date(
        CL, ssd="ssd_care_leavers.clea_pathway_plan_review_date"
    )
    personal_adviser: Mapped[str | None] = text(
        CL, 100, ssd="ssd_care_leavers.clea_care_leaver_personal_advisor"
    )
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_care_leavers.clea_care_leaver_allocated_team", ondelete="SET NULL"
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_care_leavers.clea_care_leaver_worker_id", ondelete="SET NULL"
    )
