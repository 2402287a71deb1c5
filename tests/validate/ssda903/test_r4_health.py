"""SSDA903 rules 542–547: OC2 conviction and health items by age at 31 March."""

from __future__ import annotations

import pytest

from tests.validate.ssda903.test_r4__support import episode, flagged, rows

FULL = {"IMMUNISATIONS": "1", "TEETH_CHECK": "1", "HEALTH_ASSESSMENT": "1", "SUBSTANCE_MISUSE": "0"}
# In 2025 (2024/25) 31 March is 31/03/2025: born 31/03/2015 is 10 that day, 01/04/2015 is 9.
TEN = "31/03/2015"
NINE = "01/04/2015"
FIVE = "31/03/2020"
FOUR = "01/04/2020"


def _cla(*children: str) -> list[dict[str, str | None]]:
    """Episodes of children in care all year (continuously looked after)."""
    return [episode(c, DECOM="01/01/2020", RNE="S", LS="C2") for c in children]


def test_542_conviction_for_under_10() -> None:
    oc2 = [
        {"CHILD": "1", "DOB": NINE, "CONVICTED": "0"},  # fails
        {"CHILD": "2", "DOB": TEN, "CONVICTED": "0"},
        {"CHILD": "3", "DOB": NINE, "CONVICTED": None},
    ]
    assert flagged("542", 2025, {"OC2": oc2}) == rows("OC2", 0)


def test_543_conviction_needed_from_10_when_looked_after_all_year() -> None:
    oc2 = [
        {"CHILD": "1", "DOB": TEN, "CONVICTED": None},  # fails
        {"CHILD": "2", "DOB": NINE, "CONVICTED": None},  # under 10
        {"CHILD": "3", "DOB": TEN, "CONVICTED": "1"},
        {"CHILD": "4", "DOB": TEN, "CONVICTED": None},  # started in the year: not CLA12
    ]
    eps = [*_cla("1", "2", "3"), episode("4", DECOM="01/06/2024", RNE="S", LS="C2")]
    assert flagged("543", 2025, {"OC2": oc2, "Episodes": eps}) == rows("OC2", 0)


@pytest.mark.parametrize(("code", "item"), [("544", "CONVICTED"), ("547", "HEALTH_CHECK")])
def test_544_547_items_complete(code: str, item: str) -> None:
    oc2 = [
        {"CHILD": "1", item: "1", **FULL},
        {"CHILD": "2", item: "0", **(FULL | {"TEETH_CHECK": None})},  # fails
        {"CHILD": "3", item: None, **(FULL | {"TEETH_CHECK": None})},  # no item given
    ]
    assert flagged(code, 2026, {"OC2": oc2}) == rows("OC2", 1)


def test_545_health_check_needed_under_5() -> None:
    oc2 = [
        {"CHILD": "1", "DOB": FOUR, "HEALTH_CHECK": None},  # fails
        {"CHILD": "2", "DOB": FIVE, "HEALTH_CHECK": None},  # aged 5
        {"CHILD": "3", "DOB": FOUR, "HEALTH_CHECK": "1"},
        {"CHILD": "4", "DOB": FOUR, "HEALTH_CHECK": None},  # short breaks: not CLA12
    ]
    eps = [*_cla("1", "2", "3"), episode("4", DECOM="01/01/2020", RNE="S", LS="V3")]
    assert flagged("545", 2025, {"OC2": oc2, "Episodes": eps}) == rows("OC2", 0)


def test_546_no_health_check_from_5() -> None:
    oc2 = [
        {"CHILD": "1", "DOB": FIVE, "HEALTH_CHECK": "1"},  # fails
        {"CHILD": "2", "DOB": FOUR, "HEALTH_CHECK": "1"},
        {"CHILD": "3", "DOB": FIVE, "HEALTH_CHECK": None},
    ]
    assert flagged("546", 2025, {"OC2": oc2}) == rows("OC2", 0)
