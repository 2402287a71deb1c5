"""SSDA903 rules on placement LA, location and distance (406–454, 503G, 503H, 503J)."""

from __future__ import annotations

import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.validate.context import Reference
from safehold.validate.ssda903.rules.r4_geography import distance_changed, location_disagrees
from tests.validate.ssda903.support import StubPostcodes
from tests.validate.ssda903.test_r4__support import episode, flagged, rows, run_one

OWN = "E09000027"
MILE = 1609.3  # metres: the derivation divides by 1000 and by 1.6093
POSTCODES = StubPostcodes(
    {
        "HOME 1": (OWN, 0.0, 0.0),
        "NEAR 1": (OWN, 0.0, 10 * MILE),  # 10 miles from HOME 1, inside the authority
        "NEAR 2": (OWN, 0.0, 10.1 * MILE),  # 0.1 mile further: the same within rounding
        "AWAY 1": ("E10000006", 0.0, 30 * MILE),  # 30 miles, another authority
        "FAR 1": ("SCO", 0.0, 400 * MILE),
        "EDGE 1": ("E10000006", 0.0, 350 * MILE),
    }
)


def ref(la: str | None = OWN) -> Reference:
    return Reference(local_authority=la, extra={"postcodes": POSTCODES})


def test_406_uasc_children_have_no_distance() -> None:
    eps = [
        episode("1", HOME_POST="HOME 1", PL_POST="NEAR 1"),  # UASC, distance derived: fails
        episode("2", HOME_POST=None, PL_POST="NEAR 1"),  # UASC, no home postcode: passes
        episode("3", HOME_POST="HOME 1", PL_POST="NEAR 1"),  # not UASC
        episode("4", HOME_POST="HOME 1", PL_POST="NEAR 1"),  # UASC last year: fails
    ]
    uasc = [{"CHILD": "1"}, {"CHILD": "2"}]
    got = flagged("406", 2025, {"Episodes": eps, "UASC": uasc}, {"UASC": [{"CHILD": "4"}]}, ref())
    assert got == rows("Episodes", 0, 3)
    assert flagged("406", 2025, {"Episodes": eps, "UASC": uasc}, reference=ref()) == rows(
        "Episodes", 0
    )


def test_406_skipped_without_postcodes() -> None:
    report = run_one("406", 2025, {"Episodes": [episode()]})
    assert [s.rule for s in report.rules_skipped] == ["406"]


def test_411_derived_location_always_agrees() -> None:
    eps = [episode("1", PL_POST="NEAR 1"), episode("2", PL_POST="AWAY 1"), episode("3")]
    assert flagged("411", 2026, {"Episodes": eps}, reference=ref()) == set()


def test_411_location_in_but_la_elsewhere() -> None:
    frame = pl.DataFrame(
        {
            "_row": [0, 1, 2, 3],
            "PL_LOCATION": ["IN", "IN", "OUT", "IN"],
            "PL_LA": [OWN, "E10000006", "E10000006", None],
        }
    )
    assert location_disagrees(frame, OWN)["_row"].to_list() == [1, 3]


def test_420_short_breaks_have_no_placement_la() -> None:
    eps = [
        episode("1", LS="V3", PL_POST="NEAR 1"),  # fails
        episode("2", LS="V4", PL_POST=None),  # passes
        episode("3", LS="C2", PL_POST="NEAR 1"),  # passes
    ]
    assert flagged("420", 2025, {"Episodes": eps}, reference=ref()) == rows("Episodes", 0)


def _open_last_year(child: str, **fields: str | None) -> dict[str, str | None]:
    return episode(child, DECOM="01/01/2024", DEC=None, RNE="S", HOME_POST="HOME 1", **fields)


def _first_this_year(child: str, **fields: str | None) -> dict[str, str | None]:
    return episode(child, DECOM="01/01/2024", HOME_POST="HOME 1", **fields)


PREVIOUS = {
    "Episodes": [
        _open_last_year("1", PL_POST="NEAR 1"),
        _open_last_year("2", PL_POST="NEAR 1"),
        _open_last_year("3", PL_POST="NEAR 1"),
        _open_last_year("4", PL_POST="NEAR 1"),
        episode("5", DECOM="01/01/2024", DEC="01/02/2024", PL_POST="NEAR 1"),  # closed
    ]
}
THIS_YEAR = {
    "Episodes": [
        _first_this_year("1", RNE="S", PL_POST="NEAR 1"),  # unchanged
        _first_this_year("2", RNE="S", PL_POST="AWAY 1"),  # LA, location and distance differ
        _first_this_year("3", RNE="S", PL_POST="NEAR 2"),  # 0.1 mile further: same
        _first_this_year("4", RNE="P", PL_POST="AWAY 1"),  # differs, but RNE differs
        _first_this_year("5", RNE="S", PL_POST="AWAY 1"),  # last year's episode was closed
    ]
}


@pytest.mark.parametrize(
    ("code", "expected"),
    [
        ("452", {1}),
        ("453", {1}),
        ("503G", {1, 3}),
        ("503H", {1, 3}),
        ("503J", {1, 3}),
    ],
)
def test_first_episode_against_last_years_open_episode(code: str, expected: set[int]) -> None:
    got = flagged(code, 2026, THIS_YEAR, PREVIOUS, ref())
    assert got == rows("Episodes", *expected)


def test_503j_skipped_without_own_la() -> None:
    report = run_one("503J", 2026, THIS_YEAR, PREVIOUS, ref(None))
    assert [s.rule for s in report.rules_skipped] == ["503J"]


@pytest.mark.parametrize("year", [2026, 2027])
def test_454_far_placements(year: int) -> None:
    eps = [
        episode("1", HOME_POST="HOME 1", PL_POST="FAR 1"),  # 400 miles: fails
        episode("2", HOME_POST="HOME 1", PL_POST="EDGE 1"),  # 350 miles: passes
        episode("3", HOME_POST=None, PL_POST="FAR 1"),  # no distance
    ]
    assert flagged("454", year, {"Episodes": eps}, reference=ref()) == rows("Episodes", 0)


def test_454_starts_in_2026() -> None:
    report = run_one("454", 2026, {"Episodes": []}, reference=ref())
    assert report.rules_run == ["454"]
    with pytest.raises(ValueError):
        run_one("454", 2025, {"Episodes": []}, reference=ref())


@given(
    now=st.one_of(st.none(), st.floats(0, 500, allow_nan=False)),
    then=st.one_of(st.none(), st.floats(0, 500, allow_nan=False)),
)
@settings(max_examples=80, deadline=None)
def test_distance_changed_property(now: float | None, then: float | None) -> None:
    frame = pl.DataFrame(
        {"PL_DISTANCE": [now], "PL_DISTANCE_PRE": [then]},
        schema={"PL_DISTANCE": pl.Float64, "PL_DISTANCE_PRE": pl.Float64},
    )
    got = frame.select(distance_changed()).item()
    if now is None or then is None:
        assert got == ((now is None) != (then is None))
    else:
        assert got == (abs(now - then) >= 0.2)
