"""The 200–399 SSDA903 rules registered each year match the DfE list: codes, messages, severity."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from safehold.validate.registry import REGISTRY

# Codes and messages of rules 200–399 per collection year, from the shared spec
# ssda903_rules_by_year.tsv (rulesets lac2024_25, lac2025_26, lac2026_27), kept here so that the
# test runs without the spec. Messages are compared with surrounding whitespace stripped.
EXPECTED: dict[int, dict[str, str]] = {
    2025: {
        "202": "The gender code conflicts with the gender already recorded for this child.",
        "203": "Date of birth disagrees with the date of birth already recorded for this child.",
        "204": "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
        "207": "Mother status for the current year disagrees with the mother status already recorded for this child.",
        "208": "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.",
        "209": "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.",
        "210": "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.",
        "213": "Placement provider information not required.",
        "214": "Placement location information not required.",
        "215": "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.",
        "217": "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.",
        "218": "Ofsted Unique reference number (URN) is required.",
        "219": "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.",
        "221": "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
        "222": "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        "224": "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.",
        "225": "Reason for placement change must be recorded.",
        "226": "Reason for placement change is not required.",
        "227": "Ofsted Unique reference number (URN) is not valid for the episode start date.",
        "228": "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open episodes at providers who close during the year]",
        "229": "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]",
        "231": "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request.",
        "232": "Sex of the child/young person has been reported as unknown.",
        "301": "Date of birth falls after the year ended.",
        "302": "First episode starts before child was born.",
        "303": "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.",
        "304": "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.",
        "331": "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.",
        "333": "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
        "334": "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption.",
        "335": "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.",
        "336": "Child does not have a foster placement immediately prior to being placed for adoption.",
        "344": "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.",
        "345": "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.",
        "347": "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
        "351": "Child was over 25 at the start of the current collection year.",
        "352": "Child who started to be looked after was aged 18 or over.",
        "353": "No episode submitted can start before 14 October 1991.",
        "354": "Date episode ceased must be on or before the end of the current collection year.",
        "355": "Episode appears to have lasted for less than 24 hours",
        "356": "The date the episode ceased is before the date the same episode started.",
        "357": "If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.",
        "358": "Child with this legal status should not be under 10.",
        "359": "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.",
        "361": "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.",
        "362": "Emergency protection order (EPO) lasted longer than 21 days",
        "363": "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
        "364": "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.",
        "365": "Any individual short- term respite placement must not exceed 17 days.",
        "366": "A child cannot change placement during the course of an individual short-term respite break.",
        "367": "The maximum amount of respite care allowable is 75 days in any 12-month period.",
        "371": "Child in supported accomodation not subject to children’s homes regulations should be at least 16.",
        "372": "Child in youth custody or prison should be at least 10.",
        "373": "Child placed in a school should be at least 4 years old.",
        "374": "Child in residential employment should be at least 14 years old.",
        "375": "Hospitalisation coded as a temporary placement exceeds six weeks.",
        "376": "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.",
        "377": "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.",
        "378": "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.",
        "379": "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
        "380": "A period of care cannot start with a temporary placement.",
        "381": "A period of care cannot end with a temporary placement.",
        "382": "A child receiving respite care cannot be in a temporary placement.",
        "383": "A child in a temporary placement must subsequently return to his/her normal placement.",
        "384": "A child receiving respite care cannot be in a long-term foster placement",
        "385": "Date episode ceased must be on or before the end of the current collection year.",
        "386": "Reason episode ceased is adopted but child has reached age 18.",
        "387": "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.",
        "388": "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
        "389": "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.",
        "390": "Reason episode ceased is adopted but child has not been previously placed for adoption.",
        "391": "Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
        "393": "Child is looked after but mother field is not completed.",
        "398": "Distance field completed but child looked after under legal status V3 or V4.",
        "399": "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.",
        "205A": "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.",
        "205B": "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.",
        "205C": "Child not identified as UASC either this year or last year but date UASC ceased has been provided.",
        "205D": "Child identified as UASC this year but not identified as UASC status provided for the child last year.",
        "392a": "Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]",
        "392b": "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]",
        "392c": "Postcode(s) provided are invalid.",
        "392d": "Home and placement postcodes should not be same unless the placement type is P1.",
    },
    2026: {
        "202": "The gender code conflicts with the gender already recorded for this child.",
        "203": "Date of birth disagrees with the date of birth already recorded for this child.",
        "204": "Ethnic origin code disagrees with the ethnic origin already recorded for this child.",
        "207": "Mother status for the current year disagrees with the mother status already recorded for this child.",
        "208": "Unique Pupil Number (UPN) for the current year disagrees with the Unique Pupil Number (UPN) already recorded for this child.",
        "209": "Child looked after is of school age and should not have an unknown Unique Pupil Number (UPN) code of UN1.",
        "210": "Children looked after for more than a week at 31 March should not have an unknown Unique Pupil Number (UPN) code of UN4.",
        "213": "Placement provider information not required.",
        "214": "Placement location information not required.",
        "215": "Child has care leaver information but one or more data items relating to children looked after for 12 months have been completed.",
        "217": "Children who are placed for adoption with current foster carers (placement types A3 or A5) must have a reason for new episode of S, T or U.",
        "218": "Ofsted Unique reference number (URN) is required.",
        "219": "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement type recorded.",
        "221": "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement postcode provided.",
        "222": "Ofsted Unique reference number (URN) should not be recorded for this placement type.",
        "224": "The Ofsted Unique reference number (URN) provided for the child's placement does not match the placement provider recorded.",
        "225": "Reason for placement change must be recorded.",
        "226": "Reason for placement change is not required for temporary placements.",
        "227": "Ofsted Unique reference number (URN) is not valid for the episode start date.",
        "228": "Ofsted Unique reference number (URN) is not valid for the episode end date [NOTE: may give false positives on open episodes at providers who close during the year]",
        "229": "Placement provider does not match between the placing authority and the local authority code of the provider. [NOTE: The provider's LA code is inferred from the its postcode, and may be inaccurate in some cases.]",
        "231": "We expect that unaccompanied asylum seeking children are generally older young people. Please check the date of birth is correct. If the date of birth is correct then please provide details in a bypass request.",
        "232": "Sex of the child/young person has been reported as unknown.",
        "233": "Reason for placement change is not required when the episode has not ceased.",
        "234": "A child aged under 10 can not change placement due to being admitted to custody",
        "301": "Date of birth falls after the year ended.",
        "302": "First episode starts before child was born.",
        "303": "If date Unaccompanied Asylum-Seeking Child (UASC) status ceased is not null, UASC status must be coded 1.",
        "304": "Date unaccompanied asylum-seeking child (UASC) status ceased must be on or before the 18th birthday of a child.",
        "331": "Date of matching child and adopter(s) should be the same as, or prior to, the date of placement of adoption.",
        "333": "Date should be placed for adoption must be on or prior to the date of matching child with adopter(s).",
        "334": "Date child started to be looked after in latest period of care must be on or prior to the date should be placed for adoption.",
        "335": "The current foster value (0) suggests that child is not adopted by current foster carer, but last placement is A2, A3, or A5. Or the current foster value (1) suggests that child is adopted by current foster carer, but last placement is A1, A4 or A6.",
        "336": "Child does not have a foster placement immediately prior to being placed for adoption.",
        "344": "The record shows the young person has died or returned home to live with parent(s) or someone with parental responsibility for a continuous period of 6 months or more, but activity and/or accommodation on leaving care have been completed.",
        "345": "The data collection record shows the local authority is in touch with this young person, but activity and/or accommodation data items are zero.",
        "347": "Care leavers aged under 18 years, can not be accommodated in a Foyer.",
        "348": "Care leaver has previously been reported as having died.",
        "351": "Child was over 25 at the start of the current collection year.",
        "352": "Child who started to be looked after was aged 18 or over.",
        "353": "No episode submitted can start before 14 October 1991.",
        "354": "Date episode ceased must be on or before the end of the current collection year.",
        "355": "Episode appears to have lasted for less than 24 hours",
        "356": "The date the episode ceased is before the date the same episode started.",
        "357": "If this is the first episode ever for this child, reason for new episode must be S.  Check whether there is an episode immediately preceding this one, which has been left out.  If not the reason for new episode code must be amended to S.",
        "358": "Child with this legal status should not be under 10.",
        "359": "Child being looked after following 18th birthday must be accommodated under section 20(5) of the Children Act 1989 in a community home.",
        "361": "Police protection legal status lasted longer than maximum 72 hours allowed in the Children Act 1989.",
        "362": "Emergency protection order (EPO) lasted longer than 21 days",
        "363": "Child assessment order (CAO) lasted longer than 7 days allowed in the Children Act 1989.",
        "364": "Sections 41-46 of Police and Criminal Evidence (PACE; 1984) severely limits the time a child can be detained in custody in Local Authority (LA) accommodation.",
        "365": "Any individual short- term respite placement must not exceed 17 days.",
        "366": "A child cannot change placement during the course of an individual short-term respite break.",
        "367": "The maximum amount of respite care allowable is 75 days in any 12-month period.",
        "371": "Child in supported accomodation not subject to children’s homes regulations should be at least 16.",
        "372": "Child in youth custody or prison should be at least 10.",
        "373": "Child placed in a school should be at least 4 years old.",
        "374": "Child in residential employment should be at least 14 years old.",
        "375": "Hospitalisation coded as a temporary placement exceeds six weeks.",
        "376": "Temporary placements coded as being due to holiday of usual foster carer(s) cannot exceed three weeks.",
        "377": "Only two temporary placements coded as being due to holiday of usual foster carer(s) are allowed in any 12- month period.",
        "378": "A child who is placed with parent(s) cannot be looked after under a single period of accommodation under Section 20 of the Children Act 1989.",
        "379": "Temporary placements for unspecified reason (placement code T4) cannot exceed seven days.",
        "380": "A period of care cannot start with a temporary placement.",
        "381": "A period of care cannot end with a temporary placement.",
        "382": "A child receiving respite care cannot be in a temporary placement.",
        "383": "A child in a temporary placement must subsequently return to his/her normal placement.",
        "384": "A child receiving respite care cannot be in a long-term foster placement",
        "385": "Date episode ceased must be on or before the end of the current collection year.",
        "386": "Reason episode ceased is adopted but child has reached age 18.",
        "387": "Reason episode ceased is child moved into independent living arrangement, but the child is aged under 14.",
        "388": "Reason episode ceased is coded new episode begins, but there is no continuation episode.",
        "389": "Reason episode ceased is that child transferred to care of adult social care services, but child is aged under 16.",
        "390": "Reason episode ceased is adopted but child has not been previously placed for adoption.",
        "391": "Young person was not 17, 18, 19, 20 or 21 during the current collection year.",
        "393": "Child is looked after but mother field is not completed.",
        "398": "Distance field completed but child looked after under legal status V3 or V4.",
        "399": "Mother field, review field or participation field are completed but child is looked after under legal status V3 or V4.",
        "205A": "Child identified as UASC last year is no longer UASC this year, but date UASC ceased in both years does not support this.",
        "205B": "Child previously identified as UASC is also UASC this year, but date UASC ceased in both years does not support this.",
        "205C": "Child not identified as UASC either this year or last year but date UASC ceased has been provided.",
        "205D": "Child identified as UASC this year but not identified as UASC status provided for the child last year.",
        "392a": "Child is looked after but no distance is recorded. [NOTE: This check may result in false positives for children formerly UASC]",
        "392b": "Child is looked after but no postcodes are recorded. [NOTE: This check may result in false positives for children formerly UASC, particularly if current & prior year UASC data not loaded]",
        "392c": "Postcode(s) provided are invalid.",
        "392d": "Home and placement postcodes should not be same unless the placement type is P1.",
    },
}
# 2026/27 changes nothing in this group: the same codes and messages as 2025/26.
EXPECTED[2027] = EXPECTED[2026]

#: Rules the DfE words as a query for the authority to check rather than an error: 231 asks to
#: "please check" the date of birth, 232 notes an unknown sex, 355 says an episode "appears" to
#: have lasted under a day. Every other rule in the group is an error.
QUERIES = {"231", "232", "355"}

SPEC = Path(__file__).parents[4] / "shared" / "spec" / "ssda903_rules_by_year.tsv"
RULESETS = {2025: "lac2024_25", 2026: "lac2025_26", 2027: "lac2026_27"}


def _in_group(code: str) -> bool:
    digits = re.match(r"\d+", code)
    return digits is not None and 200 <= int(digits.group()) <= 399


def _registered(year: int) -> dict[str, tuple[str, str]]:
    return {
        r.code: (r.severity, r.message)
        for r in REGISTRY.ruleset("ssda903", year)
        if _in_group(r.code)
    }


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_codes_registered_each_year_match_the_list(year: int) -> None:
    assert sorted(_registered(year)) == sorted(EXPECTED[year])


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_messages_and_severities_match_the_list(year: int) -> None:
    registered = _registered(year)
    for code, message in EXPECTED[year].items():
        severity, registered_message = registered[code]
        assert registered_message.strip() == message, code
        assert severity == ("query" if code in QUERIES else "error"), code


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not on this machine")
def test_expected_table_is_the_spec() -> None:
    with SPEC.open(encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t"))
    for year, ruleset in RULESETS.items():
        from_spec = {
            r["code"]: r["message"].strip()
            for r in rows
            if r["ruleset"] == ruleset and _in_group(r["code"])
        }
        assert from_spec == EXPECTED[year]
