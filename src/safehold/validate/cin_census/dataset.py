"""Turning CIN census tables of raw text into the :class:`Dataset` the rules read."""

from __future__ import annotations

from collections.abc import Mapping, Sequence

import polars as pl

from safehold.returns.cin_census.tables import BY_NAME, DATE_FORMAT, tables_for
from safehold.validate.frames import (
    LINE,
    LINE_SUFFIX,
    ROW,
    Dataset,
    TableFrame,
    normalise,
    with_row_index,
)

CHILD = "LAchildID"


def table_frame(name: str, raw: pl.DataFrame, source: str | None = None) -> TableFrame:
    """One CIN table: ``raw`` holds its columns as text, and may hold ``_line``/``*__line``."""
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
    line_columns = [c for c in raw.columns if c.endswith(LINE_SUFFIX)]
    raw = raw.select(ROW, LINE, *spec.columns, *line_columns)
    frame = normalise(
        raw,
        date_columns=dict.fromkeys(spec.dates, DATE_FORMAT),
        keep_case=(CHILD,),
    )
    return TableFrame(
        name=name,
        frame=frame,
        raw=raw,
        source=source,
        child_column=CHILD if CHILD in spec.columns else None,
        element=spec.element,
    )


def dataset(
    year: int,
    tables: Mapping[str, pl.DataFrame],
    *,
    source: str | None = None,
) -> Dataset:
    """A dataset from raw text tables; tables of the year not given are present and empty."""
    out: dict[str, TableFrame] = {}
    for spec in tables_for(year):
        raw = tables.get(spec.name)
        if raw is None:
            raw = pl.DataFrame(schema=dict.fromkeys(spec.columns, pl.String))
        out[spec.name] = table_frame(spec.name, raw, source)
    return Dataset(return_name="cin_census", year=year, tables=out)


def rows_to_frame(name: str, rows: Sequence[Mapping[str, str | None]]) -> pl.DataFrame:
    spec = BY_NAME[name]
    data = {c: [r.get(c) for r in rows] for c in spec.columns}
    return pl.DataFrame(data, schema=dict.fromkeys(spec.columns, pl.String))


def from_rows(year: int, tables: Mapping[str, Sequence[Mapping[str, str | None]]]) -> Dataset:
    """Shorthand for rule tests: tables given as lists of row dicts (ids are your own strings)."""
    return dataset(year, {name: rows_to_frame(name, rows) for name, rows in tables.items()})
