"""Running one SSDA903 rule of the 200–399 group through the engine, for the r2 rule tests."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
from hypothesis import settings

from safehold.validate.context import Reference
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY
from safehold.validate.ssda903.dataset import from_rows

#: Settings for the property tests: each example runs the engine, so no deadline and fewer cases.
PROPERTY = settings(deadline=None, max_examples=30)

Rows = Mapping[str, Sequence[Mapping[str, str | None]]]


def run_one(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> Any:
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
    report = run_one(code, year, tables, previous, reference)
    assert report.rules_run == [code], report.rules_skipped
    return {(i["table"], i["row"]) for i in report.issue_dicts()}


def skipped_reason(code: str, year: int, tables: Rows, **kwargs: Any) -> str:
    report = run_one(code, year, tables, **kwargs)
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


def birthday(dob: dt.date, years: int) -> dt.date:
    """The ``years``-th birthday, a 29 February birthday falling on 28 February: the oracle for
    the rules' age arithmetic."""
    try:
        return dob.replace(year=dob.year + years)
    except ValueError:
        return dt.date(dob.year + years, 2, 28)


def text(day: dt.date) -> str:
    return day.strftime("%d/%m/%Y")
