"""The DfE message of each SSDA903 rule in codes 600-710, 1000-1016, 3001, EPI, NoE, INTxx and
SWxxSTGx, as the DfE words it (unchanged from 2024/25 to 2026/27)."""

from __future__ import annotations

MESSAGES: dict[str, str] = {
    "601": (
        "The additional fields relating to adoption have not been completed although the episode data shows that the child was adopted during the year."
    ),
    "602": (
        "The episode data submitted for this child does not show that he/she was adopted during the year."
    ),
    "607": (
        "Child ceased to be looked after in the year, but mother field has not been completed."
    ),
    "611": "Date of birth field is blank, but child is a mother.",
    "612": (
        "Date of birth field has been completed but mother field indicates child is not a mother."
    ),
    "620": (
        "Child has been recorded as a mother, but date of birth shows that the mother is under 11 years of age."
    ),
    "621": (
        "Mother’s field has been completed but date of birth shows that the mother is younger than her child."
    ),
    "624": (
        "Date of birth of the first child contradicts the date of birth of the first child previously recorded."
    ),
    "625": (
        "Date of birth of the first child is beyond the end of this reporting year or the date the child ceased to be looked after."
    ),
    "626": (
        "Child was reported as a mother but the date of birth of the first child is before the current year which contradicts with the mother status recorded last year."
    ),
    "628": (
        "Motherhood details are not required for care leavers who have not been looked after during the year."
    ),
    "630": "Information on previous permanence option should be returned.",
    "631": "Previous permanence option not a valid value.",
    "632": (
        "Date of previous permanence order not a valid value. NOTE: This rule may result in false negatives where the period of care started before the current collection year"
    ),
    "633": (
        "Local authority code where previous permanence option was arranged is not a valid value."
    ),
    "634": (
        "There are entries for previous permanence options, but child has not started to be looked after from 1 April 2016 onwards."
    ),
    "635": (
        "There are entries for date of order and local authority code where previous permanence option was arranged but previous permanence code is Z1"
    ),
    "1000": (
        "This child is recorded as having died in care and therefore should not have the care leaver information completed. [NOTE: This only tests the current and previous year data loaded into the tool]"
    ),
    "1001": (
        "The episodes recorded for this young person suggest they are not a relevant or a former relevant child and therefore should not have care leaver information completed. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]"
    ),
    "1002": (
        "This child has no previous episodes of care, therefore should not have care leaver information recorded. [NOTE: This tool can only test the current and previous year data loaded into the tool - this check may generate false positives if a child had episodes prior to last year's collection.]"
    ),
    "1003": (
        "Date of LA's decision that a child should be placed for adoption is before the child started to be looked after."
    ),
    "1004": (
        "The start date of the missing episode or episode that the child was away from placement without authorisation is not a valid date."
    ),
    "1005": (
        "The end date of the missing episode or episode that the child was away from placement without authorisation is not a valid date."
    ),
    "1006": "Missing type invalid.",
    "1007": (
        "Care leaver information is not required for 17- or 18-year olds who are still looked after [on their 17th or 18th birthday.]"
    ),
    "1008": "Ofsted Unique Reference Number (URN) is not valid.",
    "1009": "Reason for placement change is not a valid code.",
    "1010": (
        "This child has no episodes loaded for current year even though there was an open episode of care at the end of the previous year, and care leaver data has been entered."
    ),
    "1011": (
        "This child is recorded as having his/her care transferred to another local authority for the final episode and therefore should not have the care leaver information completed."
    ),
    "1012": (
        "No other data should be returned for OC3 children who had no episodes in the current year"
    ),
    "1014": "UASC information is not required for care leavers",
    "1015": "Placement provider is own provision but child not placed in own LA.",
    "1016": (
        "Care leaver information is not required for 17- or 18-year olds who cease to be looked after, after their birthday."
    ),
    "3001": (
        "Where care leavers information is being returned for a young person around their 17th birthday, the accommodation cannot be with their former foster carer(s)."
    ),
    "EPI": (
        "WARNING: Episodes need to be loaded for this child before further validation is possible [NOTE: This refers to the DfE portal - here, all checks that can be performed with only the available data will be.]"
    ),
    "INT01": "Data Integrity Check: Child in AD1 does not exist in Header.",
    "INT02": "Internal Check: Child in PlacedAdoption does not exist in Header.",
    "INT03": "Internal Check: Child in Episodes does not exist in Header.",
    "INT04": "Internal Check: Child in Missing does not exist in Header.",
    "INT05": "Internal Check: Child in OC2 does not exist in Header.",
    "INT06": "Internal Check: Child in OC3 does not exist in Header.",
    "INT07": "Internal Check: Child in PrevPerm does not exist in Header.",
    "INT08": "Internal Check: Child in Reviews does not exist in Header.",
    "INT09": "Internal Check: Child in UASC does not exist in Header.",
    "INT11": "Internal Check: DOB in AD1 is different to DOB in Header.",
    "INT12": "Internal Check: DOB in PlacedAdoption is different to DOB in Header.",
    "INT13": "Internal Check: DOB in Missing is different to DOB in Header.",
    "INT14": "Internal Check: DOB in OC2 is different to DOB in Header.",
    "INT15": "Internal Check: DOB in OC3 is different to DOB in Header.",
    "INT16": "Internal Check: DOB in PrevPerm is different to DOB in Header.",
    "INT17": "Internal Check: DOB in Reviews is different to DOB in Header.",
    "INT18": "Internal Check: DOB in UASC is different to DOB in Header.",
    "INT21": "Internal Check: SEX in UASC is different to SEX in Header.",
    "INT31": "Internal Check: Child should only exist once in AD1.",
    "INT32": "Internal Check: Child should only exist once in Header.",
    "INT33": "Internal Check: Child should only exist once in OC2.",
    "INT34": "Internal Check: Child should only exist once in OC3.",
    "INT35": "Internal Check: Child should only exist once in PrevPerm.",
    "INT36": "Internal Check: Child should only exist once in UASC.",
    "NoE": (
        "This child has no episodes loaded for previous year even though child started to be looked after before this current year."
    ),
    "SW01aSTG1": "For each social worker episode, information should be complete",
    "SW01bSTG1": "For each social worker episode, information should be complete",
    "SW02STG1": "Social worker ID does not begin with the characters ‘SW’ or ‘XX’.",
    "SW04STG1": "Date social worker episode began is not a valid date..",
    "SW05STG1": "Date social worker episode began is not a valid date.",
    "SW06STG2": (
        "Social worker episode data should be within the social worker data reporting year."
    ),
    "SW07STG2": (
        "Social worker episode end date should be on or after the start of the social worker reporting period, and should be on or before the collection end date."
    ),
    "SW08STG2": "A new social worker episode has started, but the previous episode has not ended.",
    "SW09STG2": "Social worker episode appears to have lasted for less than 24 hours.",
    "SW10STG2": (
        "A new social worker episode has started before the end date of the previous social worker episode."
    ),
    "SW11bSTG2": (
        "Social worker episode has ended before 31 March and no subsequent social worker episode has been provided."
    ),
    "SW12STG2": (
        "If a child is looked after on 31 March then all social worker episodes for the full previous year should be reported, even those whilst they were not looked after"
    ),
    "SW13STG1": "The reason for social worker change is not valid.",
    "SW17STG2": "There is no social worker episode open at 31 March",
    "700": "The start date of the DoLO is not a valid date.",
    "701": "The end date of the DoLO is not a valid date.",
    "702": "The date that the DoLO ended is before the date that it started.",
    "703": "The date that the DoLO started is after the end of the collection year.",
    "704": (
        "The date that the DoLO ended is before the start or after the end of the collection year."
    ),
    "705": "A DoLO cannot start when the previous DoLO is still open.",
    "706": (
        "There is an open DoLO in last year’s return and there is no corresponding DoLO recorded at the start of this year.."
    ),
    "707": "Child ceased to be looked after but there is a DoLO without an end date.",
    "708": "Dates of DoLOs are before child’s date of birth.",
    "709": "Child with a DoLO is in an unexpected placement type.",
    "710": (
        "Child with a DoLO can not be placed in secure children's homes, with parents, young offender institutions, or supported accommodation."
    ),
}
