"""The CIN census ruleset: exactly the DfE catalogue's 109 codes, from 2024/25 on."""

from __future__ import annotations

import pytest

from safehold.validate.cin_census.dataset import from_rows
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY

from .support import HEADER, child, episode

CATALOGUE = [
    "100",
    "1103",
    "1104",
    "1105",
    "1510",
    "1520",
    "1530",
    "1540",
    "1550",
    "1560Q",
    "1570",
    "1580",
    "2883",
    "2884",
    "2885",
    "2886Q",
    "2887Q",
    "2888Q",
    "2889",
    "2990",
    "2991Q",
    "4000",
    "4001",
    "4003",
    "4004",
    "4008",
    "4009Q",
    "4010",
    "4011",
    "4012Q",
    "4013",
    "4014",
    "4015",
    "4016",
    "4017",
    "4180",
    "4220",
    "8500",
    "8510",
    "8520",
    "8525Q",
    "8530Q",
    "8535Q",
    "8540",
    "8545Q",
    "8555Q",
    "8565",
    "8568",
    "8569Q",
    "8585Q",
    "8590",
    "8600",
    "8606",
    "8608",
    "8610",
    "8614",
    "8615",
    "8620",
    "8630",
    "8640",
    "8650",
    "8670Q",
    "8675Q",
    "8696",
    "8715",
    "8720",
    "8730",
    "8736",
    "8740",
    "8750",
    "8770Q",
    "8772",
    "8775Q",
    "8790",
    "8794",
    "8805",
    "8810",
    "8815",
    "8816",
    "8820",
    "8825Q",
    "8831",
    "8832",
    "8839",
    "8840",
    "8841",
    "8842Q",
    "8863Q",
    "8866",
    "8867",
    "8868",
    "8869",
    "8870Q",
    "8873Q",
    "8875",
    "8890",
    "8896",
    "8897Q",
    "8898",
    "8905",
    "8910",
    "8915",
    "8920",
    "8925",
    "8930",
    "8935",
    "8940",
    "8945Q",
    "8950Q",
]


@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_ruleset_is_the_catalogue(year: int) -> None:
    rules = REGISTRY.ruleset("cin_census", year)
    assert sorted(r.code for r in rules) == sorted(CATALOGUE)
    assert len(CATALOGUE) == 109
    for r in rules:
        assert r.severity == ("query" if r.code.endswith("Q") else "error"), r.code
    assert sum(r.severity == "error" for r in rules) == 83


def test_no_cin_rules_before_2024_25() -> None:
    assert REGISTRY.ruleset("cin_census", 2024) == []


def test_whole_ruleset_runs_clean_on_a_good_return() -> None:
    """Every rule runs (none skipped or crashing) and a tidy return raises only LA-level queries."""
    ds = from_rows(
        2026,
        {
            "Header": [HEADER],
            "ChildIdentifiers": [child("C1", UPN="M201123456780")],
            "ChildCharacteristics": [{"LAchildID": "C1", "Ethnicity": "WBRI"}],
            "Disabilities": [{"LAchildID": "C1", "Disability": "NONE"}],
            "CINdetails": [episode("E1", "C1")],
            "Assessments": [
                {"LAchildID": "C1", "CINdetailsID": "E1", "AssessmentID": "A1",
                 "AssessmentActualStartDate": "2025-05-02",
                 "AssessmentAuthorisationDate": "2025-06-20"},
            ],
            "AssessmentFactorsList": [
                {"LAchildID": "C1", "CINdetailsID": "E1", "AssessmentID": "A1",
                 "AssessmentFactors": "3B"},
            ],
        },
    )  # fmt: skip
    report = run_rules(REGISTRY.ruleset("cin_census", 2026), ds)
    assert report.rules_skipped == []
    assert sorted(report.rules_run) == sorted(CATALOGUE)
    assert {i["rule"] for i in report.issue_dicts()} == {"2887Q"}
