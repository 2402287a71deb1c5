"""Children in need: contacts, referrals, assessments, section 47 enquiries, conferences,
child protection plans and their reviews, children in need plans, visits, pre-proceedings."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa
from sqlalchemy.orm import Mapped

from safehold.record.base import Base, Provenance
from safehold.record.columns import (
    code,
    date,
    flag,
    integer,
    json_data,
    person_ref,
    plain_ref,
    row_id,
    row_ref,
    text,
)

CIN = "child_in_need"


def _dates(start: str, end: str) -> sa.CheckConstraint:
    return sa.CheckConstraint(f"{end} IS NULL OR {start} IS NULL OR {end} >= {start}", name="dates")


class Contact(Provenance, Base):
    __tablename__ = "contact"
    __table_args__ = {"info": {"record_kind": "contact_record"}}

    id: Mapped[str] = row_id(ssd="ssd_contacts.cont_contact_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_contacts.cont_person_id")
    contact_date: Mapped[dt.date | None] = date(CIN, ssd="ssd_contacts.cont_contact_date")
    source_code: Mapped[str | None] = text(CIN, 48, ssd="ssd_contacts.cont_contact_source_code")
    source_description: Mapped[str | None] = text(CIN, ssd="ssd_contacts.cont_contact_source_desc")
    outcome: Mapped[object] = json_data(CIN, ssd="ssd_contacts.cont_contact_outcome_json")


class EarlyHelpEpisode(Provenance, Base):
    __tablename__ = "early_help_episode"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "early_help_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_early_help_episodes.earl_episode_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_early_help_episodes.earl_person_id")
    start_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_early_help_episodes.earl_episode_start_date"
    )
    end_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_early_help_episodes.earl_episode_end_date"
    )
    reason: Mapped[str | None] = text(CIN, 100, ssd="ssd_early_help_episodes.earl_episode_reason")
    end_reason: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_early_help_episodes.earl_episode_end_reason"
    )
    organisation: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_early_help_episodes.earl_episode_organisation"
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_early_help_episodes.earl_episode_worker_id", ondelete="SET NULL"
    )


class Referral(Provenance, Base):
    """A children in need episode: from referral to closure (CIN census CINdetails)."""

    __tablename__ = "referral"
    __table_args__ = (
        _dates("referral_date", "close_date"),
        sa.CheckConstraint("close_reason IS NULL OR close_date IS NOT NULL",
                           name="close_reason_needs_date"),
        {"info": {"record_kind": "child_in_need_record"}},
    )  # fmt: skip

    id: Mapped[str] = row_id(ssd="ssd_cin_episodes.cine_referral_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cin_episodes.cine_person_id", dfe="CIN LAchildID")
    referral_date: Mapped[dt.date] = date(
        CIN, ssd="ssd_cin_episodes.cine_referral_date", dfe="CIN CINreferralDate", nullable=False
    )
    primary_need: Mapped[str | None] = code(
        "primary_need",
        CIN,
        ssd="ssd_cin_episodes.cine_cin_primary_need_code",
        dfe="CIN PrimaryNeedCode",
    )
    referral_source: Mapped[str | None] = code(
        "referral_source",
        CIN,
        ssd="ssd_cin_episodes.cine_referral_source_code",
        dfe="CIN ReferralSource",
    )
    referral_source_description: Mapped[str | None] = text(
        CIN, ssd="ssd_cin_episodes.cine_referral_source_desc"
    )
    outcome: Mapped[object] = json_data(CIN, ssd="ssd_cin_episodes.cine_referral_outcome_json")
    no_further_action: Mapped[bool | None] = flag(
        CIN, ssd="ssd_cin_episodes.cine_referral_nfa", dfe="CIN ReferralNFA"
    )
    close_reason: Mapped[str | None] = code(
        "reason_for_closure",
        CIN,
        ssd="ssd_cin_episodes.cine_close_reason",
        dfe="CIN ReasonForClosure",
    )
    close_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_cin_episodes.cine_close_date", dfe="CIN CINclosureDate"
    )
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_cin_episodes.cine_referral_team", ondelete="SET NULL"
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_cin_episodes.cine_referral_worker_id", ondelete="SET NULL"
    )
    date_of_initial_cpc: Mapped[dt.date | None] = date(
        CIN,
        dfe="CIN CINdetails/DateOfInitialCPC",
        doc="an initial conference held with no section 47 on this episode",
    )


class Assessment(Provenance, Base):
    __tablename__ = "assessment"
    __table_args__ = (
        _dates("start_date", "authorised_date"),
        {"info": {"record_kind": "child_in_need_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_cin_assessments.cina_assessment_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cin_assessments.cina_person_id")
    referral_id: Mapped[str | None] = row_ref(
        "referral.id", ssd="ssd_cin_assessments.cina_referral_id"
    )
    start_date: Mapped[dt.date | None] = date(
        CIN,
        ssd="ssd_cin_assessments.cina_assessment_start_date",
        dfe="CIN AssessmentActualStartDate",
    )
    child_seen: Mapped[bool | None] = flag(
        CIN, ssd="ssd_cin_assessments.cina_assessment_child_seen"
    )
    authorised_date: Mapped[dt.date | None] = date(
        CIN,
        ssd="ssd_cin_assessments.cina_assessment_auth_date",
        dfe="CIN AssessmentAuthorisationDate",
    )
    outcome: Mapped[object] = json_data(CIN, ssd="ssd_cin_assessments.cina_assessment_outcome_json")
    outcome_no_further_action: Mapped[bool | None] = flag(
        CIN, ssd="ssd_cin_assessments.cina_assessment_outcome_nfa"
    )
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_cin_assessments.cina_assessment_team", ondelete="SET NULL"
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_cin_assessments.cina_assessment_worker_id", ondelete="SET NULL"
    )


class AssessmentFactors(Provenance, Base):
    """The factors identified at the end of an assessment, as a list of DfE codes."""

    __tablename__ = "assessment_factors"
    __table_args__ = {"info": {"record_kind": "child_in_need_record"}}

    id: Mapped[str] = row_id(ssd="ssd_assessment_factors.cinf_table_id")
    assessment_id: Mapped[str] = row_ref(
        "assessment.id", ssd="ssd_assessment_factors.cinf_assessment_id", nullable=False
    )
    factors: Mapped[object] = json_data(
        CIN,
        special=True,
        ssd="ssd_assessment_factors.cinf_assessment_factors_json",
        dfe="CIN AssessmentFactors",
        doc="list of assessment factor codes",
    )


class CinPlan(Provenance, Base):
    __tablename__ = "cin_plan"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "child_in_need_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_cin_plans.cinp_cin_plan_id")
    referral_id: Mapped[str | None] = row_ref("referral.id", ssd="ssd_cin_plans.cinp_referral_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cin_plans.cinp_person_id")
    start_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_cin_plans.cinp_cin_plan_start_date", dfe="CIN CINPlanStartDate"
    )
    end_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_cin_plans.cinp_cin_plan_end_date", dfe="CIN CINPlanEndDate"
    )
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_cin_plans.cinp_cin_plan_team", ondelete="SET NULL"
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_cin_plans.cinp_cin_plan_worker_id", ondelete="SET NULL"
    )


class CinVisit(Provenance, Base):
    __tablename__ = "cin_visit"
    __table_args__ = {"info": {"record_kind": "child_in_need_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cin_visits.cinv_cin_visit_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cin_visits.cinv_person_id")
    visit_date: Mapped[dt.date | None] = date(CIN, ssd="ssd_cin_visits.cinv_cin_visit_date")
    seen: Mapped[bool | None] = flag(CIN, ssd="ssd_cin_visits.cinv_cin_visit_seen")
    seen_alone: Mapped[bool | None] = flag(CIN, ssd="ssd_cin_visits.cinv_cin_visit_seen_alone")
    bedroom_seen: Mapped[bool | None] = flag(CIN, ssd="ssd_cin_visits.cinv_cin_visit_bedroom")


class Section47Enquiry(Provenance, Base):
    __tablename__ = "section47_enquiry"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "child_protection_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_s47_enquiry.s47e_s47_enquiry_id")
    referral_id: Mapped[str | None] = row_ref("referral.id", ssd="ssd_s47_enquiry.s47e_referral_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_s47_enquiry.s47e_person_id")
    start_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_s47_enquiry.s47e_s47_start_date", dfe="CIN S47ActualStartDate"
    )
    end_date: Mapped[dt.date | None] = date(CIN, ssd="ssd_s47_enquiry.s47e_s47_end_date")
    no_further_action: Mapped[bool | None] = flag(
        CIN, ssd="ssd_s47_enquiry.s47e_s47_nfa", dfe="CIN ICPCnotRequired"
    )
    outcome: Mapped[object] = json_data(CIN, ssd="ssd_s47_enquiry.s47e_s47_outcome_json")
    worker_id: Mapped[str | None] = row_ref(
        "professional.id",
        ssd="ssd_s47_enquiry.s47e_s47_completed_by_worker_id",
        ondelete="SET NULL",
    )
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_s47_enquiry.s47e_s47_completed_by_team", ondelete="SET NULL"
    )


class InitialCpConference(Provenance, Base):
    __tablename__ = "initial_cp_conference"
    __table_args__ = {"info": {"record_kind": "child_protection_record"}}

    id: Mapped[str] = row_id(ssd="ssd_initial_cp_conference.icpc_icpc_id")
    meeting_id: Mapped[str | None] = text(
        None, 48, ssd="ssd_initial_cp_conference.icpc_icpc_meeting_id"
    )
    s47_enquiry_id: Mapped[str | None] = row_ref(
        "section47_enquiry.id", ssd="ssd_initial_cp_conference.icpc_s47_enquiry_id"
    )
    person_id: Mapped[str] = person_ref(ssd="ssd_initial_cp_conference.icpc_person_id")
    cp_plan_id: Mapped[str | None] = plain_ref(ssd="ssd_initial_cp_conference.icpc_cp_plan_id")
    referral_id: Mapped[str | None] = row_ref(
        "referral.id", ssd="ssd_initial_cp_conference.icpc_referral_id"
    )
    transfer_in: Mapped[bool | None] = flag(
        CIN, ssd="ssd_initial_cp_conference.icpc_icpc_transfer_in"
    )
    target_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_initial_cp_conference.icpc_icpc_target_date", dfe="CIN InitialCPCtarget"
    )
    conference_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_initial_cp_conference.icpc_icpc_date", dfe="CIN DateOfInitialCPC"
    )
    outcome_cp_plan: Mapped[bool | None] = flag(
        CIN, ssd="ssd_initial_cp_conference.icpc_icpc_outcome_cp_flag"
    )
    outcome: Mapped[object] = json_data(CIN, ssd="ssd_initial_cp_conference.icpc_icpc_outcome_json")
    team_id: Mapped[str | None] = row_ref(
        "department.id", ssd="ssd_initial_cp_conference.icpc_icpc_team", ondelete="SET NULL"
    )
    worker_id: Mapped[str | None] = row_ref(
        "professional.id", ssd="ssd_initial_cp_conference.icpc_icpc_worker_id", ondelete="SET NULL"
    )


class CpPlan(Provenance, Base):
    __tablename__ = "cp_plan"
    __table_args__ = (
        _dates("start_date", "end_date"),
        {"info": {"record_kind": "child_protection_record"}},
    )

    id: Mapped[str] = row_id(ssd="ssd_cp_plans.cppl_cp_plan_id")
    referral_id: Mapped[str | None] = row_ref("referral.id", ssd="ssd_cp_plans.cppl_referral_id")
    icpc_id: Mapped[str | None] = row_ref(
        "initial_cp_conference.id", ssd="ssd_cp_plans.cppl_icpc_id"
    )
    person_id: Mapped[str] = person_ref(ssd="ssd_cp_plans.cppl_person_id")
    start_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_cp_plans.cppl_cp_plan_start_date", dfe="CIN CPPstartDate"
    )
    end_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_cp_plans.cppl_cp_plan_end_date", dfe="CIN CPPendDate"
    )
    initial_category: Mapped[str | None] = code(
        "category_of_abuse",
        CIN,
        ssd="ssd_cp_plans.cppl_cp_plan_initial_category",
        dfe="CIN InitialCategoryOfAbuse",
    )
    other_la: Mapped[bool | None] = flag(CIN, ssd="ssd_cp_plans.cppl_cp_plan_ola")
    latest_category: Mapped[str | None] = code(
        "category_of_abuse",
        CIN,
        ssd="ssd_cp_plans.cppl_cp_plan_latest_category",
        dfe="CIN LatestCategoryOfAbuse",
    )
    previous_plans: Mapped[int | None] = integer(CIN, dfe="CIN NumberOfPreviousCPP")


class CpVisit(Provenance, Base):
    __tablename__ = "cp_visit"
    __table_args__ = {"info": {"record_kind": "child_protection_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cp_visits.cppv_cp_visit_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cp_visits.cppv_person_id")
    cp_plan_id: Mapped[str | None] = row_ref("cp_plan.id", ssd="ssd_cp_visits.cppv_cp_plan_id")
    visit_date: Mapped[dt.date | None] = date(CIN, ssd="ssd_cp_visits.cppv_cp_visit_date")
    seen: Mapped[bool | None] = flag(CIN, ssd="ssd_cp_visits.cppv_cp_visit_seen")
    seen_alone: Mapped[bool | None] = flag(CIN, ssd="ssd_cp_visits.cppv_cp_visit_seen_alone")
    bedroom_seen: Mapped[bool | None] = flag(CIN, ssd="ssd_cp_visits.cppv_cp_visit_bedroom")


class CpReview(Provenance, Base):
    __tablename__ = "cp_review"
    __table_args__ = {"info": {"record_kind": "child_protection_record"}}

    id: Mapped[str] = row_id(ssd="ssd_cp_reviews.cppr_cp_review_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_cp_reviews.cppr_person_id")
    cp_plan_id: Mapped[str] = row_ref(
        "cp_plan.id", ssd="ssd_cp_reviews.cppr_cp_plan_id", nullable=False
    )
    due_date: Mapped[dt.date | None] = date(CIN, ssd="ssd_cp_reviews.cppr_cp_review_due")
    review_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_cp_reviews.cppr_cp_review_date", dfe="CIN CPPreviewDate"
    )
    meeting_id: Mapped[str | None] = text(None, 48, ssd="ssd_cp_reviews.cppr_cp_review_meeting_id")
    plan_continues: Mapped[bool | None] = flag(
        CIN, ssd="ssd_cp_reviews.cppr_cp_review_outcome_continue_cp"
    )
    quorate: Mapped[str | None] = text(CIN, 100, ssd="ssd_cp_reviews.cppr_cp_review_quorate")
    participation: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_cp_reviews.cppr_cp_review_participation"
    )


class PreProceedings(Provenance, Base):
    """Pre-proceedings under the Public Law Outline, and family group decision-making."""

    __tablename__ = "pre_proceedings"
    __table_args__ = {"info": {"record_kind": "child_protection_record"}}

    id: Mapped[str] = row_id(ssd="ssd_pre_proceedings.prep_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_pre_proceedings.prep_person_id")
    plo_family_id: Mapped[str | None] = text(CIN, 48, ssd="ssd_pre_proceedings.prep_plo_family_id")
    decision_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_pre_proceedings.prep_pre_pro_decision_date", dfe="CIN PPStartDate"
    )
    initial_meeting_date: Mapped[dt.date | None] = date(
        CIN,
        ssd="ssd_pre_proceedings.prep_initial_pre_pro_meeting_date",
        dfe="CIN InitialPPMeetingDate",
    )
    outcome: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_pre_proceedings.prep_pre_pro_outcome", dfe="CIN PPOutcome"
    )
    stepdown_issue_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_pre_proceedings.prep_agree_stepdown_issue_date", dfe="CIN StepDecisionDate"
    )
    cp_plans_referral_period: Mapped[int | None] = integer(
        CIN, ssd="ssd_pre_proceedings.prep_cp_plans_referral_period"
    )
    legal_gateway_outcome: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_pre_proceedings.prep_legal_gateway_outcome"
    )
    previous_pre_proceedings: Mapped[int | None] = integer(
        CIN, ssd="ssd_pre_proceedings.prep_prev_pre_proc_child"
    )
    previous_care_proceedings: Mapped[int | None] = integer(
        CIN, ssd="ssd_pre_proceedings.prep_prev_care_proc_child"
    )
    letter_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_pre_proceedings.prep_pre_pro_letter_date", dfe="CIN LBPSentDate"
    )
    care_proceedings_letter_date: Mapped[dt.date | None] = date(
        CIN, ssd="ssd_pre_proceedings.prep_care_pro_letter_date", dfe="CIN LetterInitCPDate"
    )
    review_meetings: Mapped[int | None] = integer(
        CIN, ssd="ssd_pre_proceedings.prep_pre_pro_meetings_num", dfe="CIN ReviewMeetingsCount"
    )
    parents_legal_representation: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_pre_proceedings.prep_pre_pro_parents_legal_rep"
    )
    parents_legal_representation_at_issue: Mapped[str | None] = text(
        CIN, 2, ssd="ssd_pre_proceedings.prep_parents_legal_rep_point_of_issue"
    )
    court_reference: Mapped[str | None] = text(
        CIN, 48, ssd="ssd_pre_proceedings.prep_court_reference"
    )
    court_hearings: Mapped[int | None] = integer(
        CIN, ssd="ssd_pre_proceedings.prep_care_proc_court_hearings"
    )
    short_notice: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_pre_proceedings.prep_care_proc_short_notice"
    )
    short_notice_reason: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_pre_proceedings.prep_proc_short_notice_reason"
    )
    initial_plan_approved: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_pre_proceedings.prep_la_inital_plan_approved"
    )
    initial_care_plan: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_pre_proceedings.prep_la_initial_care_plan"
    )
    final_plan_approved: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_pre_proceedings.prep_la_final_plan_approved"
    )
    final_care_plan: Mapped[str | None] = text(
        CIN, 100, ssd="ssd_pre_proceedings.prep_la_final_care_plan"
    )
    fgdm_offered: Mapped[bool | None] = flag(
        CIN, dfe="CIN FGDMMeetingOffer", doc="family group decision-making meeting offered"
    )
    fgdm_held: Mapped[bool | None] = flag(
        CIN, dfe="CIN FGDMMeetingFac", doc="family group decision-making meeting facilitated"
    )
    court_application_date: Mapped[dt.date | None] = date(CIN, dfe="CIN CourtAppDate")


class VoiceOfChild(Provenance, Base):
    __tablename__ = "voice_of_child"
    __table_args__ = {"info": {"record_kind": "child_in_need_record"}}

    id: Mapped[str] = row_id(ssd="ssd_voice_of_child.voch_table_id")
    person_id: Mapped[str] = person_ref(ssd="ssd_voice_of_child.voch_person_id")
    explained_worries: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_voice_of_child.voch_explained_worries"
    )
    story_helps: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_voice_of_child.voch_story_help_understand"
    )
    agrees_with_worker: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_voice_of_child.voch_agree_worker"
    )
    plan_keeps_safe: Mapped[str | None] = text(CIN, 1, ssd="ssd_voice_of_child.voch_plan_safe")
    tablet_helped: Mapped[str | None] = text(
        CIN, 1, ssd="ssd_voice_of_child.voch_tablet_help_explain"
    )
