"""Writing Safehold's CIN census XML Schemas from the element layout below and ``safehold.codes``.

The schemas are Safehold's own, written from its reading of the DfE's CIN census business and
technical specification: element order and cardinality as the census lays them out, and every
code list generated from the year's code sets so that a code is written down once. The shipped
``cin_census_<year>.xsd`` files are the output of :func:`schema_text`; a test keeps them in step.
"""

from __future__ import annotations

from dataclasses import dataclass

from lxml import etree

from safehold.codes import code_set, year_label

XS = "http://www.w3.org/2001/XMLSchema"
_X = f"{{{XS}}}"

#: Collection years that have a schema (the year the collection ends).
SCHEMA_YEARS: tuple[int, ...] = (2025, 2026, 2027)

#: simple type name → code set it enumerates
CODE_TYPES: dict[str, str] = {
    "SexType": "sex",
    "UPNunknownType": "upn_unknown_cin",
    "EthnicityType": "ethnicity",
    "DisabilityType": "disability",
    "ReferralSourceType": "referral_source",
    "PrimaryNeedType": "primary_need",
    "ReasonForClosureType": "reason_for_closure",
    "CategoryOfAbuseType": "category_of_abuse",
    "AssessmentFactorType": "assessment_factors",
    "FlagType": "cin_boolean",
}


@dataclass(frozen=True)
class Item:
    """One element in a sequence: its name, type (``xs:...`` or a local type) and cardinality."""

    name: str
    type: str
    min: int = 1
    max: int | None = 1  # None: unbounded
    since: int = 2025


def _items(*items: Item) -> tuple[Item, ...]:
    return items


#: complex type name → its sequence, in the census's element order
COMPLEX_TYPES: dict[str, tuple[Item, ...]] = {
    "MessageType": _items(Item("Header", "HeaderType"), Item("Children", "ChildrenType")),
    "HeaderType": _items(
        Item("CollectionDetails", "CollectionDetailsType"), Item("Source", "SourceType")
    ),
    "CollectionDetailsType": _items(
        Item("Collection", "CollectionType"),
        Item("Year", "xs:gYear"),
        Item("ReferenceDate", "xs:date"),
    ),
    "SourceType": _items(
        Item("SourceLevel", "SourceLevelType", 0),
        Item("LEA", "LEAType"),
        Item("SoftwareCode", "xs:string", 0),
        Item("Release", "xs:string", 0),
        Item("SerialNo", "SerialNoType", 0),
        Item("DateTime", "xs:dateTime", 0),
    ),
    "ChildrenType": _items(Item("Child", "ChildType", 1, None)),
    "ChildType": _items(
        Item("ChildIdentifiers", "ChildIdentifiersType"),
        Item("ChildCharacteristics", "ChildCharacteristicsType"),
        Item("CINdetails", "CINdetailsType", 1, None),
    ),
    "ChildIdentifiersType": _items(
        Item("LAchildID", "NonEmptyString"),
        Item("UPN", "UPNType", 0),
        Item("FormerUPN", "UPNType", 0),
        Item("UPNunknown", "UPNunknownType", 0),
        Item("PersonBirthDate", "xs:date", 0),
        Item("ExpectedPersonBirthDate", "xs:date", 0),
        Item("Sex", "SexType"),
        Item("PersonDeathDate", "xs:date", 0),
    ),
    "ChildCharacteristicsType": _items(
        Item("Ethnicity", "EthnicityType"),
        Item("Disabilities", "DisabilitiesType", 0),
    ),
    "DisabilitiesType": _items(Item("Disability", "DisabilityType", 1, None)),
    "CINdetailsType": _items(
        Item("CINreferralDate", "xs:date"),
        Item("ReferralSource", "ReferralSourceType"),
        Item("PrimaryNeedCode", "PrimaryNeedType", 0),
        Item("CINclosureDate", "xs:date", 0),
        Item("ReasonForClosure", "ReasonForClosureType", 0),
        Item("DateOfInitialCPC", "xs:date", 0),
        Item("Assessments", "AssessmentsType", 0, None),
        Item("CINPlanDates", "CINPlanDatesType", 0, None),
        Item("Section47", "Section47Type", 0, None),
        Item("ReferralNFA", "FlagType"),
        Item("ChildProtectionPlans", "ChildProtectionPlansType", 0, None),
        Item("PreProceedingsandFGDM", "PreProceedingsType", 0, None, since=2027),
    ),
    "AssessmentsType": _items(
        Item("AssessmentActualStartDate", "xs:date"),
        Item("AssessmentInternalReviewDate", "xs:date", 0),
        Item("AssessmentAuthorisationDate", "xs:date", 0),
        Item("FactorsIdentifiedAtAssessment", "FactorsType", 0),
    ),
    "FactorsType": _items(Item("AssessmentFactors", "AssessmentFactorType", 1, None)),
    "CINPlanDatesType": _items(
        Item("CINPlanStartDate", "xs:date"), Item("CINPlanEndDate", "xs:date", 0)
    ),
    "Section47Type": _items(
        Item("S47ActualStartDate", "xs:date"),
        Item("InitialCPCtarget", "xs:date", 0),
        Item("DateOfInitialCPC", "xs:date", 0),
        Item("ICPCnotRequired", "FlagType"),
    ),
    "ChildProtectionPlansType": _items(
        Item("CPPstartDate", "xs:date"),
        Item("CPPendDate", "xs:date", 0),
        Item("InitialCategoryOfAbuse", "CategoryOfAbuseType"),
        Item("LatestCategoryOfAbuse", "CategoryOfAbuseType"),
        Item("NumberOfPreviousCPP", "xs:nonNegativeInteger"),
        Item("Reviews", "ReviewsType", 0),
    ),
    "ReviewsType": _items(Item("CPPreviewDate", "xs:date", 1, None)),
    "PreProceedingsType": _items(
        Item("PPStartDate", "xs:date", since=2027),
        Item("LBPSentDate", "xs:date", 0, since=2027),
        Item("FGDMMeetingOffer", "FlagType", 0, since=2027),
        Item("FGDMMeetingFac", "FlagType", 0, since=2027),
        Item("InitialPPMeetingDate", "xs:date", 0, since=2027),
        Item("ReviewMeetingsCount", "xs:nonNegativeInteger", 0, since=2027),
        Item("StepDecisionDate", "xs:date", 0, since=2027),
        Item("PPOutcome", "PPOutcomeType", 0, since=2027),
        Item("CourtAppDate", "xs:date", 0, since=2027),
        Item("LetterInitCPDate", "xs:date", 0, since=2027),
    ),
}

#: complex types that exist only from a year on
TYPE_SINCE: dict[str, int] = {"PreProceedingsType": 2027}

#: simple types that are not code lists: name → (base, facets, documentation)
PATTERN_TYPES: dict[str, tuple[str, tuple[tuple[str, str], ...], str]] = {
    "NonEmptyString": ("xs:string", (("minLength", "1"),), "Text that must not be empty."),
    "CollectionType": ("xs:string", (("enumeration", "CIN"),), "The collection: always CIN."),
    "SourceLevelType": ("xs:string", (("enumeration", "L"),), "Source level: L, an authority."),
    "LEAType": ("xs:string", (("pattern", "[0-9]{3}"),), "The DfE three-digit LA code."),
    "SerialNoType": ("xs:string", (("pattern", "[0-9]{3}[0-9]*"),), "Submission serial number."),
    "UPNType": (
        "xs:string",
        (("pattern", "[A-Za-z][0-9]{11}[0-9A-Za-z]"),),
        "A unique pupil number: a check letter, 11 digits, then a digit or a letter. The rules "
        "check the check letter, the LA code and the final character.",
    ),
    "PPOutcomeType": (
        "xs:string",
        (("pattern", "[0-9A-Za-z]{1,10}"),),
        "The outcome of pre-proceedings, as a short code (the DfE's only published sample value "
        "is A; the 2026/27 specification is the authority for the list).",
    ),
}


def _year_items(items: tuple[Item, ...], year: int) -> list[Item]:
    return [i for i in items if i.since <= year]


def _documentation(parent: etree._Element, text: str) -> None:
    annotation = etree.SubElement(parent, _X + "annotation")
    etree.SubElement(annotation, _X + "documentation").text = text


def _header_text(year: int) -> str:
    text = (
        f"Safehold's XML Schema for the children in need census {year_label(year)} "
        f"(collection year {year}). Written by Safehold from its reading of the DfE's CIN census "
        "business and technical specification, which is the authority; code lists are generated "
        "from safehold.codes for this year. Do not edit by hand: run "
        "`python -m safehold.returns.cin_census.schema --regenerate`."
    )
    if year >= 2027:
        text += (
            " From 2026/27 each CINdetails may hold PreProceedingsandFGDM blocks (pre-proceedings "
            "and family group decision making). The DfE's 2026/27 specification is the authority "
            "for that block: its fields are taken from the DfE's sample census file, and its "
            "types (dates, flags, a non-negative count, PPOutcome as a short code) are Safehold's "
            "reading of that sample."
        )
    return text


def schema_tree(year: int) -> etree._ElementTree:
    """The schema for a collection year as an lxml tree."""
    if year not in SCHEMA_YEARS:
        raise ValueError(f"no CIN census schema for {year}: expected one of {SCHEMA_YEARS}")
    root = etree.Element(_X + "schema", nsmap={"xs": XS})
    root.set("elementFormDefault", "unqualified")
    root.set("version", str(year))
    _documentation(root, _header_text(year))
    # The one global element: a census file is a Message.
    etree.SubElement(root, _X + "element", name="Message", type="MessageType")
    for name, items in COMPLEX_TYPES.items():
        if TYPE_SINCE.get(name, 0) > year:
            continue
        ctype = etree.SubElement(root, _X + "complexType", name=name)
        sequence = etree.SubElement(ctype, _X + "sequence")
        for item in _year_items(items, year):
            el = etree.SubElement(sequence, _X + "element", name=item.name, type=item.type)
            el.set("minOccurs", str(item.min))
            el.set("maxOccurs", "unbounded" if item.max is None else str(item.max))
    for name, (base, facets, doc) in PATTERN_TYPES.items():
        if name == "PPOutcomeType" and year < 2027:
            continue
        stype = etree.SubElement(root, _X + "simpleType", name=name)
        _documentation(stype, doc)
        restriction = etree.SubElement(stype, _X + "restriction", base=base)
        for facet, value in facets:
            etree.SubElement(restriction, _X + facet, value=value)
    for name, set_name in CODE_TYPES.items():
        codes = code_set(set_name, year)
        stype = etree.SubElement(root, _X + "simpleType", name=name)
        _documentation(stype, f"{codes.description} Code set {set_name!r}.")
        restriction = etree.SubElement(stype, _X + "restriction", base="xs:string")
        for code, label in codes.items():
            enum = etree.SubElement(restriction, _X + "enumeration", value=code)
            _documentation(enum, label)
    return etree.ElementTree(root)


def schema_text(year: int) -> str:
    """The schema for a collection year as the text of the shipped file."""
    data: bytes = etree.tostring(
        schema_tree(year), pretty_print=True, xml_declaration=True, encoding="UTF-8"
    )
    return data.decode("utf-8")
