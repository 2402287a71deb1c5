"""Reading SSDA903 CSV and XML files, and refusing bad input with a clear message."""

from __future__ import annotations

import codecs
import os
from pathlib import Path

import polars as pl
import pytest

from safehold.returns.ssda903.files import ReturnFileError
from safehold.returns.ssda903.read import read_csv_file, read_return
from safehold.returns.ssda903.read_xml import read_xml_file

HEADER_COLS = "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB"


def _write(path: Path, text: str, encoding: str = "utf-8") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_csv_table_is_recognised_by_columns_not_name(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "whatever.csv",
        "DOB,CHILD,SEX,ETHNIC,UPN,MOTHER,MC_DOB\n01/02/2010,1,M,WBRI,,,\n",
    )
    spec, frame = read_csv_file(path)
    assert spec.name == "Header"
    assert frame.columns == ["_line", *HEADER_COLS.split(",")]
    assert frame.row(0, named=True)["DOB"] == "01/02/2010"
    assert frame.row(0, named=True)["UPN"] is None
    assert all(dtype == pl.String for name, dtype in frame.schema.items() if name != "_line")


def test_bom_is_tolerated_and_cells_stay_text(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(codecs.BOM_UTF8 + f"{HEADER_COLS}\n007,m,01/02/2010,wbri,,0,\n".encode())
    _, frame = read_csv_file(path)
    row = frame.row(0, named=True)
    assert row["CHILD"] == "007"  # leading zeros survive: nothing is inferred
    assert row["SEX"] == "m"  # raw text keeps its case; rules see the normalised frame
    assert row["MOTHER"] == "0"


def test_line_numbers_count_quoted_newlines_and_blank_lines(tmp_path: Path) -> None:
    text = (
        f"{HEADER_COLS}\n"
        '1,M,01/01/2010,"WB\nRI",,,\n'  # line 2, spans 2 physical lines
        "\n"  # line 4 blank
        "2,F,02/02/2011,WBRI,,,\n"  # line 5
        "3,F,03/03/2012,WBRI,,,\n"  # line 6
    )
    _, frame = read_csv_file(_write(tmp_path / "h.csv", text))
    assert frame["CHILD"].to_list() == ["1", "2", "3"]
    assert frame["_line"].to_list() == [2, 5, 6]
    assert frame["ETHNIC"][0] == "WB\nRI"


def test_line_numbers_fast_path(tmp_path: Path) -> None:
    rows = "".join(f"{i},M,01/01/2010,WBRI,,,\r\n" for i in range(50))
    _, frame = read_csv_file(_write(tmp_path / "h.csv", f"{HEADER_COLS}\r\n{rows}"))
    assert frame["_line"].to_list() == list(range(2, 52))


def test_rows_of_empty_cells_are_dropped_but_lines_kept(tmp_path: Path) -> None:
    text = f"{HEADER_COLS}\n1,M,01/01/2010,WBRI,,,\n,,,,,,\n2,F,01/01/2010,WBRI,,,\n"
    _, frame = read_csv_file(_write(tmp_path / "h.csv", text))
    assert frame["_line"].to_list() == [2, 4]


def test_extra_column_names_the_table_it_resembles(tmp_path: Path) -> None:
    path = _write(tmp_path / "header.csv", f"{HEADER_COLS},UASC\n1,M,01/01/2010,WBRI,,,,0\n")
    with pytest.raises(ReturnFileError) as err:
        read_csv_file(path)
    message = str(err.value)
    assert str(path) in message
    assert "most resembles Header" in message
    assert "unexpected column(s): UASC" in message
    assert "expected exactly: CHILD, SEX, DOB" in message


def test_missing_column_is_named(tmp_path: Path) -> None:
    path = _write(tmp_path / "e.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER\n")
    with pytest.raises(
        ReturnFileError, match=r"most resembles Header; missing column\(s\): MC_DOB"
    ):
        read_csv_file(path)


def test_lower_case_column_names_get_a_hint(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", HEADER_COLS.lower() + "\n")
    with pytest.raises(ReturnFileError, match="must be upper case"):
        read_csv_file(path)


def test_file_that_is_not_the_return(tmp_path: Path) -> None:
    path = _write(tmp_path / "shopping.csv", "item,price\napples,2\n")
    with pytest.raises(ReturnFileError, match="match no SSDA903 table"):
        read_csv_file(path)


def test_two_files_for_one_table(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.csv", f"{HEADER_COLS}\n")
    b = _write(tmp_path / "b.csv", f"{HEADER_COLS}\n")
    with pytest.raises(ReturnFileError) as err:
        read_return([a, b])
    assert str(b) in str(err.value)
    assert f"which {a} already holds" in str(err.value)


def test_utf16_is_refused_with_advice(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", f"{HEADER_COLS}\n1,M,01/01/2010,WBRI,,,\n", "utf-16")
    with pytest.raises(ReturnFileError, match="UTF-16; save it as UTF-8"):
        read_csv_file(path)


def test_latin1_is_refused_with_the_line(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "h.csv", f"{HEADER_COLS}\n1,M,01/01/2010,WBRI,,,\n2,F,É,,,,\n", "latin-1"
    )
    with pytest.raises(ReturnFileError, match=r"line 3: byte 0xc9 is not UTF-8"):
        read_csv_file(path)


@pytest.mark.parametrize("content", [b"", b"\n\n  \n", codecs.BOM_UTF8])
def test_empty_file(tmp_path: Path, content: bytes) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(content)
    with pytest.raises(ReturnFileError, match="is empty"):
        read_csv_file(path)


def test_binary_file(tmp_path: Path) -> None:
    path = tmp_path / "h.csv"
    path.write_bytes(b"PK\x03\x04\x14\x00\x06\x00" + bytes(range(256)) * 4)
    with pytest.raises(ReturnFileError, match="binary file"):
        read_csv_file(path)


def test_header_only_file_is_an_empty_table(tmp_path: Path) -> None:
    _, frame = read_csv_file(_write(tmp_path / "h.csv", HEADER_COLS + "\n"))
    assert frame.height == 0
    assert frame.columns[0] == "_line"


def test_row_with_too_many_cells_names_its_line(tmp_path: Path) -> None:
    text = f"{HEADER_COLS}\n1,M,01/01/2010,WBRI,,,\n2,M,01/01/2010,WBRI,,,,X\n"
    with pytest.raises(ReturnFileError, match="line 3: has 8 cells but the header names 7"):
        read_csv_file(_write(tmp_path / "h.csv", text))


def test_size_limit_is_checked_before_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.csv"
    with path.open("wb") as handle:  # a sparse 2 GB file: nothing is written, nothing is read
        handle.truncate(2 * 1024**3)
    with pytest.raises(ReturnFileError, match=r"is 2 GB, larger than the limit of 1 GB"):
        read_return([path])
    small = _write(tmp_path / "h.csv", HEADER_COLS + "\n1,M,01/01/2010,WBRI,,,\n")
    with pytest.raises(ReturnFileError, match="larger than the limit of 10 bytes"):
        read_return([small], max_bytes=10)


def test_csv_and_xml_cannot_be_mixed(tmp_path: Path) -> None:
    a = _write(tmp_path / "h.csv", f"{HEADER_COLS}\n")
    b = _write(tmp_path / "r.xml", "<EXPSSDA903/>")
    with pytest.raises(ReturnFileError, match="cannot be mixed"):
        read_return([a, b])


def test_unknown_extension(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.xlsx", "x")
    with pytest.raises(ReturnFileError, match=r"expected \.csv files or one \.xml file"):
        read_return([path])


def test_missing_file(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match="no such file"):
        read_return([tmp_path / "nope.csv"])


XML = """<?xml version="1.0" encoding="utf-8"?>
<EXPSSDA903>
  <CHILD>
    <HEADER>
      <CHILDID>101</CHILDID><UPN>A123</UPN><SEX>M</SEX><DOB>01/02/2010</DOB>
      <ETHNIC>WBRI</ETHNIC><UASC>1</UASC><DUC>01/02/2028</DUC><MOTHER /><MC_DOB />
      <IN_TOUCH>YES</IN_TOUCH><ACTIV>F2</ACTIV><ACCOM>S</ACCOM>
      <AREVIEW>
        <REVIEW>01/05/2025</REVIEW><REVIEW_CODE>PN1</REVIEW_CODE>
      </AREVIEW>
      <AREVIEW><REVIEW>01/11/2025</REVIEW><REVIEW_CODE>PN2</REVIEW_CODE></AREVIEW>
      <AMISSING><MISSING>M</MISSING><MIS_START>01/06/2025</MIS_START><MIS_END /></AMISSING>
      <OC2><SDQ_SCORE>12</SDQ_SCORE><CONVICTED>0</CONVICTED></OC2>
      <PERMANENCE><PREV_PERM>Z1</PREV_PERM><DATE_PERM>ZZ/05/2019</DATE_PERM></PERMANENCE>
    </HEADER>
    <EPISODE>
      <DECOM>01/04/2025</DECOM><RNE>S</RNE><LS>C2</LS><CIN>N1</CIN><PL>K2</PL>
      <PLACE_PROVIDER>PR1</PLACE_PROVIDER><DEC /><REC /><REASON_PLACE_CHANGE />
      <HOME_POST>B1 1AA</HOME_POST><PL_POST>B1 1AD</PL_POST><URN>SC123456</URN>
    </EPISODE>
  </CHILD>
  <CHILD>
    <HEADER><CHILDID>102</CHILDID><SEX>F</SEX><DOB>03/04/2012</DOB><UASC>0</UASC>
      <DATE_INT>01/01/2025</DATE_INT><WHATEVER>x</WHATEVER>
      <AD_PLACED><DATE_PLACED>02/01/2025</DATE_PLACED></AD_PLACED>
    </HEADER>
  </CHILD>
</EXPSSDA903>
"""


def test_xml_gives_the_same_tables_with_element_lines(tmp_path: Path) -> None:
    path = _write(tmp_path / "return.xml", XML)
    result = read_xml_file(path)
    t = result.tables
    assert t["Header"]["CHILD"].to_list() == ["101", "102"]
    assert t["Header"]["_line"].to_list() == [4, 23]
    assert t["Episodes"].row(0, named=True) | {"_line": None} == {
        "_line": None, "CHILD": "101", "DECOM": "01/04/2025", "RNE": "S", "LS": "C2",
        "CIN": "N1", "PLACE": "K2", "PLACE_PROVIDER": "PR1", "DEC": None, "REC": None,
        "REASON_PLACE_CHANGE": None, "HOME_POST": "B1 1AA", "PL_POST": "B1 1AD",
        "URN": "SC123456",
    }  # fmt: skip
    assert t["Episodes"]["_line"].to_list() == [16]
    assert t["Reviews"]["_line"].to_list() == [8, 11]
    assert t["Reviews"]["DOB"].to_list() == ["01/02/2010", "01/02/2010"]
    assert t["UASC"]["CHILD"].to_list() == ["101"]  # UASC 0 is not an unaccompanied child
    assert t["UASC"]["DUC"].to_list() == ["01/02/2028"]
    assert t["OC3"]["ACCOM"].to_list() == ["S"]
    assert t["AD1"]["CHILD"].to_list() == ["102"]
    assert t["PlacedAdoption"]["DATE_PLACED"].to_list() == ["02/01/2025"]
    assert t["PrevPerm"]["DATE_PERM"].to_list() == ["ZZ/05/2019"]
    assert t["OC2"]["SDQ_SCORE"].to_list() == ["12"]
    assert t["Missing"]["MIS_END"].to_list() == [None]
    assert "SWEpisodes" in result.unavailable and "DoLo" in result.unavailable
    assert "SWEpisodes" not in t
    assert any("<WHATEVER>" in note for _, _, note in result.notes)


def test_xml_with_dtd_is_refused(tmp_path: Path) -> None:
    bomb = (
        '<?xml version="1.0"?>\n<!DOCTYPE lolz [<!ENTITY lol "lol">'
        '<!ENTITY lol2 "&lol;&lol;&lol;">]>\n<EXPSSDA903>&lol2;</EXPSSDA903>'
    )
    with pytest.raises(ReturnFileError, match="line 2: has a document type declaration"):
        read_xml_file(_write(tmp_path / "r.xml", bomb))


def test_xml_external_entity_is_refused(tmp_path: Path) -> None:
    xxe = '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]><EXPSSDA903>&e;</EXPSSDA903>'
    with pytest.raises(ReturnFileError, match="DTD"):
        read_xml_file(_write(tmp_path / "r.xml", xxe))


def test_malformed_xml_names_the_line(tmp_path: Path) -> None:
    text = "<EXPSSDA903>\n<CHILD>\n<HEADER><CHILDID>1</CHILD>\n</EXPSSDA903>"
    with pytest.raises(ReturnFileError, match=r"line 3: not well-formed XML"):
        read_xml_file(_write(tmp_path / "r.xml", text))


def test_xml_with_another_root_is_not_the_return(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match="root element is <Message>, expected <EXPSSDA903>"):
        read_xml_file(_write(tmp_path / "r.xml", "<Message><Header/></Message>"))


def test_xml_utf16_and_empty(tmp_path: Path) -> None:
    with pytest.raises(ReturnFileError, match="UTF-16"):
        read_xml_file(_write(tmp_path / "a.xml", "<EXPSSDA903/>", "utf-16"))
    with pytest.raises(ReturnFileError, match="is empty"):
        read_xml_file(_write(tmp_path / "b.xml", "  \n"))


def test_two_xml_files_are_refused(tmp_path: Path) -> None:
    a = _write(tmp_path / "a.xml", "<EXPSSDA903/>")
    b = _write(tmp_path / "b.xml", "<EXPSSDA903/>")
    with pytest.raises(ReturnFileError, match="one XML file"):
        read_return([a, b])


@pytest.mark.skipif(os.name != "posix", reason="permissions")
def test_unreadable_file(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", HEADER_COLS + "\n")
    path.chmod(0)
    if os.access(path, os.R_OK):  # running as root
        pytest.skip("root can read anything")
    with pytest.raises(ReturnFileError, match="cannot be read"):
        read_csv_file(path)


def test_a_column_named_twice(tmp_path: Path) -> None:
    path = _write(tmp_path / "h.csv", "CHILD,SEX,DOB,ETHNIC,UPN,MOTHER,MC_DOB,SEX\n")
    with pytest.raises(ReturnFileError, match=r"line 1: column\(s\) named twice: SEX"):
        read_csv_file(path)
