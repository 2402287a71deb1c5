"""The failing rows of each table, whole, with the rules that flagged them and the cells at fault.

The spreadsheet and HTML reports show an analyst the row to fix, not only the rule: every column
of the row as it was read, which rules failed on it, and which cells each rule named (highlighted
red for an error, amber for a query). Issues of the whole return (no row) are listed separately.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import polars as pl

from safehold.validate.frames import LINE, LINE_SUFFIX, ROW
from safehold.validate.report import Report

FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")


@dataclass(frozen=True)
class TableRows:
    """One table's failing rows: ``columns`` (the table's own), and per row its ``line``, its
    values, the rules that flagged it and the severity of each flagged cell."""

    table: str
    columns: list[str]
    rows: list[tuple[int | None, list[str | None], list[str], dict[str, str]]]
    total: int

    @property
    def truncated(self) -> bool:
        return self.total > len(self.rows)


def _data_columns(raw: pl.DataFrame) -> list[str]:
    return [c for c in raw.columns if c not in (ROW, LINE) and not c.endswith(LINE_SUFFIX)]


def table_names(report: Report) -> list[str]:
    """Tables with row-level issues, in the dataset's order."""
    issues = report.issues.filter(pl.col("row").is_not_null() & pl.col("table").is_not_null())
    flagged = set(issues["table"].unique().to_list())
    order = list(report.dataset.tables) if report.dataset is not None else []
    return [t for t in order if t in flagged] + sorted(flagged - set(order))


def failing_rows(report: Report, table: str, limit: int | None = None) -> TableRows:
    """The failing rows of ``table`` in row order (at most ``limit`` of them)."""
    issues = report.issues.filter((pl.col("table") == table) & pl.col("row").is_not_null())
    per_row = (
        issues.group_by("row")
        .agg(pl.col("rule").unique(maintain_order=True).alias("rules"))
        .sort("row")
    )
    total = per_row.height
    if limit is not None:
        per_row = per_row.head(limit)
    cells = (
        issues.filter(pl.col("row").is_in(per_row["row"].implode()))
        .select("row", "severity", pl.col("fields").list.eval(pl.element().struct.field("name")))
        .explode("fields")
        .drop_nulls("fields")
        .group_by("row", "fields")
        .agg((pl.col("severity") == "error").any().alias("is_error"))
    )
    marks: dict[int, dict[str, str]] = {}
    for row, name, is_error in cells.iter_rows():
        marks.setdefault(row, {})[name] = "error" if is_error else "query"
    tables = report.dataset.tables if report.dataset is not None else {}
    if table in tables:
        raw = tables[table].raw
        columns = _data_columns(raw)
        joined = per_row.join(
            raw.select(pl.col(ROW).cast(pl.Int64).alias("row"), pl.col(LINE), *columns),
            on="row",
            how="left",
        ).sort("row")
    else:  # no dataset kept: show what the issues carry
        columns = []
        joined = per_row.with_columns(pl.lit(None, pl.Int64).alias(LINE))
    rows: list[tuple[int | None, list[str | None], list[str], dict[str, str]]] = []
    for record in joined.iter_rows(named=True):
        values = [None if record[c] is None else str(record[c]) for c in columns]
        rows.append((record[LINE], values, list(record["rules"]), marks.get(record["row"], {})))
    return TableRows(table=table, columns=columns, rows=rows, total=total)


def whole_return_issues(report: Report) -> Iterator[dict[str, Any]]:
    """Issues that name no row (a count across the return, say)."""
    for issue in report.issue_dicts():
        if issue["row"] is None:
            yield issue


def fields_text(fields: dict[str, str | None]) -> str:
    """``NAME=value; NAME=value`` (an empty value as nothing after the ``=``)."""
    return "; ".join(f"{k}={'' if v is None else v}" for k, v in fields.items())
