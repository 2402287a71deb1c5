"""The r6 group's rules, per year, against the DfE rule list (ruleset, code and message columns
of ``ssda903_rules_by_year.tsv``, copied below for 2024/25 to 2026/27)."""

from __future__ import annotations

import re

import pytest

from safehold.validate.registry import REGISTRY

GROUP = re.compile(r"^(6\d\d|70\d|710|10(0\d|1[0-6])|3001|EPI|NoE|INT\d\d|SW\w+STG\d)$")
RULESETS = {"lac2024_25": 2025, "lac2025_26": 2026, "lac2026_27": 2027}
#: Rules the DfE words as a warning rather than an error.
QUERIES = {"EPI"}

DFE_RULES = """\
lac2024_25	601	The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.
lac2024_25	602	The episode data submitted for this child does not show that he/she was adopted during the year.
lac2024_25	607	Child ceased to be looked after in the year, but mother field has not been completed.
lac2024_25	611	Date of birth field is blank, but child is a mother.
lac2024_25	612	Date of birth field has been completed but mother field indicates child is not a mother.
lac2024_25	620	Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.
lac2024_25	621	Mother’s field has been completed but date of birth shows that the mother is younger than her child.
lac2024_25	624	Date of birth of the first child contradicts the date of birth of the first child previously recorded.
lac2024_25	625	Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.
lac2024_25	626	Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.
lac2024_25	628	Motherhood details are not required for care leavers who have not been looked after during the year.
lac2024_25	630	Information on previous permanence option should be returned.
lac2024_25	631	Previous permanence option not a valid value.
lac2024_25	632	Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year
lac2024_25	633	Local authority code where previous permanence option was arranged is not a valid value.
lac2024_25	634	There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.
lac2024_25	635	There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1
lac2024_25	1000	This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]
lac2024_25	1001	The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]
lac2024_25	1002	This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]
lac2024_25	1003	Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.
lac2024_25	1004	The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.
lac2024_25	1005	The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.
lac2024_25	1006	Missing type invalid.
lac2024_25	1007	Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]
lac2024_25	1008	Ofsted Unique Reference Number (URN) is not valid.
lac2024_25	1009	Reason for placement change is not a valid code.
lac2024_25	1010	This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.
lac2024_25	1011	This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.
lac2024_25	1012	No other data should be returned for OC3 children who had no episodes in the current year
lac2024_25	1014	UASC information is not required for care leavers
lac2024_25	1015	Placement provider is own provision but child not placed in own LA.
lac2024_25	1016	Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.
lac2024_25	3001	Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).
lac2024_25	EPI	WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]
lac2024_25	INT01	Data Integrity Check: Child in AD1 does not exist in Header.
lac2024_25	INT02	Internal Check: Child in PlacedAdoption does not exist in Header.
lac2024_25	INT03	Internal Check: Child in Episodes does not exist in Header.
lac2024_25	INT04	Internal Check: Child in Missing does not exist in Header.
lac2024_25	INT05	Internal Check: Child in OC2 does not exist in Header.
lac2024_25	INT06	Internal Check: Child in OC3 does not exist in Header.
lac2024_25	INT07	Internal Check: Child in PrevPerm does not exist in Header.
lac2024_25	INT08	Internal Check: Child in Reviews does not exist in Header.
lac2024_25	INT09	Internal Check: Child in UASC does not exist in Header.
lac2024_25	INT11	Internal Check: DOB in AD1 is different to DOB in Header.
lac2024_25	INT12	Internal Check: DOB in PlacedAdoption is different to DOB in Header.
lac2024_25	INT13	Internal Check: DOB in Missing is different to DOB in Header.
lac2024_25	INT14	Internal Check: DOB in OC2 is different to DOB in Header.
lac2024_25	INT15	Internal Check: DOB in OC3 is different to DOB in Header.
lac2024_25	INT16	Internal Check: DOB in PrevPerm is different to DOB in Header.
lac2024_25	INT17	Internal Check: DOB in Reviews is different to DOB in Header.
lac2024_25	INT18	Internal Check: DOB in UASC is different to DOB in Header.
lac2024_25	INT21	Internal Check: SEX in UASC is different to SEX in Header.
lac2024_25	INT31	Internal Check: Child should only exist once in AD1.
lac2024_25	INT32	Internal Check: Child should only exist once in Header.
lac2024_25	INT33	Internal Check: Child should only exist once in OC2.
lac2024_25	INT34	Internal Check: Child should only exist once in OC3.
lac2024_25	INT35	Internal Check: Child should only exist once in PrevPerm.
lac2024_25	INT36	Internal Check: Child should only exist once in UASC.
lac2024_25	NoE	This child has no episodes loaded for previous year even though child started to be looked after before this current year.
lac2024_25	SW01aSTG1	For each social worker episode, information should be complete
lac2024_25	SW01bSTG1	For each social worker episode, information should be complete
lac2024_25	SW02STG1	Social worker ID does not begin with the characters ‘SW’ or ‘XX’.
lac2024_25	SW04STG1	Date social worker episode began is not a valid date..
lac2024_25	SW05STG1	Date social worker episode began is not a valid date.
lac2024_25	SW06STG2	Social worker episode data should be within the social worker data reporting year.
lac2024_25	SW07STG2	Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.
lac2024_25	SW08STG2	A new social worker episode has started, but the previous episode has not ended.
lac2024_25	SW09STG2	Social worker episode appears to have lasted for less than 24 hours.
lac2024_25	SW10STG2	A new social worker episode has started before the end date of the previous social worker episode.
lac2024_25	SW11bSTG2	Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.
lac2024_25	SW12STG2	If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after
lac2024_25	SW13STG1	The reason for social worker change is not valid.
lac2025_26	601	The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.
lac2025_26	602	The episode data submitted for this child does not show that he/she was adopted during the year.
lac2025_26	607	Child ceased to be looked after in the year, but mother field has not been completed.
lac2025_26	611	Date of birth field is blank, but child is a mother.
lac2025_26	612	Date of birth field has been completed but mother field indicates child is not a mother.
lac2025_26	620	Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.
lac2025_26	621	Mother’s field has been completed but date of birth shows that the mother is younger than her child.
lac2025_26	624	Date of birth of the first child contradicts the date of birth of the first child previously recorded.
lac2025_26	625	Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.
lac2025_26	626	Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.
lac2025_26	628	Motherhood details are not required for care leavers who have not been looked after during the year.
lac2025_26	630	Information on previous permanence option should be returned.
lac2025_26	631	Previous permanence option not a valid value.
lac2025_26	632	Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year
lac2025_26	633	Local authority code where previous permanence option was arranged is not a valid value.
lac2025_26	634	There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.
lac2025_26	635	There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1
lac2025_26	1000	This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]
lac2025_26	1001	The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]
lac2025_26	1002	This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]
lac2025_26	1003	Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.
lac2025_26	1004	The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.
lac2025_26	1005	The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.
lac2025_26	1006	Missing type invalid.
lac2025_26	1007	Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]
lac2025_26	1008	Ofsted Unique Reference Number (URN) is not valid.
lac2025_26	1009	Reason for placement change is not a valid code.
lac2025_26	1010	This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.
lac2025_26	1011	This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.
lac2025_26	1012	No other data should be returned for OC3 children who had no episodes in the current year
lac2025_26	1014	UASC information is not required for care leavers
lac2025_26	1015	Placement provider is own provision but child not placed in own LA.
lac2025_26	1016	Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.
lac2025_26	3001	Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).
lac2025_26	EPI	WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]
lac2025_26	INT01	Data Integrity Check: Child in AD1 does not exist in Header.
lac2025_26	INT02	Internal Check: Child in PlacedAdoption does not exist in Header.
lac2025_26	INT03	Internal Check: Child in Episodes does not exist in Header.
lac2025_26	INT04	Internal Check: Child in Missing does not exist in Header.
lac2025_26	INT05	Internal Check: Child in OC2 does not exist in Header.
lac2025_26	INT06	Internal Check: Child in OC3 does not exist in Header.
lac2025_26	INT07	Internal Check: Child in PrevPerm does not exist in Header.
lac2025_26	INT08	Internal Check: Child in Reviews does not exist in Header.
lac2025_26	INT09	Internal Check: Child in UASC does not exist in Header.
lac2025_26	INT11	Internal Check: DOB in AD1 is different to DOB in Header.
lac2025_26	INT12	Internal Check: DOB in PlacedAdoption is different to DOB in Header.
lac2025_26	INT13	Internal Check: DOB in Missing is different to DOB in Header.
lac2025_26	INT14	Internal Check: DOB in OC2 is different to DOB in Header.
lac2025_26	INT15	Internal Check: DOB in OC3 is different to DOB in Header.
lac2025_26	INT16	Internal Check: DOB in PrevPerm is different to DOB in Header.
lac2025_26	INT17	Internal Check: DOB in Reviews is different to DOB in Header.
lac2025_26	INT18	Internal Check: DOB in UASC is different to DOB in Header.
lac2025_26	INT21	Internal Check: SEX in UASC is different to SEX in Header.
lac2025_26	INT31	Internal Check: Child should only exist once in AD1.
lac2025_26	INT32	Internal Check: Child should only exist once in Header.
lac2025_26	INT33	Internal Check: Child should only exist once in OC2.
lac2025_26	INT34	Internal Check: Child should only exist once in OC3.
lac2025_26	INT35	Internal Check: Child should only exist once in PrevPerm.
lac2025_26	INT36	Internal Check: Child should only exist once in UASC.
lac2025_26	NoE	This child has no episodes loaded for previous year even though child started to be looked after before this current year.
lac2025_26	SW01aSTG1	For each social worker episode, information should be complete
lac2025_26	SW01bSTG1	For each social worker episode, information should be complete
lac2025_26	SW02STG1	Social worker ID does not begin with the characters ‘SW’ or ‘XX’.
lac2025_26	SW04STG1	Date social worker episode began is not a valid date..
lac2025_26	SW05STG1	Date social worker episode began is not a valid date.
lac2025_26	SW06STG2	Social worker episode data should be within the social worker data reporting year.
lac2025_26	SW07STG2	Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.
lac2025_26	SW08STG2	A new social worker episode has started, but the previous episode has not ended.
lac2025_26	SW09STG2	Social worker episode appears to have lasted for less than 24 hours.
lac2025_26	SW10STG2	A new social worker episode has started before the end date of the previous social worker episode.
lac2025_26	SW11bSTG2	Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.
lac2025_26	SW12STG2	If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after
lac2025_26	SW13STG1	The reason for social worker change is not valid.
lac2025_26	SW17STG2	There is no social worker episode open at 31 March
lac2026_27	601	The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year.
lac2026_27	602	The episode data submitted for this child does not show that he/she was adopted during the year.
lac2026_27	607	Child ceased to be looked after in the year, but mother field has not been completed.
lac2026_27	611	Date of birth field is blank, but child is a mother.
lac2026_27	612	Date of birth field has been completed but mother field indicates child is not a mother.
lac2026_27	620	Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age.
lac2026_27	621	Mother’s field has been completed but date of birth shows that the mother is younger than her child.
lac2026_27	624	Date of birth of the first child contradicts the date of birth of the first child previously recorded.
lac2026_27	625	Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after.
lac2026_27	626	Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year.
lac2026_27	628	Motherhood details are not required for care leavers who have not been looked after during the year.
lac2026_27	630	Information on previous permanence option should be returned.
lac2026_27	631	Previous permanence option not a valid value.
lac2026_27	632	Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year
lac2026_27	633	Local authority code where previous permanence option was arranged is not a valid value.
lac2026_27	634	There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards.
lac2026_27	635	There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1
lac2026_27	700	The start date of the DoLO is not a valid date.
lac2026_27	701	The end date of the DoLO is not a valid date.
lac2026_27	702	The date that the DoLO ended is before the date that it started.
lac2026_27	703	The date that the DoLO started is after the end of the collection year.
lac2026_27	704	The date that the DoLO ended is before the start or after the end of the collection year.
lac2026_27	705	A DoLO cannot start when the previous DoLO is still open.
lac2026_27	706	There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at the start of this year..
lac2026_27	707	Child ceased to be looked after but there is a DoLO without an end date.
lac2026_27	708	Dates of DoLOs are before child’s date of birth.
lac2026_27	709	Child with a DoLO is in an unexpected placement type.
lac2026_27	710	Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, or supported accommodation.
lac2026_27	1000	This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]
lac2026_27	1001	The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]
lac2026_27	1002	This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]
lac2026_27	1003	Date of LA's decision that a child should be placed for adoption is before the child started to be looked after.
lac2026_27	1004	The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.
lac2026_27	1005	The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date.
lac2026_27	1006	Missing type invalid.
lac2026_27	1007	Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]
lac2026_27	1008	Ofsted Unique Reference Number (URN) is not valid.
lac2026_27	1009	Reason for placement change is not a valid code.
lac2026_27	1010	This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered.
lac2026_27	1011	This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed.
lac2026_27	1012	No other data should be returned for OC3 children who had no episodes in the current year
lac2026_27	1014	UASC information is not required for care leavers
lac2026_27	1015	Placement provider is own provision but child not placed in own LA.
lac2026_27	1016	Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday.
lac2026_27	3001	Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s).
lac2026_27	EPI	WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]
lac2026_27	INT01	Data Integrity Check: Child in AD1 does not exist in Header.
lac2026_27	INT02	Internal Check: Child in PlacedAdoption does not exist in Header.
lac2026_27	INT03	Internal Check: Child in Episodes does not exist in Header.
lac2026_27	INT04	Internal Check: Child in Missing does not exist in Header.
lac2026_27	INT05	Internal Check: Child in OC2 does not exist in Header.
lac2026_27	INT06	Internal Check: Child in OC3 does not exist in Header.
lac2026_27	INT07	Internal Check: Child in PrevPerm does not exist in Header.
lac2026_27	INT08	Internal Check: Child in Reviews does not exist in Header.
lac2026_27	INT09	Internal Check: Child in UASC does not exist in Header.
lac2026_27	INT11	Internal Check: DOB in AD1 is different to DOB in Header.
lac2026_27	INT12	Internal Check: DOB in PlacedAdoption is different to DOB in Header.
lac2026_27	INT13	Internal Check: DOB in Missing is different to DOB in Header.
lac2026_27	INT14	Internal Check: DOB in OC2 is different to DOB in Header.
lac2026_27	INT15	Internal Check: DOB in OC3 is different to DOB in Header.
lac2026_27	INT16	Internal Check: DOB in PrevPerm is different to DOB in Header.
lac2026_27	INT17	Internal Check: DOB in Reviews is different to DOB in Header.
lac2026_27	INT18	Internal Check: DOB in UASC is different to DOB in Header.
lac2026_27	INT21	Internal Check: SEX in UASC is different to SEX in Header.
lac2026_27	INT31	Internal Check: Child should only exist once in AD1.
lac2026_27	INT32	Internal Check: Child should only exist once in Header.
lac2026_27	INT33	Internal Check: Child should only exist once in OC2.
lac2026_27	INT34	Internal Check: Child should only exist once in OC3.
lac2026_27	INT35	Internal Check: Child should only exist once in PrevPerm.
lac2026_27	INT36	Internal Check: Child should only exist once in UASC.
lac2026_27	NoE	This child has no episodes loaded for previous year even though child started to be looked after before this current year.
lac2026_27	SW01aSTG1	For each social worker episode, information should be complete
lac2026_27	SW01bSTG1	For each social worker episode, information should be complete
lac2026_27	SW02STG1	Social worker ID does not begin with the characters ‘SW’ or ‘XX’.
lac2026_27	SW04STG1	Date social worker episode began is not a valid date..
lac2026_27	SW05STG1	Date social worker episode began is not a valid date.
lac2026_27	SW06STG2	Social worker episode data should be within the social worker data reporting year.
lac2026_27	SW07STG2	Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date.
lac2026_27	SW08STG2	A new social worker episode has started, but the previous episode has not ended.
lac2026_27	SW09STG2	Social worker episode appears to have lasted for less than 24 hours.
lac2026_27	SW10STG2	A new social worker episode has started before the end date of the previous social worker episode.
lac2026_27	SW11bSTG2	Social worker episode has ended before 31 March and no subsequent social worker episode has been provided.
lac2026_27	SW12STG2	If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after
lac2026_27	SW13STG1	The reason for social worker change is not valid.
lac2026_27	SW17STG2	There is no social worker episode open at 31 March
"""


def _expected(year: int) -> dict[str, str]:
    out: dict[str, str] = {}
    for line in DFE_RULES.splitlines():
        ruleset, code, message = line.split("\t")
        if RULESETS[ruleset] == year:
            out[code] = message
    return out


@pytest.mark.parametrize("year", sorted(RULESETS.values()))
def test_group_codes_match_the_dfe_list(year: int) -> None:
    registered = {r.code for r in REGISTRY.ruleset("ssda903", year) if GROUP.match(r.code)}
    assert registered == set(_expected(year))


@pytest.mark.parametrize("year", sorted(RULESETS.values()))
def test_group_messages_and_severities(year: int) -> None:
    expected = _expected(year)
    for found in REGISTRY.ruleset("ssda903", year):
        if found.code not in expected:
            continue
        assert found.message == expected[found.code], found.code
        assert found.severity == ("query" if found.code in QUERIES else "error"), found.code


def test_group_rules_declared_from_the_year_they_start() -> None:
    first = {
        code: min(y for y in RULESETS.values() if code in _expected(y)) for code in _expected(2027)
    }
    for code, year in first.items():
        [version] = REGISTRY.versions("ssda903", code)
        assert version.since == year, code
