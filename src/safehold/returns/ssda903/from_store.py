"""The SSDA903 return and the store, through the gate: build a year's return from the record, and
load a return into it.

Building reads the record tables the builder needs (:data:`READS`, children only from ``person``)
in one audited read for the ``statutory_duties`` purpose, then calls the pure
:func:`~safehold.returns.ssda903.build.build_return`. Importing converts the return with
:func:`~safehold.returns.ssda903.to_record.return_to_rows`, checks it against what the store
already holds (a child or episode already there is a problem, not a silent duplicate; a social
worker already held by registration number is reused), and loads everything in one transaction
for the ``storage`` purpose, or nothing.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

import polars as pl
import sqlalchemy as sa

from safehold.access import FrameRequest, Gate
from safehold.ingest.load import LOAD_PURPOSE, ProgressFn, as_gate
from safehold.record import metadata
from safehold.returns.ssda903.build import build_return
from safehold.returns.ssda903.files import DEFAULT_MAX_BYTES, ReturnFileError
from safehold.returns.ssda903.read import ReturnFiles, read_return
from safehold.returns.ssda903.record_frames import READS
from safehold.returns.ssda903.schema import BY_NAME, tables_for
from safehold.returns.ssda903.to_record import ImportProblem, ReturnImportError, return_to_rows

#: Building a statutory return is the authority's statutory duty (the register's purpose).
RETURN_PURPOSE = "statutory_duties"
IMPORT_KIND = "ssda903_return"


def read_record(gate: Gate, year: int) -> dict[str, pl.DataFrame]:
    """The record frames the builder needs, in one audited read."""
    person = metadata.tables["person"]
    requests = [
        FrameRequest(
            table, list(columns), where=person.c.kind == "child" if table == "person" else None
        )
        for table, columns in READS.items()
    ]
    return gate.read_frames(requests, detail=f"SSDA903 return for {year - 1}/{year % 100:02d}")


def build_from_store(
    target: Gate | sa.Engine, year: int, *, by: str | None = None
) -> dict[str, pl.DataFrame]:
    """The year's return built from the record (``target`` a gate, or an engine for a service
    identity ``by``)."""
    gate = as_gate(target, by, RETURN_PURPOSE)
    return build_return(year, read_record(gate, year))


def expand(paths: Sequence[Path]) -> list[Path]:
    """Files as given; a directory stands for the ``.csv`` and ``.xml`` files directly in it."""
    out: list[Path] = []
    for path in paths:
        if not path.exists():
            raise ReturnFileError(path, "no such file or folder")
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


def _read(paths: Sequence[Path], year: int, max_bytes: int) -> ReturnFiles:
    files = read_return(expand(paths), max_bytes=max_bytes)
    allowed = {t.name for t in tables_for(year)}
    for name, source in files.sources.items():
        if name not in allowed:
            raise ReturnFileError(
                source,
                f"holds the {name} table, which the {year} return does not have "
                f"(it starts in {BY_NAME[name].since})",
            )
    return files


def _against_store(
    gate: Gate, rows: dict[str, list[dict[str, Any]]]
) -> tuple[dict[str, list[dict[str, Any]]], list[ImportProblem]]:
    """Rows that the store can take: social workers matched to those it holds by registration
    number; anything else already held is a problem."""
    requests = [FrameRequest(name, ["id"]) for name in rows if name != "professional"]
    requests.append(FrameRequest("professional", ["id", "registration_number"]))
    held = gate.read_frames(requests, detail="ids already held, to check an SSDA903 import")
    by_number = {
        str(number): str(pid)
        for pid, number in held["professional"].iter_rows()
        if number is not None
    }
    out = dict(rows)
    if "professional" in rows:
        remap = {
            p["id"]: by_number[p["registration_number"]]
            for p in rows["professional"]
            if p["registration_number"] in by_number
        }
        out["professional"] = [p for p in rows["professional"] if p["id"] not in remap]
        out["involvement"] = [
            r | {"professional_id": remap.get(r["professional_id"], r["professional_id"])}
            for r in rows.get("involvement", [])
        ]
    problems = []
    for name, table_rows in out.items():
        if name == "professional":
            continue
        ids = {str(i) for i in held[name]["id"]}
        again = [row["id"] for row in table_rows if row["id"] in ids]
        if again:
            problems.append(
                ImportProblem(
                    f"record table {name}",
                    None,
                    "id",
                    ", ".join(again[:3]),
                    f"rows the store does not hold yet, but it already holds {len(again)} of "
                    f"the {len(table_rows)} this return would add: it, or part of it, was "
                    "loaded before",
                )
            )
    return out, problems


def import_return(
    target: Gate | sa.Engine,
    year: int,
    paths: Sequence[Path],
    previous: Sequence[Path] | None = None,
    *,
    by: str | None = None,
    max_bytes: int = DEFAULT_MAX_BYTES,
    progress: ProgressFn | None = None,
) -> tuple[str, dict[str, int]]:
    """Load a year's return (and last year's, if given) into the record, all or nothing.

    Returns the import id and the rows written per record table. Raises
    :class:`~safehold.returns.ssda903.files.ReturnFileError` for a file that cannot be read and
    :class:`ReturnImportError` for a return that does not fit the record.
    """
    gate = as_gate(target, by, LOAD_PURPOSE)
    files = _read(paths, year, max_bytes)
    before = _read(previous, year - 1, max_bytes) if previous else None
    rows = return_to_rows(
        year,
        files.tables,
        before.tables if before is not None else None,
        sources=files.sources,
    )
    rows, problems = _against_store(gate, rows)
    if problems:
        raise ReturnImportError(problems)
    origin = ", ".join(str(p) for p in paths)
    import_id = gate.load_rows(
        rows, kind=IMPORT_KIND, origin=f"SSDA903 {year} return: {origin}"[:500], progress=progress
    )
    return import_id, {name: len(table_rows) for name, table_rows in rows.items() if table_rows}


__all__ = [
    "IMPORT_KIND",
    "RETURN_PURPOSE",
    "build_from_store",
    "expand",
    "import_return",
    "read_record",
]
