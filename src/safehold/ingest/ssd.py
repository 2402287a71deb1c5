"""The Standard Safeguarding Dataset (SSD): load an authority's extract, write one out.

The mapping between SSD fields and the record's columns is not written here: each column of the
record names the SSD field it holds (``info["ssd"]``), and this module derives both directions
from that, so the mapping exists once. An extract is one CSV per ``ssd_*`` table (header row of
SSD field names). Importing checks every value first — type, length, DfE code, references — and
writes nothing unless the whole extract is good.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from safehold.access import FrameRequest, Gate
from safehold.codes import known_codes
from safehold.ingest.load import LOAD_PURPOSE, ProgressFn, as_gate, load_rows
from safehold.record import metadata

#: Writing the record out as an SSD extract is a use of it for the authority's statutory duties.
EXPORT_PURPOSE = "statutory_duties"

MAX_FILE_BYTES = 2 * 1024**3
MAX_ERRORS = 200
TRUE = {"Y", "YES", "1", "TRUE", "T"}
FALSE = {"N", "NO", "0", "FALSE", "F"}


@dataclass(frozen=True)
class FieldMap:
    ssd_field: str
    column: sa.Column[Any]


@dataclass(frozen=True)
class TableMap:
    ssd_table: str
    table: sa.Table
    fields: tuple[FieldMap, ...]


def ssd_tables() -> dict[str, TableMap]:
    """Every SSD table the record holds, with its fields in the record's column order."""
    found: dict[str, list[FieldMap]] = defaultdict(list)
    owner: dict[str, sa.Table] = {}
    for table in metadata.sorted_tables:
        for column in table.columns:
            ref = column.info.get("ssd")
            if not ref:
                continue
            ssd_table, _, field = ref.partition(".")
            if owner.setdefault(ssd_table, table) is not table:
                raise RuntimeError(f"{ssd_table} is mapped to both {owner[ssd_table]} and {table}")
            found[ssd_table].append(FieldMap(field, column))
    return {name: TableMap(name, owner[name], tuple(fields)) for name, fields in found.items()}


@dataclass(frozen=True)
class ImportProblem:
    file: str
    line: int | None
    column: str | None
    value: str | None
    expected: str

    def __str__(self) -> str:
        where = self.file + (f", line {self.line}" if self.line is not None else "")
        if self.column is None:
            return f"{where}: {self.expected}"
        return f"{where}, column {self.column}: {self.value!r} — expected {self.expected}"


class SsdImportError(Exception):
    """The extract was refused; nothing was written. ``problems`` says everything that was wrong."""

    def __init__(self, problems: list[ImportProblem]) -> None:
        shown = "\n".join(f"  {p}" for p in problems[:20])
        more = f"\n  ... and {len(problems) - 20} more" if len(problems) > 20 else ""
        super().__init__(
            f"the SSD extract was not loaded ({len(problems)} problems):\n{shown}{more}"
        )
        self.problems = problems


# -- converting values ------------------------------------------------------------------------


def _parse_date(text: str) -> dt.date:
    for fmt in ("%Y-%m-%d", "%Y-%m-%d %H:%M:%S", "%Y-%m-%dT%H:%M:%S", "%d/%m/%Y",
                "%Y-%m-%d %H:%M:%S.%f"):  # fmt: skip
        try:
            return dt.datetime.strptime(text, fmt).date()
        except ValueError:
            continue
    raise ValueError


def _convert(column: sa.Column[Any], text: str) -> tuple[Any, str | None]:
    """The value for ``column`` from the CSV text, or an explanation of what was expected."""
    if text == "":
        return None, None
    code_set = column.info.get("code_set")
    if code_set:
        if text not in known_codes(code_set):
            return None, f"a DfE {code_set} code"
        return text, None
    type_ = column.type
    if isinstance(type_, sa.Date):
        try:
            return _parse_date(text), None
        except ValueError:
            return None, "a date (YYYY-MM-DD)"
    if isinstance(type_, sa.Boolean):
        upper = text.strip().upper()
        if upper in TRUE:
            return True, None
        if upper in FALSE:
            return False, None
        return None, "a flag (Y or N)"
    if isinstance(type_, sa.Integer):
        try:
            return int(text), None
        except ValueError:
            return None, "a whole number"
    if isinstance(type_, sa.Float):
        try:
            return float(text), None
        except ValueError:
            return None, "a number"
    if isinstance(type_, sa.JSON):
        try:
            return json.loads(text), None
        except ValueError:
            if column.name == "factors":
                return [p.strip() for p in text.split(",") if p.strip()], None
            return text, None
    length = getattr(type_, "length", None)
    if length is not None and len(text) > length:
        return None, f"text of at most {length} characters"
    return text, None


def _format(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "Y" if value else "N"
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, list | dict):
        return json.dumps(value, separators=(",", ":"))
    if isinstance(value, float) and value.is_integer():
        return repr(value)
    return str(value)


# -- reading ----------------------------------------------------------------------------------


def _read_csv(
    path: Path, expected: list[str], problems: list[ImportProblem]
) -> Iterator[tuple[int, dict[str, str]]]:
    size = path.stat().st_size
    if size > MAX_FILE_BYTES:
        problems.append(ImportProblem(path.name, None, None, None,
                                      f"a file under {MAX_FILE_BYTES // 1024**3} GB; this one is "
                                      f"{size / 1024**3:.1f} GB"))  # fmt: skip
        return
    raw = path.read_bytes()
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")):
        problems.append(ImportProblem(path.name, None, None, None,
                                      "UTF-8 text; this file is UTF-16 (save it as UTF-8 CSV)"))  # fmt: skip
        return
    try:
        text = raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        problems.append(ImportProblem(path.name, None, None, None,
                                      f"UTF-8 text; byte {exc.start} is not UTF-8"))  # fmt: skip
        return
    reader = csv.DictReader(io.StringIO(text, newline=""))
    if reader.fieldnames is None:
        problems.append(ImportProblem(path.name, 1, None, None, "a header row of SSD field names"))
        return
    missing = [f for f in expected if f not in reader.fieldnames]
    extra = [f for f in reader.fieldnames if f not in expected]
    if missing or extra:
        problems.append(ImportProblem(
            path.name, 1, None, None,
            f"the SSD fields of {path.stem}"
            + (f"; missing {', '.join(missing)}" if missing else "")
            + (f"; unknown {', '.join(extra)}" if extra else ""),
        ))  # fmt: skip
        return
    for row in reader:
        yield reader.line_num, {k: (v or "").strip() for k, v in row.items() if k is not None}


def read_extract(
    folder: Path, *, known_ids: Mapping[str, set[str]] | None = None
) -> dict[str, list[dict[str, Any]]]:
    """Read and check every ``ssd_*.csv`` in ``folder``; raise :class:`SsdImportError` listing
    every problem, or return the rows per record table, ready to load."""
    maps = ssd_tables()
    problems: list[ImportProblem] = []
    rows: dict[str, list[dict[str, Any]]] = defaultdict(list)
    lines: dict[tuple[str, str], tuple[str, int]] = {}
    files = sorted(folder.glob("ssd_*.csv"))
    if not folder.is_dir():
        raise SsdImportError(
            [ImportProblem(str(folder), None, None, None, "a folder of ssd_*.csv files")]
        )
    if not files:
        raise SsdImportError([ImportProblem(str(folder), None, None, None,
                                            "at least one ssd_*.csv file in the folder")])  # fmt: skip
    for path in files:
        mapping = maps.get(path.stem)
        if mapping is None:
            problems.append(ImportProblem(path.name, None, None, None,
                                          "an SSD table the record holds: " + ", ".join(sorted(maps))))  # fmt: skip
            continue
        expected = [f.ssd_field for f in mapping.fields]
        for line, record in _read_csv(path, expected, problems):
            values: dict[str, Any] = {}
            for field in mapping.fields:
                value, wrong = _convert(field.column, record.get(field.ssd_field, ""))
                if wrong:
                    problems.append(ImportProblem(path.name, line, field.ssd_field,
                                                  record.get(field.ssd_field), wrong))  # fmt: skip
                values[field.column.name] = value
            _fill_defaults(mapping.table, values, path.stem, line)
            rows[mapping.table.name].append(values)
            lines[(mapping.table.name, str(values.get("id")))] = (path.name, line)
            if len(problems) >= MAX_ERRORS:
                raise SsdImportError(problems)
    _derive(rows)
    problems.extend(_check_references(rows, lines, known_ids or {}))
    problems.extend(_check_required(rows, lines))
    if problems:
        raise SsdImportError(problems)
    return dict(rows)


def _fill_defaults(table: sa.Table, values: dict[str, Any], stem: str, line: int) -> None:
    if values.get("id") is None and "id" in table.c:
        values["id"] = f"{stem}-{line}"  # a table without an SSD id (ssd_cla_immunisations)
    if table.name == "person":
        values.setdefault("kind", "child")
    values["source"] = "case_management"


def _derive(rows: dict[str, list[dict[str, Any]]]) -> None:
    """Fill record columns the SSD leaves implicit (a review's child, from its period of care)."""
    period_person = {e["period_id"]: e["person_id"] for e in rows.get("cla_episode", [])
                     if e.get("period_id")}  # fmt: skip
    for review in rows.get("cla_review", []):
        if review.get("person_id") is None:
            review["person_id"] = period_person.get(review.get("period_id"))


def _check_required(rows: Mapping[str, list[dict[str, Any]]],
                    lines: Mapping[tuple[str, str], tuple[str, int]]) -> Iterable[ImportProblem]:  # fmt: skip
    for name, table_rows in rows.items():
        table = metadata.tables[name]
        required = [c for c in table.columns
                    if not c.nullable and c.default is None and c.name not in
                    ("import_id", "recorded_by", "recorded_at", "source")]  # fmt: skip
        for row in table_rows:
            for column in required:
                if row.get(column.name) is None:
                    file, line = lines.get((name, str(row.get("id"))), (name, 0))
                    ssd = column.info.get("ssd", "").partition(".")[2] or column.name
                    yield ImportProblem(file, line, ssd, None, "a value (this field is required)")


def _check_references(rows: Mapping[str, list[dict[str, Any]]],
                      lines: Mapping[tuple[str, str], tuple[str, int]],
                      known_ids: Mapping[str, set[str]]) -> Iterable[ImportProblem]:  # fmt: skip
    ids: dict[str, set[str]] = {name: {str(r["id"]) for r in rs} for name, rs in rows.items()}
    for name, table_rows in rows.items():
        table = metadata.tables[name]
        for fk in table.foreign_keys:
            target = fk.column.table.name
            if fk.parent.name == "import_id":
                continue
            present = ids.get(target, set()) | known_ids.get(target, set())
            for row in table_rows:
                value = row.get(fk.parent.name)
                if value is not None and str(value) not in present:
                    file, line = lines.get((name, str(row.get("id"))), (name, 0))
                    ssd = fk.parent.info.get("ssd", "").partition(".")[2] or fk.parent.name
                    yield ImportProblem(file, line, ssd, str(value),
                                        f"the id of a row in {target} (none has this id)")  # fmt: skip


def import_extract(target: Gate | sa.Engine, folder: Path, *, by: str | None = None,
                   progress: ProgressFn | None = None) -> tuple[str, int]:  # fmt: skip
    """Check and load an extract in one transaction; return the import id and rows written.

    ``target`` is the gate to load through (an engine: the service identity ``by``)."""
    gate = as_gate(target, by, LOAD_PURPOSE)
    targets = sorted({fk.column.table.name for t in metadata.tables.values()
                      for fk in t.foreign_keys} - {"data_import"})  # fmt: skip
    frames = gate.read_frames(
        [FrameRequest(name, ["id"]) for name in targets if "id" in metadata.tables[name].c],
        detail="ids already held, to check the extract's references",
    )
    known = {name: {str(i) for i in frame["id"]} for name, frame in frames.items()}
    rows = read_extract(folder, known_ids=known)
    import_id = load_rows(gate, rows, kind="ssd", origin=str(folder), progress=progress)
    return import_id, sum(len(r) for r in rows.values())


def export_extract(
    target: Gate | sa.Engine, folder: Path, *, by: str | None = None
) -> dict[str, int]:
    """Write one ``ssd_*.csv`` per SSD table the record holds; return rows written per file.

    Read through the gate (an engine: the service identity ``by``), as one ``export`` event;
    people whose processing is restricted are left out unless the purpose allows them."""
    gate = as_gate(target, by, EXPORT_PURPOSE)
    maps = sorted(ssd_tables().items())
    requests = []
    for _name, mapping in maps:
        columns = [f.column for f in mapping.fields]
        # A canonical order whatever the row ids (JSON has no ordering in PostgreSQL).
        order = [c.name for c in columns if not isinstance(c.type, sa.JSON)]
        requests.append(FrameRequest(mapping.table.name, [c.name for c in columns], order_by=order))
    frames = gate.read_frames(requests, action="export", detail=f"SSD extract to {folder}")
    folder.mkdir(parents=True, exist_ok=True)
    written: dict[str, int] = {}
    for name, mapping in maps:
        path = folder / f"{name}.csv"
        frame = frames[mapping.table.name]
        with path.open("w", encoding="utf-8", newline="") as handle:
            writer = csv.writer(handle)
            writer.writerow([f.ssd_field for f in mapping.fields])
            for row in frame.iter_rows():
                writer.writerow([_format(v) for v in row])
        written[name] = frame.height
    return written
