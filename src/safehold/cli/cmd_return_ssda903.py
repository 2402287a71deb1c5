"""``safehold return ssda903`` (build the year's return from the store and write it) and
``safehold import ssda903`` (load a return into the store, all or nothing)."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.table import Table

from safehold.cli.app import DbOption, console, err_console, fail
from safehold.cli.cmd_store import gate_for, open_store
from safehold.cli.groups import import_app, return_app
from safehold.returns.ssda903.files import DEFAULT_MAX_BYTES

if TYPE_CHECKING:
    import polars as pl

    from safehold.validate.context import Reference
    from safehold.validate.frames import Dataset

FORMATS = ("csv", "xml")
YearOption = Annotated[
    int, typer.Option("--year", help="Collection year, named by the year it ends (2026 = 2025/26).")
]


def check_year(year: int) -> None:
    from safehold.codes import SUPPORTED_YEARS

    if year not in SUPPORTED_YEARS:
        raise fail(
            f"--year {year} is not supported: expected one of "
            f"{', '.join(map(str, SUPPORTED_YEARS))} (the year the collection ends, e.g. 2026 "
            "for 2025/26)"
        )


def write_return(tables: dict[str, pl.DataFrame], out: Path, fmt: str) -> list[Path]:
    """Write the tables as CSV files, or as the XML file plus CSV files for the tables the XML
    form cannot carry (social worker episodes, DoLo): written beside it, never dropped."""
    from safehold.returns.ssda903.read_xml import UNAVAILABLE
    from safehold.returns.ssda903.write import write_csv_files, write_xml

    if fmt == "csv":
        return write_csv_files(tables, out)
    out.mkdir(parents=True, exist_ok=True)
    carried = {name: frame for name, frame in tables.items() if name not in UNAVAILABLE}
    written = [write_xml(carried, out / "ssda903.xml")]
    extra = {name: frame for name, frame in tables.items() if name in UNAVAILABLE}
    if extra:
        written += write_csv_files(extra, out)
        err_console.print(
            f"note: the XML form cannot carry {', '.join(extra)}; written as CSV beside it.",
            highlight=False,
        )
    return written


@return_app.command("ssda903")
def return_ssda903(
    year: YearOption,
    out: Annotated[Path, typer.Option("--out", help="Folder to write the return's files to.")],
    fmt: Annotated[str, typer.Option("--format", help="csv (one file per table) or xml.")] = "csv",
    db: DbOption = None,
) -> None:
    """Build the year's SSDA903 (children looked after) return from the store and write it."""
    from safehold.access import AccessRefused
    from safehold.codes import year_label
    from safehold.returns.ssda903.from_store import RETURN_PURPOSE, build_from_store

    check_year(year)
    if fmt not in FORMATS:
        raise fail(f"--format {fmt!r} is not known: expected csv or xml")
    if out.exists() and not out.is_dir():
        raise fail(f"--out {out} is a file: expected a folder to write the return's files to")
    gate = gate_for(open_store(db), RETURN_PURPOSE)
    try:
        tables = build_from_store(gate, year)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    try:
        written = write_return(tables, out, fmt)
    except OSError as exc:
        raise fail(f"cannot write to {out}: {exc.strerror}") from None
    except ValueError as exc:
        raise fail(f"the return cannot be written as {fmt}: {exc}") from None
    from safehold.privacy.sharing.log import log_return_sent

    people = tables["Header"].get_column("CHILD").unique().to_list()
    log_return_sent(gate, "ssda903", year, people)
    summary = Table(title=f"SSDA903 return {year_label(year)}")
    summary.add_column("table")
    summary.add_column("rows", justify="right")
    for name, frame in tables.items():
        summary.add_row(name, f"{frame.height:,}")
    console.print(summary)
    console.print(
        f"Wrote {len(written)} file(s) to {out}; the disclosure of {len(people):,} children's "
        "records to the DfE is in the sharing log.",
        highlight=False,
    )


@import_app.command("ssda903")
def import_ssda903(
    paths: Annotated[
        list[Path],
        typer.Argument(help="This year's CSV files (one per table) or XML file, or a folder."),
    ],
    year: YearOption,
    previous: Annotated[
        list[Path] | None,
        typer.Option("--previous", help="Last year's files or folder, to load its history too."),
    ] = None,
    max_size_mb: Annotated[
        int, typer.Option("--max-size-mb", help="Refuse input files larger than this (megabytes).")
    ] = DEFAULT_MAX_BYTES // (1024 * 1024),
    db: DbOption = None,
) -> None:
    """Load an SSDA903 return into the store: every value is checked, then all of it is written
    in one transaction, or none of it."""
    from safehold.access import AccessRefused
    from safehold.codes import year_label
    from safehold.ingest.load import LOAD_PURPOSE
    from safehold.returns.ssda903.files import ReturnFileError
    from safehold.returns.ssda903.from_store import import_return
    from safehold.returns.ssda903.to_record import ReturnImportError

    check_year(year)
    if max_size_mb < 1:
        raise fail(f"--max-size-mb {max_size_mb}: expected a whole number of megabytes, 1 or more")
    gate = gate_for(open_store(db), LOAD_PURPOSE)
    try:
        import_id, counts = import_return(
            gate, year, paths, previous or None, max_bytes=max_size_mb * 1024 * 1024
        )
    except ReturnFileError as exc:
        raise fail(str(exc)) from None
    except ReturnImportError as exc:
        err_console.print(
            f"[bold red]error:[/] the SSDA903 return was not loaded; nothing was written. "
            f"{len(exc.problems)} problem(s):",
            highlight=False,
        )
        for problem in exc.problems[:100]:
            err_console.print(f"  {problem}", highlight=False, soft_wrap=True)
        if len(exc.problems) > 100:
            err_console.print(f"  ... and {len(exc.problems) - 100} more", highlight=False)
        raise typer.Exit(2) from None
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    total = sum(counts.values())
    console.print(
        f"Loaded {total:,} rows into {len(counts)} record tables from the {year_label(year)} "
        f"return (import {import_id}).",
        highlight=False,
    )


def store_run(
    year: int,
    db: str | None,
    *,
    providers: list[Path] | None,
    local_authority: str | None,
    max_bytes: int,
) -> tuple[Dataset, Reference]:
    """This year's return and last year's, both built from the store, as a validation run
    (``safehold validate ssda903 --from-store``)."""
    from safehold.access import AccessRefused
    from safehold.codes import SUPPORTED_YEARS
    from safehold.returns.ssda903.from_store import RETURN_PURPOSE, build_from_store
    from safehold.validate.context import Reference
    from safehold.validate.ssda903.dataset import dataset
    from safehold.validate.ssda903.derived import POSTCODES
    from safehold.validate.ssda903.postcodes import OnsPostcodes
    from safehold.validate.ssda903.providers import read_providers

    gate = gate_for(open_store(db), RETURN_PURPOSE)
    try:
        this_year = build_from_store(gate, year)
        last_year = build_from_store(gate, year - 1) if year - 1 in SUPPORTED_YEARS else None
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    built = dataset(
        year, this_year, last_year, sources={name: f"store ({name})" for name in this_year}
    )
    lookup = OnsPostcodes()
    reference = Reference(
        local_authority=local_authority.strip().upper() if local_authority else None,
        providers=read_providers(providers, lookup, max_bytes=max_bytes) if providers else None,
        extra={POSTCODES: lookup},
    )
    return built, reference
