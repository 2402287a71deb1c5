"""Report writers shared by every return: table, json, csv, xlsx, html."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Literal

from safehold.validate.report import Report
from safehold.validate.reports.csv_report import write_csv
from safehold.validate.reports.html_report import write_html
from safehold.validate.reports.json_report import write_json
from safehold.validate.reports.table_report import write_table
from safehold.validate.reports.xlsx_report import write_xlsx

Format = Literal["table", "json", "csv", "xlsx", "html"]
#: format → writer(report, destination); destination None means standard output (text formats).
Writer = Callable[[Report, Path | None], None]

WRITERS: dict[str, Writer] = {
    "table": write_table,
    "json": write_json,
    "csv": write_csv,
    "xlsx": write_xlsx,
    "html": write_html,
}


def write_report(report: Report, fmt: str, destination: Path | None = None) -> None:
    """Write a report in a format; binary formats (xlsx) need a destination file."""
    try:
        writer = WRITERS[fmt]
    except KeyError:
        raise ValueError(
            f"unknown report format {fmt!r}: expected one of {', '.join(WRITERS)}"
        ) from None
    writer(report, destination)
