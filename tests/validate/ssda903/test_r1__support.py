"""Running one SSDA903 rule of the 101–199 group through the engine, for the r1 rule tests."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from hypothesis import settings

from safehold.validate.context import Reference
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY
from safehold.validate.report import Report
from safehold.validate.ssda903.dataset import from_rows

Row = dict[str, str | None]
Rows = Mapping[str, Sequence[Mapping[str, str | None]]]
YEARS = (2025, 2026, 2027)


def report_of(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> Report:
    """The report of running rule ``code`` as it stands in ``year``."""
    [chosen] = [r for r in REGISTRY.ruleset("ssda903", year) if r.code == code]
    return run_rules([chosen], from_rows(year, tables, previous), reference)


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


class StubPostcodes:
    """A postcode lookup over a fixed table: ``{postcode: (la, easting, northing)}``."""

    def __init__(self, known: Mapping[str, tuple[str, float, float]]) -> None:
        self.known = dict(known)

    def lookup(self, postcodes: pl.Series) -> pl.DataFrame:
        wanted = [p for p in postcodes.to_list() if p in self.known]
        return pl.DataFrame(
            {
                "postcode": wanted,
                "la": [self.known[p][0] for p in wanted],
                "easting": [self.known[p][1] for p in wanted],
                "northing": [self.known[p][2] for p in wanted],
            },
            schema={
                "postcode": pl.String,
                "la": pl.String,
                "easting": pl.Float64,
                "northing": pl.Float64,
            },
        )


#: Hypothesis settings for the rule tests: each example runs the engine, and the machine may be
#: busy, so no per-example deadline (speed is measured in benchmarks/, never asserted here).
property_settings = settings(deadline=None, max_examples=40)
