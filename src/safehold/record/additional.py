"""The notice's "additional information": medical information, special educational needs
(SEN support and EHC plans), behavioural and support information, and free-text case notes."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import date, person_ref, row_id, row_ref, text

MED = "medical"
SEN = "special_educational_needs"
BEH = "behavioural_support"


class MedicalInformation(Provenance, Base):
    __tablename__ = "medical_information"
    __table_args__ = {"info": {"record_kind": "case_record"}}

    id: Mapped[str] = row_id()
    person_id: Mapped[str] = person_ref()
    recorded_date: Mapped[dt.date | None] = date(MED, special=True)
    condition: Mapped[str | None] = text(MED, 255, special=True)
    details: Mapped[str | None] = text(MED, None, special=True)
    medication: Mapped[str | None] = text(MED, 255, special=True)


class BehaviourSupport(Provenance, Base):
    __tablename__ = "behaviour_support"
    __table_args__ = {"info": {"record_kind": "case_record"}}

    id: Mapped[str] = row_id()
    person_id: Mapped[str] = person_ref()
    recorded_date: Mapped[dt.date | None] = date(BEH, special=True)
    kind: Mapped[str | None] = text(
        BEH, 100, special=True, doc="behaviour, support need, intervention"
    )
    details: Mapped[str | None] = text(BEH, None, special=True)


class CaseNote(Provenance, Base):
    """A free-text case note. Notes mention other people, so subject access packs scan them for
    third parties before anything is disclosed."""

    __tablename__ = "case_note"
    __table_args__ = {"info": {"record_kind": "case_record"}}

    id: Mapped[str] = row_id()
    person_id: Mapped[str] = person_ref()
    note_date: Mapped[dt.date] = date("personal_details", nullable=False)
    author_id: Mapped[str | None] = row_ref("professional.id", ondelete="SET NULL")
    subject: Mapped[str | None] = text("personal_details", 200)
    # Notes record the social work with the child, so they fall in the child in need category,
    # which the register treats as special category data (notes speak of health, abuse, drugs).
    body: Mapped[str] = text("child_in_need", None, special=True, nullable=False,
                             doc="free text; may contain special category and third-party data")  # fmt: skip


class SendRecord(Provenance, Base):
    __tablename__ = "send_record"
    __table_args__ = {"info": {"record_kind": "send_record"}}

    id: Mapped[str] = row_id(ssd="ssd_send.send_table_id")
    upn: Mapped[str | None] = text(SEN, 48, ssd="ssd_send.send_upn")
    uln: Mapped[str | None] = text(SEN, 48, ssd="ssd_send.send_uln")
    upn_unknown: Mapped[str | None] = text(SEN, 6, ssd="ssd_send.send_upn_unknown")
    person_id: Mapped[str] = person_ref(ssd="ssd_send.send_person_id")


class EhcpRequest(Provenance, Base):
    __tablename__ = "ehcp_request"
    __table_args__ = {"info": {"record_kind": "send_record"}}

    id: Mapped[str] = row_id(ssd="ssd_ehcp_requests.ehcr_ehcp_request_id")
    send_id: Mapped[str | None] = row_ref(
        "send_record.id", ssd="ssd_ehcp_requests.ehcr_send_table_id"
    )
    request_date: Mapped[dt.date | None] = date(
        SEN, special=True, ssd="ssd_ehcp_requests.ehcr_ehcp_req_date"
    )
    outcome_date: Mapped[dt.date | None] = date(
        SEN, special=True, ssd="ssd_ehcp_requests.ehcr_ehcp_req_outcome_date"
    )
    outcome: Mapped[str | None] = text(
        SEN, 100, special=True, ssd="ssd_ehcp_requests.ehcr_ehcp_req_outcome"
    )


class EhcpAssessment(Provenance, Base):
    __tablename__ = "ehcp_assessment"
    __table_args__ = {"info": {"record_kind": "send_record"}}

    id: Mapped[str] = row_id(ssd="ssd_ehcp_assessment.ehca_ehcp_assessment_id")
    request_id: Mapped[str | None] = row_ref(
        "ehcp_request.id", ssd="ssd_ehcp_assessment.ehca_ehcp_request_id"
    )
    outcome_date: Mapped[dt.date | None] = date(
        SEN, special=True, ssd="ssd_ehcp_assessment.ehca_ehcp_assessment_outcome_date"
    )
    outcome: Mapped[str | None] = text(
        SEN, 100, special=True, ssd="ssd_ehcp_assessment.ehca_ehcp_assessment_outcome"
    )
    exceptions: Mapped[str | None] = text(
        SEN, 100, special=True, ssd="ssd_ehcp_assessment.ehca_ehcp_assessment_exceptions"
    )


class EhcpNamedPlan(Provenance, Base):
    __tablename__ = "ehcp_named_plan"
    __table_args__ = {"info": {"record_kind": "send_record"}}

    id: Mapped[str] = row_id(ssd="ssd_ehcp_named_plan.ehcn_named_plan_id")
    assessment_id: Mapped[str | None] = row_ref(
        "ehcp_assessment.id", ssd="ssd_ehcp_named_plan.ehcn_ehcp_asmt_id"
    )
    start_date: Mapped[dt.date | None] = date(
        SEN, special=True, ssd="ssd_ehcp_named_plan.ehcn_named_plan_start_date"
    )
    ceased_date: Mapped[dt.date | None] = date(
        SEN, special=True, ssd="ssd_ehcp_named_plan.ehcn_named_plan_ceased_date"
    )
    ceased_reason: Mapped[str | None] = text(
        SEN, 100, special=True, ssd="ssd_ehcp_named_plan.ehcn_named_plan_ceased_reason"
    )


class EhcpActivePlan(Provenance, Base):
    __tablename__ = "ehcp_active_plan"
    __table_args__ = {"info": {"record_kind": "send_record"}}

    id: Mapped[str] = row_id(ssd="ssd_ehcp_active_plans.ehcp_active_ehcp_id")
    request_id: Mapped[str | None] = row_ref(
        "ehcp_request.id", ssd="ssd_ehcp_active_plans.ehcp_ehcp_request_id"
    )
    last_review_date: Mapped[dt.date | None] = date(
        SEN, special=True, ssd="ssd_ehcp_active_plans.ehcp_active_ehcp_last_review_date"
    )


class SenNeed(Provenance, Base):
    __tablename__ = "sen_need"
    __table_args__ = (
        sa.CheckConstraint("need_rank IS NULL OR need_rank IN ('1', '2')", name="rank"),
        {"info": {"record_kind": "send_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_sen_need.senn_table_id")
    active_plan_id: Mapped[str | None] = row_ref(
        "ehcp_active_plan.id", ssd="ssd_sen_need.senn_active_ehcp_id"
    )
    need_type: Mapped[str | None] = text(
        SEN, 100, special=True, ssd="ssd_sen_need.senn_active_ehcp_need_type"
    )
    need_rank: Mapped[str | None] = text(
        SEN, 1, special=True, ssd="ssd_sen_need.senn_active_ehcp_need_rank"
    )
