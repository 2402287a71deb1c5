"""The 101–199 rules registered for each year are exactly the DfE's, with its messages."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from safehold.validate.registry import REGISTRY

SPEC = Path(__file__).parents[4] / "shared" / "spec" / "ssda903_rules_by_year.tsv"
RULESETS = {2025: "lac2024_25", 2026: "lac2025_26", 2027: "lac2026_27"}
#: Codes 101 to 199, with a letter suffix allowed (197a, 197B).
GROUP = re.compile(r"^1\d\d[A-Za-z]?$")
#: Queries, not errors: their messages ask the user to check a postcode.
QUERIES = {"164", "169"}

#: The DfE message of each rule, the same in 2024/25, 2025/26 and 2026/27 (copied from the shared
#: spec ssda903_rules_by_year.tsv so that the check runs wherever the tests run).
MESSAGES: dict[str, str] = {
    "101": "The child or young person’s reported sex is not valid.",
    "102": "Date of birth is not a valid date.",
    "103": "The ethnicity code is either not valid or has not been entered.",
    "104": (
        "Date for Unaccompanied Asylum-Seeking Children (UASC) status ceased is not a valid date."
    ),
    "105": (
        "Data entry for Unaccompanied Asylum-Seeking Children (UASC) status of child is invalid or has not been completed."
    ),
    "112": "Date should be placed for adoption is not a valid date.",
    "113": "Date matching child and adopter(s) is not a valid date.",
    "114": ("Data entry to record the status of former carer(s) of an adopted child is invalid."),
    "115": (
        "Date of Local Authority's (LA) decision that a child should be placed for adoption is not a valid date."
    ),
    "116": (
        "Date of Local Authority's (LA) decision that a child should no longer be placed for adoption is not a valid date."
    ),
    "117": (
        "Date of decision that a child should/should no longer be placed for adoption is beyond the current collection year or after the child ceased to be looked after."
    ),
    "118": (
        "Date of decision that a child should no longer be placed for adoption is before the current collection year or before the date the child started to be looked after."
    ),
    "119": (
        "If the decision is made that a child should no longer be placed for adoption, then the date of this decision and the reason why this decision was made must be completed."
    ),
    "120": (
        "The reason for the reversal of the decision that the child should be placed for adoption code is not valid."
    ),
    "131": "Data entry for being in touch after leaving care is invalid.",
    "132": "Data entry for activity after leaving care is invalid.",
    "133": (
        "Data entry for accommodation after leaving care is invalid. If reporting on a childs accommodation after leaving care the data entry must be valid"
    ),
    "134": "Data on adoption should not be entered for the OC3 cohort.",
    "141": "Date episode began is not a valid date.",
    "142": "A new episode has started, but the previous episode has not ended.",
    "143": "The reason for new episode code is not a valid code.",
    "144": "The legal status code is not a valid code.",
    "145": "Category of need code is not a valid code.",
    "146": "Placement type code is not a valid code.",
    "147": "Date episode ceased is not a valid date.",
    "148": (
        "Date episode ceased and reason episode ceased must both be coded, or both left blank."
    ),
    "149": "Reason episode ceased code is not valid. ",
    "151": ("All data items relating to a childs adoption must be coded or left blank."),
    "153": (
        "All data items relating to a child's activity or accommodation after leaving care must be coded or left blank."
    ),
    "157": (
        "Child is aged 4 years or over at the beginning of the year or 16 years or under at the end of the year and Strengths and Difficulties Questionnaire (SDQ) 1 has been recorded as the reason for no Strengths and Difficulties Questionnaire (SDQ) score."
    ),
    "158": (
        "If a child has been recorded as receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be left blank."
    ),
    "159": (
        "If a child has been recorded as not receiving an intervention for their substance misuse problem, then the additional item on whether an intervention was offered should be completed as well."
    ),
    "164": (
        "Distance is not valid. Please check a valid postcode has been entered. [NOTE: This check will result in false positives for children formerly UASC not identified as such in loaded data]"
    ),
    "165": "Data entry for mother status is invalid.",
    "166": "Date of review is invalid or blank.",
    "167": "Data entry for participation is invalid or blank.",
    "168": (
        "Unique Pupil Number (UPN) is not valid. If unknown, default codes should be UN1, UN2, UN3, UN4 or UN5."
    ),
    "169": (
        "Local Authority (LA) of placement is not valid or is missing. Please check a valid postcode has been entered."
    ),
    "171": "Date of birth of mother's child is not a valid date.",
    "174": ("Mother's child date of birth is recorded but sex shows that the child is a male."),
    "175": "The number of adopter(s) code is not a valid code.",
    "176": ("The gender of adopter(s) at the date of adoption code is not a valid code."),
    "177": "The legal status of adopter(s) code is not a valid code.",
    "178": "Placement provider code is not a valid code.",
    "179": "Placement location code is not a valid code.",
    "180": ("Data entry for the strengths and difficulties questionnaire (SDQ) score is invalid."),
    "181": (
        "Data items relating to children looked after continuously for 12 months should be completed with a 0 or 1."
    ),
    "182": (
        "Data entries on immunisations, teeth checks, health assessments and substance misuse problem identified should be completed or all OC2 fields should be left blank."
    ),
    "184": (
        "Date of decision that a child should be placed for adoption is before the child was born."
    ),
    "185": (
        "Child has not been looked after continuously for at least 12 months at 31 March but a Strengths and Difficulties (SDQ) score has been completed."
    ),
    "186": (
        "Children aged 4 or over at the start of the year and children aged under 17 at the end of the year and who have been looked after for at least 12 months continuously should have a Strengths and Difficulties (SDQ) score completed."
    ),
    "187": (
        "Child cannot be looked after continuously for 12 months at 31 March (OC2) and have any of adoption or care leavers returns completed."
    ),
    "188": (
        "Child is aged under 4 years at the end of the year, but a Strengths and Difficulties (SDQ) score or a reason for no SDQ score has been completed. "
    ),
    "189": (
        "Child is aged 17 years or over at the beginning of the year, but an Strengths and Difficulties (SDQ) score or a reason for no Strengths and Difficulties (SDQ) score has been completed."
    ),
    "190": (
        "Child has not been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been completed."
    ),
    "191": (
        "Child has been looked after continuously for at least 12 months at 31 March but one or more data items relating to children looked after for 12 months have been left blank."
    ),
    "192": (
        "Child has been identified as having a substance misuse problem but the additional item on whether an intervention was received has been left blank."
    ),
    "193": (
        "Child not identified as having a substance misuse problem but at least one of the two additional items on whether an intervention were offered and received have been completed."
    ),
    "196": "Strengths and Difficulties (SDQ) reason is not a valid code.",
    "197B": ("SDQ score or reason for no SDQ should be reported for 4- or 17-year-olds."),
    "197a": (
        "Reason for no Strengths and Difficulties (SDQ) score is not required if Strengths and Difficulties Questionnaire score is filled in."
    ),
    "198": (
        "Child has not been looked after continuously for at least 12 months at 31 March but a reason for no Strengths and Difficulties (SDQ) score has been completed. "
    ),
    "199": (
        "Episode information shows child has been previously adopted from care. [NOTE: This only tests the current and previous year data loaded into the tool]"
    ),
}


def _spec(year: int) -> dict[str, str]:
    with SPEC.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE)
        return {
            row["code"]: row["message"]
            for row in reader
            if row["ruleset"] == RULESETS[year] and GROUP.match(row["code"])
        }


@pytest.mark.parametrize("year", sorted(RULESETS))
def test_group_codes_match_the_dfe_list(year: int) -> None:
    registered = {r.code for r in REGISTRY.ruleset("ssda903", year) if GROUP.match(r.code)}
    assert registered == set(MESSAGES)
    assert len(registered) == 63


@pytest.mark.skipif(not SPEC.exists(), reason="the shared spec is not on this machine")
@pytest.mark.parametrize("year", sorted(RULESETS))
def test_embedded_table_matches_the_shared_spec(year: int) -> None:
    assert _spec(year) == MESSAGES


@pytest.mark.parametrize("year", sorted(RULESETS))
def test_messages_and_severities_match(year: int) -> None:
    spec = MESSAGES
    for rule in REGISTRY.ruleset("ssda903", year):
        if not GROUP.match(rule.code):
            continue
        assert rule.message == spec[rule.code], rule.code
        assert rule.severity == ("query" if rule.code in QUERIES else "error"), rule.code
        assert rule.since == 2025, rule.code


def test_each_rule_is_declared_once_in_the_r1_modules() -> None:
    for code in MESSAGES:
        versions = REGISTRY.versions("ssda903", code)
        assert [v.since for v in versions] == [2025], code
        module = versions[0].check.__module__
        assert module.startswith("safehold.validate.ssda903.rules.r1_"), (code, module)
