"""SSDA903 rules 502, 503A–503F and 562: this year's first episode against last year's."""

from __future__ import annotations

import pytest

from tests.validate.ssda903.test_r4__support import episode, flagged, rows, run_one

OPEN = {
    "DECOM": "01/01/2024",
    "RNE": "S",
    "LS": "C2",
    "CIN": "N1",
    "PLACE": "U4",
    "PLACE_PROVIDER": "PR1",
    "URN": "SC123456",
}


def _last_year(**changes: str | None) -> dict[str, list[dict[str, str | None]]]:
    return {
        "Episodes": [
            episode("1", DECOM="01/06/2023", DEC="01/01/2024", REC="X1"),
            episode("1", **OPEN),
            episode("2", **(OPEN | changes)),
            episode("3", **(OPEN | {"DEC": "01/02/2024", "REC": "E4A"})),  # closed
        ]
    }


def _this_year(**changes: str | None) -> dict[str, list[dict[str, str | None]]]:
    return {
        "Episodes": [
            episode("1", **OPEN),
            episode("2", **OPEN),
            episode("2", **(OPEN | {"DECOM": "01/05/2024", "RNE": "P", "PLACE": "K2"})),
            episode("3", **(OPEN | changes)),
        ]
    }


@pytest.mark.parametrize(
    ("code", "field", "other"),
    [
        ("503A", "RNE", "P"),
        ("503B", "LS", "C1"),
        ("503C", "CIN", "N2"),
        ("503D", "PLACE", "U6"),
        ("503E", "PLACE_PROVIDER", "PR4"),
        ("503F", "URN", "SC999999"),
    ],
)
@pytest.mark.parametrize("year", [2025, 2026, 2027])
def test_503_first_episode_repeats_open_episode(
    code: str, field: str, other: str, year: int
) -> None:
    # Child 2's open episode last year had a different value: its first episode this year fails.
    # Child 3 differs too, but last year's episode was closed.
    got = flagged(code, year, _this_year(**{field: other}), _last_year(**{field: other}))
    assert got == rows("Episodes", 1)
    assert flagged(code, year, _this_year(), _last_year()) == set()


def test_503_blank_against_value_differs() -> None:
    assert flagged("503F", 2025, _this_year(), _last_year(URN=None)) == rows("Episodes", 1)


def test_503_needs_last_year() -> None:
    report = run_one("503A", 2025, _this_year())
    assert [s.rule for s in report.rules_skipped] == ["503A"]


@pytest.mark.parametrize(
    ("year", "before", "after", "fails"),
    [
        (2025, "H5", "K3", False),
        (2025, "Z1", "Z12", True),
        (2025, "H5", "K2", True),
        (2026, "H5", "K3", False),
        (2026, "Z1", "Z12", False),
        (2026, "Z1", "K2", True),
        (2026, "Z11", "Z12", True),
        (2027, "Z1", "Z14", False),
    ],
)
def test_503d_recoded_placement_types(year: int, before: str, after: str, fails: bool) -> None:
    last = {"Episodes": [episode("1", **(OPEN | {"PLACE": before}))]}
    this = {"Episodes": [episode("1", **(OPEN | {"PLACE": after}))]}
    assert flagged("503D", year, this, last) == (rows("Episodes", 0) if fails else set())


def test_502_first_start_date_repeats_open_episode() -> None:
    last = {
        "Episodes": [
            episode("1", DECOM="01/01/2024"),
            episode("2", DECOM="01/01/2024"),
            episode("3", DECOM="01/01/2024", DEC="01/02/2024"),
        ]
    }
    this = {
        "Episodes": [
            episode("1", DECOM="01/01/2024"),
            episode("2", DECOM="02/01/2024"),  # fails
            episode("3", DECOM="01/05/2024"),  # closed last year: passes
        ]
    }
    assert flagged("502", 2025, this, last) == rows("Episodes", 1)


def test_562_episode_before_year_must_be_last_years_latest() -> None:
    last = {
        "Episodes": [
            episode("1", DECOM="01/06/2023", DEC="01/01/2024", REC="X1"),
            episode("1", DECOM="01/01/2024"),
            episode("2", DECOM="01/01/2024"),
        ]
    }
    this = {
        "Episodes": [
            episode("1", DECOM="01/01/2024", DEC="01/05/2024", REC="X1"),  # matches: passes
            episode("1", DECOM="01/05/2024"),
            episode("2", DECOM="02/01/2024"),  # not last year's: fails
            episode("3", DECOM="01/03/2024"),  # not in last year's return at all: fails
            episode("4", DECOM="01/04/2024"),  # starts in the year: passes
        ]
    }
    assert flagged("562", 2025, this, last) == rows("Episodes", 2, 3)
