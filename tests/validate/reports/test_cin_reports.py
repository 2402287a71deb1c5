"""The shared writers on a CIN census report: issues grouped by the element's table."""

from __future__ import annotations

import csv
from pathlib import Path

import polars as pl
from openpyxl import load_workbook

from safehold.validate.cin_census.dataset import from_rows
from safehold.validate.context import Context
from safehold.validate.engine import run_rules
from safehold.validate.registry import Registry, rule
from safehold.validate.report import Report
from safehold.validate.reports import write_report
from safehold.validate.reports.html_report import render_html


def _report() -> Report:
    reg = Registry()

    @rule("8500", return_name="cin_census", severity="error", message="Ethnicity is not valid.",
          tables=["ChildCharacteristics"], fields=["Ethnicity"], registry=reg)  # fmt: skip
    def ethnicity(ctx: Context) -> pl.DataFrame:
        return ctx.table("ChildCharacteristics").filter(pl.col("Ethnicity") != "WBRI")

    dataset = from_rows(
        2026,
        {"ChildCharacteristics": [{"LAchildID": "c1", "Ethnicity": "WBRI"},
                                  {"LAchildID": "c2", "Ethnicity": "+XX"}]},
    )  # fmt: skip
    return run_rules(reg.ruleset("cin_census", 2026), dataset)


def test_cin_csv_names_the_element(tmp_path: Path) -> None:
    out = tmp_path / "r.csv"
    write_report(_report(), "csv", out)
    [row] = list(csv.DictReader(out.open(encoding="utf-8")))
    assert row["element"] == "Child/ChildCharacteristics/Ethnicity"
    assert row["table"] == "ChildCharacteristics"
    assert row["child"] == "c2"
    assert row["fields"] == "Ethnicity=+XX"


def test_cin_xlsx_and_html_group_rows_by_table(tmp_path: Path) -> None:
    report = _report()
    out = tmp_path / "r.xlsx"
    write_report(report, "xlsx", out)
    book = load_workbook(out)
    assert book.sheetnames == ["Summary", "ChildCharacteristics"]
    rows = list(book["ChildCharacteristics"].iter_rows(values_only=True))
    assert rows[0] == ("Line", "Rules", "LAchildID", "Ethnicity")
    assert rows[1][1:] == ("8500", "c2", "+XX")
    page = render_html(report)
    assert "CIN census 2025/26" in page
    assert "ChildCharacteristics: 1 failing row" in page
