"""Writing the DfE's CSV files and XML form; what is written reads back as the same tables."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import polars as pl
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from safehold.returns.ssda903.read import read_return
from safehold.returns.ssda903.schema import BY_NAME, TABLES
from safehold.returns.ssda903.write import FILE_NAMES, to_xml, write_csv_files, write_xml
from safehold.validate.ssda903.dataset import rows_to_frame

# Cell text: anything a case-management export might hold, including separators, quotes and
# line breaks inside a cell. (A cell of only spaces is kept as is; empty means "no value".)
CELL = st.one_of(
    st.none(),
    st.text(
        alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"))
        | st.sampled_from([",", '"', "\n", " ", "'"]),
        min_size=1,
        max_size=12,
    ),
)
CHILD_ID = st.text(alphabet="ABCDEFGHJK0123456789", min_size=1, max_size=8)
DATE = st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31)).map(lambda d: d.strftime("%d/%m/%Y"))


def _table(name: str, draw: st.DrawFn, children: list[str]) -> pl.DataFrame:
    spec = BY_NAME[name]
    owners = draw(st.lists(st.sampled_from(children), unique=spec.one_per_child, max_size=6))
    rows = [{c: draw(CELL) for c in spec.columns} | {"CHILD": child} for child in owners]
    return rows_to_frame(name, rows)


@st.composite
def csv_returns(draw: st.DrawFn) -> dict[str, pl.DataFrame]:
    children = draw(st.lists(CHILD_ID, min_size=1, max_size=6, unique=True))
    names = draw(st.lists(st.sampled_from([t.name for t in TABLES]), min_size=1, unique=True))
    return {n: _table(n, draw, children) for n in names}


def _same(written: dict[str, pl.DataFrame], read: dict[str, pl.DataFrame]) -> None:
    assert set(read) == set(written)
    for name, frame in written.items():
        got = read[name].drop("_line")
        expected = frame.select(BY_NAME[name].columns)
        # a row with every cell empty carries nothing and is not read back
        expected = expected.filter(
            ~pl.all_horizontal(
                [pl.col(c).fill_null("").str.strip_chars() == "" for c in expected.columns]
            )
        )
        assert got.to_dicts() == expected.to_dicts(), name


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables=csv_returns())
def test_csv_round_trip(tmp_path_factory: pytest.TempPathFactory,
                        tables: dict[str, pl.DataFrame]) -> None:  # fmt: skip
    directory = tmp_path_factory.mktemp("csv")
    paths = write_csv_files(tables, directory)
    assert sorted(p.name for p in paths) == sorted(FILE_NAMES[n] for n in tables)
    result = read_return(paths)
    _same(tables, result.tables)


def test_csv_files_have_the_dfe_columns_and_dates(tmp_path: Path) -> None:
    header = pl.DataFrame(
        {"_row": [0], "CHILD": ["7"], "SEX": ["M"], "DOB": [dt.date(2012, 3, 4)],
         "ETHNIC": ["WBRI"], "UPN": [None], "MOTHER": [None], "MC_DOB": [None], "extra": [1]}
    )  # fmt: skip
    [path] = write_csv_files({"Header": header}, tmp_path)
    assert path.name == "header.csv"
    assert path.read_text(encoding="utf-8") == (
        "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB\n7,M,04/03/2012,WBRI,,,\n"
    )


def test_missing_column_is_refused(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="no column"):
        write_csv_files({"Header": pl.DataFrame({"CHILD": ["1"]})}, tmp_path)


XML_CELL = st.one_of(
    st.none(),
    st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs", "Cc"),
                                   exclude_characters="\r"),
            min_size=1, max_size=10).filter(lambda s: s.strip() != ""),
)  # fmt: skip


@st.composite
def xml_returns(draw: st.DrawFn) -> dict[str, pl.DataFrame]:
    children = draw(st.lists(CHILD_ID, min_size=1, max_size=5, unique=True))
    header_rows = [
        {c: draw(XML_CELL) for c in BY_NAME["Header"].columns} | {"CHILD": c, "DOB": draw(DATE)}
        for c in children
    ]
    header = {r["CHILD"]: r for r in header_rows}
    tables = {"Header": rows_to_frame("Header", header_rows)}
    for spec in TABLES:
        if spec.name in ("Header", "SWEpisodes", "DoLo"):
            continue
        owners = draw(st.lists(st.sampled_from(children), unique=spec.one_per_child, max_size=6))
        rows = []
        for child in owners:
            row = {c: draw(XML_CELL) for c in spec.columns}
            row["CHILD"] = child
            if "DOB" in row:
                row["DOB"] = header[child]["DOB"]  # the XML form holds the DOB once per child
            if spec.name == "UASC":
                row["SEX"] = header[child]["SEX"]
            if spec.name in ("OC3", "AD1"):
                first = spec.columns[2]
                row[first] = row[first] or "X"  # an OC3/AD1 row with no values is no row
            rows.append(row)
        tables[spec.name] = rows_to_frame(spec.name, rows)
    return tables


def _sorted(frame: pl.DataFrame, name: str) -> list[dict[str, str | None]]:
    rows = frame.select(BY_NAME[name].columns).to_dicts()
    return sorted(rows, key=lambda r: str(r["CHILD"]))


@settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(tables=xml_returns())
def test_xml_round_trip(tmp_path_factory: pytest.TempPathFactory,
                        tables: dict[str, pl.DataFrame]) -> None:  # fmt: skip
    path = write_xml(tables, tmp_path_factory.mktemp("xml") / "return.xml")
    result = read_return([path])
    for name, frame in tables.items():
        got = result.tables[name]
        # rows of one child keep their order; children come in Header order
        assert _sorted(got, name) == _sorted(frame, name), name
    if "Header" in tables:  # the child's own UASC flag comes back from the UASC table
        flags = dict(zip(result.tables["Header"]["CHILD"], result.tables["Header"]["UASC"],
                         strict=True))  # fmt: skip
        uasc = set(tables["UASC"]["CHILD"].to_list()) if "UASC" in tables else set()
        assert flags == {c: "1" if c in uasc else "0" for c in flags}


def test_xml_refuses_what_it_cannot_carry() -> None:
    header = rows_to_frame("Header", [{"CHILD": "1", "DOB": "01/01/2010"}])
    sw = rows_to_frame("SWEpisodes", [{"CHILD": "1", "SW_ID": "A"}])
    with pytest.raises(ValueError, match="cannot carry the SWEpisodes table"):
        to_xml({"Header": header, "SWEpisodes": sw})
    stray = rows_to_frame("Episodes", [{"CHILD": "2"}])
    with pytest.raises(ValueError, match=r"child\(ren\) 2 who have no Header row"):
        to_xml({"Header": header, "Episodes": stray})
    with pytest.raises(ValueError, match="needs the Header table"):
        to_xml({"Episodes": stray})


def test_xml_layout(tmp_path: Path) -> None:
    tables = {
        "Header": rows_to_frame("Header", [{"CHILD": "1", "SEX": "F", "DOB": "01/01/2010"}]),
        "UASC": rows_to_frame("UASC", [{"CHILD": "1", "DUC": "01/01/2028"}]),
        "Episodes": rows_to_frame("Episodes", [{"CHILD": "1", "PLACE": "K2"}]),
        "Reviews": rows_to_frame("Reviews", [{"CHILD": "1", "REVIEW": "02/02/2026"}]),
    }
    text = write_xml(tables, tmp_path / "r.xml").read_text(encoding="utf-8")
    assert text.startswith("<?xml version='1.0' encoding='UTF-8'?>\n<EXPSSDA903>")
    assert "<CHILDID>1</CHILDID>" in text and "<UASC>1</UASC>" in text
    assert "<DUC>01/01/2028</DUC>" in text and "<PL>K2</PL>" in text
    assert "<AREVIEW>\n        <REVIEW>02/02/2026</REVIEW>" in text
    assert text.index("</HEADER>") < text.index("<EPISODE>")
