"""The HTML report: one standalone page (no external assets) an analyst can open or email.

Typography follows the GOV.UK design system's look with a system font stack; all values are
escaped by Jinja2's autoescaping. Each table shows at most :data:`MAX_ROWS_PER_TABLE` failing rows
(the page says so when it cuts a table short; the CSV and spreadsheet reports hold every row).
"""

from __future__ import annotations

import sys
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape

from safehold.codes import year_label
from safehold.validate.report import Report
from safehold.validate.reports.failing_rows import (
    failing_rows,
    fields_text,
    table_names,
    whole_return_issues,
)
from safehold.validate.reports.table_report import TITLES

MAX_ROWS_PER_TABLE = 2000

_ENV = Environment(
    loader=PackageLoader("safehold.validate.reports", "templates"),
    autoescape=select_autoescape(default=True, default_for_string=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


def render_html(report: Report) -> str:
    template = _ENV.get_template("report.html.j2")
    title = f"{TITLES.get(report.return_name, report.return_name)} {year_label(report.year)}"
    return template.render(
        title=title,
        report=report,
        counts=list(report.counts_by_rule().iter_rows(named=True)),
        whole=[
            issue | {"fields_text": fields_text(issue["fields"])}
            for issue in whole_return_issues(report)
        ],
        tables=[failing_rows(report, t, limit=MAX_ROWS_PER_TABLE) for t in table_names(report)],
    )


def write_html(report: Report, destination: Path | None) -> None:
    text = render_html(report)
    if destination is None:
        sys.stdout.write(text)
    else:
        destination.write_text(text, encoding="utf-8")
