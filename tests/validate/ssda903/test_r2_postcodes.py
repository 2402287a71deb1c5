"""Rules 392a–392d: postcodes and distance."""

from __future__ import annotations

import pytest

from safehold.validate.context import Reference
from tests.validate.ssda903.support import StubPostcodes
from tests.validate.ssda903.test_r2__support import flagged

Row = dict[str, str | None]

POSTCODES = StubPostcodes(
    {"AB1 2CD": ("E09000027", 0.0, 0.0), "TW9 1AA": ("E09000027", 3000.0, 4000.0)}
)
REFERENCE = Reference(local_authority="E09000027", extra={"postcodes": POSTCODES})


def _episode(child: str, **values: str | None) -> Row:
    return {"CHILD": child, "DECOM": "01/05/2025", "LS": "C2", "PLACE": "U4", **values}


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"HOME_POST": "AB1 2CD", "PL_POST": "TW9 1AA"}, False),
        ({"HOME_POST": "AB1 2CD", "PL_POST": None}, True),
        ({"HOME_POST": "AB1 2CD", "PL_POST": "ZZ9 9ZZ"}, True),  # not a known postcode
        ({"HOME_POST": None, "PL_POST": None, "LS": "V3"}, False),
    ],
)
def test_392a_distance_known(episode: Row, fails: bool) -> None:
    found = flagged("392a", 2026, {"Episodes": [_episode("1", **episode)]}, reference=REFERENCE)
    assert found == ({("Episodes", 0)} if fails else set())


@pytest.mark.parametrize("code", ["392a", "392b"])
def test_392a_392b_skip_uasc_children_this_year_or_last(code: str) -> None:
    episodes = [_episode("1"), _episode("2"), _episode("3")]
    found = flagged(
        code,
        2026,
        {"Episodes": episodes, "UASC": [{"CHILD": "1"}]},
        previous={"UASC": [{"CHILD": "2"}]},
        reference=REFERENCE,
    )
    assert found == {("Episodes", 2)}


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"HOME_POST": "AB1 2CD", "PL_POST": "TW9 1AA"}, False),
        ({"HOME_POST": None, "PL_POST": "TW9 1AA"}, True),
        ({"HOME_POST": "AB1 2CD", "PL_POST": None}, True),
        ({"HOME_POST": None, "PL_POST": None, "LS": "V4"}, False),
    ],
)
def test_392b_postcodes_given(episode: Row, fails: bool) -> None:
    found = flagged("392b", 2026, {"Episodes": [_episode("1", **episode)]})
    assert found == ({("Episodes", 0)} if fails else set())


def test_392c_unknown_postcodes() -> None:
    episodes = [
        _episode("1", HOME_POST="AB1 2CD", PL_POST="TW9 1AA"),
        _episode("2", HOME_POST="ZZ9 9ZZ", PL_POST="TW9 1AA"),
        _episode("3", HOME_POST="AB1 2CD", PL_POST="NOT A CODE"),
        _episode("4", HOME_POST=None, PL_POST=None),
    ]
    found = flagged("392c", 2026, {"Episodes": episodes}, reference=REFERENCE)
    assert found == {("Episodes", 1), ("Episodes", 2)}


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"HOME_POST": "AB1 2CD", "PL_POST": "AB12CD"}, True),
        ({"HOME_POST": "AB1 2CD", "PL_POST": "AB1 2CD", "PLACE": "P1"}, False),
        ({"HOME_POST": "AB1 2CD", "PL_POST": "TW9 1AA"}, False),
        ({"HOME_POST": None, "PL_POST": None}, False),
    ],
)
def test_392d_home_and_placement_differ(episode: Row, fails: bool) -> None:
    found = flagged("392d", 2026, {"Episodes": [_episode("1", **episode)]})
    assert found == ({("Episodes", 0)} if fails else set())
