"""The spreadsheet report: Summary worst first, sheets of whole failing rows, text never formulas."""

from __future__ import annotations

from pathlib import Path

import pytest
from openpyxl import load_workbook

from safehold.validate.report import Report
from safehold.validate.reports import write_report
from safehold.validate.reports.xlsx_report import FILLS


def _book(report: Report, tmp_path: Path):  # type: ignore[no-untyped-def]
    out = tmp_path / "r.xlsx"
    write_report(report, "xlsx", out)
    return load_workbook(out)


def test_summary_counts_worst_first_and_skipped_rules(report: Report, tmp_path: Path) -> None:
    book = _book(report, tmp_path)
    assert book.sheetnames == ["Summary", "Header", "Episodes"]
    values = [tuple(row) for row in book["Summary"].iter_rows(values_only=True)]
    flat = [v for row in values for v in row if v is not None]
    assert "SSDA903 2025/26 validation report" in flat
    header_at = next(i for i, row in enumerate(values) if row[:3] == ("Rule", "Severity", "Rows"))
    ranked = [row[:3] for row in values[header_at + 1 : header_at + 5]]
    # errors first (one row each, by code), then the query 103 although it has more rows
    assert ranked == [("101", "error", 1), ("400", "error", 1), ("999", "error", 1),
                      ("103", "query", 2)]  # fmt: skip
    assert "1008" in flat
    assert any("Ofsted provider lists" in str(v) for v in flat)
    assert any("3 children" in str(v) for v in flat)


def test_table_sheet_has_whole_rows_rules_and_highlights(report: Report, tmp_path: Path) -> None:
    book = _book(report, tmp_path)
    sheet = book["Header"]
    rows = list(sheet.iter_rows())
    header = [c.value for c in rows[0]]
    assert header == ["Line", "Rules", "CHILD", "SEX", "DOB", "ETHNIC", "UPN", "MOTHER", "MC_DOB"]
    child2 = next(r for r in rows[1:] if r[2].value == "2")
    assert child2[1].value == "101, 103"
    assert child2[3].fill.fgColor.rgb.endswith(FILLS["error"].fgColor.rgb[-6:])  # SEX: error
    assert child2[5].fill.fgColor.rgb.endswith(FILLS["query"].fgColor.rgb[-6:])  # ETHNIC: query
    assert child2[4].fill.fill_type is None  # DOB not at fault
    assert child2[4].value == "02/02/2011"
    child3 = next(r for r in rows[1:] if r[2].value == "3")
    assert child3[0].value == 4  # line in the file (synthetic rows: header + 3)
    episodes = list(book["Episodes"].iter_rows(values_only=True))
    assert episodes[1][1] == "400" and episodes[1][2] == "3"


def test_formula_text_arrives_as_a_plain_string(report: Report, tmp_path: Path) -> None:
    book = _book(report, tmp_path)
    cells = [c for row in book["Header"].iter_rows() for c in row]
    link = next(c for c in cells if isinstance(c.value, str) and "HYPERLINK" in c.value)
    assert link.value == '=HYPERLINK("http://evil","x")'
    assert link.data_type == "s"  # a string, not a formula ("f")
    at = next(c for c in cells if c.value == "@SUM(1)")
    assert at.data_type == "s"


def test_xlsx_needs_a_file(report: Report) -> None:
    with pytest.raises(ValueError, match="--output"):
        write_report(report, "xlsx", None)
