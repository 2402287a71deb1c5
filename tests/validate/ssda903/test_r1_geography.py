"""Rules 164, 169 and 179 (placement geography from postcodes)."""

from __future__ import annotations

from safehold.validate.context import Reference
from tests.validate.ssda903.support import StubPostcodes
from tests.validate.ssda903.test_r1__support import Row, flagged, skipped_reason

OWN = "E09000027"
POSTCODES = StubPostcodes(
    {
        "TW1 1AA": (OWN, 516000.0, 173000.0),
        "TW2 2BB": (OWN, 515000.0, 172000.0),
        "M1 1AA": ("E08000003", 384000.0, 398000.0),
    }
)
REF = Reference(local_authority=OWN, extra={"postcodes": POSTCODES})


def _episode(child: str, home: str | None, placed: str | None, ls: str = "C2") -> Row:
    return {"CHILD": child, "DECOM": "01/05/2025", "LS": ls, "HOME_POST": home, "PL_POST": placed}


EPISODES: list[Row] = [
    _episode("1", "TW1 1AA", "TW2 2BB"),  # 0: known, in area
    _episode("2", "TW1 1AA", "M1 1AA"),  # 1: known, out of area
    _episode("3", "TW1 1AA", "ZZ9 9ZZ"),  # 2: placement postcode unknown
    _episode("4", None, "TW2 2BB"),  # 3: no home postcode
    _episode("5", None, None, ls="V3"),  # 4: short break, nothing needed
    _episode("6", None, "M1 1AA"),  # 5: UASC child with no home postcode
]
UASC: list[Row] = [{"CHILD": "6", "DUC": "01/01/2026"}]


def test_164_unknown_distance_is_left_to_rule_392a() -> None:
    assert flagged("164", 2026, {"Episodes": EPISODES, "UASC": UASC}, reference=REF) == set()


FAR = StubPostcodes(
    {
        "TW1 1AA": (OWN, 516000.0, 173000.0),
        "FAR 1": ("E1", 516000.0, 1.8e6),
        "FAR 2": ("E1", 516000.0, 1.78e6),
    }
)
FAR_REF = Reference(local_authority=OWN, extra={"postcodes": FAR})
FAR_EPISODES: list[Row] = [
    _episode("1", "TW1 1AA", "FAR 1"),  # 0: about 1,011 miles
    _episode("2", "TW1 1AA", "TW1 1AA"),  # 1: 0 miles
    _episode("3", "TW1 1AA", "FAR 2"),  # 2: about 998.6 miles, within range
    _episode("4", "TW1 1AA", "FAR 1", ls="V4"),  # 3: short break
    _episode("6", "TW1 1AA", "FAR 1"),  # 4: UASC child
]


def test_164_distance_beyond_999_9_miles() -> None:
    got = flagged("164", 2026, {"Episodes": FAR_EPISODES, "UASC": UASC}, reference=FAR_REF)
    assert got == {("Episodes", 0)}


def test_164_formerly_uasc_in_last_years_return() -> None:
    tables = {"Episodes": FAR_EPISODES}
    got = flagged("164", 2026, tables, previous={"UASC": UASC}, reference=FAR_REF)
    assert got == {("Episodes", 0)}
    assert ("Episodes", 4) in flagged("164", 2026, tables, reference=FAR_REF)


def test_169_placement_la_must_be_derivable() -> None:
    got = flagged("169", 2027, {"Episodes": EPISODES}, reference=REF)
    assert got == {("Episodes", 2)}


def test_179_placement_location_must_be_derivable() -> None:
    got = flagged("179", 2025, {"Episodes": EPISODES}, reference=REF)
    assert got == {("Episodes", 2)}


def test_179_needs_the_authoritys_own_code() -> None:
    reason = skipped_reason(
        "179",
        2026,
        {"Episodes": EPISODES},
        reference=Reference(extra={"postcodes": POSTCODES}),
    )
    assert "local authority" in reason


def test_geography_rules_skip_without_postcodes() -> None:
    for code in ("164", "169"):
        assert "postcode" in skipped_reason(code, 2026, {"Episodes": EPISODES})
