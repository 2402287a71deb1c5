"""Children looked after: episodes of care, placements, legal statuses, reviews, missing and
away-from-placement episodes, deprivation of liberty orders, care plans and visits."""

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
    number,
    person_ref,
    plain_ref,
    row_id,
    text,
)

LA = "looked_after"


def _dates(start: str, end: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{end} IS NULL OR {start} IS NULL OR {end} >= {start}", name="dates")


class ClaEpisode(Provenance, Base):
    """One SSDA903 episode: a span of care with one legal status and one placement.

    A new episode starts whenever the legal status or the placement changes (``reason_new_episode``
    says which); ``period_id`` groups the episodes of one continuous period of care.
    """

    __tablename__ = "cla_episode"
    __table_args__ = (
        _dates("start_date", "end_date"),
        sa.CheckConstraint("end_reason IS NULL OR end_date IS NOT NULL", name="end_reason_needs_date"),
        {"info": {"record_kind": "looked_after_record"}},
    )  # fmt: skip

    id: Mapped[str] = row_id(ssd="ssd_cla_episodes.clae_cla_episode_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_episodes.clae_person_id", dfe="SSDA903 CHILD")
    start_date: Mapped[dt.date] = date(
        LA, ssd="ssd_cla_episodes.clae_cla_episode_start_date", dfe="SSDA903 DECOM", nullable=False
    )
    reason_new_episode: Mapped[str | None] = code(
        "reason_new_episode",
        LA,
        ssd="ssd_cla_episodes.clae_cla_episode_start_reason",
        dfe="SSDA903 RNE",
    )
    category_of_need: Mapped[str | None] = code(
        "category_of_need", LA, ssd="ssd_cla_episodes.clae_cla_primary_need_code", dfe="SSDA903 CIN"
    )
    end_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_cla_episodes.clae_cla_episode_ceased_date", dfe="SSDA903 DEC"
    )
    end_reason: Mapped[str | None] = code(
        "reason_episode_ceased",
        LA,
        ssd="ssd_cla_episodes.clae_cla_episode_ceased_reason",
        dfe="SSDA903 REC",
    )
    period_id: Mapped[str | None] = text(
        None,
        48,
        ssd="ssd_cla_episodes.clae_cla_id",
        doc="the period of care the episode belongs to",
    )
    referral_id: Mapped[str | None] = plain_ref(ssd="ssd_cla_episodes.clae_referral_id")
    placement_id: Mapped[str | None] = plain_ref(ssd="ssd_cla_episodes.clae_cla_placement_id")
    entered_care_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_cla_episodes.clae_entered_care_date"
    )
    last_iro_contact_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_cla_episodes.clae_cla_last_iro_contact_date"
    )
    legal_status: Mapped[str | None] = code("legal_status", LA, dfe="SSDA903 LS")
    placement_type: Mapped[str | None] = code("placement_type", LA, dfe="SSDA903 PLACE")
    placement_provider: Mapped[str | None] = code(
        "placement_provider", LA, dfe="SSDA903 PLACE_PROVIDER"
    )
    reason_place_change: Mapped[str | None] = code(
        "reason_place_change", LA, dfe="SSDA903 REASON_PLACE_CHANGE"
    )
    home_postcode: Mapped[str | None] = text("personal_details", 15, dfe="SSDA903 HOME_POST")
    placement_postcode: Mapped[str | None] = text(LA, 15, dfe="SSDA903 PL_POST")
    urn: Mapped[str | None] = text(
        LA, 10, dfe="SSDA903 URN", doc="Ofsted URN of the placement; XXXXXXX when it has none"
    )


class ClaPlacement(Provenance, Base):
    __tablename__ = "cla_placement"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "looked_after_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_cla_placement.clap_cla_placement_id")
    start_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_cla_placement.clap_cla_placement_start_date"
    )
    placement_type: Mapped[str | None] = code(
        "placement_type", LA, ssd="ssd_cla_placement.clap_cla_placement_type", dfe="SSDA903 PLACE"
    )
    urn: Mapped[str | None] = text(
        LA, 48, ssd="ssd_cla_placement.clap_cla_placement_urn", dfe="SSDA903 URN"
    )
    distance: Mapped[float | None] = number(LA, ssd="ssd_cla_placement.clap_cla_placement_distance")
    period_id: Mapped[str | None] = text(None, 48, ssd="ssd_cla_placement.clap_cla_id")
    provider: Mapped[str | None] = code(
        "placement_provider",
        LA,
        ssd="ssd_cla_placement.clap_cla_placement_provider",
        dfe="SSDA903 PLACE_PROVIDER",
    )
    postcode: Mapped[str | None] = text(
        LA, 15, ssd="ssd_cla_placement.clap_cla_placement_postcode", dfe="SSDA903 PL_POST"
    )
    end_date: Mapped[dt.date | None] = date(LA, ssd="ssd_cla_placement.clap_cla_placement_end_date")
    change_reason: Mapped[str | None] = code(
        "reason_place_change",
        LA,
        ssd="ssd_cla_placement.clap_cla_placement_change_reason",
        dfe="SSDA903 REASON_PLACE_CHANGE",
    )
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_placement.clap_person_id")


class LegalStatus(Provenance, Base):
    __tablename__ = "legal_status"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "looked_after_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_legal_status.lega_legal_status_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_legal_status.lega_person_id")
    legal_status: Mapped[str | None] = code(
        "legal_status", LA, ssd="ssd_legal_status.lega_legal_status", dfe="SSDA903 LS"
    )
    start_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_legal_status.lega_legal_status_start_date"
    )
    end_date: Mapped[dt.date | None] = date(LA, ssd="ssd_legal_status.lega_legal_status_end_date")


class ClaReview(Provenance, Base):
    __tablename__ = "cla_review"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cla_reviews.clar_cla_review_id")
    period_id: Mapped[str | None] = text(None, 48, ssd="ssd_cla_reviews.clar_cla_id")
    person_id: Mapped[str] = person_ref()
    due_date: Mapped[dt.date | None] = date(LA, ssd="ssd_cla_reviews.clar_cla_review_due_date")
    review_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_cla_reviews.clar_cla_review_date", dfe="SSDA903 REVIEW"
    )
    cancelled: Mapped[bool | None] = flag(LA, ssd="ssd_cla_reviews.clar_cla_review_cancelled")
    participation: Mapped[str | None] = code(
        "review_participation",
        LA,
        ssd="ssd_cla_reviews.clar_cla_review_participation",
        dfe="SSDA903 REVIEW_CODE",
    )


class MissingEpisode(Provenance, Base):
    """A period missing from placement, or away from it without authorisation."""

    __tablename__ = "missing_episode"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "looked_after_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_missing.miss_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_missing.miss_person_id")
    start_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_missing.miss_missing_episode_start_date", dfe="SSDA903 MIS_START"
    )
    missing_type: Mapped[str | None] = code(
        "missing_type", LA, ssd="ssd_missing.miss_missing_episode_type", dfe="SSDA903 MISSING"
    )
    end_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_missing.miss_missing_episode_end_date", dfe="SSDA903 MIS_END"
    )
    return_interview_offered: Mapped[str | None] = text(
        LA, 2, ssd="ssd_missing.miss_missing_rhi_offered"
    )
    return_interview_accepted: Mapped[str | None] = text(
        LA, 2, ssd="ssd_missing.miss_missing_rhi_accepted"
    )


class DeprivationOfLiberty(Provenance, Base):
    """A deprivation of liberty order (SSDA903 DoLo, from 2026/27)."""

    __tablename__ = "deprivation_of_liberty"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "looked_after_record"}},
    )

    id: Mapped[str] = row_id()
    person_id: Mapped[str] = person_ref()
    start_date: Mapped[dt.date] = date(LA, dfe="SSDA903 DOLO_START", nullable=False)
    end_date: Mapped[dt.date | None] = date(LA, dfe="SSDA903 DOLO_END")


class ClaCarePlan(Provenance, Base):
    __tablename__ = "cla_care_plan"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "looked_after_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_cla_care_plan.lacp_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_care_plan.lacp_person_id")
    start_date: Mapped[dt.date | None] = date(
        LA, ssd="ssd_cla_care_plan.lacp_cla_care_plan_start_date"
    )
    end_date: Mapped[dt.date | None] = date(LA, ssd="ssd_cla_care_plan.lacp_cla_care_plan_end_date")
    permanence_plan: Mapped[object] = json_data(LA, ssd="ssd_cla_care_plan.lacp_cla_care_plan_json")


class ClaVisit(Provenance, Base):
    __tablename__ = "cla_visit"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cla_visits.clav_cla_visit_id")
    period_id: Mapped[str | None] = text(None, 48, ssd="ssd_cla_visits.clav_cla_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_visits.clav_person_id")
    visit_date: Mapped[dt.date | None] = date(LA, ssd="ssd_cla_visits.clav_cla_visit_date")
    seen: Mapped[bool | None] = flag(LA, ssd="ssd_cla_visits.clav_cla_visit_seen")
    seen_alone: Mapped[bool | None] = flag(LA, ssd="ssd_cla_visits.clav_cla_visit_seen_alone")


class PreviousPermanence(Provenance, Base):
    """A permanence arrangement that ended before this period of care (SSDA903 PrevPerm)."""

    __tablename__ = "previous_permanence"
    __table_args__ = {"info": {"record_kind": "looked_after_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cla_previous_permanence.lapp_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cla_previous_permanence.lapp_person_id")
    order_date: Mapped[str | None] = text(
        LA,
        10,
        ssd="ssd_cla_previous_permanence.lapp_previous_permanence_order_date",
        dfe="SSDA903 DATE_PERM",
        doc="DD/MM/YYYY; unknown parts as ZZ/ZZ/ZZZZ",
    )
    option: Mapped[str | None] = code(
        "previous_permanence",
        LA,
        ssd="ssd_cla_previous_permanence.lapp_previous_permanence_option",
        dfe="SSDA903 PREV_PERM",
    )
    arranged_by_la: Mapped[str | None] = code(
        "la_code",
        LA,
        ssd="ssd_cla_previous_permanence.lapp_previous_permanence_la",
        dfe="SSDA903 LA_PERM",
    )


__all__ = ["ClaCarePlan", "ClaEpisode", "ClaPlacement", "ClaReview", "ClaVisit",
           "DeprivationOfLiberty", "LegalStatus", "MissingEpisode", "PreviousPermanence"]  # fmt: skip
