"""The tables a return is validated as: raw text for reports, normalised columns for rules."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field

import polars as pl

ROW = "_row"
LINE = "_line"
TEXT_SUFFIX = "__text"
LINE_SUFFIX = "__line"


@dataclass(frozen=True)
class TableFrame:
    """One table of a return.

    ``frame`` is what rules read: a ``_row`` index (0-based data row), a ``_line`` (line in the
    source file, or null), text columns stripped and upper-cased with empty cells as null, and
    each date column parsed to ``pl.Date`` with its original text kept as ``<col>__text`` so that a
    rule can tell a missing date from an unreadable one. ``raw`` keeps every cell as it was read,
    for the values shown in reports. ``element`` is the XML path of a row (CIN census), and a
    column ``<field>__line`` in ``frame``, when present, gives that field's own line.
    """

    name: str
    frame: pl.DataFrame
    raw: pl.DataFrame
    source: str | None = None
    child_column: str | None = None
    element: str | None = None

    @property
    def height(self) -> int:
        return self.frame.height


@dataclass
class LoadProblem:
    """Something wrong with the input that did not stop validation (a schema error, say)."""

    message: str
    source: str | None = None
    line: int | None = None
    element: str | None = None


@dataclass
class Dataset:
    """A return as read: its tables, optionally last year's, and problems found while reading."""

    return_name: str
    year: int
    tables: dict[str, TableFrame]
    previous: dict[str, TableFrame] | None = None
    problems: list[LoadProblem] = field(default_factory=list)
    #: Tables the input could not carry at all (e.g. SWEpisodes in an SSDA903 XML file), with why.
    unavailable: dict[str, str] = field(default_factory=dict)


def normalise(
    raw: pl.DataFrame,
    *,
    date_columns: Mapping[str, str] | Iterable[str] = (),
    date_format: str = "%d/%m/%Y",
    keep_case: Iterable[str] = (),
) -> pl.DataFrame:
    """Turn a table of raw text into the frame rules read.

    ``raw`` must already hold ``_row`` (and may hold ``_line`` and ``*__line`` columns). Text is
    stripped, empty strings become null, and everything but ``keep_case`` is upper-cased, as the
    DfE's own tools compare codes. Each date column is parsed with its format (``date_columns``
    may map a column to its own format); unparseable dates become null and the text survives in
    ``<col>__text``.
    """
    formats: dict[str, str] = (
        dict(date_columns)
        if isinstance(date_columns, Mapping)
        else dict.fromkeys(date_columns, date_format)
    )
    keep = set(keep_case)
    exprs: list[pl.Expr] = []
    for name, dtype in raw.schema.items():
        if name in (ROW, LINE) or name.endswith(LINE_SUFFIX):
            exprs.append(pl.col(name))
            continue
        if dtype != pl.String:
            exprs.append(pl.col(name))
            continue
        text = pl.col(name).str.strip_chars()
        text = pl.when(text == "").then(None).otherwise(text)
        if name in formats:
            exprs.append(text.alias(name + TEXT_SUFFIX))
            exprs.append(text.str.strptime(pl.Date, formats[name], strict=False).alias(name))
        elif name in keep:
            exprs.append(text.alias(name))
        else:
            exprs.append(text.str.to_uppercase().alias(name))
    return raw.select(exprs)


def with_row_index(raw: pl.DataFrame) -> pl.DataFrame:
    """Add the ``_row`` column (0-based) to a raw table if it has none."""
    if ROW in raw.columns:
        return raw
    return raw.with_row_index(ROW)
