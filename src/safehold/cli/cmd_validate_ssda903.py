"""``safehold validate ssda903``: validate an SSDA903 return's files against the year's rules.

Exit status: 0 when no error-level rule fails (queries may remain), 1 when some do, 2 when the
input cannot be used or a rule crashed (the run then proves nothing, so it never passes).
"""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

from safehold.cli.app import DbOption, err_console, fail
from safehold.cli.groups import validate_app
from safehold.returns.ssda903.files import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    from safehold.validate.context import Reference
    from safehold.validate.frames import Dataset
    from safehold.validate.registry import Registry, Rule
    from safehold.validate.report import Report

LA_CODE = re.compile(r"^[EWSN]\d{8}$")
BINARY_FORMATS = {"xlsx"}


def _run(rules: list[Rule], dataset: Dataset, reference: Reference) -> Report:
    """Run the rules, with a progress bar on standard error when it is a terminal."""
    from safehold.validate.engine import run_rules

    if not err_console.is_terminal:
        return run_rules(rules, dataset, reference)
    columns = (
        TextColumn("[progress.description]{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
    )
    with Progress(*columns, console=err_console, transient=True) as progress:
        task = progress.add_task("Running rules", total=len(rules))

        def advance(rule: Rule) -> None:
            progress.update(task, advance=1, description=f"Rule {rule.code}")

        return run_rules(rules, dataset, reference, on_rule=advance)


def __getattr__(name: str) -> Any:
    """``REGISTRY`` (the rules), imported on first use: the validators are slow to import, and
    ``safehold --help`` should not wait for them. Tests may replace it on this module."""
    if name == "REGISTRY":
        from safehold.validate.registry import REGISTRY

        return REGISTRY
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


def _registry() -> Registry:
    registry: Registry = getattr(sys.modules[__name__], "REGISTRY")  # noqa: B009
    return registry


@validate_app.command("ssda903")
def validate_ssda903(
    paths: Annotated[
        list[Path] | None,
        typer.Argument(help="This year's CSV files (one per table) or XML file, or a directory."),
    ] = None,
    *,
    year: Annotated[
        int,
        typer.Option("--year", help="Collection year, named by the year it ends (2026 = 2025/26)."),
    ],
    previous: Annotated[
        list[Path] | None,
        typer.Option("--previous", help="Last year's files or directory (repeat for each file)."),
    ] = None,
    providers: Annotated[
        list[Path] | None,
        typer.Option(
            "--providers", help="Ofsted provider lists (.xlsx or .csv) for the URN rules."
        ),
    ] = None,
    la: Annotated[
        str | None,
        typer.Option("--la", help="Your local authority's code in its long form, e.g. E09000027."),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", help="Report format: table, json, csv, xlsx or html.")
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report to this file (default: the screen)."),
    ] = None,
    max_size_mb: Annotated[
        int,
        typer.Option("--max-size-mb", help="Refuse input files larger than this (megabytes)."),
    ] = DEFAULT_MAX_BYTES // (1024 * 1024),
    from_store: Annotated[
        bool,
        typer.Option(
            "--from-store",
            help="Build this year's return (and last year's) from the store and validate it.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Validate an SSDA903 (children looked after) return against the DfE's rules for its year."""
    from safehold.returns.ssda903.files import ReturnFileError
    from safehold.validate.engine import ValidationRunFailed
    from safehold.validate.reports import WRITERS, write_report
    from safehold.validate.ssda903.load import VALIDATE_YEARS, load_ssda903

    if from_store == bool(paths):
        raise fail(
            "give the return's files, or --from-store to build the return from the store "
            "(one or the other)"
        )
    if from_store and previous:
        raise fail("--previous is for files: with --from-store last year's return is built too")
    if year not in VALIDATE_YEARS:
        raise fail(
            f"--year {year} is not supported: expected one of "
            f"{', '.join(map(str, VALIDATE_YEARS))} (the year the collection ends, "
            "e.g. 2026 for 2025/26)"
        )
    if fmt not in WRITERS:
        raise fail(f"--format {fmt!r} is not known: expected one of {', '.join(WRITERS)}")
    if fmt in BINARY_FORMATS and output is None:
        raise fail(f"the {fmt} report is a file: give it with --output FILE.{fmt}")
    if la is not None and not LA_CODE.match(la.strip().upper()):
        raise fail(
            f"--la {la!r} is not a local authority code in its long form: expected a letter and "
            "eight digits, e.g. E09000027"
        )
    if max_size_mb < 1:
        raise fail(f"--max-size-mb {max_size_mb}: expected a whole number of megabytes, 1 or more")
    try:
        if from_store:
            from safehold.cli.cmd_return_ssda903 import store_run

            dataset, reference = store_run(
                year, db, providers=providers or None, local_authority=la,
                max_bytes=max_size_mb * 1024 * 1024,
            )  # fmt: skip
        else:
            loaded = load_ssda903(
                year,
                paths or [],
                previous or None,
                providers=providers or None,
                local_authority=la,
                max_bytes=max_size_mb * 1024 * 1024,
            )
            dataset, reference = loaded.dataset, loaded.reference
    except (ReturnFileError, ValueError) as exc:
        raise fail(str(exc)) from None
    rules = _registry().ruleset("ssda903", year)
    try:
        report = _run(rules, dataset, reference)
    except ValidationRunFailed as exc:
        raise fail(str(exc)) from None
    try:
        write_report(report, fmt, output)
    except OSError as exc:
        raise fail(f"{output}: cannot write the report ({exc.strerror})") from None
    if output is not None:
        err_console.print(
            f"Wrote the {fmt} report to {output}: {report.error_count} errors, "
            f"{report.query_count} queries, {len(report.rules_run)} rules run, "
            f"{len(report.rules_skipped)} skipped.",
            highlight=False,
            soft_wrap=True,
        )
    raise typer.Exit(1 if report.has_errors else 0)
