"""The spreadsheet report: a Summary sheet and one sheet per table of its failing rows.

The Summary lists the counts by rule, worst first (errors before queries, then by number of rows),
the rules that were skipped and why, and problems met while reading the input. Each table's sheet
shows every failing row whole, as it was read, with the offending cells highlighted (red for an
error, amber for a query) and a column naming the rules that failed on the row.

Every value from the input is written as text, never as a formula: a cell ``=HYPERLINK(...)`` in a
source file arrives in the spreadsheet as that string, so opening the report cannot run it.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._write_only import WriteOnlyWorksheet

from safehold.codes import year_label
from safehold.validate.report import Report
from safehold.validate.reports.failing_rows import (
    failing_rows,
    fields_text,
    table_names,
    whole_return_issues,
)
from safehold.validate.reports.table_report import TITLES

#: Excel's row limit, less the header row.
MAX_ROWS = 1_048_575
_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
BOLD = Font(bold=True)
TITLE = Font(bold=True, size=14)
HEADER_FILL = PatternFill("solid", fgColor="DDDDDD")
FILLS = {
    "error": PatternFill("solid", fgColor="F4B6B6"),
    "query": PatternFill("solid", fgColor="FFE08A"),
}
SEVERITY_FONT = {"error": Font(bold=True, color="9C0006"), "query": Font(bold=True, color="7F6000")}


def _plain(sheet: WriteOnlyWorksheet, value: str | None) -> Any:
    """An unstyled text cell; openpyxl writes a plain ``str`` as text unless it starts with ``=``,
    so only those (and text with characters XML cannot hold) need a cell forced to text."""
    if value is None:
        return None
    if value.startswith("=") or _ILLEGAL.search(value):
        return _cell(sheet, value)
    return value


def _cell(sheet: WriteOnlyWorksheet, value: Any, **style: Any) -> WriteOnlyCell:
    """A cell holding ``value``: numbers stay numbers, anything else is text (never a formula)."""
    if value is None or isinstance(value, bool) or not isinstance(value, int | float):
        text = "" if value is None else _ILLEGAL.sub("\ufffd", str(value))
        cell = WriteOnlyCell(sheet, value=text)
        cell.data_type = "s"
    else:
        cell = WriteOnlyCell(sheet, value=value)
    for name, setting in style.items():
        setattr(cell, name, setting)
    return cell


def _printable(sheet: WriteOnlyWorksheet) -> None:
    """Landscape: the report is often printed or saved as PDF."""
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = "9"  # A4
    sheet.page_setup.scale = 70


def _header(sheet: WriteOnlyWorksheet, names: list[str]) -> None:
    sheet.append([_cell(sheet, n, font=BOLD, fill=HEADER_FILL) for n in names])


def _summary(book: Workbook, report: Report, truncated: dict[str, int]) -> None:
    sheet = book.create_sheet("Summary")
    for column, width in zip("ABCDE", (13, 9, 7, 9, 80), strict=True):
        sheet.column_dimensions[column].width = width
    _printable(sheet)
    title = f"{TITLES.get(report.return_name, report.return_name)} {year_label(report.year)}"
    sheet.append([_cell(sheet, f"{title} validation report", font=TITLE)])
    sheet.append([_cell(sheet, "Rules run"), len(report.rules_run)])
    sheet.append([_cell(sheet, "Rules skipped"), len(report.rules_skipped)])
    sheet.append([_cell(sheet, "Errors"), report.error_count])
    sheet.append([_cell(sheet, "Queries"), report.query_count])
    sheet.append([])
    sheet.append([_cell(sheet, "Issues by rule, worst first", font=BOLD)])
    _header(sheet, ["Rule", "Severity", "Rows", "Children", "Message"])
    counts = report.counts_by_rule()
    for row in counts.iter_rows(named=True):
        sheet.append(
            [
                _cell(sheet, row["rule"]),
                _cell(sheet, row["severity"], font=SEVERITY_FONT[row["severity"]]),
                row["count"],
                row["children"],
                _cell(sheet, row["message"]),
            ]
        )
    if counts.is_empty():
        sheet.append([_cell(sheet, "No rule failed.")])
    whole = list(whole_return_issues(report))
    if whole:
        sheet.append([])
        sheet.append([_cell(sheet, "Issues with the return as a whole", font=BOLD)])
        _header(sheet, ["Rule", "Severity", "", "", "Message and values"])
        for issue in whole:
            detail = str(issue["message"])
            if issue["fields"]:
                detail += f" [{fields_text(issue['fields'])}]"
            sheet.append(
                [_cell(sheet, issue["rule"]), _cell(sheet, issue["severity"]), None, None,
                 _cell(sheet, detail)]
            )  # fmt: skip
    if report.rules_skipped:
        sheet.append([])
        sheet.append([_cell(sheet, "Rules skipped, and why", font=BOLD)])
        _header(sheet, ["Rule", "", "", "", "Reason"])
        for skipped in report.rules_skipped:
            sheet.append(
                [_cell(sheet, skipped.rule), None, None, None, _cell(sheet, skipped.reason)]
            )
    if report.problems:
        sheet.append([])
        sheet.append([_cell(sheet, "Problems reading the input", font=BOLD)])
        _header(sheet, ["Line", "", "", "", "Problem"])
        for problem in report.problems:
            where = f"{problem.source}: " if problem.source else ""
            sheet.append([problem.line, None, None, None, _cell(sheet, where + problem.message)])
    for table, total in truncated.items():
        sheet.append(
            [_cell(sheet, f"The {table} sheet shows the first {MAX_ROWS:,} of {total:,} rows.")]
        )


def _table_sheet(book: Workbook, report: Report, table: str) -> int | None:
    """Write one table's failing rows; the total if it had to be cut at Excel's row limit."""
    rows = failing_rows(report, table, limit=MAX_ROWS)
    sheet = book.create_sheet(table[:31])
    sheet.freeze_panes = "C2"
    _printable(sheet)
    sample = rows.rows[:500]  # widths from the first rows: enough to size the columns
    widths = [6, max([len(", ".join(r[2])) for r in sample] + [5])]
    for i, name in enumerate(rows.columns):
        widths.append(max([len(r[1][i] or "") for r in sample] + [len(name)]))
    for index, width in enumerate(widths, 1):
        sheet.column_dimensions[get_column_letter(index)].width = min(width + 2, 40)
    _header(sheet, ["Line", "Rules", *rows.columns])
    for line, values, rules, marks in rows.rows:
        cells: list[Any] = [line, _cell(sheet, ", ".join(rules))]
        for name, value in zip(rows.columns, values, strict=True):
            severity = marks.get(name)
            if severity is None:
                cells.append(_plain(sheet, value))
            else:
                cells.append(_cell(sheet, value, fill=FILLS[severity]))
        sheet.append(cells)
    return rows.total if rows.truncated else None


def build_workbook(report: Report) -> Workbook:
    book = Workbook(write_only=True)
    tables = table_names(report)
    # The Summary comes first but needs to know which sheets were cut short: build tables after.
    truncated: dict[str, int] = {}
    summary_index = 0
    for table in tables:
        total = _table_sheet(book, report, table)
        if total is not None:
            truncated[table] = total
    _summary(book, report, truncated)
    book.move_sheet("Summary", offset=summary_index - len(book.sheetnames) + 1)
    return book


def write_xlsx(report: Report, destination: Path | None) -> None:
    if destination is None:
        raise ValueError("the xlsx report is a file: give one with --output")
    build_workbook(report).save(destination)
