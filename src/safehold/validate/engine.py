"""Running a ruleset over a dataset and turning each rule's findings into report rows."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Mapping, Sequence

import polars as pl

from safehold.validate.context import CannotRun, Context, Findings, Flag, Reference, ReturnLevel
from safehold.validate.frames import LINE, LINE_SUFFIX, ROW, Dataset, TableFrame
from safehold.validate.registry import NEED_REASONS, Rule
from safehold.validate.report import ISSUE_SCHEMA, Report, SkippedRule, empty_issues


class ValidationRunFailed(RuntimeError):
    """One or more rules raised: the run proves nothing, so it is a failure, never a pass."""

    def __init__(self, failures: Sequence[tuple[str, BaseException]]) -> None:
        lines = [f"rule {code}: {type(exc).__name__}: {exc}" for code, exc in failures]
        super().__init__("validation could not complete; these rules failed:\n" + "\n".join(lines))
        self.failures = list(failures)


def _available_needs(ctx: Context) -> set[str]:
    have: set[str] = set()
    if ctx.has_previous():
        have.add("previous")
    if ctx.reference.providers is not None:
        have.add("providers")
    if ctx.reference.local_authority:
        have.add("local_authority")
    if ctx.reference.extra.get("postcodes") is not None:
        have.add("postcodes")
    return have


def run_rules(
    rules: Iterable[Rule],
    dataset: Dataset,
    reference: Reference | None = None,
    *,
    on_rule: Callable[[Rule], None] | None = None,
) -> Report:
    """Run every rule; collect issues, skipped rules and timings.

    A rule whose needs are not met, or that raises :class:`CannotRun`, is skipped with its reason.
    Any other exception fails the whole run with :class:`ValidationRunFailed` after every rule has
    been tried, so that all broken rules are named at once.
    """
    ctx = Context(dataset, reference)
    have = _available_needs(ctx)
    ran: list[str] = []
    skipped: list[SkippedRule] = []
    frames: list[pl.DataFrame] = []
    failures: list[tuple[str, BaseException]] = []
    timings: dict[str, float] = {}
    info: dict[str, tuple[str, str]] = {}
    for rule in rules:
        if on_rule is not None:
            on_rule(rule)
        missing = sorted(rule.needs - have)
        if missing:
            skipped.append(SkippedRule(rule.code, "; ".join(NEED_REASONS[m] for m in missing)))
            continue
        started = time.perf_counter()
        try:
            findings = rule.check(ctx)
            issues = findings_to_issues(rule, findings, dataset)
        except CannotRun as exc:
            skipped.append(SkippedRule(rule.code, str(exc)))
            continue
        except Exception as exc:
            failures.append((rule.code, exc))
            continue
        finally:
            timings[rule.code] = time.perf_counter() - started
        ran.append(rule.code)
        info[rule.code] = (rule.severity, rule.message)
        if not issues.is_empty():
            frames.append(issues)
    if failures:
        raise ValidationRunFailed(failures)
    issues = pl.concat(frames, how="vertical") if frames else empty_issues()
    return Report(
        return_name=dataset.return_name,
        year=dataset.year,
        rules_run=ran,
        rules_skipped=skipped,
        issues=issues,
        rule_info=info,
        problems=list(dataset.problems),
        timings=timings,
        dataset=dataset,
    )


def _as_findings(rule: Rule, findings: Findings) -> list[Flag | ReturnLevel]:
    if findings is None:
        return []
    if isinstance(findings, pl.DataFrame):
        return [Flag(rule.tables[0], findings)]
    if isinstance(findings, Flag | ReturnLevel):
        return [findings]
    if isinstance(findings, Mapping):
        return [Flag(table, rows) for table, rows in findings.items()]
    return list(findings)


def findings_to_issues(rule: Rule, findings: Findings, dataset: Dataset) -> pl.DataFrame:
    """Join a rule's failing rows back to the raw tables to make report rows."""
    parts: list[pl.DataFrame] = []
    for finding in _as_findings(rule, findings):
        if isinstance(finding, ReturnLevel):
            parts.append(_return_level_issue(rule, finding))
        else:
            parts.append(_flag_issues(rule, finding, dataset))
    parts = [p for p in parts if not p.is_empty()]
    if not parts:
        return empty_issues()
    return pl.concat(parts, how="vertical")


def _return_level_issue(rule: Rule, finding: ReturnLevel) -> pl.DataFrame:
    message = rule.message if not finding.detail else f"{rule.message} ({finding.detail})"
    return pl.DataFrame(
        {
            "rule": [rule.code],
            "severity": [rule.severity],
            "message": [message],
            "table": [rule.tables[0] if rule.tables else None],
            "element": [None],
            "row": [None],
            "line": [None],
            "child": [None],
            "source": [None],
            "fields": [[{"name": k, "value": v} for k, v in finding.values.items()]],
        },
        schema=ISSUE_SCHEMA,
    )


def _flag_issues(rule: Rule, flag: Flag, dataset: Dataset) -> pl.DataFrame:
    table = dataset.tables.get(flag.table)
    if table is None:
        raise KeyError(f"rule {rule.code} flagged rows of {flag.table}, which was not supplied")
    if ROW not in flag.rows.columns:
        raise KeyError(f"rule {rule.code} returned rows of {flag.table} without a {ROW} column")
    rows = flag.rows.select(pl.col(ROW).cast(pl.UInt32)).unique(maintain_order=False).sort(ROW)
    if rows.is_empty():
        return empty_issues()
    fields = _fields_for(rule, flag, table)
    joined = rows.join(table.raw.with_columns(pl.col(ROW).cast(pl.UInt32)), on=ROW, how="left")
    line_expr = _line_expr(table, fields, joined)
    element = None
    if table.element is not None:
        element = table.element + (f"/{fields[0]}" if fields else "")
    child_expr = (
        pl.col(table.child_column).cast(pl.String)
        if table.child_column and table.child_column in joined.columns
        else pl.lit(None, pl.String)
    )
    field_structs = [
        pl.struct(pl.lit(name).alias("name"), pl.col(name).cast(pl.String).alias("value"))
        for name in fields
    ]
    fields_expr = (
        pl.concat_list(field_structs) if field_structs else pl.lit([], dtype=ISSUE_SCHEMA["fields"])
    )
    return joined.select(
        pl.lit(rule.code).alias("rule"),
        pl.lit(rule.severity).alias("severity"),
        pl.lit(rule.message).alias("message"),
        pl.lit(table.name).alias("table"),
        pl.lit(element, pl.String).alias("element"),
        pl.col(ROW).cast(pl.Int64).alias("row"),
        line_expr.cast(pl.Int64).alias("line"),
        child_expr.alias("child"),
        pl.lit(table.source, pl.String).alias("source"),
        fields_expr.cast(ISSUE_SCHEMA["fields"]).alias("fields"),
    )


def _fields_for(rule: Rule, flag: Flag, table: TableFrame) -> list[str]:
    wanted = flag.fields if flag.fields is not None else rule.fields
    present = set(table.raw.columns)
    out: list[str] = []
    for name in wanted:
        # A rule may name a field as "Table.FIELD" when it spans tables.
        tab, _, col = name.rpartition(".")
        if tab and tab != table.name:
            continue
        if col in present and col not in out:
            out.append(col)
    return out


def _line_expr(table: TableFrame, fields: list[str], joined: pl.DataFrame) -> pl.Expr:
    for name in fields:
        own = name + LINE_SUFFIX
        if own in joined.columns:
            fallback = pl.col(LINE) if LINE in joined.columns else pl.lit(None, pl.Int64)
            return pl.coalesce(pl.col(own).cast(pl.Int64), fallback.cast(pl.Int64))
    if LINE in joined.columns:
        return pl.col(LINE)
    return pl.lit(None, pl.Int64)
