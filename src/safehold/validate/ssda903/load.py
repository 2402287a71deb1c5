"""From paths on disk to what the SSDA903 rules run on: a :class:`Dataset` and a :class:`Reference`.

This is the one place the command line (and the benchmark) turns user input into a validation
run, so the checks that span files live here: the tables must belong to the collection year, last
year's files are read the same way as this year's, and a table the return should have but no file
supplied is noted in the report (it is validated as empty).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from safehold.codes import year_label
from safehold.returns.ssda903.files import DEFAULT_MAX_BYTES, ReturnFileError
from safehold.returns.ssda903.read import ReturnFiles, read_return
from safehold.returns.ssda903.schema import BY_NAME, tables_for
from safehold.validate.context import Reference
from safehold.validate.frames import LINE, ROW, Dataset, LoadProblem, TableFrame, normalise
from safehold.validate.ssda903.dataset import dataset
from safehold.validate.ssda903.derived import POSTCODES, PostcodeLookup
from safehold.validate.ssda903.postcodes import OnsPostcodes
from safehold.validate.ssda903.providers import read_providers

#: Collection years the command validates (named by the year they end).
VALIDATE_YEARS: tuple[int, ...] = (2025, 2026, 2027)


@dataclass
class Loaded:
    dataset: Dataset
    reference: Reference
    files: ReturnFiles
    previous_files: ReturnFiles | None


def expand_paths(paths: Iterable[Path]) -> list[Path]:
    """Files as given; a directory stands for the ``*.csv`` and ``*.xml`` files directly in it."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            found = sorted(
                p for p in path.iterdir() if p.is_file() and p.suffix.lower() in (".csv", ".xml")
            )
            if not found:
                raise ReturnFileError(path, "is a directory with no .csv or .xml files in it")
            out.extend(found)
        else:
            out.append(path)
    return out


def _check_year(files: ReturnFiles, year: int, label: str) -> list[LoadProblem]:
    allowed = {t.name for t in tables_for(year)}
    for name, source in files.sources.items():
        if name not in allowed and name in files.tables:
            first = BY_NAME[name].since
            raise ReturnFileError(
                source,
                f"holds the {name} table, which the return only has from {year_label(first)}; "
                f"it cannot be part of {label} ({year_label(year)})",
            )
    problems = [
        LoadProblem(message=f"{label}: {note}", source=source, line=line)
        for source, line, note in files.notes
    ]
    if files.format == "csv":
        for name in sorted(allowed - set(files.tables)):
            problems.append(
                LoadProblem(f"{label}: no {name} file was given; the table is validated as empty")
            )
    return problems


def _with_extra_columns(tables: dict[str, TableFrame], files: ReturnFiles) -> None:
    """Give a table the columns its file carried beyond the CSV layout (the XML form's Header
    ``UASC`` flag, which rule 105 checks), raw and normalised, row for row."""
    for name, table in list(tables.items()):
        given = files.tables.get(name)
        if given is None:
            continue
        extra = [c for c in given.columns if c not in table.raw.columns and c != LINE]
        if not extra or given.height != table.raw.height:
            continue
        raw = table.raw.with_columns(given.select(extra))
        frame = table.frame.with_columns(
            normalise(given.select(extra).with_row_index(ROW)).drop(ROW)
        )
        tables[name] = replace(table, raw=raw, frame=frame)


def load_ssda903(
    year: int,
    paths: Sequence[Path],
    previous: Sequence[Path] | None = None,
    *,
    providers: Sequence[Path] | None = None,
    local_authority: str | None = None,
    postcodes: PostcodeLookup | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Loaded:
    """Read this year's files (and last year's, the provider lists) into a dataset and reference.

    ``postcodes`` defaults to the ONS postcode directory (loaded lazily, only what is asked for).
    """
    if year not in VALIDATE_YEARS:
        first, last = VALIDATE_YEARS[0], VALIDATE_YEARS[-1]
        raise ValueError(
            f"collection year {year} is not supported: expected {first} to {last} "
            f"(the year the collection ends, e.g. 2026 for 2025/26)"
        )
    files = read_return(expand_paths(paths), max_bytes=max_bytes)
    problems = _check_year(files, year, "this year")
    previous_files: ReturnFiles | None = None
    if previous:
        previous_files = read_return(expand_paths(previous), max_bytes=max_bytes)
        problems += _check_year(previous_files, year, "last year")
        for name, reason in previous_files.unavailable.items():
            if name in {t.name for t in tables_for(year - 1)}:
                problems.append(LoadProblem(f"last year: {reason}; compared as empty"))
    sources = dict(files.sources)
    if previous_files is not None:
        sources |= {f"previous:{k}": v for k, v in previous_files.sources.items()}
    built = dataset(
        year,
        files.tables,
        previous_files.tables if previous_files is not None else None,
        sources=sources,
        unavailable={k: v for k, v in files.unavailable.items() if k in BY_NAME},
    )
    built.problems.extend(problems)
    _with_extra_columns(built.tables, files)
    if previous_files is not None and built.previous is not None:
        _with_extra_columns(built.previous, previous_files)
    lookup = postcodes if postcodes is not None else OnsPostcodes()
    reference = Reference(
        local_authority=local_authority.strip().upper() if local_authority else None,
        providers=read_providers(providers, lookup, max_bytes=max_bytes) if providers else None,
        extra={POSTCODES: lookup},
    )
    return Loaded(built, reference, files, previous_files)
