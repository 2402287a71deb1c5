"""Ethnicity, disabilities, and the return-level counts."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from .support import child, episode, flagged, issues

DISABILITY_CODES = [
    "MOB",
    "HAND",
    "PC",
    "INC",
    "COMM",
    "LD",
    "HEAR",
    "VIS",
    "BEH",
    "CON",
    "AUT",
    "DDA",
]


def _dis(cid: str, code: str | None) -> dict[str, str | None]:
    return {"LAchildID": cid, "Disability": code}


def test_4220_ethnicity() -> None:
    rows: list[dict[str, str | None]] = [
        {"LAchildID": "C1", "Ethnicity": "WBRI"},
        {"LAchildID": "C2", "Ethnicity": "XXXX"},
        {"LAchildID": "C3", "Ethnicity": None},
    ]
    assert flagged("4220", {"ChildCharacteristics": rows}) == {"ChildCharacteristics": [1, 2]}


def test_8540_disability_missing_or_invalid() -> None:
    tables: dict[str, list[dict[str, str | None]]] = {
        "ChildIdentifiers": [
            child("C1"),  # valid disability
            child("C2"),  # invalid code
            child("C3"),  # none recorded
            child("C4", PersonBirthDate=None, ExpectedPersonBirthDate="2026-05-01"),  # unborn
            child("C5"),  # only NFA referrals
        ],
        "ChildCharacteristics": [{"LAchildID": f"C{i}", "Ethnicity": "WBRI"} for i in range(1, 6)],
        "Disabilities": [_dis("C1", "NONE"), _dis("C2", "XYZ"), _dis("C5", "BAD")],
        "CINdetails": [episode(f"E{i}", f"C{i}") for i in range(1, 5)]
        + [episode("E5", "C5", ReferralNFA="1")],
    }
    assert flagged("8540", tables) == {"Disabilities": [1], "ChildCharacteristics": [2]}
    [missing] = [i for i in issues("8540", tables) if i["table"] == "ChildCharacteristics"]
    assert missing["element"] == "Child/ChildCharacteristics"
    assert missing["child"] == "C3"


def test_8790_none_with_others() -> None:
    rows = [_dis("C1", "NONE"), _dis("C1", "MOB"), _dis("C2", "NONE"), _dis("C3", "MOB")]
    assert flagged("8790", {"Disabilities": rows}) == {"Disabilities": [0, 1]}


def test_8794_duplicate_disability() -> None:
    rows = [_dis("C1", "MOB"), _dis("C1", "MOB"), _dis("C1", "VIS"), _dis("C2", "MOB")]
    assert flagged("8794", {"Disabilities": rows}) == {"Disabilities": [0, 1]}


def test_2883_more_plans_than_conferences() -> None:
    plans = [
        {"LAchildID": "C1", "CINdetailsID": "E1", "CPPID": "P1", "CPPstartDate": "2025-06-02"},
        {"LAchildID": "C2", "CINdetailsID": "E2", "CPPID": "P2", "CPPstartDate": "2025-07-01"},
        {"LAchildID": "C3", "CINdetailsID": "E3", "CPPID": "P3", "CPPstartDate": "2024-07-01"},
    ]
    s47 = [{"LAchildID": "C1", "CINdetailsID": "E1", "DateOfInitialCPC": "2025-06-02"}]
    cin = [episode("E2", "C2", DateOfInitialCPC="2025-07-01")]
    assert (
        flagged("2883", {"ChildProtectionPlans": plans, "Section47": s47, "CINdetails": cin}) == {}
    )
    assert flagged("2883", {"ChildProtectionPlans": plans, "Section47": s47}) == {"return": [-1]}


def test_2886q_no_sex_recorded() -> None:
    recorded = [child(f"C{i}", Sex="F") for i in range(98)]
    unborn = [child("U1", Sex="U", PersonBirthDate=None, ExpectedPersonBirthDate="2026-05-01")]
    two = [child("X1", Sex="U"), child("X2", Sex=None)]
    assert flagged("2886Q", {"ChildIdentifiers": recorded + two}) == {}  # 2 of 100 = 2%
    assert flagged("2886Q", {"ChildIdentifiers": recorded[:97] + two + unborn}) == {}
    assert flagged("2886Q", {"ChildIdentifiers": recorded[:97] + two + [child("X3", Sex="U")]}) == {
        "return": [-1]
    }


def test_2887q_disability_codes_used() -> None:
    eight = [_dis(f"C{i}", code) for i, code in enumerate(DISABILITY_CODES[:8])]
    assert flagged("2887Q", {"Disabilities": eight}) == {}
    seven = eight[:7] + [_dis("N1", "NONE")] * 20
    assert flagged("2887Q", {"Disabilities": seven}) == {"return": [-1]}


@settings(deadline=None, max_examples=50)
@given(st.sets(st.sampled_from(DISABILITY_CODES)), st.integers(min_value=0, max_value=10))
def test_2887q_counts_distinct_codes_not_none_children(codes: set[str], nones: int) -> None:
    """Regression: the peer validator counted children coded NONE; distinct codes matter."""
    rows = [_dis(f"C{i}", code) for i, code in enumerate(sorted(codes))]
    rows += [_dis(f"N{i}", "NONE") for i in range(nones)]
    rows += [_dis("D1", code) for code in sorted(codes)]  # repeats add no codes
    fired = flagged("2887Q", {"Disabilities": rows}) != {}
    assert fired == (len(codes) <= 7)


def test_2888q_one_code_per_child() -> None:
    single = [_dis("C1", "MOB"), _dis("C2", "VIS"), _dis("C3", "NONE"), _dis("C1", "MOB")]
    assert flagged("2888Q", {"Disabilities": single}) == {"return": [-1]}
    several = [*single, _dis("C2", "HEAR")]
    assert flagged("2888Q", {"Disabilities": several}) == {}
    assert flagged("2888Q", {"Disabilities": [_dis("C3", "NONE")]}) == {}
