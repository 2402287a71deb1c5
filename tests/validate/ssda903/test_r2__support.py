"""Running one SSDA903 rule of the 200–399 group through the engine, for the r2 rule tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

from hypothesis import settings

from safehold.validate.context import Reference
from tests.validate.ssda903.support import report_of as run_one

#: Settings for the property tests: each example runs the engine, so no deadline and fewer cases.
PROPERTY = settings(deadline=None, max_examples=30)

Rows = Mapping[str, Sequence[Mapping[str, str | None]]]


def flagged(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> set[tuple[str, int]]:
    """``{(table, row)}`` flagged by rule ``code`` in ``year``; fails if the rule was skipped."""
    report = run_one(code, year, tables, previous, reference)
    assert report.rules_run == [code], report.rules_skipped
    return {(i["table"], i["row"]) for i in report.issue_dicts()}


def skipped_reason(code: str, year: int, tables: Rows, **kwargs: Any) -> str:
    report = run_one(code, year, tables, **kwargs)
    [skip] = report.rules_skipped
    return str(skip.reason)


def birthday(dob: dt.date, years: int) -> dt.date:
    """The ``years``-th birthday, a 29 February birthday falling on 28 February: the oracle for
    the rules' age arithmetic."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return dt.date(dob.year + years, 2, 28)


def text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
