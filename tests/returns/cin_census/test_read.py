"""Reading a census: the tables, their ids and lines, schema problems, and hostile input."""

from __future__ import annotations

from pathlib import Path

import polars as pl
import pytest
from lxml import etree

from safehold.returns.cin_census import read as read_module
from safehold.returns.cin_census.read import (
    CensusReadError,
    SchemaProblem,
    header_year,
    read_census,
)
from tests.returns.cin_census.builders import (
    BILLION_LAUGHS,
    EXTERNAL_DTD,
    EXTERNAL_ENTITY,
    census,
    child,
    line_of,
    write,
)


def _read(tmp_path: Path, text: str, year: int = 2026, **kwargs: object) -> read_module.CensusRead:
    return read_census(write(tmp_path, text), year, **kwargs)  # type: ignore[arg-type]


def test_tables_and_row_counts(tmp_path: Path) -> None:
    result = _read(tmp_path, census([child("A1"), child("B2", busy=True)]))
    heights = {name: frame.height for name, frame in result.tables.items()}
    assert heights == {
        "Header": 1,
        "ChildIdentifiers": 2,
        "ChildCharacteristics": 2,
        "Disabilities": 1,
        "CINdetails": 3,
        "Assessments": 3,
        "AssessmentFactorsList": 4,
        "CINplanDates": 0,
        "Section47": 1,
        "ChildProtectionPlans": 1,
        "Reviews": 2,
    }
    assert result.children == 2
    assert result.problems == []
    header = result.tables["Header"].row(0, named=True)
    assert (header["Collection"], header["Year"], header["LEA"]) == ("CIN", "2026", "201")
    assert header["DateTime"] == "2026-04-02T09:00:00"


def test_pre_proceedings_table_only_from_2026_27(tmp_path: Path) -> None:
    assert "PreProceedings" not in _read(tmp_path, census()).tables
    result = _read(tmp_path, census([child(year=2027)], year=2027), year=2027)
    assert result.tables["PreProceedings"].height == 0


def test_every_review_date_is_a_row(tmp_path: Path) -> None:
    result = _read(tmp_path, census([child("B2", busy=True)]))
    reviews = result.tables["Reviews"]
    assert reviews["CPPreviewDate"].to_list() == ["2025-10-01", "2026-01-15"]
    plan = result.tables["ChildProtectionPlans"].row(0, named=True)
    assert reviews["CPPID"].to_list() == [plan["CPPID"]] * 2
    assert reviews["CINdetailsID"].to_list() == [plan["CINdetailsID"]] * 2


def test_a_review_record_with_no_date_is_kept(tmp_path: Path) -> None:
    busy = child("B2", busy=True)
    start, end = busy.index("<Reviews>"), busy.index("</Reviews>") + len("</Reviews>")
    result = _read(tmp_path, census([busy[:start] + "<Reviews/>" + busy[end:]]))
    assert result.tables["Reviews"]["CPPreviewDate"].to_list() == [None]
    assert any("Reviews" in p.message for p in result.problems)


def test_ids_are_unique_across_the_file_and_stable(tmp_path: Path) -> None:
    text = census([child(f"C{i}", busy=i % 2 == 0) for i in range(6)])
    first = _read(tmp_path, text)
    again = _read(tmp_path, text)
    for table, column in (
        ("CINdetails", "CINdetailsID"),
        ("Assessments", "AssessmentID"),
        ("ChildProtectionPlans", "CPPID"),
    ):
        ids = first.tables[table][column]
        assert ids.n_unique() == ids.len()
        assert ids.to_list() == [str(i) for i in range(1, ids.len() + 1)]
        assert ids.to_list() == again.tables[table][column].to_list()
    # each assessment belongs to an episode of the same child
    joined = first.tables["Assessments"].join(
        first.tables["CINdetails"], on="CINdetailsID", suffix="_episode"
    )
    assert (joined["LAchildID"] == joined["LAchildID_episode"]).all()
    factors = first.tables["AssessmentFactorsList"].join(
        first.tables["Assessments"], on="AssessmentID", suffix="_a"
    )
    assert factors.height == first.tables["AssessmentFactorsList"].height
    assert (factors["CINdetailsID"] == factors["CINdetailsID_a"]).all()


def test_lines_point_at_the_elements(tmp_path: Path) -> None:
    text = census([child("A1"), child("B2", busy=True)])
    result = _read(tmp_path, text)
    b2 = line_of(text, "<LAchildID>B2")
    ids = result.tables["ChildIdentifiers"].filter(pl.col("LAchildID") == "B2").row(0, named=True)
    assert ids["_line"] == b2 - 1  # <ChildIdentifiers> opens the line before
    assert ids["Sex__line"] == line_of(text, "<Sex>", b2)
    assert ids["UPN__line"] is None
    factors = result.tables["AssessmentFactorsList"]
    sixteen = factors.filter(pl.col("AssessmentFactors") == "16A").row(0, named=True)
    assert sixteen["AssessmentFactors__line"] == line_of(text, ">16A<")
    assert sixteen["_line"] == line_of(text, ">16A<")
    second_review = result.tables["Reviews"].row(1, named=True)
    assert second_review["CPPreviewDate__line"] == line_of(text, "<CPPreviewDate>2026-01-15")
    episode = result.tables["CINdetails"].row(2, named=True)
    assert episode["ReferralNFA__line"] > episode["CINreferralDate__line"] > episode["_line"]
    assert text.splitlines()[episode["_line"] - 1] == "<CINdetails>"


def test_lines_beyond_65535(tmp_path: Path) -> None:
    children = [child(f"C{i}") for i in range(2600)]
    text = census(children)
    assert text.count("\n") > 70_000
    result = _read(tmp_path, text)
    last = result.tables["ChildIdentifiers"].row(-1, named=True)
    assert last["LAchildID"] == "C2599"
    assert last["_line"] == line_of(text, "<LAchildID>C2599<") - 1


def test_chunks_make_the_same_tables(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    text = census([child(f"C{i}", busy=i % 3 == 0) for i in range(25)])
    whole = _read(tmp_path, text)
    monkeypatch.setattr(read_module, "CHUNK_ROWS", 4)
    chunked = _read(tmp_path, text)
    for name, frame in whole.tables.items():
        assert chunked.tables[name].equals(frame), name


def test_schema_problems_do_not_stop_reading(tmp_path: Path) -> None:
    bad = child("B2").replace("<Sex>F</Sex>", "<Sex>X</Sex>")
    text = census([child("A1"), bad, child("C3")])
    result = _read(tmp_path, text)
    assert result.tables["ChildIdentifiers"]["Sex"].to_list() == ["F", "X", "F"]
    assert len(result.problems) == 1
    problem = result.problems[0]
    assert problem.line == line_of(text, "<Sex>X</Sex>")
    assert problem.element == "Child/ChildIdentifiers/Sex"
    assert "child B2" in problem.message and "'X'" in problem.message
    assert "[facet" not in problem.message


def test_schema_validation_can_be_skipped(tmp_path: Path) -> None:
    bad = child("B2").replace("<Sex>F</Sex>", "<Sex>X</Sex>")
    assert _read(tmp_path, census([bad]), validate=False).problems == []


def test_problems_beyond_the_limit_are_counted(tmp_path: Path) -> None:
    bad = [child(f"C{i}").replace("<Sex>F</Sex>", "<Sex>X</Sex>") for i in range(8)]
    result = _read(tmp_path, census(bad), max_problems=3)
    assert result.problem_count == 8
    assert len(result.problems) == 4
    assert result.problems[-1] == SchemaProblem(
        "... and 5 more schema problems not listed", None, None
    )


def test_structure_problems(tmp_path: Path) -> None:
    text = census([child("A1"), "<Stray>1</Stray>", child("B2")]).replace(
        "<Header>", "<Extra/>\n<Header>"
    )
    result = _read(tmp_path, text)
    messages = [p.message for p in result.problems]
    assert any("unexpected element <Stray>" in m for m in messages)
    assert any("Message must hold <Header> then <Children>" in m for m in messages)
    assert result.tables["ChildIdentifiers"].height == 2


def test_no_children(tmp_path: Path) -> None:
    result = _read(tmp_path, census([]))
    assert result.children == 0
    assert any("no Child" in p.message for p in result.problems)


def test_old_layout_plans_join_the_latest_episode(tmp_path: Path) -> None:
    busy = child("B2", busy=True)
    start = busy.index("<ChildProtectionPlans>")
    end = busy.index("</ChildProtectionPlans>") + len("</ChildProtectionPlans>")
    moved = busy[:start] + busy[end:]
    moved = moved.replace("</Child>", busy[start:end] + "\n</Child>")
    result = _read(tmp_path, census([moved]))
    plan = result.tables["ChildProtectionPlans"].row(0, named=True)
    assert plan["CINdetailsID"] == result.tables["CINdetails"]["CINdetailsID"][-1]
    assert result.problems  # the schema still says it is in the wrong place


def test_header_year(tmp_path: Path) -> None:
    assert header_year(write(tmp_path, census(year=2027))) == 2027
    assert header_year(write(tmp_path, census(header=False))) is None


# --- input that is refused -------------------------------------------------------------------

REFUSED = {
    "not xml": ("LAchildID,Sex\nC1,F\n", "is not an XML file (line 1"),
    "empty": ("", "is not an XML file: it is empty"),
    "binary": ("\x00\x01\x02garbage", "is not an XML file"),
    "wrong root": ("<Census><Children/></Census>", "root element is <Census>"),
    "namespace": (
        census().replace("<Message>", '<Message xmlns="http://example.org/cin">'),
        "uses the namespace 'http://example.org/cin'",
    ),
    "billion laughs": (BILLION_LAUGHS, "DOCTYPE"),
    "external entity": (EXTERNAL_ENTITY, "DOCTYPE"),
    "external dtd": (EXTERNAL_DTD, "DOCTYPE"),
    "malformed": (
        census().replace("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI</Ethnic>"),
        "is not well-formed XML",
    ),
}


@pytest.mark.parametrize("name", sorted(REFUSED))
def test_refused_with_a_clear_message(tmp_path: Path, name: str) -> None:
    text, expected = REFUSED[name]
    with pytest.raises(CensusReadError) as caught:
        _read(tmp_path, text)
    assert expected in str(caught.value)
    assert str(tmp_path / "census.xml") in str(caught.value)
    assert "root:" not in str(caught.value)  # nothing from /etc/passwd leaks into the message


@pytest.mark.parametrize(
    "hostile",
    [
        child("A1").replace("</Child>", "<x>" * 3000 + "</x>" * 3000 + "</Child>"),
        child("A1").replace("<LAchildID>A1", "<LAchildID>" + "A" * 10_500_000),
    ],
    ids=["deep", "huge text"],
)
def test_beyond_the_safety_limits(tmp_path: Path, hostile: str) -> None:
    with pytest.raises(CensusReadError) as caught:
        _read(tmp_path, census([hostile]))
    assert "safety limits" in str(caught.value)
    assert "XML_PARSE_HUGE" not in str(caught.value)


def test_malformed_names_the_line(tmp_path: Path) -> None:
    text = census().replace("<Ethnicity>WBRI</Ethnicity>", "<Ethnicity>WBRI</Ethnic>")
    with pytest.raises(CensusReadError) as caught:
        _read(tmp_path, text)
    assert caught.value.line == line_of(text, "</Ethnic>")


@pytest.mark.parametrize("cut", [0.5, 0.8, 0.97])
def test_truncated_says_where_it_ended(tmp_path: Path, cut: float) -> None:
    text = census([child(f"C{i}") for i in range(20)])
    short = text[: int(len(text) * cut)]
    with pytest.raises(CensusReadError) as caught:
        _read(tmp_path, short)
    message = str(caught.value)
    assert "ends early" in message and "truncated" in message
    assert caught.value.line == short.count("\n") + 1
    assert f"at line {short.count(chr(10)) + 1}" in message


def test_over_the_limit_is_refused_unread(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = write(tmp_path, census())
    size = path.stat().st_size

    def no_parsing(*args: object, **kwargs: object) -> None:
        raise AssertionError("the file was parsed")

    monkeypatch.setattr(etree, "iterparse", no_parsing)
    with pytest.raises(CensusReadError) as caught:
        read_census(path, 2026, max_bytes=size - 1)
    assert f"{size:,} bytes, over the limit of {size - 1:,} bytes" in str(caught.value)


def test_at_the_limit_is_read(tmp_path: Path) -> None:
    path = write(tmp_path, census())
    assert read_census(path, 2026, max_bytes=path.stat().st_size).children == 1


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(CensusReadError, match="no such file"):
        read_census(tmp_path / "nope.xml", 2026)


def test_a_directory(tmp_path: Path) -> None:
    with pytest.raises(CensusReadError, match="is not a file"):
        read_census(tmp_path, 2026)
