"""Rules 1004-1006 (missing episodes), 1008 (URN), 1009 (reason for change), 1015 (PR1 area)."""

from __future__ import annotations

import polars as pl
import pytest

from safehold.validate.context import Reference
from tests.validate.ssda903.support import StubPostcodes
from tests.validate.ssda903.test_r6__support import flagged, skipped

YEARS = [2025, 2026, 2027]


@pytest.mark.parametrize("year", YEARS)
def test_1004_1005_1006_missing_rows(year: int) -> None:
    missing = [
        {"CHILD": "1", "MISSING": "M", "MIS_START": None, "MIS_END": None},
        {"CHILD": "1", "MISSING": "a", "MIS_START": "32/01/2024", "MIS_END": "2024-01-01"},
        {"CHILD": "1", "MISSING": "X", "MIS_START": "01/01/2024", "MIS_END": "02/01/2024"},
        {"CHILD": "1", "MISSING": None, "MIS_START": "01/01/2024", "MIS_END": None},
    ]
    assert flagged("1004", year, {"Missing": missing}) == {("Missing", 0), ("Missing", 1)}
    assert flagged("1005", year, {"Missing": missing}) == {("Missing", 1)}
    assert flagged("1006", year, {"Missing": missing}) == {("Missing", 2)}


def test_1008_urn_in_provider_lists() -> None:
    providers = pl.DataFrame({"URN": ["SC123456", "1234567"]})
    episodes = [
        {"CHILD": "1", "URN": "sc123456"},
        {"CHILD": "1", "URN": "SC999999"},
        {"CHILD": "1", "URN": "XXXXXXX"},
        {"CHILD": "1", "URN": None},
        {"CHILD": "1", "URN": "1234567"},
    ]
    tables = {"Episodes": episodes}
    got = flagged("1008", 2026, tables, reference=Reference(providers=providers))
    assert got == {("Episodes", 1)}
    assert "provider" in skipped("1008", 2026, tables)


def test_1009_reason_place_change() -> None:
    episodes = [
        {"CHILD": "1", "REASON_PLACE_CHANGE": "carpl"},
        {"CHILD": "1", "REASON_PLACE_CHANGE": "MOVED"},
        {"CHILD": "1", "REASON_PLACE_CHANGE": None},
    ]
    assert flagged("1009", 2027, {"Episodes": episodes}) == {("Episodes", 1)}


def test_1015_own_provision_outside_own_area() -> None:
    own, other = "E09000027", "E10000006"
    lookup = StubPostcodes({"AB1 1AA": (own, 0.0, 0.0), "CD1 1AA": (other, 1000.0, 1000.0)})
    base = {"CHILD": "1", "LS": "C2", "PLACE": "K2", "PLACE_PROVIDER": "PR1"}
    episodes = [
        {**base, "PL_POST": "CD1 1AA"},  # outside: flagged
        {**base, "PL_POST": "AB1 1AA"},  # inside
        {**base, "PL_POST": "CD1 1AA", "PLACE": "U4"},  # foster placement
        {**base, "PL_POST": "CD1 1AA", "PLACE": "A3"},  # adoption placement
        {**base, "PL_POST": "CD1 1AA", "LS": "V3"},  # short break
        {**base, "PL_POST": "CD1 1AA", "PLACE_PROVIDER": "PR4"},  # private provision
        {**base, "PL_POST": "ZZ9 9ZZ"},  # postcode not known
    ]
    reference = Reference(local_authority=own, extra={"postcodes": lookup})
    assert flagged("1015", 2026, {"Episodes": episodes}, reference=reference) == {("Episodes", 0)}
    no_la = Reference(extra={"postcodes": lookup})
    assert "local authority" in skipped("1015", 2026, {"Episodes": episodes}, reference=no_la)
