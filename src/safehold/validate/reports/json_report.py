"""The JSON report: the exact shape each return's users and tools rely on."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from safehold.validate.report import Report

#: The keys of one issue, in order, per return (SSDA903 names table and row; CIN the element).
ISSUE_KEYS: dict[str, tuple[str, ...]] = {
    "ssda903": ("rule", "severity", "message", "table", "row", "line", "child", "fields"),
    "cin_census": ("rule", "severity", "message", "child", "element", "line", "fields"),
}


#: Returns whose JSON also lists input problems. The SSDA903 document keeps exactly the five keys
#: its consumers rely on: an unusable SSDA903 input stops the run instead (exit 2).
PROBLEM_RETURNS = frozenset({"cin_census"})


def report_document(report: Report) -> dict[str, Any]:
    keys = ISSUE_KEYS[report.return_name]
    document: dict[str, Any] = {
        "return": report.return_name,
        "year": report.year,
        "rules_run": list(report.rules_run),
        "rules_skipped": [{"rule": s.rule, "reason": s.reason} for s in report.rules_skipped],
        "issues": [{k: issue[k] for k in keys} for issue in report.issue_dicts()],
    }
    if report.return_name in PROBLEM_RETURNS:
        # What was wrong with the input but did not stop validation (CIN schema errors).
        document["problems"] = [
            {"message": p.message, "source": p.source, "line": p.line, "element": p.element}
            for p in report.problems
        ]
    return document


def write_json(report: Report, destination: Path | None) -> None:
    text = json.dumps(report_document(report), indent=2, ensure_ascii=False) + "\n"
    if destination is None:
        sys.stdout.write(text)
    else:
        destination.write_text(text, encoding="utf-8")
