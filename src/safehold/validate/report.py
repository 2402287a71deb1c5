"""The result of a validation run."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import polars as pl

from safehold.validate.frames import Dataset, LoadProblem

#: The columns of :attr:`Report.issues`, one row per failing row (or per return-level failure).
ISSUE_SCHEMA: dict[str, Any] = {
    "rule": pl.String,
    "severity": pl.String,
    "message": pl.String,
    "table": pl.String,
    "element": pl.String,
    "row": pl.Int64,
    "line": pl.Int64,
    "child": pl.String,
    "source": pl.String,
    "fields": pl.List(pl.Struct({"name": pl.String, "value": pl.String})),
}


def empty_issues() -> pl.DataFrame:
    return pl.DataFrame(schema=ISSUE_SCHEMA)


@dataclass(frozen=True)
class SkippedRule:
    rule: str
    reason: str


@dataclass
class Report:
    return_name: str
    year: int
    rules_run: list[str]
    rules_skipped: list[SkippedRule]
    issues: pl.DataFrame
    #: rule code → severity and message, for every rule run (reports list rules with no issues too)
    rule_info: dict[str, tuple[str, str]] = field(default_factory=dict)
    problems: list[LoadProblem] = field(default_factory=list)
    #: rule code → seconds spent, for benchmarks
    timings: dict[str, float] = field(default_factory=dict)
    #: the dataset validated, so that spreadsheet and HTML reports can show whole failing rows
    dataset: Dataset | None = field(default=None, repr=False, compare=False)

    @property
    def error_count(self) -> int:
        return int(self.issues.filter(pl.col("severity") == "error").height)

    @property
    def query_count(self) -> int:
        return int(self.issues.filter(pl.col("severity") == "query").height)

    @property
    def has_errors(self) -> bool:
        return self.error_count > 0

    def counts_by_rule(self) -> pl.DataFrame:
        """One row per rule with issues: rule, severity, message, count, children; worst first."""
        if self.issues.is_empty():
            return pl.DataFrame(
                schema={
                    "rule": pl.String,
                    "severity": pl.String,
                    "message": pl.String,
                    "count": pl.UInt32,
                    "children": pl.UInt32,
                }
            )
        return (
            self.issues.group_by("rule", "severity", "message")
            .agg(
                pl.len().alias("count"),
                pl.col("child").drop_nulls().n_unique().cast(pl.UInt32).alias("children"),
            )
            .with_columns((pl.col("severity") == "error").alias("_is_error"))
            .sort(["_is_error", "count", "rule"], descending=[True, True, False])
            .drop("_is_error")
        )

    def issue_dicts(self) -> list[dict[str, Any]]:
        """Issues as plain dicts (``fields`` as a name → value mapping), in report order."""
        out: list[dict[str, Any]] = []
        for row in self.issues.iter_rows(named=True):
            row["fields"] = {f["name"]: f["value"] for f in (row["fields"] or [])}
            out.append(row)
        return out
