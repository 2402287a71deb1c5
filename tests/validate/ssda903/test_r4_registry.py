"""The rules 400–599 registered for each year are exactly the DfE's list, with its messages."""

from __future__ import annotations

import pytest

from safehold.validate.registry import REGISTRY

# Codes and messages of rules 400–599 from the shared spec ssda903_rules_by_year.tsv (rulesets
# lac2024_25, lac2025_26, lac2026_27), kept here so that the test runs without the spec. Every
# message is the same in all three years; 444 and 454 start in 2025/26.
MESSAGES: dict[str, str] = {
    "406": "Child is Unaccompanied Asylum-Seeking Child (UASC) or was formerly UASC. Distance should be blank. [NOTE: This check will result in false negatives for children formerly UASC not identified as such in loaded data]",
    "407": "Reason episode ceased is Special Guardianship Order, but child has reached age 18.",
    "408": "Child is placed for adoption with a placement order, but no placement order has been recorded.",
    "411": "Placement location code disagrees with LA of placement.",
    "420": "LA of placement completed but child is looked after under legal status V3 or V4.",
    "426": "A child receiving respite care cannot be recorded under a legal status of V3 and V4 in the same year.",
    "431": "The reason for new episode is started to be looked after, but the previous episode ended on the same day.",
    "432": "The child ceased to be looked after at the end of the previous episode but the reason for the new episode is not started to be looked after.",
    "433": "The reason for new episode suggests that this is a continuation episode, but the episode does not start on the same day as the last episode finished.",
    "434": "Reason for new episode is that child's legal status has changed but not the placement, but this is not reflected in the episode data.",
    "435": "Reason for new episode is that child’s placement has changed but not the legal status, but this is not reflected in the episode data recorded.",
    "436": "Reason for new episode is that both child’s placement and legal status have changed, but this is not reflected in the episode data.",
    "437": "Reason episode ceased is child has died or is aged 18 or over but there are further episodes.",
    "440": "Participation method indicates child was under 4 years old at the time of the review, but date of birth and review date indicates the child was 4 years old or over.",
    "441": "Participation method indicates child was 4 years old or over at the time of the review, but the date of birth and review date indicates the child was under 4 years old.",
    "442": "Unique Pupil Number (UPN) field is not completed.",
    "444": "Duplicate UPN has been reported",
    "446": "E1 is not a valid code for episodes starting before December 2005.",
    "452": "Contradiction between local authority of placement code in the last episode of the previous year and in the first episode of the current year.",
    "453": "Contradiction between placement distance in the last episode of the previous year and in the first episode of the current year.",
    "454": "Placement distance from home is over 350 miles. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]",
    "460": "Reason episode ceased is that child stayed with current carers at age 18 (or above), but child is aged under 18.",
    "501": "A new episode has started before the end date of the previous episode.",
    "502": "Last year's record ended with an open episode. The date on which that episode started does not match the start date of the first episode on this year’s record.",
    "503A": "The reason for new episode in the first episode does not match open episode at end of last year.",
    "503B": "The legal status in the first episode does not match open episode at end of last year.",
    "503C": "The category of need in the first episode does not match open episode at end of last year.",
    "503D": "The placement type in the first episode does not match open episode at end of last year",
    "503E": "The placement provider in the first episode does not match open episode at end of last year.",
    "503F": "The Ofsted URN in the  first episode does not match open episode at end of last year.",
    "503G": "The distance in first episode does not match open episode at end of last year.",
    "503H": "The placement LA in first episode does not match open episode at end of last year.",
    "503J": "The placement location in first episode does not match open episode at end of last year.",
    "504": "The category of need code differs from that reported at start of current period of being looked after",
    "511": "If reporting that the number of person(s) adopting the looked after child is two adopters then the code should only be MM, FF or MF. MM = the adopting couple are both males; FF = the adopting couple are both females; MF = The adopting couple are male and female.",
    "514": "Data entry on the legal status of adopters shows a single adopter but data entry for the numbers of adopters shows it as a couple.",
    "516": "The episode data submitted for this child does not show that he/she was with their former foster carer(s) during the year.If the code in the reason episode ceased is E45 or E46 the child must have a placement code of U1 to U6.",
    "517": "If reporting legal status of adopters is L3 then the genders of adopters should be coded as MF. MF = the adopting couple are male and female.",
    "518": "If reporting legal status of adopters is L4 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females.",
    "519": "Data entered on the legal status of adopters shows civil partnership couple, but data entered on genders of adopters does not show it as a couple.",
    "520": "Data entry on the legal status of adopters shows different gender married couple but data entry on genders of adopters shows it as a same gender couple.",
    "521": "Date of local authority's decision (LA) that adoption is in the best interests of the child (date should be placed) must be on or prior to the date the child is placed for adoption.",
    "522": "Date of decision that the child should be placed for adoption must be on or before the date that a child should no longer be placed for adoption.",
    "523": "Date of decision that the child should be placed for adoption should be the same date as the decision that adoption is in the best interest (date should be placed).",
    "524": "If reporting legal status of adopters is L12 then the genders of adopters should be coded as MM or FF. MM = the adopting couple are both males. FF = the adopting couple are both females",
    "525": "A child for whom the decision to be placed for adoption has been reversed cannot be adopted during the year.",
    "526": "Child is missing a placement provider code for at least one episode.",
    "527": "A placement provider code of PR1 cannot be associated with placements P1, R2 or R5.",
    "528": "A placement provider code of PR2 cannot be associated with placements P1, R2 or R5.",
    "529": "Placement provider code of PR3 cannot be associated with placements P1, A3 to A6, K1, K2 and U1 to U6 as these placements cannot be provided by other public organisations.",
    "530": "A placement provider code of PR4 cannot be associated with placement P1.",
    "531": "A placement provider code of PR5 cannot be associated with placements P1.",
    "542": "A child aged under 10 at 31 March should not have conviction information completed.",
    "543": "Child is aged 10 or over at 31 March and has been looked after continuously for 12 months yet conviction information has not been completed.",
    "544": "Any child who has conviction information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
    "545": "Child is aged under 5 at 31 March and has been looked after continuously for 12 months yet health promotion information has not been completed.",
    "546": "Children aged 5 or over at 31 March should not have health promotion information completed.",
    "547": "Any child who has health promotion information completed must also have immunisation, teeth check, health assessment and substance misuse problem identified fields completed.",
    "550": "A placement provider code of PR0 can only be associated with placement P1.",
    "551": "Child has been placed for adoption but there is no date of the decision that the child should be placed for adoption.",
    "552": "Date of Decision to place a child for adoption should be on or prior to the date that the child was placed for adoption.",
    "553": "Placement order has been granted but there is no date of decision that the child should be placed for adoption.",
    "554": "Date of decision that the child should be placed for adoption should be on or prior to the date that the placement order was granted. [NOTE: This rule may result in false positives or false negatives if relevant episodes are in previous years; please check carefully!]",
    "557": "Child for whom the decision was made that they should be placed for adoption has left care but was not adopted and information on the decision that they should no longer be placed for adoption items has not been completed.",
    "558": "If a child has been adopted, then the decision to place them for adoption has not been disrupted and the date of the decision that a child should no longer be placed for adoption should be left blank.",
    "559": "Date of decision that a child should be placed for adoption was not in the current year but the date of the decision that the child should be placed for adoption was not completed in a previous return.",
    "560": "Date of decision that the child should be placed for adoption this year is different from that recorded last year but the decision to place the child for adoption did not change.",
    "561": "Date of the decision that the child should be placed for adoption this year is the same as that recorded last year but records show that the decision changed, and the child should no longer be placed for adoption last year.",
    "562": "Episode commenced before the start of the current collection year but there is a missing continuous episode in the previous year.",
    "563": "The child should no longer be placed for adoption but the date of the decision that the child should be placed for adoption is blank",
    "564": "Child was missing or away from placement without authorisation and the date started is blank.",
    "565": "The date that the child started to be missing or away from placement without authorisation has been completed but whether the child was missing or away from placement without authorisation has not been completed.",
    "566": "The date that the child's episode of being missing or away from placement without authorisation ended has been completed but whether the child was missing or away without authorisation has not been completed.",
    "567": "The date that the missing episode or episode that the child was away from placement without authorisation ended is before the date that it started.",
    "570": "The date that the child started to be missing or away from placement without authorisation is after the end of the collection year.",
    "571": "The date that the child ceased to be missing or away from placement without authorisation is before the start or after the end of the collection year.",
    "574": "A new missing/away from placement without authorisation period cannot start when the previous missing/away from placement without authorisation period is still open. Missing/away from placement without authorisation periods should also not overlap.",
    "575": "If the placement from which the child goes missing/away from placement without authorisation ends, the missing/away from placement without authorisation period in the missing module must also have an end date.",
    "576": "There is an open missing/away from placement without authorisation period in last year’s return and there is no corresponding period recorded at the start of this year.",
    "577": "Child ceased to be looked after but there is a missing/away from placement without authorisation period without an end date.",
    "578": "The date that the child started to be missing is after the child ceased to be looked after.",
    "579": "A new decision that the child should be placed for adoption this year cannot start when the previous decision is still open. Decisions to place the child for adoption should also not overlap. The date of any new decision to place the child for adoption must not be before the date placed ceased of previous decisions.",
    "580": "Child is missing when cease being looked after but reason episode ceased not ‘E8’.",
    "581": "Child is missing but has not yet started to be looked after.",
    "582": "Child is showing as ceasing to be looked after due to adoption, but the date of adoption is the same as the date reported for being matched with adopters. In most circumstances we expect the date the child is matched with adopters to be before the date of adoption.",
    "583": "More than one date the child should be placed for adoption has been reported, but an earlier decision has not been revoked. Check that both dates are required and add in the date the earlier decision was revoked. Note this may be in a previous year.",
    "584": "Date of decision that the child should be placed for adoption this year is different from that recorded last year, but the decision to placed the child for adoption changed and the child should no longer be placed for adoption.",
    "586": "Dates of missing periods are before child’s date of birth.",
}
NEW_IN_2026 = {"454", "444"}
EXPECTED: dict[int, set[str]] = {
    2025: set(MESSAGES) - NEW_IN_2026,
    2026: set(MESSAGES),
    2027: set(MESSAGES),
}
#: Rules the DfE words as queries ("please check", "in most circumstances we expect", a
#: distance that may well be right): reported as queries, all others as errors.
QUERIES = {"454", "554", "582", "583"}


def _in_group(code: str) -> bool:
    return code[:1] in {"4", "5"} and len(code.rstrip("ABCDEFGHJ")) == 3


@pytest.mark.parametrize("year", sorted(EXPECTED))
def test_codes_and_messages_match_the_dfe_list(year: int) -> None:
    registered = {r.code: r for r in REGISTRY.ruleset("ssda903", year) if _in_group(r.code)}
    assert set(registered) == EXPECTED[year]
    for code, rule in registered.items():
        assert rule.message == MESSAGES[code], code
        assert rule.severity == ("query" if code in QUERIES else "error"), code


def test_group_sizes() -> None:
    assert [len(EXPECTED[y]) for y in (2025, 2026, 2027)] == [86, 88, 88]


def test_versions_change_only_where_the_dfe_changed_a_rule() -> None:
    # 526 also changed in 2025/26, but only in its placement codes, which the code sets carry.
    changed = {
        code: [v.since for v in REGISTRY.versions("ssda903", code)]
        for code in MESSAGES
        if len(REGISTRY.versions("ssda903", code)) > 1
    }
    assert changed == {"503D": [2025, 2026]}
