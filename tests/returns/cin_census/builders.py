"""Synthetic census XML for the tests: a valid header and child, and ways to vary them."""

from __future__ import annotations

from pathlib import Path

HEADER = """<Header>
<CollectionDetails>
<Collection>CIN</Collection>
<Year>{year}</Year>
<ReferenceDate>{year}-03-31</ReferenceDate>
</CollectionDetails>
<Source>
<SourceLevel>L</SourceLevel>
<LEA>201</LEA>
<SoftwareCode>Safehold tests</SoftwareCode>
<Release>1</Release>
<SerialNo>001</SerialNo>
<DateTime>{year}-04-02T09:00:00</DateTime>
</Source>
</Header>"""

#: A child the rules should find nothing wrong with (one open episode, a completed assessment).
CHILD = """<Child>
<ChildIdentifiers>
<LAchildID>{la}</LAchildID>
<UPNunknown>UN1</UPNunknown>
<PersonBirthDate>{born}</PersonBirthDate>
<Sex>{sex}</Sex>
</ChildIdentifiers>
<ChildCharacteristics>
<Ethnicity>WBRI</Ethnicity>
<Disabilities>
<Disability>NONE</Disability>
</Disabilities>
</ChildCharacteristics>
<CINdetails>
<CINreferralDate>{prev}-06-02</CINreferralDate>
<ReferralSource>1A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode>
<Assessments>
<AssessmentActualStartDate>{prev}-06-03</AssessmentActualStartDate>
<AssessmentAuthorisationDate>{prev}-06-20</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment>
<AssessmentFactors>1B</AssessmentFactors>
<AssessmentFactors>3B</AssessmentFactors>
</FactorsIdentifiedAtAssessment>
</Assessments>
<ReferralNFA>false</ReferralNFA>
</CINdetails>
</Child>"""

#: A child with a plan reviewed twice, a section 47 and a closed second episode.
BUSY_CHILD = """<Child>
<ChildIdentifiers>
<LAchildID>{la}</LAchildID>
<UPNunknown>UN1</UPNunknown>
<PersonBirthDate>{born}</PersonBirthDate>
<Sex>{sex}</Sex>
</ChildIdentifiers>
<ChildCharacteristics>
<Ethnicity>AIND</Ethnicity>
</ChildCharacteristics>
<CINdetails>
<CINreferralDate>{prev}-04-10</CINreferralDate>
<ReferralSource>6</ReferralSource>
<PrimaryNeedCode>N4</PrimaryNeedCode>
<CINclosureDate>{prev}-05-20</CINclosureDate>
<ReasonForClosure>RC8</ReasonForClosure>
<Assessments>
<AssessmentActualStartDate>{prev}-04-11</AssessmentActualStartDate>
<AssessmentAuthorisationDate>{prev}-05-01</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment>
<AssessmentFactors>21</AssessmentFactors>
</FactorsIdentifiedAtAssessment>
</Assessments>
<ReferralNFA>false</ReferralNFA>
</CINdetails>
<CINdetails>
<CINreferralDate>{prev}-07-01</CINreferralDate>
<ReferralSource>2A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode>
<Assessments>
<AssessmentActualStartDate>{prev}-07-02</AssessmentActualStartDate>
<AssessmentAuthorisationDate>{prev}-07-20</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment>
<AssessmentFactors>16A</AssessmentFactors>
</FactorsIdentifiedAtAssessment>
</Assessments>
<Section47>
<S47ActualStartDate>{prev}-07-03</S47ActualStartDate>
<InitialCPCtarget>{prev}-07-17</InitialCPCtarget>
<DateOfInitialCPC>{prev}-07-17</DateOfInitialCPC>
<ICPCnotRequired>false</ICPCnotRequired>
</Section47>
<ReferralNFA>false</ReferralNFA>
<ChildProtectionPlans>
<CPPstartDate>{prev}-07-17</CPPstartDate>
<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
<NumberOfPreviousCPP>0</NumberOfPreviousCPP>
<Reviews>
<CPPreviewDate>{prev}-10-01</CPPreviewDate>
<CPPreviewDate>{year}-01-15</CPPreviewDate>
</Reviews>
</ChildProtectionPlans>
</CINdetails>
</Child>"""


def child(la: str = "C1", *, year: int = 2026, sex: str = "F", busy: bool = False) -> str:
    template = BUSY_CHILD if busy else CHILD
    return template.format(la=la, year=year, prev=year - 1, sex=sex, born=f"{year - 3}-02-01")


def census(children: list[str] | None = None, *, year: int = 2026, header: bool = True) -> str:
    body = "\n".join(children if children is not None else [child(year=year)])
    head = HEADER.format(year=year) + "\n" if header else ""
    return f'<?xml version="1.0" encoding="UTF-8"?>\n<Message>\n{head}<Children>\n{body}\n</Children>\n</Message>\n'


def write(tmp_path: Path, text: str, name: str = "census.xml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def line_of(text: str, needle: str, start: int = 1) -> int:
    """The 1-based number of the first line at or after ``start`` that contains ``needle``."""
    for number, line in enumerate(text.splitlines(), 1):
        if number >= start and needle in line:
            return number
    raise AssertionError(f"{needle!r} not in the text")


# --- hostile files ---------------------------------------------------------------------------

BILLION_LAUGHS = """<?xml version="1.0"?>
<!DOCTYPE Message [
 <!ENTITY lol "lol">
 <!ENTITY lol1 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
 <!ENTITY lol2 "&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;&lol1;">
 <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">
 <!ENTITY lol4 "&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;&lol3;">
 <!ENTITY lol5 "&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;&lol4;">
 <!ENTITY lol6 "&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;&lol5;">
 <!ENTITY lol7 "&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;&lol6;">
 <!ENTITY lol8 "&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;&lol7;">
 <!ENTITY lol9 "&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;&lol8;">
]>
<Message><Header/><Children><Child><ChildIdentifiers><LAchildID>&lol9;</LAchildID>
</ChildIdentifiers></Child></Children></Message>
"""

EXTERNAL_ENTITY = """<?xml version="1.0"?>
<!DOCTYPE Message [<!ENTITY secret SYSTEM "file:///etc/passwd">]>
<Message><Header/><Children><Child><ChildIdentifiers><LAchildID>&secret;</LAchildID>
</ChildIdentifiers></Child></Children></Message>
"""

EXTERNAL_DTD = """<?xml version="1.0"?>
<!DOCTYPE Message SYSTEM "http://127.0.0.1:9/census.dtd">
<Message/>
"""
