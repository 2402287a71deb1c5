"""SSDA903 rules 516–550: placement providers and the placement behind an SGO."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from tests.validate.ssda903.test_r4__support import episode, flagged, flagged_by_rule, rows

PLACES_2026 = ["A3", "A4", "A5", "A6", "K1", "K2", "K3", "P1", "P3", "R1", "R2", "R3", "R5",
               "S1", "T0", "T1", "T2", "T3", "T4", "U1", "U2", "U3", "U4", "U5", "U6", "Z11",
               "Z12", "Z13", "Z14"]  # fmt: skip
PROVIDERS = ["PR0", "PR1", "PR2", "PR3", "PR4", "PR5"]


def test_516_sgo_to_former_foster_carers_needs_foster_placement() -> None:
    eps = [
        episode(REC="E45", PLACE="U1"),
        episode(REC="E46", PLACE="K2"),  # fails
        episode(REC="E45", PLACE=None),  # fails
        episode(REC="E47", PLACE="K2"),  # other SGO: passes
    ]
    assert flagged("516", 2025, {"Episodes": eps}) == rows("Episodes", 1, 2)


@pytest.mark.parametrize(
    ("year", "place", "fails"),
    [
        (2025, "U4", True),
        (2025, "T4", False),
        (2025, "Z1", False),
        (2026, "T4", False),
        (2026, "Z12", False),
        (2026, "K3", True),
        (2027, "Z14", False),
        (2027, None, True),
    ],
)
def test_526_provider_needed_outside_temporary_and_other(
    year: int, place: str | None, fails: bool
) -> None:
    eps = [episode(PLACE=place, PLACE_PROVIDER=None), episode(PLACE=place, PLACE_PROVIDER="PR1")]
    assert flagged("526", year, {"Episodes": eps}) == (rows("Episodes", 0) if fails else set())


FORBIDDEN = {
    "527": ("PR1", {"P1", "R2", "R5"}),
    "528": ("PR2", {"P1", "R2", "R5"}),
    "529": ("PR3", {"P1", "A3", "A4", "A5", "A6", "K1", "K2", "U1", "U2", "U3", "U4", "U5", "U6"}),
    "530": ("PR4", {"P1"}),
    "531": ("PR5", {"P1"}),
}


@pytest.mark.parametrize("code", sorted(FORBIDDEN))
def test_527_to_531_minimal_cases(code: str) -> None:
    provider, places = FORBIDDEN[code]
    bad = sorted(places)[0]
    eps = [
        episode(PLACE=bad, PLACE_PROVIDER=provider),  # fails
        episode(PLACE="S1", PLACE_PROVIDER=provider),  # allowed placement
        episode(PLACE=bad, PLACE_PROVIDER="PR0" if provider != "PR0" else "PR1"),
    ]
    assert flagged(code, 2026, {"Episodes": eps}) == rows("Episodes", 0)


@given(place=st.sampled_from(PLACES_2026), provider=st.sampled_from(PROVIDERS))
@settings(max_examples=60, deadline=None)
def test_provider_rules_match_their_tables(place: str, provider: str) -> None:
    tables = {"Episodes": [episode(PLACE=place, PLACE_PROVIDER=provider)]}
    got = flagged_by_rule([*FORBIDDEN, "550"], 2026, tables)
    for code, (bad_provider, places) in FORBIDDEN.items():
        expected = provider == bad_provider and place in places
        assert bool(got[code]) == expected, code
    assert bool(got["550"]) == (provider == "PR0" and place != "P1")


def test_550_pr0_only_with_p1() -> None:
    eps = [
        episode(PLACE="P1", PLACE_PROVIDER="PR0"),
        episode(PLACE="U4", PLACE_PROVIDER="PR0"),  # fails
        episode(PLACE=None, PLACE_PROVIDER="PR0"),  # fails
        episode(PLACE="U4", PLACE_PROVIDER="PR1"),
    ]
    assert flagged("550", 2025, {"Episodes": eps}) == rows("Episodes", 1, 2)
