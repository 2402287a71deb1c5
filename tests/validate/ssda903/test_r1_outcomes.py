"""Rules 157–159, 180–182, 185–193, 196, 197a, 197B and 198 (OC2)."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from tests.validate.ssda903.test_r1__support import YEARS, Row, flagged, property_settings, rows

YEAR = 2026  # 1 April 2025 to 31 March 2026


def in_care_all_year(child: str) -> Row:
    return {"CHILD": child, "DECOM": "01/01/2024", "RNE": "S", "LS": "C2"}


def started_this_year(child: str) -> Row:
    return {"CHILD": child, "DECOM": "01/06/2025", "RNE": "S", "LS": "C2"}


HEALTHY: Row = {
    "CONVICTED": "0",
    "HEALTH_CHECK": "1",
    "IMMUNISATIONS": "1",
    "TEETH_CHECK": "1",
    "HEALTH_ASSESSMENT": "1",
    "SUBSTANCE_MISUSE": "0",
}


def _fmt(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")


@pytest.mark.parametrize(
    ("dob", "reason", "cohort", "fails"),
    [
        ("01/01/2015", "SDQ1", True, True),  # aged 10 all year
        ("01/01/2015", "SDQ2", True, False),
        ("01/01/2015", "SDQ1", False, False),  # not in the cohort
        ("01/06/2021", "SDQ1", True, False),  # turns 4 in the year
        ("01/04/2009", "SDQ1", True, True),  # 17 on 01/04/2026: still 16 at the end
        ("01/03/2009", "SDQ1", True, False),  # 17 on 01/03/2026, before the end
        ("02/04/2009", "SDQ1", True, True),  # still 16 on 31 March
    ],
)
def test_157_sdq1_for_a_child_of_sdq_age(dob: str, reason: str, cohort: bool, fails: bool) -> None:
    episodes = [in_care_all_year("1") if cohort else started_this_year("1")]
    oc2: list[Row] = [{"CHILD": "1", "DOB": dob, "SDQ_REASON": reason}]
    assert rows("157", YEAR, {"Episodes": episodes, "OC2": oc2}) == ([0] if fails else [])


def test_158_offered_blank_when_received() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": None},
        {"CHILD": "2", "INTERVENTION_RECEIVED": "1", "INTERVENTION_OFFERED": "1"},
        {"CHILD": "3", "INTERVENTION_RECEIVED": "0", "INTERVENTION_OFFERED": "1"},
    ]
    assert rows("158", YEAR, {"OC2": oc2}) == [1]


def test_159_offered_needed_when_not_received() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0"},
        {"CHILD": "2", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "0",
         "INTERVENTION_OFFERED": "1"},
        {"CHILD": "3", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1"},
        {"CHILD": "4", "SUBSTANCE_MISUSE": "0", "INTERVENTION_RECEIVED": "0"},
    ]  # fmt: skip
    assert rows("159", YEAR, {"OC2": oc2}) == [0]


@property_settings
@given(score=st.integers(min_value=-5, max_value=60))
def test_180_sdq_score_whole_number_0_to_40(score: int) -> None:
    oc2: list[Row] = [{"CHILD": "1", "SDQ_SCORE": str(score)}]
    assert rows("180", YEAR, {"OC2": oc2}) == ([] if 0 <= score <= 40 else [0])


def test_180_non_numeric_scores() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "SDQ_SCORE": None},
        {"CHILD": "2", "SDQ_SCORE": "12.5"},
        {"CHILD": "3", "SDQ_SCORE": "ten"},
        {"CHILD": "4", "SDQ_SCORE": "07"},
    ]
    assert rows("180", YEAR, {"OC2": oc2}) == [1, 2]


@pytest.mark.parametrize("year", YEARS)
def test_181_health_items_zero_or_one(year: int) -> None:
    oc2: list[Row] = [
        {"CHILD": "1", **HEALTHY},
        {"CHILD": "2"},
        {"CHILD": "3", **HEALTHY, "CONVICTED": "2"},
        {"CHILD": "4", "INTERVENTION_OFFERED": "Y"},
        {"CHILD": "5", "IMMUNISATIONS": "yes"},
    ]
    assert rows("181", year, {"OC2": oc2}) == [2, 3, 4]


def test_182_core_items_once_any_item_is_given() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", **HEALTHY},
        {"CHILD": "2"},
        {"CHILD": "3", **HEALTHY, "TEETH_CHECK": None},
        {"CHILD": "4", "CONVICTED": "0"},
        {"CHILD": "5", "IMMUNISATIONS": "1"},
    ]
    assert rows("182", YEAR, {"OC2": oc2}) == [2, 3, 4]


@pytest.mark.parametrize(("code", "column"), [("185", "SDQ_SCORE"), ("198", "SDQ_REASON")])
def test_sdq_outside_the_cohort(code: str, column: str) -> None:
    episodes = [in_care_all_year("A"), started_this_year("B")]
    oc2: list[Row] = [
        {"CHILD": "A", column: "SDQ2" if column == "SDQ_REASON" else "12"},
        {"CHILD": "B", column: "SDQ2" if column == "SDQ_REASON" else "12"},
        {"CHILD": "C", column: "SDQ2" if column == "SDQ_REASON" else "12"},  # no episodes
        {"CHILD": "D"},
    ]
    assert rows(code, YEAR, {"Episodes": episodes, "OC2": oc2}) == [1, 2]


def test_186_sdq_due_for_children_of_sdq_age_all_year() -> None:
    episodes = [in_care_all_year(c) for c in "ABCDE"] + [started_this_year("F")]
    oc2: list[Row] = [
        {"CHILD": "A", "DOB": "01/01/2015"},  # due, missing
        {"CHILD": "B", "DOB": "01/01/2015", "SDQ_SCORE": "10"},
        {"CHILD": "C", "DOB": "01/01/2015", "SDQ_REASON": "SDQ2"},
        {"CHILD": "D", "DOB": "01/06/2021"},  # turns 4 in the year (197B's business)
        {"CHILD": "E", "DOB": "01/04/2021"},  # 4 on 1 April: due
        {"CHILD": "F", "DOB": "01/01/2015"},  # not in the cohort
    ]
    assert rows("186", YEAR, {"Episodes": episodes, "OC2": oc2}) == [0, 4]


def test_187_cohort_has_no_adoption_or_care_leaver_data() -> None:
    episodes = [in_care_all_year("A"), in_care_all_year("B"), started_this_year("C")]
    ad1: list[Row] = [{"CHILD": "A", "DATE_INT": "01/01/2026"}, {"CHILD": "C", "NB_ADOPTR": "1"}]
    oc3: list[Row] = [{"CHILD": "B", "IN_TOUCH": "YES"}, {"CHILD": "C", "IN_TOUCH": "YES"}]
    got = flagged("187", YEAR, {"Episodes": episodes, "AD1": ad1, "OC3": oc3})
    assert got == {("AD1", 0), ("OC3", 0)}


@property_settings
@given(dob=st.dates(min_value=dt.date(2005, 1, 1), max_value=dt.date(2026, 3, 31)))
def test_188_and_189_sdq_age_limits(dob: dt.date) -> None:
    oc2: list[Row] = [{"CHILD": "1", "DOB": _fmt(dob), "SDQ_SCORE": "10"}]
    start, end = dt.date(2025, 4, 1), dt.date(2026, 3, 31)
    age_end = end.year - dob.year - ((end.month, end.day) < (dob.month, dob.day))
    age_start = start.year - dob.year - ((start.month, start.day) < (dob.month, dob.day))
    assert rows("188", YEAR, {"OC2": oc2}) == ([0] if age_end < 4 else [])
    seventeenth = dob.replace(year=dob.year + 17) if (dob.month, dob.day) != (2, 29) else None
    seventeenth = seventeenth or dt.date(dob.year + 17, 2, 28)
    assert rows("189", YEAR, {"OC2": oc2}) == ([0] if seventeenth < start else [])
    assert (seventeenth < start) == (age_start >= 17 and seventeenth != start)


def test_189_seventeenth_birthday_on_1_april_is_not_too_old() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "DOB": "01/04/2008", "SDQ_SCORE": "10"},
        {"CHILD": "2", "DOB": "31/03/2008", "SDQ_SCORE": "10"},
    ]
    assert rows("189", YEAR, {"OC2": oc2}) == [1]


def test_188_189_need_a_score_or_reason_given() -> None:
    oc2: list[Row] = [{"CHILD": "1", "DOB": "01/01/2024"}, {"CHILD": "2", "DOB": "01/01/2005"}]
    assert rows("188", YEAR, {"OC2": oc2}) == []
    assert rows("189", YEAR, {"OC2": oc2}) == []


def test_190_health_items_outside_the_cohort() -> None:
    episodes = [in_care_all_year("A"), started_this_year("B")]
    oc2: list[Row] = [
        {"CHILD": "A", **HEALTHY},
        {"CHILD": "B", "CONVICTED": "0"},
        {"CHILD": "B"},
    ]
    assert rows("190", YEAR, {"Episodes": episodes, "OC2": oc2}) == [1]


def test_191_cohort_needs_core_health_items() -> None:
    episodes = [
        in_care_all_year("A"),
        in_care_all_year("B"),
        {**in_care_all_year("C"), "DECOM": "01/02/2024"},
        {**in_care_all_year("C"), "DECOM": "01/01/2024"},
        started_this_year("D"),
    ]
    oc2: list[Row] = [
        {"CHILD": "A", **HEALTHY},
        {"CHILD": "B", **HEALTHY, "IMMUNISATIONS": None},
        {"CHILD": "D"},
    ]
    got = flagged("191", YEAR, {"Episodes": episodes, "OC2": oc2})
    # B's blank item; C has no OC2 row at all (flagged on C's first episode, row 3)
    assert got == {("OC2", 1), ("Episodes", 3)}


def test_192_and_193_substance_misuse_interventions() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "SUBSTANCE_MISUSE": "1", "INTERVENTION_RECEIVED": "1"},
        {"CHILD": "2", "SUBSTANCE_MISUSE": "1"},
        {"CHILD": "3", "SUBSTANCE_MISUSE": "0", "INTERVENTION_OFFERED": "0"},
        {"CHILD": "4", "INTERVENTION_RECEIVED": "1"},
        {"CHILD": "5", "SUBSTANCE_MISUSE": "0"},
    ]
    assert rows("192", YEAR, {"OC2": oc2}) == [1]
    assert rows("193", YEAR, {"OC2": oc2}) == [2, 3]


def test_196_sdq_reason_code() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "SDQ_REASON": "SDQ1"},
        {"CHILD": "2", "SDQ_REASON": "sdq5"},
        {"CHILD": "3"},
        {"CHILD": "4", "SDQ_REASON": "SDQ6"},
    ]
    assert rows("196", YEAR, {"OC2": oc2}) == [3]


def test_197a_reason_not_needed_with_a_score() -> None:
    oc2: list[Row] = [
        {"CHILD": "1", "SDQ_SCORE": "10"},
        {"CHILD": "2", "SDQ_REASON": "SDQ2"},
        {"CHILD": "3", "SDQ_SCORE": "10", "SDQ_REASON": "SDQ2"},
    ]
    assert rows("197a", YEAR, {"OC2": oc2}) == [2]


def test_197b_turning_4_or_17_needs_score_or_reason() -> None:
    episodes = [in_care_all_year(c) for c in "ABCDE"] + [started_this_year("F")]
    oc2: list[Row] = [
        {"CHILD": "A", "DOB": "01/06/2021"},  # turns 4 in the year, nothing given
        {"CHILD": "B", "DOB": "31/03/2009"},  # turns 17 on 31 March, nothing given
        {"CHILD": "C", "DOB": "01/06/2021", "SDQ_REASON": "SDQ1"},
        {"CHILD": "D", "DOB": "01/01/2015"},  # aged 10 (186's business)
        {"CHILD": "E", "DOB": "01/04/2022"},  # turns 4 after the year
        {"CHILD": "F", "DOB": "01/06/2021"},  # not in the cohort
    ]
    assert rows("197B", YEAR, {"Episodes": episodes, "OC2": oc2}) == [0, 1]
