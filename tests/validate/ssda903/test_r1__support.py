"""Running one SSDA903 rule of the 101–199 group through the engine, for the r1 rule tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import settings

from safehold.validate.context import Reference
from tests.validate.ssda903.support import report_of

Row = dict[str, str | None]
Rows = Mapping[str, Sequence[Mapping[str, str | None]]]
YEARS = (2025, 2026, 2027)


def flagged(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> set[tuple[str, int]]:
    """``{(table, row)}`` flagged by rule ``code`` in ``year``; fails if the rule was skipped."""
    report = report_of(code, year, tables, previous, reference)
    assert report.rules_run == [code], report.rules_skipped
    return {(str(i["table"]), int(i["row"])) for i in report.issue_dicts()}


def rows(code: str, year: int, tables: Rows, **kwargs: Any) -> list[int]:
    """The sorted rows flagged (for rules that flag a single table)."""
    return sorted(r for _, r in flagged(code, year, tables, **kwargs))


def skipped_reason(code: str, year: int, tables: Rows, **kwargs: Any) -> str:
    report = report_of(code, year, tables, **kwargs)
    assert report.rules_run == []
    [skip] = report.rules_skipped
    return str(skip.reason)


#: Hypothesis settings for the rule tests: each example runs the engine, and the machine may be
#: busy, so no per-example deadline (speed is measured in benchmarks/, never asserted here).
property_settings = settings(deadline=None, max_examples=40)
