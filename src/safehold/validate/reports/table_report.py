"""The terminal summary: counts by rule, worst first."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from safehold.codes import year_label
from safehold.validate.report import Report

TITLES = {"ssda903": "SSDA903", "cin_census": "CIN census"}


def render_table(report: Report, console: Console) -> None:
    title = f"{TITLES.get(report.return_name, report.return_name)} {year_label(report.year)}"
    console.print(
        f"[bold]{title}[/]: {len(report.rules_run)} rules run, "
        f"{len(report.rules_skipped)} skipped; "
        f"[red]{report.error_count} errors[/], [yellow]{report.query_count} queries[/]"
    )
    for problem in report.problems:
        where = ":".join(str(p) for p in (problem.source, problem.line) if p is not None)
        # The message can quote the input, which must never be read as Rich markup.
        console.print(
            f"[yellow]input problem[/] {escape(where)} {escape(problem.message)}", highlight=False
        )
    counts = report.counts_by_rule()
    if counts.height:
        table = Table(show_lines=False)
        for name, justify in (("rule", "left"), ("severity", "left"), ("rows", "right"),
                              ("children", "right"), ("message", "left")):  # fmt: skip
            table.add_column(name, justify=justify)  # type: ignore[arg-type]
        for row in counts.iter_rows(named=True):
            style = "red" if row["severity"] == "error" else "yellow"
            table.add_row(
                row["rule"],
                f"[{style}]{row['severity']}[/]",
                str(row["count"]),
                str(row["children"]),
                row["message"],
            )
        console.print(table)
    else:
        console.print("[green]No rule failed.[/]")
    for skipped in report.rules_skipped:
        console.print(f"[dim]skipped {skipped.rule}: {skipped.reason}[/]", highlight=False)


def write_table(report: Report, destination: Path | None) -> None:
    if destination is None:
        render_table(report, Console())
        return
    with destination.open("w", encoding="utf-8") as handle:
        render_table(report, Console(file=handle, width=120, no_color=True))
