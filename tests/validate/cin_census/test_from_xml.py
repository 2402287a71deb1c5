"""The rules over tables read from census XML by the CIN reader: shapes, lines and elements."""

from __future__ import annotations

from pathlib import Path

from safehold.returns.cin_census.read import read_census
from safehold.validate.cin_census.dataset import dataset
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY

CENSUS = """<?xml version="1.0" encoding="UTF-8"?>
<Message>
<Header>
<CollectionDetails>
<Collection>CIN</Collection>
<Year>2026</Year>
<ReferenceDate>2026-03-31</ReferenceDate>
</CollectionDetails>
<Source>
<SourceLevel>L</SourceLevel>
<LEA>201</LEA>
<SoftwareCode>Safehold rule tests</SoftwareCode>
<Release>1</Release>
<SerialNo>001</SerialNo>
<DateTime>2026-04-02T09:00:00</DateTime>
</Source>
</Header>
<Children>
<Child>
<ChildIdentifiers>
<LAchildID>C1</LAchildID>
<UPNunknown>UN1</UPNunknown>
<PersonBirthDate>2023-02-01</PersonBirthDate>
<Sex>F</Sex>
</ChildIdentifiers>
<ChildCharacteristics>
<Ethnicity>WBRI</Ethnicity>
<Disabilities>
<Disability>NONE</Disability>
</Disabilities>
</ChildCharacteristics>
<CINdetails>
<CINreferralDate>2025-07-01</CINreferralDate>
<ReferralSource>2A</ReferralSource>
<PrimaryNeedCode>N1</PrimaryNeedCode>
<Assessments>
<AssessmentActualStartDate>2025-07-02</AssessmentActualStartDate>
<AssessmentAuthorisationDate>2025-07-20</AssessmentAuthorisationDate>
<FactorsIdentifiedAtAssessment>
<AssessmentFactors>16A</AssessmentFactors>
<AssessmentFactors>18A</AssessmentFactors>
</FactorsIdentifiedAtAssessment>
</Assessments>
<Section47>
<S47ActualStartDate>2025-07-03</S47ActualStartDate>
<InitialCPCtarget>2025-07-17</InitialCPCtarget>
<DateOfInitialCPC>2025-07-17</DateOfInitialCPC>
<ICPCnotRequired>false</ICPCnotRequired>
</Section47>
<ReferralNFA>false</ReferralNFA>
<ChildProtectionPlans>
<CPPstartDate>2025-07-17</CPPstartDate>
<InitialCategoryOfAbuse>NEG</InitialCategoryOfAbuse>
<LatestCategoryOfAbuse>NEG</LatestCategoryOfAbuse>
<NumberOfPreviousCPP>0</NumberOfPreviousCPP>
<Reviews>
<CPPreviewDate>2025-10-01</CPPreviewDate>
<CPPreviewDate>2025-07-16</CPPreviewDate>
</Reviews>
</ChildProtectionPlans>
</CINdetails>
</Child>
</Children>
</Message>
"""


def _line(needle: str) -> int:
    return next(n for n, text in enumerate(CENSUS.splitlines(), 1) if needle in text)


def test_rules_over_a_read_census(tmp_path: Path) -> None:
    path = tmp_path / "census.xml"
    path.write_text(CENSUS, encoding="utf-8")
    read = read_census(path, 2026)
    assert read.problems == []
    report = run_rules(
        REGISTRY.ruleset("cin_census", 2026), dataset(2026, read.tables, source=str(path))
    )
    assert report.rules_skipped == []
    found = {(i["rule"], i["element"], i["line"]) for i in report.issue_dicts()}
    assert found == {
        # the second review date of the block, before the plan started
        ("8841", "Child/CINdetails/ChildProtectionPlans/Reviews/CPPreviewDate",
         _line("2025-07-16</CPPreviewDate>")),
        # 18A among other factors
        ("8945Q", "Child/CINdetails/Assessments/FactorsIdentifiedAtAssessment/AssessmentFactors",
         _line("<AssessmentFactors>18A")),
        ("2887Q", None, None),
    }  # fmt: skip
