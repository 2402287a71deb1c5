"""The CSV report: one row per issue, for filtering in a spreadsheet or loading elsewhere.

A value that would start a formula in a spreadsheet (``=``, ``+``, ``-``, ``@``, tab, carriage
return) is prefixed with an apostrophe, so that opening the report cannot run anything a source
file smuggled in.
"""

from __future__ import annotations

import csv
import sys
from pathlib import Path
from typing import IO

from safehold.validate.report import Report
from safehold.validate.reports.failing_rows import FORMULA_PREFIXES, fields_text

COLUMNS: dict[str, tuple[str, ...]] = {
    "ssda903": ("rule", "severity", "message", "table", "row", "line", "child", "fields"),
    "cin_census": ("rule", "severity", "message", "table", "element", "line", "child", "fields"),
}


def safe_cell(value: object) -> str:
    """A cell's text, defused if a spreadsheet would read it as a formula."""
    if value is None:
        return ""
    text = str(value)
    return "'" + text if text.startswith(FORMULA_PREFIXES) else text


def render_csv(report: Report, handle: IO[str]) -> None:
    columns = COLUMNS.get(report.return_name, COLUMNS["ssda903"])
    writer = csv.writer(handle, lineterminator="\n")
    writer.writerow(columns)
    for issue in report.issue_dicts():
        issue["fields"] = fields_text(issue["fields"])
        writer.writerow([safe_cell(issue.get(c)) for c in columns])


def write_csv(report: Report, destination: Path | None) -> None:
    if destination is None:
        render_csv(report, sys.stdout)
        return
    with destination.open("w", encoding="utf-8", newline="") as handle:
        render_csv(report, handle)
