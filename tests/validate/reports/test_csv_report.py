"""The CSV report: one row per issue, fields as NAME=value, formulas defused."""

from __future__ import annotations

import csv
from pathlib import Path

from safehold.validate.report import Report
from safehold.validate.reports import write_report
from safehold.validate.reports.csv_report import safe_cell


def test_one_row_per_issue(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    write_report(report, "csv", out)
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert list(rows[0]) == [
        "rule",
        "severity",
        "message",
        "table",
        "row",
        "line",
        "child",
        "fields",
    ]
    assert len(rows) == report.issues.height
    by_rule = {(r["rule"], r["child"]): r for r in rows}
    sex = by_rule[("101", "2")]
    assert sex["severity"] == "error"
    assert sex["table"] == "Header"
    assert sex["row"] == "1"
    # the cell starts with the field's name, so nothing needs defusing here
    assert sex["fields"] == 'SEX==HYPERLINK("http://evil","x")'
    assert by_rule[("400", "3")]["fields"] == "RNE=X"
    whole = by_rule[("999", "")]
    assert whole["row"] == "" and whole["fields"] == "children=3"


def test_formula_cells_are_defused() -> None:
    assert safe_cell("=1+1") == "'=1+1"
    assert safe_cell("+44") == "'+44"
    assert safe_cell("-2") == "'-2"
    assert safe_cell("@A1") == "'@A1"
    assert safe_cell("\tx") == "'\tx"
    assert safe_cell("WBRI") == "WBRI"
    assert safe_cell(None) == ""
    assert safe_cell(3) == "3"


def test_to_standard_output(report: Report, capsys: object) -> None:
    write_report(report, "csv", None)
    out = capsys.readouterr().out  # type: ignore[attr-defined]
    assert out.splitlines()[0].startswith("rule,severity,message")
    assert "Episode starts badly." in out
