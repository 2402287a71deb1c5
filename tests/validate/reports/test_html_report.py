"""The HTML report: standalone, escaped, with the failing rows highlighted."""

from __future__ import annotations

import re
from pathlib import Path

from lxml import html as lxml_html

from safehold.validate.report import Report
from safehold.validate.reports import write_report
from safehold.validate.reports.html_report import render_html


def test_page_is_standalone_and_escaped(report: Report, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    write_report(report, "html", out)
    page = out.read_text(encoding="utf-8")
    assert "<script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "Ethnicity &lt;unusual&gt; &amp; odd." in page
    # no external assets: no links, scripts or images fetched from elsewhere
    assert not re.search(r"<(link|script|img)\b", page)
    assert not re.search(r"(src|href)=\"(https?:)?//", page)
    assert "system-ui" in page


def test_counts_rows_and_highlights(report: Report) -> None:
    tree = lxml_html.fromstring(render_html(report))
    assert tree.findtext(".//h1") == "SSDA903 2025/26"
    stats = [li.text_content().strip() for li in tree.findall(".//ul[@class='stats']/li")]
    assert stats[0].startswith(str(report.error_count)) and stats[0].endswith("errors")
    headings = [h.text_content() for h in tree.findall(".//h2")]
    assert "Header: 2 failing rows" in headings
    assert "Episodes: 1 failing row" in headings
    assert "Rules skipped" in headings
    errors = [td.text_content() for td in tree.findall(".//td[@class='error']")]
    queries = [td.text_content() for td in tree.findall(".//td[@class='query']")]
    assert '=HYPERLINK("http://evil","x")' in errors
    assert "X" in errors  # RNE of the episode
    assert "<script>alert(1)</script>" in queries
