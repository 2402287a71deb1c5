"""Reference data: the ONS postcode lookup and the Ofsted provider lists."""

from __future__ import annotations

import csv
import datetime as dt
from pathlib import Path

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]
import polars as pl
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from openpyxl import Workbook

from safehold.returns.ssda903.files import ReturnFileError
from safehold.validate.ssda903.postcodes import OnsPostcodes
from safehold.validate.ssda903.providers import read_providers


def _letter_file(
    directory: Path, letter: str, rows: list[tuple[str, str | None, float, float]]
) -> None:
    payload = {
        "columns": ["pcd", "laua", "oseast1m", "osnrth1m"],
        "data": {
            "pcd": [r[0] for r in rows],
            "laua": [r[1] if r[1] is not None else float("nan") for r in rows],
            "oseast1m": [r[2] for r in rows],
            "osnrth1m": [r[3] for r in rows],
        },
    }
    (directory / f"postcodes_{letter}.msgpack.br").write_bytes(
        brotli.compress(msgpack.packb(payload))
    )


@pytest.fixture
def postcodes(tmp_path: Path) -> OnsPostcodes:
    _letter_file(tmp_path, "B", [
        ("B1  1AA", "E08000025", 406649.0, 286530.0),    # Birmingham (metropolitan)
        ("BN208JX", "E07000061", 560000.0, 98000.0),     # Eastbourne district → East Sussex
        ("BA1 1AA", "E06000066", 375000.0, 164000.0),    # Somerset, created after 2021
        ("BT1 1AA", "N09000003", 334316.0, 374675.0),
    ])  # fmt: skip
    _letter_file(tmp_path, "C", [("CF101AA", "W06000015", 318284.0, 176230.0),
                                 ("CA1 1RD", "E07000028", 340550.0, 555481.0)])  # fmt: skip
    _letter_file(tmp_path, "E", [("EH1 1AA", "S12000036", 325910.0, 674040.0)])
    return OnsPostcodes(tmp_path, cache_dir=tmp_path / "cache")


def test_lookup_ignores_spaces_and_case_and_maps_upper_tier(postcodes: OnsPostcodes) -> None:
    asked = ["b1 1aa", "B11AA", "bn20 8jx", "BA1 1AA", "BT1 1AA", "CF10 1AA", "EH1 1AA",
             "CA1 1RD", "ZZ1 1ZZ", "", None]  # fmt: skip
    found = postcodes.lookup(pl.Series(asked, dtype=pl.String))
    by = {r["postcode"]: r for r in found.iter_rows(named=True)}
    assert set(by) == {"b1 1aa", "B11AA", "bn20 8jx", "BA1 1AA", "BT1 1AA", "CF10 1AA",
                       "EH1 1AA", "CA1 1RD"}  # fmt: skip
    assert by["b1 1aa"]["la"] == "E08000025"
    assert by["B11AA"]["easting"] == 406649.0
    assert by["bn20 8jx"]["la"] == "E10000011"  # district → county (2021 mapping)
    assert by["BA1 1AA"]["la"] == "E06000066"  # a new unitary authority is its own upper tier
    assert by["CA1 1RD"]["la"] == "E10000006"  # Carlisle district → Cumbria (2021 mapping)
    assert (by["BT1 1AA"]["la"], by["CF10 1AA"]["la"], by["EH1 1AA"]["la"]) == (
        "NIR", "WAL", "SCO",
    )  # fmt: skip
    assert found.schema["northing"] == pl.Float64


def test_lookup_loads_only_the_letters_asked_for(postcodes: OnsPostcodes) -> None:
    postcodes.lookup(pl.Series(["B1 1AA"]))
    assert postcodes.letters_read == ["B"]
    postcodes.lookup(pl.Series(["B1 1AA"]))  # answered from what was kept
    assert postcodes.letters_read == ["B"]
    postcodes.lookup(pl.Series(["EH1 1AA", "Q1 1QQ"]))  # no Q file: simply not found
    assert postcodes.letters_read == ["B", "E"]


def test_a_second_run_reads_the_parquet_cache(tmp_path: Path, postcodes: OnsPostcodes) -> None:
    first = postcodes.lookup(pl.Series(["B1 1AA", "CF10 1AA"]))
    assert sorted(postcodes.letters_read) == ["B", "C"]
    assert len(list((tmp_path / "cache").glob("postcodes_*.parquet"))) == 2
    again = OnsPostcodes(tmp_path, cache_dir=tmp_path / "cache")
    second = again.lookup(pl.Series(["B1 1AA", "CF10 1AA"]))
    assert again.letters_read == []  # nothing decompressed: the cache answered
    assert second.sort("postcode").equals(first.sort("postcode"))


def test_an_unwritable_cache_falls_back_to_memory(tmp_path: Path, postcodes: OnsPostcodes) -> None:
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("x")
    lookup = OnsPostcodes(postcodes.data_dir, cache_dir=blocker / "cache")
    assert lookup.lookup(pl.Series(["B1 1AA"]))["la"].to_list() == ["E08000025"]


def test_the_installed_directory_is_found(tmp_path: Path) -> None:
    found = OnsPostcodes(cache_dir=tmp_path).lookup(pl.Series(["SW1A 1AA"]))
    assert found["la"].to_list() == ["E09000033"]  # Westminster


@settings(max_examples=30, deadline=None)
@given(st.lists(st.sampled_from(["B1 1AA", "b11aa", " B1  1AA ", "EH1 1AA", "ZZ9 9ZZ"]),
                max_size=8))  # fmt: skip
def test_lookup_answers_each_spelling_it_was_given(tmp_path_factory: pytest.TempPathFactory,
                                                   asked: list[str]) -> None:  # fmt: skip
    directory = tmp_path_factory.mktemp("pc")
    _letter_file(directory, "B", [("B1  1AA", "E08000025", 1.0, 2.0)])
    _letter_file(directory, "E", [("EH1 1AA", "S12000036", 3.0, 4.0)])
    found = OnsPostcodes(directory, directory / "cache").lookup(pl.Series(asked, dtype=pl.String))
    expected = {p for p in asked if not p.upper().startswith("ZZ")}
    assert set(found["postcode"].to_list()) == expected
    assert found.height == len(expected)


def _children_homes(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Provider information"
    sheet.append(["Local Authority", "URN", "Provider Type", "Closed Date", "Provider Code",
                  "Provider Placement Code", "Setting Address Postcode"])  # fmt: skip
    sheet.append(["East Sussex", "SC000001", "Childrens Home", "-", "K2", "PR1/PR2", "bn20 8jx"])
    sheet.append(["East Sussex", "SC000002", "Childrens Home", dt.datetime(2025, 6, 30), "K2",
                  "PR3", "BN20 8JX"])  # fmt: skip
    sheet.append([None, None, None, None, None, None, None])
    conditions = book.create_sheet("Registration Conditions")
    conditions.append(["Local Authority", "URN", "Conditions"])
    conditions.append(["East Sussex", "SC000001", "May only have children"])
    book.save(path)
    return path


def _combined(path: Path) -> Path:
    book = Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.title = "Providers"
    sheet.append(["Ofsted: children's social care providers, 31 March 2026"])  # a title row
    sheet.append([])
    sheet.append(["Local authority", "URN", "Deregistration date", "Placement code",
                  "Setting address postcode", "Placement provider code"])  # fmt: skip
    sheet.append(["Birmingham", 1234567, None, "U1,U2, U3", "B1 1AA", "PR2"])
    sheet.append(["Birmingham", "SC000001", None, "K1", "BN20 8JX", "PR1"])  # also a home
    sa = book.create_sheet("SA Providers")
    sa.append(["Provider local authority", "URN", "Closed date", "Setting address postcode"])
    sa.append(["Cardiff", "2000001", "na", "CF10 1AA"])
    book.save(path)
    return path


def test_provider_lists_become_the_frame_the_rules_read(
    tmp_path: Path, postcodes: OnsPostcodes
) -> None:
    frame = read_providers(
        [_children_homes(tmp_path / "ch.xlsx"), _combined(tmp_path / "all.xlsx")], postcodes
    )
    assert frame.columns[:7] == ["URN", "PLACE_CODES", "PROVIDER_CODES", "REG_END", "POSTCODE",
                                 "LA_CODE", "LA_NAME"]  # fmt: skip
    assert frame.schema["PLACE_CODES"] == pl.List(pl.String)
    assert frame.schema["REG_END"] == pl.Date
    by = {r["URN"]: r for r in frame.iter_rows(named=True)}
    assert set(by) == {"SC000001", "SC000002", "1234567", "2000001"}
    home = by["SC000001"]  # listed twice: codes united, still registered
    assert home["PLACE_CODES"] == ["K2", "K1"]
    assert home["PROVIDER_CODES"] == ["PR1", "PR2"]
    assert home["REG_END"] is None
    assert home["POSTCODE"] == "BN208JX"
    assert (home["LA_CODE"], home["LA_NAME"]) == ("E10000011", "East Sussex")
    assert by["SC000002"]["REG_END"] == dt.date(2025, 6, 30)
    assert by["1234567"]["PLACE_CODES"] == ["U1", "U2", "U3"]
    assert by["1234567"]["LA_CODE"] == "E08000025"
    sa = by["2000001"]
    assert (sa["PLACE_CODES"], sa["PROVIDER_CODES"], sa["REG_END"]) == (["K3"], ["PR4"], None)
    assert sa["LA_CODE"] == "WAL"


def test_provider_list_as_csv(tmp_path: Path) -> None:
    path = tmp_path / "providers.csv"
    with path.open("w", newline="", encoding="utf-8") as handle:
        writer = csv.writer(handle)
        writer.writerow(["URN", "Placement code", "Placement provider code",
                         "Deregistration date", "Setting postcode"])  # fmt: skip
        writer.writerow(["sc1", "K2", "PR1", "31/01/2026", "B1 1AA"])
    frame = read_providers([path])
    row = frame.row(0, named=True)
    assert row["URN"] == "SC1"
    assert row["REG_END"] == dt.date(2026, 1, 31)
    assert row["LA_CODE"] is None  # no postcode lookup given


def test_provider_list_errors(tmp_path: Path) -> None:
    path = tmp_path / "other.csv"
    path.write_text("name,size\nx,1\n", encoding="utf-8")
    with pytest.raises(ReturnFileError, match="holds no Ofsted provider list"):
        read_providers([path])
    bad_date = tmp_path / "p.csv"
    bad_date.write_text("URN,Placement code,Closed date,Setting postcode\n1,K2,soon,B1 1AA\n")
    with pytest.raises(ReturnFileError, match=r"row 2: 'soon' is not a date"):
        read_providers([bad_date])
    no_postcode = tmp_path / "q.csv"
    no_postcode.write_text("URN,Placement code\n1,K2\n")
    with pytest.raises(ReturnFileError, match="no postcode column"):
        read_providers([no_postcode])
    text = tmp_path / "p.txt"
    text.write_text("x")
    with pytest.raises(ReturnFileError, match=r"expected an Ofsted \.xlsx or \.csv list"):
        read_providers([text])
    broken = tmp_path / "broken.xlsx"
    broken.write_bytes(b"PK\x03\x04 not really a zip")
    with pytest.raises(ReturnFileError, match="cannot be opened as an Excel workbook"):
        read_providers([broken])
