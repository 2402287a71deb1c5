"""Turning SSDA903 tables of raw text into the :class:`Dataset` the rules read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from safehold.returns.ssda903.schema import BY_NAME, DATE_FORMAT, tables_for
from safehold.validate.frames import LINE, ROW, Dataset, TableFrame, normalise, with_row_index

CHILD = "CHILD"


def table_frame(name: str, raw: pl.DataFrame, source: str | None = None) -> TableFrame:
    """One SSDA903 table: ``raw`` holds the table's columns as text (``_line`` optional)."""
    spec = BY_NAME[name]
    raw = with_row_index(raw)
    for column in spec.columns:
        if column not in raw.columns:
            raw = raw.with_columns(pl.lit(None, pl.String).alias(column))
        elif raw.schema[column] != pl.String:
            # An all-blank column read without a schema arrives as Null (or a number); rules
            # and reports expect every cell as text.
            raw = raw.with_columns(pl.col(column).cast(pl.String))
    if LINE not in raw.columns:
        raw = raw.with_columns(pl.lit(None, pl.UInt32).alias(LINE))
    raw = raw.select(ROW, LINE, *spec.columns)
    frame = normalise(raw, date_columns=dict.fromkeys(spec.dates, DATE_FORMAT))
    return TableFrame(name=name, frame=frame, raw=raw, source=source, child_column=CHILD)


def dataset(
    year: int,
    tables: Mapping[str, pl.DataFrame],
    previous: Mapping[str, pl.DataFrame] | None = None,
    *,
    sources: Mapping[str, str] | None = None,
    unavailable: Mapping[str, str] | None = None,
) -> Dataset:
    """A dataset from raw text tables; tables of the year not given are present and empty."""
    sources = sources or {}

    def build(given: Mapping[str, pl.DataFrame], label: str) -> dict[str, TableFrame]:
        out: dict[str, TableFrame] = {}
        for spec in tables_for(year):
            raw = given.get(spec.name)
            if raw is None:
                raw = pl.DataFrame(schema=dict.fromkeys(spec.columns, pl.String))
            out[spec.name] = table_frame(spec.name, raw, sources.get(f"{label}{spec.name}"))
        return out

    return Dataset(
        return_name="ssda903",
        year=year,
        tables=build(tables, ""),
        previous=build(previous, "previous:") if previous is not None else None,
        unavailable=dict(unavailable or {}),
    )


def rows_to_frame(name: str, rows: Sequence[Mapping[str, str | None]]) -> pl.DataFrame:
    """A raw text table from a list of row dicts (missing columns are empty): for tests and tools."""
    spec = BY_NAME[name]
    data = {c: [r.get(c) for r in rows] for c in spec.columns}
    return pl.DataFrame(data, schema=dict.fromkeys(spec.columns, pl.String))


def from_rows(
    year: int,
    tables: Mapping[str, Sequence[Mapping[str, str | None]]],
    previous: Mapping[str, Sequence[Mapping[str, str | None]]] | None = None,
) -> Dataset:
    """Shorthand used throughout the rule tests: tables given as lists of row dicts."""
    return dataset(
        year,
        {name: rows_to_frame(name, rows) for name, rows in tables.items()},
        {name: rows_to_frame(name, rows) for name, rows in previous.items()}
        if previous is not None
        else None,
    )
