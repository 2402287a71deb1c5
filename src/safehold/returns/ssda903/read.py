"""Reading an SSDA903 return from its files: a set of CSV files, or one XML file.

A CSV file's table is recognised by its exact set of column names (never its file name). Every
cell stays text (``pl.String``, empty cells as null) and each row keeps ``_line``, its line in the
file (the header is line 1), so reports can point at the line an analyst must fix.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Literal

import polars as pl

from safehold.returns.ssda903.files import (
    DEFAULT_MAX_BYTES,
    ReturnFileError,
    check_text,
    read_limited,
)
from safehold.returns.ssda903.schema import TABLES, TableSpec, table_for_columns
from safehold.validate.frames import LINE

__all__ = [
    "DEFAULT_MAX_BYTES",
    "ReturnFileError",
    "ReturnFiles",
    "read_csv_bytes",
    "read_csv_file",
    "read_return",
]

FileFormat = Literal["csv", "xml"]
_HEADER_BYTES = 64 * 1024


@dataclass
class ReturnFiles:
    """One year's return as read: raw text tables (with ``_line``) and where each came from."""

    format: FileFormat
    tables: dict[str, pl.DataFrame]
    sources: dict[str, str]
    #: tables this kind of file cannot carry, with why (rules on them are skipped with that reason)
    unavailable: dict[str, str] = field(default_factory=dict)
    #: things worth telling the user that did not stop the read (unknown XML elements, say)
    notes: list[tuple[str, int | None, str]] = field(default_factory=list)


def _describe_mismatch(columns: Sequence[str]) -> str:
    """Which table the columns most resemble, and which columns are missing or extra."""
    given = set(columns)

    def score(spec: TableSpec) -> tuple[int, int]:
        return (len(given & set(spec.columns)), -len(set(spec.columns) ^ given))

    best = max(TABLES, key=score)
    missing = [c for c in best.columns if c not in given]
    extra = [
        c or f"(unnamed column {i})" for i, c in enumerate(columns, 1) if c not in best.columns
    ]
    parts = [f"its columns match no SSDA903 table; it most resembles {best.name}"]
    if missing:
        parts.append(f"missing column(s): {', '.join(missing)}")
    if extra:
        parts.append(f"unexpected column(s): {', '.join(extra)}")
    upper = {c.strip().upper() for c in columns}
    if table_for_columns(upper) is not None and upper != given:
        parts.append("column names must be upper case, as in the DfE specification")
    parts.append(f"expected exactly: {', '.join(best.columns)}")
    return "; ".join(parts)


def _header(path: Path, data: bytes) -> list[str]:
    # the header is the first record: parse the start of the file only, not a copy of all of it
    text = data[:_HEADER_BYTES].decode("utf-8", errors="ignore")
    try:
        row = next(csv.reader(io.StringIO(text, newline="")))
    except csv.Error as exc:
        raise ReturnFileError(
            path, f"line 1: the header row cannot be read as CSV ({exc})"
        ) from None
    except StopIteration:
        raise ReturnFileError(path, "is empty; expected a header row of column names") from None
    names = [c.strip() for c in row]
    repeated = sorted({c for c in names if names.count(c) > 1})
    if repeated:
        raise ReturnFileError(path, f"line 1: column(s) named twice: {', '.join(repeated)}")
    return names


def _with_lines_csv_module(path: Path, text: str, width: int) -> tuple[list[list[str]], list[int]]:
    """Rows and the line each starts on, read with the csv module (exact with quoted newlines)."""
    reader = csv.reader(io.StringIO(text, newline=""))
    next(reader)
    rows: list[list[str]] = []
    lines: list[int] = []
    start = reader.line_num + 1
    while True:
        try:
            record = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise ReturnFileError(path, f"line {start}: cannot be read as CSV ({exc})") from None
        if len(record) > width and any(c.strip() for c in record[width:]):
            raise ReturnFileError(
                path,
                f"line {start}: has {len(record)} cells but the header names {width} columns",
            )
        record = record[:width] + [""] * (width - len(record))
        rows.append(record)
        lines.append(start)
        start = reader.line_num + 1
    return rows, lines


def _drop_blank_rows(frame: pl.DataFrame, columns: Sequence[str]) -> pl.DataFrame:
    """Rows in which every cell is empty carry nothing (Excel leaves them at the end of files)."""
    if not columns or frame.is_empty():
        return frame
    blank = pl.all_horizontal([pl.col(c).str.strip_chars().fill_null("") == "" for c in columns])
    return frame.filter(~blank)


def read_csv_bytes(path: Path, data: bytes) -> tuple[TableSpec, pl.DataFrame]:
    """One CSV file's table and its rows as raw text, with ``_line``."""
    data = check_text(path, data)
    names = _header(path, data)
    spec = table_for_columns(set(names))
    if spec is None:
        raise ReturnFileError(path, _describe_mismatch(names))
    frame: pl.DataFrame | None = None
    try:
        fast = pl.read_csv(
            data, infer_schema=False, has_header=True, raise_if_empty=False, new_columns=names
        )
    except pl.exceptions.PolarsError:
        fast = None  # ragged or odd rows: the csv module below says exactly where
    if fast is not None:
        physical = data.count(b"\n") + (0 if data.endswith(b"\n") else 1)
        # With no quoted newlines every physical line after the header is one row.
        if physical == fast.height + 1:
            frame = fast.with_row_index(LINE, offset=2)
    if frame is None:
        rows, lines = _with_lines_csv_module(path, data.decode("utf-8"), len(names))
        columns = list(zip(*rows, strict=True)) if rows else [() for _ in names]
        frame = pl.DataFrame(
            {LINE: pl.Series(LINE, lines, dtype=pl.UInt32)}
            | {
                name: pl.Series(name, list(col), dtype=pl.String)
                for name, col in zip(names, columns, strict=True)
            }
        )
    frame = frame.with_columns(
        pl.col(LINE).cast(pl.UInt32),
        *[pl.when(pl.col(c) == "").then(None).otherwise(pl.col(c)).alias(c) for c in names],
    )
    frame = _drop_blank_rows(frame, names)
    return spec, frame.select(LINE, *spec.columns)


def read_csv_file(
    path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES
) -> tuple[TableSpec, pl.DataFrame]:
    """Read one CSV file of the return (size-checked before reading)."""
    return read_csv_bytes(path, read_limited(path, max_bytes))


def _format_of(path: Path) -> FileFormat:
    suffix = path.suffix.lower()
    if suffix == ".csv":
        return "csv"
    if suffix == ".xml":
        return "xml"
    raise ReturnFileError(
        path, f"has the extension {path.suffix or '(none)'!r}; expected .csv files or one .xml file"
    )


def read_return(paths: Iterable[Path], *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReturnFiles:
    """Read one year's return: CSV files (one per table) or a single XML file, never both."""
    files = list(paths)
    if not files:
        raise ReturnFileError("(no files)", "no SSDA903 files were given")
    formats = {p: _format_of(p) for p in files}
    kinds = set(formats.values())
    if len(kinds) > 1:
        csvs = ", ".join(str(p) for p, k in formats.items() if k == "csv")
        xmls = ", ".join(str(p) for p, k in formats.items() if k == "xml")
        raise ReturnFileError(
            xmls,
            f"CSV and XML files cannot be mixed in one return (CSV: {csvs}); "
            "give either the CSV files or the XML file",
        )
    if kinds == {"xml"}:
        if len(files) > 1:
            raise ReturnFileError(
                ", ".join(map(str, files)), "a return is one XML file; more than one was given"
            )
        from safehold.returns.ssda903.read_xml import read_xml_file

        return read_xml_file(files[0], max_bytes=max_bytes)
    tables: dict[str, pl.DataFrame] = {}
    sources: dict[str, str] = {}
    for path in files:
        spec, frame = read_csv_file(path, max_bytes=max_bytes)
        if spec.name in tables:
            raise ReturnFileError(
                path,
                f"holds the {spec.name} table, which {sources[spec.name]} already holds; "
                "give one file per table",
            )
        tables[spec.name] = frame
        sources[spec.name] = str(path)
    return ReturnFiles(format="csv", tables=tables, sources=sources)
