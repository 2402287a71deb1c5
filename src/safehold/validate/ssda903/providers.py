"""The Ofsted provider lists the URN rules read, from the spreadsheets the user downloads.

Ofsted publishes "Children's homes" and "Social care providers" lists (older years, separate
files: a "Provider information" sheet; "Current providers" and "Providers closed" sheets) and,
since 2024, one combined list (a "Providers" sheet and often an "SA Providers" sheet for supported
accommodation). Their column names vary in case and wording from year to year, so each sheet's
header row is found by its ``URN`` cell and each column by a list of known names.

The result has one row per URN: ``URN``, ``PLACE_CODES`` and ``PROVIDER_CODES`` (lists of codes,
upper case), ``REG_END`` (date the registration ended, null while registered), ``POSTCODE`` (upper
case, no spaces), and ``LA_CODE``/``LA_NAME``, the upper-tier authority of that postcode (which is
where the provider is, not necessarily the authority named in the file, kept in
``LA_NAME_FROM_FILE``). A URN listed more than once (in two lists, say) gets the union of its
codes, and is registered if any listing has no end date.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path
from typing import Any

import polars as pl

from safehold.returns.ssda903.files import (
    DEFAULT_MAX_BYTES,
    ReturnFileError,
    check_text,
    read_limited,
)
from safehold.validate.ssda903.derived import PostcodeLookup
from safehold.validate.ssda903.postcodes import authorities

#: our column → names the Ofsted lists have used for it (compared case-insensitively)
COLUMN_NAMES: dict[str, tuple[str, ...]] = {
    "URN": ("urn",),
    "LA_NAME_FROM_FILE": ("local authority", "provider local authority", "setting local authority"),
    "PLACE_CODES": ("placement code", "provider code"),
    "PROVIDER_CODES": ("placement provider code", "provider placement code"),
    "REG_END": ("deregistration date", "closed date"),
    "POSTCODE": (
        "setting address postcode",
        "setting postcode",
        "provider postcode",
        "postcode",
    ),
}
#: Supported accommodation sheets list no placement type: their placements are K3.
SUPPORTED_ACCOMMODATION_CODE = "K3"
#: When a sheet has no placement provider code column, Ofsted's providers are private (PR4).
DEFAULT_PROVIDER_CODE = "PR4"
PROVIDER_SCHEMA: dict[str, Any] = {
    "URN": pl.String,
    "PLACE_CODES": pl.List(pl.String),
    "PROVIDER_CODES": pl.List(pl.String),
    "REG_END": pl.Date,
    "POSTCODE": pl.String,
    "LA_CODE": pl.String,
    "LA_NAME": pl.String,
    "LA_NAME_FROM_FILE": pl.String,
    "SOURCE": pl.String,
}
_HEADER_SEARCH_ROWS = 15
_NO_DATE = {"", "-", "NA", "N/A", "NONE", "NULL"}


def _norm(name: object) -> str:
    return re.sub(r"\s+", " ", str(name or "")).strip().lower()


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    text = str(value).strip()
    return text or None


def _codes(value: object) -> list[str]:
    text = _text(value)
    if text is None:
        return []
    parts = (p.strip().upper() for p in re.split(r"[,/;]", text))
    return [p for p in parts if p and p not in _NO_DATE]


def _date(value: object, where: str) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    if text is None or text.upper() in _NO_DATE:
        return None
    for fmt in ("%d/%m/%Y", "%Y-%m-%d", "%d-%m-%Y", "%Y-%m-%d %H:%M:%S"):
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError(f"{where}: {text!r} is not a date (expected DD/MM/YYYY)")


def _sheets(path: Path, data: bytes) -> Iterator[tuple[str, Iterator[Sequence[object]]]]:
    suffix = path.suffix.lower()
    if suffix in (".xlsx", ".xlsm"):
        import openpyxl

        try:
            book = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        except Exception as exc:  # openpyxl raises many types for a damaged file
            raise ReturnFileError(path, f"cannot be opened as an Excel workbook ({exc})") from None
        for sheet in book.worksheets:
            yield sheet.title, sheet.iter_rows(values_only=True)
        book.close()
    elif suffix == ".csv":
        text = check_text(path, data).decode("utf-8")
        yield "csv", iter(csv.reader(io.StringIO(text, newline="")))
    else:
        raise ReturnFileError(
            path,
            f"has the extension {path.suffix or '(none)'!r}; expected an Ofsted .xlsx or .csv list",
        )


def _find_header(rows: Iterator[Sequence[object]]) -> tuple[int, list[str]] | None:
    for number, row in enumerate(rows, 1):
        names = [_norm(c) for c in row]
        if "urn" in names:
            return number, names
        if number >= _HEADER_SEARCH_ROWS:
            return None
    return None


def _column_index(names: list[str]) -> dict[str, int]:
    found: dict[str, int] = {}
    for ours, candidates in COLUMN_NAMES.items():
        for candidate in candidates:
            if candidate in names:
                found[ours] = names.index(candidate)
                break
    return found


def _sheet_rows(path: Path, title: str, rows: Iterator[Sequence[object]]) -> list[dict[str, Any]]:
    header = _find_header(rows)
    if header is None:
        return []
    header_line, names = header
    index = _column_index(names)
    supported_accommodation = bool(re.match(r"(?i)^(sa\b|supported)", title.strip()))
    if "PLACE_CODES" not in index and "PROVIDER_CODES" not in index and not supported_accommodation:
        return []  # a sheet of registration conditions, say: it lists URNs but no codes
    missing = [c for c in ("POSTCODE",) if c not in index]
    if missing:
        wanted = " or ".join(repr(n) for n in COLUMN_NAMES["POSTCODE"])
        raise ReturnFileError(path, f"sheet {title!r}: no postcode column (expected {wanted})")
    source = f"{path.name}:{title}" if title != "csv" else path.name
    out: list[dict[str, Any]] = []
    for number, row in enumerate(rows, header_line + 1):

        def cell(name: str, row: Sequence[object] = row) -> object:
            i = index.get(name)
            return row[i] if i is not None and i < len(row) else None

        urn = _text(cell("URN"))
        if urn is None:
            continue
        if supported_accommodation:
            place = [SUPPORTED_ACCOMMODATION_CODE]
        else:
            place = _codes(cell("PLACE_CODES"))
        provider = (
            _codes(cell("PROVIDER_CODES")) if "PROVIDER_CODES" in index else [DEFAULT_PROVIDER_CODE]
        )
        try:
            reg_end = _date(cell("REG_END"), f"sheet {title!r} row {number}")
        except ValueError as exc:
            raise ReturnFileError(path, str(exc)) from None
        postcode = _text(cell("POSTCODE"))
        out.append(
            {
                "URN": urn.upper(),
                "PLACE_CODES": place,
                "PROVIDER_CODES": provider,
                "REG_END": reg_end,
                "POSTCODE": re.sub(r"\s+", "", postcode).upper() if postcode else None,
                "LA_NAME_FROM_FILE": _text(cell("LA_NAME_FROM_FILE")),
                "SOURCE": source,
            }
        )
    return out


def read_provider_rows(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> list[dict[str, Any]]:
    """Every provider row of one Ofsted list (all of its provider sheets)."""
    data = read_limited(path, max_bytes)
    rows: list[dict[str, Any]] = []
    for title, sheet in _sheets(path, data):
        rows.extend(_sheet_rows(path, title, sheet))
    if not rows:
        raise ReturnFileError(
            path,
            "holds no Ofsted provider list: expected a sheet with a URN column and a "
            "'Placement code' or 'Placement provider code' column",
        )
    return rows


def read_providers(
    paths: Iterable[Path],
    postcodes: PostcodeLookup | None = None,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> pl.DataFrame:
    """The provider table the URN rules read, from the Ofsted lists the user supplies."""
    rows: list[dict[str, Any]] = []
    for path in paths:
        rows.extend(read_provider_rows(path, max_bytes=max_bytes))
    raw = pl.DataFrame(rows, schema={k: v for k, v in PROVIDER_SCHEMA.items()
                                     if k not in ("LA_CODE", "LA_NAME")})  # fmt: skip
    merged = raw.group_by("URN", maintain_order=True).agg(
        pl.col("PLACE_CODES")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .unique(maintain_order=True),
        pl.col("PROVIDER_CODES")
        .list.explode(keep_nulls=False, empty_as_null=False)
        .unique(maintain_order=True),
        pl.when(pl.col("REG_END").is_null().any())
        .then(pl.lit(None, pl.Date))
        .otherwise(pl.col("REG_END").max())
        .first()
        .alias("REG_END"),
        pl.col("POSTCODE").drop_nulls().first(),
        pl.col("LA_NAME_FROM_FILE").drop_nulls().first(),
        pl.col("SOURCE").unique(maintain_order=True).str.join(", "),
    )
    return _with_authority(merged, postcodes).select(list(PROVIDER_SCHEMA))


def _with_authority(frame: pl.DataFrame, postcodes: PostcodeLookup | None) -> pl.DataFrame:
    if postcodes is None or frame.is_empty():
        return frame.with_columns(
            pl.lit(None, pl.String).alias("LA_CODE"), pl.lit(None, pl.String).alias("LA_NAME")
        )
    found = postcodes.lookup(frame["POSTCODE"].drop_nulls().unique())
    names = (
        authorities()
        .unique("UTLA21CD")
        .select(pl.col("UTLA21CD").alias("LA_CODE"), pl.col("UTLA21NM").alias("LA_NAME"))
    )
    places = found.select(pl.col("postcode").alias("POSTCODE"), pl.col("la").alias("LA_CODE"))
    return frame.join(places, on="POSTCODE", how="left").join(names, on="LA_CODE", how="left")
