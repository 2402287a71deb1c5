"""Rules 218–229: URNs against the Ofsted provider lists."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest

from safehold.validate.context import Reference
from tests.validate.ssda903.support import StubPostcodes
from tests.validate.ssda903.test_r2__support import flagged, skipped_reason

Row = dict[str, str | None]
OWN_LA = "E09000027"


def _providers() -> pl.DataFrame:
    return pl.DataFrame(
        {
            "URN": ["SC111111", "sc222222 "],
            "PLACE_CODES": [["K2", "K1"], ["U4", "U5", "U6"]],
            "PROVIDER_CODES": [["PR1"], ["PR4", "PR5"]],
            "REG_END": [None, dt.date(2025, 9, 30)],
            "POSTCODE": ["TW9 1AA", "AB12CD"],
            "LA_CODE": [OWN_LA, "E10000006"],
            "LA_NAME": ["Richmond upon Thames", "Cumbria"],
        },
        schema={
            "URN": pl.String,
            "PLACE_CODES": pl.List(pl.String),
            "PROVIDER_CODES": pl.List(pl.String),
            "REG_END": pl.Date,
            "POSTCODE": pl.String,
            "LA_CODE": pl.String,
            "LA_NAME": pl.String,
        },
    )


REFERENCE = Reference(local_authority=OWN_LA, providers=_providers())


def _run(code: str, *rows: Row, year: int = 2026) -> set[tuple[str, int]]:
    episodes = [{"CHILD": "1", "DECOM": "01/05/2025", **r} for r in rows]
    return flagged(code, year, {"Episodes": episodes}, reference=REFERENCE)


@pytest.mark.parametrize(
    ("year", "episode", "fails"),
    [
        (2026, {"PLACE": "K2", "PL_POST": "TW9 1AA"}, True),
        (2026, {"PLACE": "K2", "PL_POST": "TW9 1AA", "URN": "SC111111"}, False),
        (2026, {"PLACE": "K2", "PL_POST": "CF10 1AA"}, False),  # in Wales
        (2026, {"PLACE": "K2", "PL_POST": "TW9 1AA", "DEC": "31/03/2025"}, False),  # before year
        (2026, {"PLACE": "Z12", "PL_POST": "TW9 1AA"}, False),
        (2025, {"PLACE": "Z1", "PL_POST": "TW9 1AA"}, False),
        (2025, {"PLACE": "R2", "PL_POST": "TW9 1AA"}, False),
        (2025, {"PLACE": "U4", "PL_POST": None}, True),  # postcode unknown: still needed
    ],
)
def test_218_urn_required(year: int, episode: Row, fails: bool) -> None:
    postcodes = StubPostcodes({"TW9 1AA": (OWN_LA, 1.0, 1.0), "CF10 1AA": ("WAL", 5.0, 5.0)})
    reference = Reference(local_authority=OWN_LA, extra={"postcodes": postcodes})
    row = {"CHILD": "1", "DECOM": "01/04/2024", **episode}
    found = flagged("218", year, {"Episodes": [row]}, reference=reference)
    assert found == ({("Episodes", 0)} if fails else set())


def test_218_needs_postcodes() -> None:
    assert "postcode" in skipped_reason("218", 2026, {"Episodes": [{"CHILD": "1"}]})


def test_provider_rules_are_skipped_without_the_lists() -> None:
    for code in ("219", "221", "224", "227", "228", "229"):
        assert "provider" in skipped_reason(code, 2026, {"Episodes": [{"CHILD": "1"}]})


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"URN": "SC111111", "PLACE": "K2"}, False),
        ({"URN": "SC111111", "PLACE": "U4"}, True),
        ({"URN": "SC222222", "PLACE": "U5"}, False),  # the list's URN is tidied first
        ({"URN": "SC999999", "PLACE": "U4"}, False),  # unknown URN: rule 1008's
        ({"URN": "XXXXXXX", "PLACE": "U4"}, False),
    ],
)
def test_219_placement_type(episode: Row, fails: bool) -> None:
    assert _run("219", {}, episode) == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"URN": "SC111111", "PLACE": "K2", "PL_POST": "TW9 1AA"}, False),
        ({"URN": "SC111111", "PLACE": "K2", "PL_POST": "tw91aa"}, False),
        ({"URN": "SC111111", "PLACE": "K2", "PL_POST": "TW9 1AB"}, True),
        ({"URN": "SC111111", "PLACE": "K2", "PL_POST": "TW9 1AB", "LS": "V3"}, False),
        ({"URN": "SC111111", "PLACE": "U4", "PL_POST": "TW9 1AB"}, False),
        ({"URN": "SC222222", "PLACE": "S1", "PL_POST": "AB1 2CD"}, False),
    ],
)
def test_221_postcode(episode: Row, fails: bool) -> None:
    assert _run("221", {}, episode) == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"URN": "SC111111", "PLACE_PROVIDER": "PR1"}, False),
        ({"URN": "SC111111", "PLACE_PROVIDER": "PR4"}, True),
        ({"URN": "SC111111", "PLACE_PROVIDER": None}, False),
        ({"URN": "SC222222", "PLACE_PROVIDER": "PR5"}, False),
    ],
)
def test_224_provider(episode: Row, fails: bool) -> None:
    assert _run("224", {}, episode) == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("code", "episode", "fails"),
    [
        ("227", {"URN": "SC222222", "DECOM": "29/09/2025"}, False),
        ("227", {"URN": "SC222222", "DECOM": "30/09/2025"}, True),
        ("227", {"URN": "SC111111", "DECOM": "30/09/2025"}, False),  # still registered
        ("228", {"URN": "SC222222", "DEC": "30/09/2025"}, False),
        ("228", {"URN": "SC222222", "DEC": "01/10/2025"}, True),
        ("228", {"URN": "SC222222", "DEC": None}, True),  # open at year end
        ("228", {"URN": "SC111111", "DEC": None}, False),
    ],
)
def test_227_228_registration_dates(code: str, episode: Row, fails: bool) -> None:
    assert _run(code, {}, episode) == ({("Episodes", 1)} if fails else set())


@pytest.mark.parametrize(
    ("episode", "fails"),
    [
        ({"URN": "SC111111", "PLACE_PROVIDER": "PR1"}, False),
        ({"URN": "SC111111", "PLACE_PROVIDER": "PR2"}, True),
        ({"URN": "SC222222", "PLACE_PROVIDER": "PR1"}, True),
        ({"URN": "SC222222", "PLACE_PROVIDER": "PR2"}, False),
        ({"URN": "SC222222", "PLACE_PROVIDER": "PR4"}, False),
    ],
)
def test_229_own_provision_in_own_area(episode: Row, fails: bool) -> None:
    assert _run("229", {}, episode) == ({("Episodes", 1)} if fails else set())


def test_229_needs_the_local_authority() -> None:
    reference = Reference(providers=_providers())
    report_reason = skipped_reason("229", 2026, {"Episodes": [{"CHILD": "1"}]}, reference=reference)
    assert "local authority" in report_reason
