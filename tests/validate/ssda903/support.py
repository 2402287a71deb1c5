"""What every SSDA903 rule test needs: running one rule as it stands in a year, and a postcode
lookup over a fixed table (so the placement geography rules run without the ONS directory)."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl

from safehold.validate.context import Reference
from safehold.validate.engine import run_rules
from safehold.validate.registry import REGISTRY
from safehold.validate.report import Report
from safehold.validate.ssda903.dataset import from_rows

#: Tables as lists of row dicts (typed loosely: test literals mix text and None).
Rows = Mapping[str, Sequence[Any]]


def report_of(
    code: str,
    year: int,
    tables: Rows,
    previous: Rows | None = None,
    reference: Reference | None = None,
) -> Report:
    """The report of running rule ``code``, as it stands in ``year``, over the tables given."""
    [chosen] = [r for r in REGISTRY.ruleset("ssda903", year) if r.code == code]
    return run_rules([chosen], from_rows(year, tables, previous), reference)


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
