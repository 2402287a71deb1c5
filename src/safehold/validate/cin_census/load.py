"""From a census file on disk to what the CIN census rules run on: a :class:`Dataset`.

Reading stops only when the file cannot be a census at all (:class:`CensusReadError`). Schema
errors, and a header that names another collection year, become :class:`LoadProblem` rows on
the dataset: the report shows them and the rules still run on everything that could be read.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from safehold.codes import year_label
from safehold.returns.cin_census.read import (
    DEFAULT_MAX_BYTES,
    CensusRead,
    CensusReadError,
    read_census,
)
from safehold.returns.cin_census.schema import SCHEMA_YEARS, NoSchema
from safehold.validate.cin_census.dataset import dataset
from safehold.validate.frames import Dataset, LoadProblem

#: Collection years the command validates (named by the year they end).
VALIDATE_YEARS: tuple[int, ...] = SCHEMA_YEARS

__all__ = [
    "DEFAULT_MAX_BYTES",
    "VALIDATE_YEARS",
    "CensusReadError",
    "Loaded",
    "NoSchema",
    "load_cin_census",
]


@dataclass
class Loaded:
    dataset: Dataset
    #: children read, and schema problems found in all (the dataset lists at most a thousand)
    children: int
    schema_problems: int


def _year_problem(read: CensusRead, source: str) -> LoadProblem | None:
    header = read.tables.get("Header")
    if header is None or header.is_empty():
        return None
    text = header["Year"][0]
    if text is None or text.strip() == str(read.year):
        return None
    line = header["Year__line"][0]
    return LoadProblem(
        message=(
            f"the header gives Year {text.strip()!r}, but the file was validated as "
            f"{year_label(read.year)} ({read.year}); check --year"
        ),
        source=source,
        line=line,
        element="Header/CollectionDetails/Year",
    )


def load_cin_census(
    path: Path,
    year: int,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    validate_schema: bool = True,
    workers: int | None = None,
) -> Loaded:
    """Read ``path`` as the census of collection ``year`` and build the dataset for the rules.

    ``workers`` is passed to :func:`read_census` (None: several processes for a large file).
    """
    if year not in VALIDATE_YEARS:
        raise NoSchema(year)
    read = read_census(path, year, max_bytes=max_bytes, validate=validate_schema, workers=workers)
    source = str(path)
    data = dataset(year, read.tables, source=source)
    problems = [
        LoadProblem(message=f"schema: {p.message}", source=source, line=p.line, element=p.element)
        for p in read.problems
    ]
    year_problem = _year_problem(read, source)
    if year_problem is not None:
        problems.insert(0, year_problem)
    data.problems = problems
    return Loaded(dataset=data, children=read.children, schema_problems=read.problem_count)
