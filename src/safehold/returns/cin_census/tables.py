"""The CIN census as tables: one per repeating element, joined by stable ids.

Each element of the XML becomes a row of the table for its kind, with ``LAchildID`` and the ids of
its ancestors (``CINdetailsID``, ``AssessmentID``, ``CPPID``), unique across the whole file. Every
value is kept as text; dates are ISO ``YYYY-MM-DD``.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class CinTable:
    name: str
    #: XML path of the element one row stands for, relative to the message (``Child/...``)
    element: str
    #: id columns first, then the element's own fields in schema order
    keys: tuple[str, ...]
    fields: tuple[str, ...]
    dates: tuple[str, ...] = ()
    since: int = 2023

    @property
    def columns(self) -> tuple[str, ...]:
        return self.keys + self.fields


TABLES: tuple[CinTable, ...] = (
    CinTable("Header", "Header/CollectionDetails", (),
             ("Collection", "Year", "ReferenceDate", "SourceLevel", "LEA", "SoftwareCode",
              "Release", "SerialNo", "DateTime"), ("ReferenceDate",)),
    CinTable("ChildIdentifiers", "Child/ChildIdentifiers", ("LAchildID",),
             ("UPN", "FormerUPN", "UPNunknown", "PersonBirthDate", "ExpectedPersonBirthDate",
              "GenderCurrent", "Sex", "PersonDeathDate"),
             ("PersonBirthDate", "ExpectedPersonBirthDate", "PersonDeathDate")),
    CinTable("ChildCharacteristics", "Child/ChildCharacteristics", ("LAchildID",), ("Ethnicity",)),
    CinTable("Disabilities", "Child/ChildCharacteristics/Disabilities", ("LAchildID",),
             ("Disability",)),
    CinTable("CINdetails", "Child/CINdetails", ("LAchildID", "CINdetailsID"),
             ("CINreferralDate", "ReferralSource", "PrimaryNeedCode", "CINclosureDate",
              "ReasonForClosure", "DateOfInitialCPC", "ReferralNFA"),
             ("CINreferralDate", "CINclosureDate", "DateOfInitialCPC")),
    CinTable("Assessments", "Child/CINdetails/Assessments",
             ("LAchildID", "CINdetailsID", "AssessmentID"),
             ("AssessmentActualStartDate", "AssessmentInternalReviewDate",
              "AssessmentAuthorisationDate"),
             ("AssessmentActualStartDate", "AssessmentInternalReviewDate",
              "AssessmentAuthorisationDate")),
    CinTable("AssessmentFactorsList",
             "Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment",
             ("LAchildID", "CINdetailsID", "AssessmentID"), ("AssessmentFactors",)),
    CinTable("CINplanDates", "Child/CINdetails/CINPlanDates", ("LAchildID", "CINdetailsID"),
             ("CINPlanStartDate", "CINPlanEndDate"), ("CINPlanStartDate", "CINPlanEndDate")),
    CinTable("Section47", "Child/CINdetails/Section47", ("LAchildID", "CINdetailsID"),
             ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC", "ICPCnotRequired"),
             ("S47ActualStartDate", "InitialCPCtarget", "DateOfInitialCPC")),
    CinTable("ChildProtectionPlans", "Child/CINdetails/ChildProtectionPlans",
             ("LAchildID", "CINdetailsID", "CPPID"),
             ("CPPstartDate", "CPPendDate", "InitialCategoryOfAbuse", "LatestCategoryOfAbuse",
              "NumberOfPreviousCPP"), ("CPPstartDate", "CPPendDate")),
    # One row per CPPreviewDate: every review date counts.
    CinTable("Reviews", "Child/CINdetails/ChildProtectionPlans/Reviews",
             ("LAchildID", "CINdetailsID", "CPPID"), ("CPPreviewDate",), ("CPPreviewDate",)),
    CinTable("PreProceedings", "Child/CINdetails/PreProceedingsandFGDM",
             ("LAchildID", "CINdetailsID"),
             ("PPStartDate", "LBPSentDate", "FGDMMeetingOffer", "FGDMMeetingFac",
              "InitialPPMeetingDate", "ReviewMeetingsCount", "StepDecisionDate", "PPOutcome",
              "CourtAppDate", "LetterInitCPDate"),
             ("PPStartDate", "LBPSentDate", "InitialPPMeetingDate", "StepDecisionDate",
              "CourtAppDate", "LetterInitCPDate"), since=2027),
)  # fmt: skip

BY_NAME: dict[str, CinTable] = {t.name: t for t in TABLES}
DATE_FORMAT = "%Y-%m-%d"


def tables_for(year: int) -> tuple[CinTable, ...]:
    return tuple(t for t in TABLES if t.since <= year)
