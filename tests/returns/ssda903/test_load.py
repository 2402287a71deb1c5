"""From paths to a dataset and reference: directories, sources, notes, years."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest

from safehold.returns.ssda903.files import ReturnFileError
from safehold.validate.context import CannotRun, Context
from safehold.validate.ssda903.load import expand_paths, load_ssda903

HEADER = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n1,M,01/01/2012,WBRI,,,\n"


class _NoPostcodes:
    def lookup(self, postcodes: pl.Series) -> pl.DataFrame:
        raise AssertionError("not needed")


@pytest.fixture(autouse=True)
def _postcode_cache(
    tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Keep the postcode Parquet cache out of the home directory."""
    monkeypatch.setenv("SAFEHOLD_CACHE_DIR", str(tmp_path_factory.getbasetemp() / "cache"))


def test_directory_sources_and_missing_tables(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "h.csv").write_text(HEADER, encoding="utf-8")
    (tmp_path / "a" / "notes.txt").write_text("ignored", encoding="utf-8")
    assert expand_paths([tmp_path / "a"]) == [tmp_path / "a" / "h.csv"]
    loaded = load_ssda903(2026, [tmp_path / "a"], local_authority=" e09000027 ",
                          postcodes=_NoPostcodes())  # fmt: skip
    header = loaded.dataset.tables["Header"]
    assert header.source == str(tmp_path / "a" / "h.csv")
    assert header.frame["_line"].to_list() == [2]
    assert header.frame["DOB"].dtype == pl.Date
    messages = [p.message for p in loaded.dataset.problems]
    assert "this year: no Episodes file was given; the table is validated as empty" in messages
    assert not any("DoLo" in m for m in messages)  # DoLo is not part of 2025/26
    assert loaded.reference.local_authority == "E09000027"
    assert loaded.reference.providers is None


def test_empty_directory_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match=r"no \.csv or \.xml files"):
        expand_paths([tmp_path])


def test_xml_marks_tables_unavailable_and_previous_notes(tmp_path: Path) -> None:
    xml = tmp_path / "r.xml"
    xml.write_text("<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID></HEADER><FOO/></CHILD>"
                   "</EXPSSDA903>", encoding="utf-8")  # fmt: skip
    loaded = load_ssda903(2026, [xml], [xml], postcodes=_NoPostcodes())
    ctx = Context(loaded.dataset, loaded.reference)
    with pytest.raises(CannotRun, match="carries no social worker episodes"):
        ctx.table("SWEpisodes")
    assert ctx.previous("Header")["CHILD"].to_list() == ["1"]
    assert loaded.dataset.tables["Header"].source == str(xml)
    messages = [p.message for p in loaded.dataset.problems]
    assert any("unexpected element <FOO> ignored" in m for m in messages)
    assert any(m.startswith("last year: an SSDA903 XML file carries no social") for m in messages)


def test_xml_header_keeps_the_uasc_flag_for_rule_105(tmp_path: Path) -> None:
    xml = tmp_path / "r.xml"
    xml.write_text("<EXPSSDA903><CHILD><HEADER><CHILDID>1</CHILDID><UASC> 1 </UASC></HEADER>"
                   "</CHILD><CHILD><HEADER><CHILDID>2</CHILDID><UASC>x</UASC></HEADER></CHILD>"
                   "</EXPSSDA903>", encoding="utf-8")  # fmt: skip
    loaded = load_ssda903(2026, [xml], [xml], postcodes=_NoPostcodes())
    header = loaded.dataset.tables["Header"]
    assert header.raw["UASC"].to_list() == [" 1 ", "x"]
    assert header.frame["UASC"].to_list() == ["1", "X"]
    assert loaded.dataset.previous is not None
    assert loaded.dataset.previous["Header"].frame["UASC"].to_list() == ["1", "X"]
    csv = tmp_path / "h.csv"
    csv.write_text(HEADER, encoding="utf-8")
    assert (
        "UASC"
        not in load_ssda903(2026, [csv], postcodes=_NoPostcodes())
        .dataset.tables["Header"]
        .frame.columns
    )


def test_year_outside_the_supported_range(tmp_path: Path) -> None:
    (tmp_path / "h.csv").write_text(HEADER, encoding="utf-8")
    with pytest.raises(ValueError, match="collection year 2030 is not supported"):
        load_ssda903(2030, [tmp_path / "h.csv"])
