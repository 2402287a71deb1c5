"""``safehold return cin-census``: build the CIN census from the store and write it;
``safehold import cin-census FILE``: load a census into the store, all or nothing."""

from __future__ import annotations

import os
import re
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer

from safehold.cli.app import DbOption, console, err_console, fail
from safehold.cli.groups import import_app, return_app
from safehold.returns.cin_census.build import DEFAULT_LA_CODE

if TYPE_CHECKING:
    import polars as pl

    from safehold.access import Gate

if TYPE_CHECKING:
    from safehold.validate.cin_census.load import Loaded

#: Where an authority sets its three-digit DfE LA code once, rather than on every command.
LA_ENV = "SAFEHOLD_LA_CODE"
#: The purpose a census is built for: a statutory return.
RETURN_PURPOSE = "statutory_duties"
#: What a census built from the store is called in a validation report.
STORE_SOURCE = "the store"
#: The purpose an import loads for: keeping the data.
LOAD_PURPOSE = "storage"
_LA = re.compile(r"^[0-9]{3}$")
_SERIAL = re.compile(r"^[0-9]{3,}$")

YearOption = Annotated[
    int,
    typer.Option(
        "--year",
        help="Collection year, named by the year it ends (2026 for 2025/26).",
        show_default=False,
    ),
]


def check_year(year: int) -> int:
    from safehold.returns.cin_census.schema import SCHEMA_YEARS

    if year not in SCHEMA_YEARS:
        years = ", ".join(str(y) for y in SCHEMA_YEARS)
        raise fail(
            f"--year {year}: the CIN census is supported for {years} (the year the census "
            "ends, e.g. 2026 for 2025/26)"
        )
    return year


def census_from_store(
    gate: Gate, year: int, la_code: str = DEFAULT_LA_CODE, serial_no: str = "001"
) -> dict[str, pl.DataFrame]:
    """Build the census of ``year`` from the store, reading through ``gate``; a refusal is a
    clear error, and so is a year in which no child had a referral open."""
    from safehold.access import AccessRefused
    from safehold.codes import year_label
    from safehold.returns.cin_census.build import build_census, record_frames

    try:
        with err_console.status(f"Reading the record for the {year_label(year)} census"):
            frames = record_frames(gate, year)
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    tables = build_census(frames, year, la_code=la_code, serial_no=serial_no)
    if tables["ChildIdentifiers"].is_empty():
        raise fail(
            f"no child in the store had a referral open in {year_label(year)} (1 April "
            f"{year - 1} to 31 March {year}), so there is no census to make",
            code=1,
        )
    return tables


def la_code_from(option: str | None) -> str:
    la_code = (option or os.environ.get(LA_ENV) or DEFAULT_LA_CODE).strip()
    if not _LA.match(la_code):
        raise fail(f"--la {la_code!r} is not an LA code: expected the DfE's three digits, e.g. 312")
    return la_code


def load_from_store(db: str | None, year: int) -> Loaded:
    """The census of ``year`` built from the store, as the census rules read it: what
    ``safehold validate cin-census --from-store`` checks. The census is checked against the
    year's schema exactly as :func:`write_census` would write it (in a private temporary
    directory, removed at once); where it does not match, each problem is on the dataset."""
    from safehold.cli.cmd_store import gate_for, open_store
    from safehold.returns.cin_census.write import CensusWriteError, write_census
    from safehold.validate.cin_census.dataset import dataset
    from safehold.validate.cin_census.load import Loaded
    from safehold.validate.frames import LoadProblem

    check_year(year)
    la_code = la_code_from(None)
    tables = census_from_store(gate_for(open_store(db), RETURN_PURPOSE), year, la_code)
    data = dataset(year, tables, source=STORE_SOURCE)
    schema_problems = 0
    with (
        err_console.status("Checking the census against the year's schema"),
        tempfile.TemporaryDirectory(prefix="safehold-cin-") as private,
    ):
        try:
            write_census(tables, Path(private) / "census.xml", year=year)
        except CensusWriteError as exc:
            schema_problems = exc.total
            data.problems = [
                LoadProblem(message=f"schema: {p}", source=STORE_SOURCE) for p in exc.problems
            ]
    return Loaded(
        dataset=data, children=tables["ChildIdentifiers"].height, schema_problems=schema_problems
    )


@return_app.command("cin-census")
def return_cin_census(
    year: YearOption,
    out: Annotated[
        Path,
        typer.Option("--out", "-o", help="Where to write the census XML.", dir_okay=False),
    ],
    la: Annotated[
        str | None,
        typer.Option(
            "--la",
            help=f"The authority's three-digit DfE LA code (default: ${LA_ENV}, else "
            f"{DEFAULT_LA_CODE}, the synthetic authority's).",
            show_default=False,
        ),
    ] = None,
    serial: Annotated[
        str, typer.Option("--serial", help="The submission's serial number (three digits+).")
    ] = "001",
    db: DbOption = None,
) -> None:
    """Build the CIN census for a collection year from the store and write it as XML.

    Every child with a referral open at any point in the year is included, with what was active
    in the year, as it stood on 31 March. The file is checked against the year's XML Schema
    before it is written; nothing is written when it does not match (exit status 1).
    """
    from safehold.cli.cmd_store import gate_for, open_store
    from safehold.codes import year_label
    from safehold.returns.cin_census.write import CensusWriteError, write_census

    check_year(year)
    la_code = la_code_from(la)
    if not _SERIAL.match(serial):
        raise fail(f"--serial {serial!r} is not a serial number: expected three or more digits")
    gate = gate_for(open_store(db), RETURN_PURPOSE)
    tables = census_from_store(gate, year, la_code, serial)
    try:
        with err_console.status(f"Writing {out.name}"):
            children = write_census(tables, out, year=year)
    except CensusWriteError as exc:
        raise fail(str(exc), code=1) from None
    except OSError as exc:
        raise fail(f"could not write {out}: {exc.strerror or exc}") from None
    from safehold.privacy.sharing.log import log_return_sent

    log_return_sent(
        gate, "cin", year, tables["ChildIdentifiers"].get_column("LAchildID").unique().to_list()
    )
    counts = ", ".join(
        f"{tables[name].height:,} {label}"
        for name, label in (("CINdetails", "episodes"), ("Assessments", "assessments"),
                            ("Section47", "section 47 enquiries"),
                            ("ChildProtectionPlans", "child protection plans"))
    )  # fmt: skip
    console.print(
        f"Wrote the {year_label(year)} CIN census for LA {la_code} to {out}: {children:,} "
        f"children ({counts}); it matches the year's schema. Check it against the DfE's rules "
        f"with 'safehold validate cin-census {out}'. The disclosure to the DfE is in the "
        "sharing log.",
        highlight=False,
        soft_wrap=True,
    )


@import_app.command("cin-census")
def import_cin_census(
    file: Annotated[
        Path, typer.Argument(help="The census XML file.", show_default=False, dir_okay=False)
    ],
    year: Annotated[
        int | None,
        typer.Option(
            "--year",
            help="Collection year (2026 for 2025/26). Default: the Year in the file's header.",
            show_default=False,
        ),
    ] = None,
    db: DbOption = None,
) -> None:
    """Load a CIN census into the store: its children, their episodes and everything in them.

    All or nothing: a census that breaks its year's schema, names children the store already
    holds, or holds values the record cannot keep is refused whole (exit status 1), saying
    where. A file that cannot be read as a census at all exits with status 2.
    """
    from safehold.access import AccessRefused
    from safehold.cli.cmd_store import gate_for, open_store
    from safehold.codes import year_label
    from safehold.returns.cin_census.read import CensusReadError, header_year
    from safehold.returns.cin_census.schema import NoSchema
    from safehold.returns.cin_census.to_record import CensusImportError, import_census

    try:
        if year is None:
            year = header_year(file)
            if year is None:
                raise fail(f"{file}: the header gives no collection Year; give one with --year")
        check_year(year)
        gate = gate_for(open_store(db), LOAD_PURPOSE)
        with err_console.status(f"Importing {file.name} as the {year_label(year)} census"):
            done = import_census(gate, file, year)
    except (CensusReadError, NoSchema) as exc:
        raise fail(str(exc)) from None
    except CensusImportError as exc:
        raise fail(str(exc), code=1) from None
    except AccessRefused as exc:
        raise fail(f"refused: {exc}") from None
    rows = sum(done.rows.values())
    console.print(
        f"Imported {done.children:,} children ({rows:,} rows) from {file} as import "
        f"{done.import_id}.",
        highlight=False,
        soft_wrap=True,
    )
