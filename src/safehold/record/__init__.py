"""The record: the domain model of a children's social care record (SQLAlchemy 2, typed).

A superset of the Standard Safeguarding Dataset's entities, plus what the SSD lacks (parents and
carers as people with relationships to the child, deprivation of liberty orders, medical,
behavioural and SEN information, case notes). Each column says its data category and whether it
is special category data; each row says where it came from (:class:`Provenance`).
"""

from safehold.record.additional import (
    BehaviourSupport,
    CaseNote,
    EhcpActivePlan,
    EhcpAssessment,
    EhcpNamedPlan,
    EhcpRequest,
    MedicalInformation,
    SendRecord,
    SenNeed,
)
from safehold.record.adoption import Permanence
from safehold.record.base import Base, DataImport, Provenance, Source, add_source_checks
from safehold.record.care_leavers import CareLeaver
from safehold.record.children_in_need import (
    Assessment,
    AssessmentFactors,
    CinPlan,
    CinVisit,
    Contact,
    CpPlan,
    CpReview,
    CpVisit,
    EarlyHelpEpisode,
    InitialCpConference,
    PreProceedings,
    Referral,
    Section47Enquiry,
    VoiceOfChild,
)
from safehold.record.looked_after import (
    ClaCarePlan,
    ClaEpisode,
    ClaPlacement,
    ClaReview,
    ClaVisit,
    DeprivationOfLiberty,
    LegalStatus,
    MissingEpisode,
    PreviousPermanence,
)
from safehold.record.outcomes import (
    Conviction,
    HealthCheck,
    Immunisation,
    SdqScore,
    SubstanceMisuse,
)
from safehold.record.people import (
    Address,
    Disability,
    Family,
    ImmigrationStatus,
    LinkedIdentifier,
    MotherChild,
    Person,
    Relationship,
)
from safehold.record.workforce import Department, Involvement, Professional

metadata = Base.metadata
add_source_checks(metadata)

# The gate's and the audit trail's tables share this metadata, so one set of migrations covers all.
import safehold.access.models  # noqa: E402
import safehold.privacy.audit.models  # noqa: E402
import safehold.privacy.rights.models  # noqa: E402
import safehold.privacy.rights.restrict  # noqa: E402
import safehold.privacy.sharing.models  # noqa: E402, F401

__all__ = [
    "Address",
    "Assessment",
    "AssessmentFactors",
    "Base",
    "BehaviourSupport",
    "CareLeaver",
    "CaseNote",
    "CinPlan",
    "CinVisit",
    "ClaCarePlan",
    "ClaEpisode",
    "ClaPlacement",
    "ClaReview",
    "ClaVisit",
    "Contact",
    "Conviction",
    "CpPlan",
    "CpReview",
    "CpVisit",
    "DataImport",
    "Department",
    "DeprivationOfLiberty",
    "Disability",
    "EarlyHelpEpisode",
    "EhcpActivePlan",
    "EhcpAssessment",
    "EhcpNamedPlan",
    "EhcpRequest",
    "Family",
    "HealthCheck",
    "ImmigrationStatus",
    "Immunisation",
    "InitialCpConference",
    "Involvement",
    "LegalStatus",
    "LinkedIdentifier",
    "MedicalInformation",
    "MissingEpisode",
    "MotherChild",
    "Permanence",
    "Person",
    "PreProceedings",
    "PreviousPermanence",
    "Professional",
    "Provenance",
    "Referral",
    "Relationship",
    "SdqScore",
    "Section47Enquiry",
    "SenNeed",
    "SendRecord",
    "Source",
    "SubstanceMisuse",
    "VoiceOfChild",
    "metadata",
]
