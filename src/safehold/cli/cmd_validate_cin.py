"""``safehold validate cin-census FILE``: check a CIN census XML file against its year's rules."""

from __future__ import annotations

import re
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer

from safehold.cli.app import DbOption, err_console, fail
from safehold.cli.groups import validate_app

if TYPE_CHECKING:
    from safehold.validate.registry import Registry
    from safehold.validate.report import Report

FORMATS = ("table", "json", "csv", "xlsx", "html")
BINARY_FORMATS = ("xlsx",)
_SIZE = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*([KMGT]?)B?\s*$", re.IGNORECASE)
_UNITS = {"": 1, "K": 1024, "M": 1024**2, "G": 1024**3, "T": 1024**4}


def parse_size(text: str) -> int:
    """``"4G"`` → bytes; ``"500M"``, ``"1024"`` and ``"2.5GB"`` work too."""
    match = _SIZE.match(text)
    if not match:
        raise ValueError(
            f"--max-size {text!r} is not a size: expected a number of bytes with an optional "
            "K, M, G or T suffix, e.g. 4G or 500M"
        )
    return int(float(match.group(1)) * _UNITS[match.group(2).upper()])


def _choose_year(file: Path, year: int | None, max_bytes: int) -> int:
    from safehold.returns.cin_census.read import header_year
    from safehold.validate.cin_census.load import VALIDATE_YEARS

    if year is None:
        found = header_year(file, max_bytes=max_bytes)
        if found is None:
            raise fail(f"{file}: the header gives no collection Year; give one with --year")
        year = found
    if year not in VALIDATE_YEARS:
        years = ", ".join(str(y) for y in VALIDATE_YEARS)
        raise fail(
            f"collection year {year} is not supported for the CIN census: expected one of "
            f"{years} (the year the census ends, e.g. 2026 for 2025/26)"
        )
    return year


def _check_format(fmt: str, output: Path | None) -> None:
    from safehold.validate.reports import WRITERS

    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r} is not a report format: expected one of {', '.join(FORMATS)}")
    if fmt not in WRITERS:
        ready = ", ".join(WRITERS)
        raise fail(f"the {fmt} report is not available in this version; use one of {ready}")
    if fmt in BINARY_FORMATS and output is None:
        raise fail(f"the {fmt} report is a binary file: give where to write it with --output")


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


@validate_app.command("cin-census")
def validate_cin_census(
    file: Annotated[
        Path | None,
        typer.Argument(
            help="The census XML file (or --from-store).", show_default=False, dir_okay=False
        ),
    ] = None,
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Collection year, named by the year it ends (2026 for 2025/26). "
            "Default: the Year in the file's header.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        str, typer.Option("--format", "-f", help="Report format: table, json, csv, xlsx or html.")
    ] = "table",
    output: Annotated[
        Path | None,
        typer.Option("--output", "-o", help="Write the report here instead of to the terminal."),
    ] = None,
    max_size: Annotated[
        str,
        typer.Option("--max-size", help="Refuse files larger than this, unread (e.g. 4G, 500M)."),
    ] = "4G",
    from_store: Annotated[
        bool,
        typer.Option(
            "--from-store",
            help="Build the census for --year from the store and validate it, in one step.",
        ),
    ] = False,
    db: DbOption = None,
) -> None:
    """Validate a CIN census file: its year's XML Schema, then every rule for the year. With
    --from-store, the census for --year is built from the store and validated as it would be
    written.

    Exit status: 0 when no error-level rule fails and the file matches the schema (queries
    allowed); 1 when an error-level rule fails or the file breaks the schema; 2 when the file
    cannot be used (not XML, hostile, too large, truncated) or a rule could not run.
    """
    from safehold.codes import year_label
    from safehold.validate.cin_census.load import CensusReadError, NoSchema, load_cin_census
    from safehold.validate.engine import ValidationRunFailed, run_rules

    _check_format(fmt, output)
    try:
        max_bytes = parse_size(max_size)
    except ValueError as exc:
        raise fail(str(exc)) from None
    try:
        if from_store:
            if file is not None:
                raise fail("give a census FILE or --from-store, not both")
            if year is None:
                raise fail("--from-store needs the collection year: give --year (2026 for 2025/26)")
            from safehold.cli.cmd_return_cin import load_from_store

            chosen = year
            loaded = load_from_store(db, year)
        elif file is None:
            raise fail("give the census FILE to validate, or --from-store --year YEAR")
        else:
            chosen = _choose_year(file, year, max_bytes)
            with err_console.status(f"Reading {file.name} as the {year_label(chosen)} census"):
                loaded = load_cin_census(file, chosen, max_bytes=max_bytes)
        rules = _registry().ruleset("cin_census", chosen)
        with err_console.status(f"Running {len(rules)} rules"):
            report = run_rules(rules, loaded.dataset)
    except (CensusReadError, NoSchema) as exc:
        raise fail(str(exc)) from None
    except ValidationRunFailed as exc:
        raise fail(str(exc)) from None
    except MemoryError:
        what = file or "the census built from the store"
        raise fail(f"{what}: the census is too large to validate in the memory available") from None
    _write(report, fmt, output)
    _summarise(report, loaded.children, loaded.schema_problems, output)
    if report.has_errors or loaded.schema_problems or report.problems:
        raise typer.Exit(1)


def _write(report: Report, fmt: str, output: Path | None) -> None:
    from safehold.validate.reports import write_report

    try:
        write_report(report, fmt, output)
    except OSError as exc:
        raise fail(f"could not write the report to {output}: {exc.strerror or exc}") from None
    except ValueError as exc:
        raise fail(str(exc)) from None


def _summarise(report: Report, children: int, schema_problems: int, output: Path | None) -> None:
    """One line on standard error, so that a json/csv report on standard output stays clean."""
    where = f"; report written to {output}" if output is not None else ""
    err_console.print(
        f"{children:,} children read; {schema_problems:,} schema problems, "
        f"{report.error_count:,} errors, {report.query_count:,} queries{where}",
        highlight=False,
        soft_wrap=True,
    )
