"""Outcomes for looked-after children: health, dental and development checks, immunisations,
health assessments, SDQ scores, substance misuse and interventions, convictions."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import code, date, flag, integer, person_ref, row_id, text

OUT = "outcomes"
HEALTH_CHECK_TYPES = ("health_check", "dental_check", "health_assessment", "development_check")


class Conviction(Provenance, Base):
    __tablename__ = "conviction"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cla_convictions.clac_cla_conviction_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_convictions.clac_person_id")
    offence_date: Mapped[dt.date | None] = date(
        OUT,
        special=True,
        ssd="ssd_cla_convictions.clac_cla_conviction_date",
        dfe="SSDA903 OC2.CONVICTED",
    )
    offence: Mapped[str | None] = text(
        OUT, 1000, special=True, ssd="ssd_cla_convictions.clac_cla_conviction_offence"
    )


class HealthCheck(Provenance, Base):
    """A health check, dental check, development check or statutory health assessment."""

    __tablename__ = "health_check"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cla_health.clah_health_check_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_health.clah_person_id")
    check_type: Mapped[str | None] = text(
        OUT,
        500,
        special=True,
        ssd="ssd_cla_health.clah_health_check_type",
        dfe="SSDA903 OC2.HEALTH_CHECK, TEETH_CHECK, HEALTH_ASSESSMENT",
    )
    check_date: Mapped[dt.date | None] = date(
        OUT, special=True, ssd="ssd_cla_health.clah_health_check_date"
    )
    status: Mapped[str | None] = text(
        OUT, 48, special=True, ssd="ssd_cla_health.clah_health_check_status"
    )


class Immunisation(Provenance, Base):
    __tablename__ = "immunisation"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id()
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_immunisations.clai_person_id")
    up_to_date: Mapped[bool | None] = flag(
        OUT,
        special=True,
        ssd="ssd_cla_immunisations.clai_immunisations_status",
        dfe="SSDA903 OC2.IMMUNISATIONS",
    )
    status_date: Mapped[dt.date | None] = date(
        OUT, special=True, ssd="ssd_cla_immunisations.clai_immunisations_status_date"
    )


class SubstanceMisuse(Provenance, Base):
    __tablename__ = "substance_misuse"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cla_substance_misuse.clas_substance_misuse_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_substance_misuse.clas_person_id")
    identified_date: Mapped[dt.date | None] = date(
        OUT, special=True, ssd="ssd_cla_substance_misuse.clas_substance_misuse_date"
    )
    substance: Mapped[str | None] = text(
        OUT,
        100,
        special=True,
        ssd="ssd_cla_substance_misuse.clas_substance_misused",
        dfe="SSDA903 OC2.SUBSTANCE_MISUSE",
    )
    intervention_received: Mapped[bool | None] = flag(
        OUT,
        special=True,
        ssd="ssd_cla_substance_misuse.clas_intervention_received",
        dfe="SSDA903 OC2.INTERVENTION_RECEIVED",
    )
    intervention_offered: Mapped[bool | None] = flag(
        OUT, special=True, dfe="SSDA903 OC2.INTERVENTION_OFFERED"
    )


class SdqScore(Provenance, Base):
    """A Strengths and Difficulties Questionnaire score, or the reason there is none."""

    __tablename__ = "sdq_score"
    __table_args__ = (
        sa.CheckConstraint("score IS NULL OR (score >= 0 AND score <= 40)", name="score_range"),
        {"info": {"record_kind": "looked_after_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_sdq_scores.csdq_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_sdq_scores.csdq_person_id")
    completed_date: Mapped[dt.date | None] = date(
        OUT, special=True, ssd="ssd_sdq_scores.csdq_sdq_completed_date"
    )
    reason: Mapped[str | None] = code(
        "sdq_reason",
        OUT,
        special=True,
        ssd="ssd_sdq_scores.csdq_sdq_reason",
        dfe="SSDA903 OC2.SDQ_REASON",
    )
    score: Mapped[int | None] = integer(
        OUT, special=True, ssd="ssd_sdq_scores.csdq_sdq_score", dfe="SSDA903 OC2.SDQ_SCORE"
    )
