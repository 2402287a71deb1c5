"""Safehold's CIN census schemas: generated from the code sets, and saying what the census says."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from lxml import etree

from safehold.codes import code_set
from safehold.returns.cin_census.schema import (
    SCHEMA_YEARS,
    NoSchema,
    message_schema,
    part_schema,
    shipped_text,
)
from safehold.returns.cin_census.schema.__main__ import main
from safehold.returns.cin_census.schema.generate import CODE_TYPES, XS, schema_text
from tests.returns.cin_census.builders import census, child

PRE_PROCEEDINGS = """<PreProceedingsandFGDM>
<PPStartDate>2026-05-01</PPStartDate>
<LBPSentDate>2026-05-02</LBPSentDate>
<FGDMMeetingOffer>1</FGDMMeetingOffer>
<FGDMMeetingFac>1</FGDMMeetingFac>
<InitialPPMeetingDate>2026-05-10</InitialPPMeetingDate>
<ReviewMeetingsCount>3</ReviewMeetingsCount>
<StepDecisionDate>2026-08-01</StepDecisionDate>
<PPOutcome>A</PPOutcome>
<CourtAppDate>2026-09-01</CourtAppDate>
<LetterInitCPDate>2026-04-20</LetterInitCPDate>
</PreProceedingsandFGDM>"""


def _valid(text: str, year: int) -> bool:
    doc = etree.fromstring(text.encode("utf-8"))
    return bool(message_schema(year).validate(doc))


@pytest.mark.parametrize("year", SCHEMA_YEARS)
def test_shipped_schema_is_the_generated_one(year: int) -> None:
    assert shipped_text(year) == schema_text(year)


def test_check_command_agrees(capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["--check"]) == 0
    assert "up to date" in capsys.readouterr().out


def test_no_schema_before_2025() -> None:
    with pytest.raises(NoSchema, match="2023/24"):
        shipped_text(2024)


@pytest.mark.parametrize("year", SCHEMA_YEARS)
def test_enumerations_are_the_years_code_sets(year: int) -> None:
    root = etree.fromstring(shipped_text(year).encode("utf-8"))
    for type_name, set_name in CODE_TYPES.items():
        found = root.xpath(
            f"xs:simpleType[@name='{type_name}']//xs:enumeration/@value", namespaces={"xs": XS}
        )
        assert list(found) == list(code_set(set_name, year)), type_name


@pytest.mark.parametrize("year", SCHEMA_YEARS)
def test_a_good_census_is_valid(year: int) -> None:
    assert _valid(
        census([child("A1", year=year), child("B2", year=year, busy=True)], year=year), year
    )


def test_sex_replaces_gender_current() -> None:
    good = child("A1")
    old = good.replace("<Sex>F</Sex>", "<GenderCurrent>2</GenderCurrent>")
    assert _valid(census([good]), 2026)
    assert not _valid(census([old]), 2026)


@given(st.sampled_from(sorted(code_set("sex", 2026))))
def test_every_sex_code_is_accepted(code: str) -> None:
    assert part_schema(2026).validate(etree.fromstring(child("A1", sex=code)))


@settings(max_examples=50)
@given(st.text(alphabet=st.characters(min_codepoint=33, max_codepoint=126), min_size=1, max_size=4))
def test_other_ethnicities_are_refused(code: str) -> None:
    xml = child("A1").replace("<Ethnicity>WBRI</Ethnicity>", f"<Ethnicity>{code}</Ethnicity>")
    try:
        element = etree.fromstring(xml)
    except etree.XMLSyntaxError:
        return  # characters such as < and & cannot stand in text unescaped
    expected = code in code_set("ethnicity", 2026)
    assert bool(part_schema(2026).validate(element)) == expected


def test_no_previous_plans_is_a_count_from_zero() -> None:
    busy = child("A1", busy=True)
    assert _valid(census([busy]), 2026)
    assert not _valid(
        census([busy.replace(">0</NumberOfPreviousCPP>", ">-1</NumberOfPreviousCPP>")]), 2026
    )
    assert _valid(
        census([busy.replace(">0</NumberOfPreviousCPP>", ">4</NumberOfPreviousCPP>")]), 2026
    )


def test_reviews_hold_one_or_more_dates() -> None:
    busy = child("A1", busy=True)
    start, end = busy.index("<Reviews>"), busy.index("</Reviews>") + len("</Reviews>")
    assert not _valid(census([busy[:start] + "<Reviews>\n</Reviews>" + busy[end:]]), 2026)
    one = busy[:start] + "<Reviews><CPPreviewDate>2025-10-01</CPPreviewDate></Reviews>" + busy[end:]
    assert _valid(census([one]), 2026)


def test_element_order_matters() -> None:
    good = child("A1")
    swapped = good.replace(
        "<ReferralSource>1A</ReferralSource>\n<PrimaryNeedCode>N1</PrimaryNeedCode>",
        "<PrimaryNeedCode>N1</PrimaryNeedCode>\n<ReferralSource>1A</ReferralSource>",
    )
    assert swapped != good
    assert not _valid(census([swapped]), 2026)


def test_pre_proceedings_only_from_2026_27() -> None:
    for year, expected in ((2026, False), (2027, True)):
        text = child("A1", year=year).replace("</CINdetails>", PRE_PROCEEDINGS + "\n</CINdetails>")
        assert _valid(census([text], year=year), year) is expected


def test_pre_proceedings_types() -> None:
    text = child("A1", year=2027).replace("</CINdetails>", PRE_PROCEEDINGS + "\n</CINdetails>")
    assert not _valid(census([text.replace(">3</Review", ">-3</Review")], year=2027), 2027)
    assert not _valid(
        census([text.replace(">1</FGDMMeetingFac", ">yes</FGDMMeetingFac")], year=2027), 2027
    )
    assert not _valid(
        census([text.replace("<PPStartDate>2026-05-01", "<PPStartDate>01/05/2026")], year=2027),
        2027,
    )


def test_the_census_has_no_namespace() -> None:
    text = census().replace("<Message>", '<Message xmlns="urn:example">')
    assert not _valid(text, 2026)
