"""Running one SSDA903 rule of the r6 group (600-710, 1000-1016, 3001, EPI, NoE, INT, SW) alone."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from safehold.validate.context import Reference
from tests.validate.ssda903.support import report_of

#: Tables as lists of row dicts (typed loosely: test literals mix text and None).
Rows = Mapping[str, Sequence[Any]]


def flagged(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> set[tuple[str, int]]:
    """``{(table, row)}`` flagged by rule ``code``; fails if the rule was skipped."""
    report = report_of(code, year, tables, previous, reference)
    assert report.rules_run == [code], report.rules_skipped
    return {(i["table"], i["row"]) for i in report.issue_dicts()}


def skipped(code: str, year: int, tables: Rows, **kwargs: Any) -> str:
    """The reason rule ``code`` was skipped (fails if it ran)."""
    report = report_of(code, year, tables, **kwargs)
    [skip] = report.rules_skipped
    return str(skip.reason)
