"""Reading a CIN census XML file into its tables, streaming and hardened against hostile input.

The file is parsed with ``lxml.etree.iterparse`` one ``Child`` at a time; each child is turned
into rows, validated against the year's schema, and then cleared, so memory is bounded by the
tables being built, not by the size of the XML tree. Values are collected in plain Python lists
and moved into Polars frames, column by column, every :data:`CHUNK_ROWS` rows of a table; no frame
is ever made for one row.

What is refused, before anything else is read: a file over the size limit (checked with ``stat``),
a file that is not XML, any DOCTYPE (and with it every entity declaration, so no entity bomb and no
external entity can be expanded), a root element other than ``Message``, and a root in a namespace.
A file that ends early is refused with the line where it ended. Schema errors do not stop reading:
they are returned as :class:`SchemaProblem` rows and the rules still run on what was read.
"""

from __future__ import annotations

import gc
import io
import os
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, cast

import polars as pl
from lxml import etree

from safehold.returns.cin_census.schema import NoSchema, part_schema
from safehold.returns.cin_census.tables import BY_NAME, CinTable, tables_for

#: A census is refused unread above this size (bytes) unless the caller raises the limit.
DEFAULT_MAX_BYTES = 4 * 1024**3
#: Rows held in Python lists before they are moved into a Polars frame.
CHUNK_ROWS = 50_000
#: Children read between checks on whether a table's rows should move into a frame.
FLUSH_EVERY = 1024
#: Schema problems kept in full; beyond this they are counted and summarised in one problem.
DEFAULT_MAX_PROBLEMS = 1_000

LINE = "_line"
LINE_SUFFIX = "__line"

#: The parser options every read uses: nothing is fetched, loaded or expanded.
SAFE_PARSER_OPTIONS: dict[str, bool] = {
    "resolve_entities": False,
    "no_network": True,
    "load_dtd": False,
    "huge_tree": False,
}


class CensusReadError(Exception):
    """The file cannot be read as a CIN census at all (the message says why, and where)."""

    def __init__(self, path: Path | str, message: str, line: int | None = None) -> None:
        where = f"{path}" + (f", line {line}" if line else "")
        super().__init__(f"{where}: {message}")
        self.path = str(path)
        self.reason = message
        self.line = line


@dataclass(frozen=True)
class SchemaProblem:
    """A place where the file does not match the year's schema (reading went on regardless)."""

    message: str
    line: int | None
    element: str | None


@dataclass
class CensusRead:
    """What a read produced: raw text tables (with ``_line`` and ``<field>__line``) and problems."""

    year: int
    tables: dict[str, pl.DataFrame]
    problems: list[SchemaProblem] = field(default_factory=list)
    children: int = 0
    #: schema problems found in all, including those beyond the listing limit
    problem_count: int = 0


#: libxml2 keeps an element's own line in 16 bits; past it, lxml reports the line of the
#: element's first text node, which ends after any newlines that open the element's content.
_BIG_LINE = 65535


def element_line(element: etree._Element) -> int | None:
    """The line an element starts on, also past line 65,535 (see :data:`_BIG_LINE`)."""
    line = cast(int | None, element.sourceline)
    if line is not None and line >= _BIG_LINE:
        text = element.text
        if text:
            line -= text.count("\n")
    return line


_FACET = re.compile(r"\[facet '[^']*'\] ")


def clean_message(message: str) -> str:
    """libxml2's schema message without its ``[facet 'enumeration']`` tag (noise to a reader,
    and markup to Rich)."""
    return _FACET.sub("", str(message)).strip()


# ---------------------------------------------------------------------------------------------
# Column buffers


class _Buffer:
    """One table's rows as Python lists, moved into Polars frames a chunk at a time.

    A row is a list ``[line, key..., field, field_line, ...]``: filling a preallocated list by
    slot is the cheapest thing Python can do per element, and ``zip(*rows)`` turns a chunk into
    per-column sequences in C when it is handed to Polars.
    """

    def __init__(self, spec: CinTable) -> None:
        self.spec = spec
        self.frames: list[pl.DataFrame] = []
        self.schema: dict[str, pl.DataType | type[pl.DataType]] = {LINE: pl.UInt32}
        self.schema.update(dict.fromkeys(spec.keys, pl.String))
        first = 1 + len(spec.keys)
        self.slot: dict[object, int] = {}
        for i, name in enumerate(spec.fields):
            self.schema[name] = pl.String
            self.schema[name + LINE_SUFFIX] = pl.UInt32
            self.slot[name] = first + 2 * i
        self.blank: list[None] = [None] * (2 * len(spec.fields))
        self.rows: list[list[object]] = []

    def new_row(self, line: object, keys: tuple[str | None, ...]) -> list[object]:
        row: list[object] = [line, *keys, *self.blank]
        self.rows.append(row)
        return row

    def add(self, element: etree._Element, keys: tuple[str | None, ...]) -> list[object]:
        """A row for a flat element whose children are the table's fields."""
        # lxml-stubs types sourceline as Ellipsis; it is an int or None.
        line: int | None = element.sourceline  # type: ignore[assignment]
        if line is not None and line >= _BIG_LINE:
            line = element_line(element)
        row: list[object] = [line, *keys, *self.blank]
        self.rows.append(row)
        slot = self.slot
        for part in element:
            i = slot.get(part.tag)
            if i is not None:  # a repeated field is a schema error; the last one is kept
                row[i] = part.text
                row[i + 1] = part.sourceline
        return row

    def add_value(self, keys: tuple[str | None, ...], element: etree._Element) -> None:
        """A row of a one-field table, from ``element`` itself (one repeated code, say)."""
        line = element.sourceline
        self.rows.append([line, *keys, element.text, line])

    def flush(self) -> None:
        if not self.rows:
            return
        columns = list(zip(*self.rows, strict=True))
        data = dict(zip(self.schema, columns, strict=True))
        self.frames.append(pl.DataFrame(data, schema=self.schema))
        self.rows = []

    def maybe_flush(self) -> None:
        if len(self.rows) >= CHUNK_ROWS:
            self.flush()

    def frame(self) -> pl.DataFrame:
        self.flush()
        if not self.frames:
            return pl.DataFrame(schema=self.schema)
        if len(self.frames) == 1:
            return self.frames[0]
        return pl.concat(self.frames, how="vertical", rechunk=True)


# ---------------------------------------------------------------------------------------------
# The reader


class _Reader:
    def __init__(self, year: int, *, validate: bool, max_problems: int, segment: int = 0) -> None:
        self.year = year
        #: 0 for a whole file or its first part; the later parts of a parallel read count on
        self.segment = segment
        self.validate = validate
        self.max_problems = max_problems
        self.schema = part_schema(year) if validate else None
        self.buffers = {spec.name: _Buffer(spec) for spec in _all_tables()}
        self.problems: list[SchemaProblem] = []
        self.problem_count = 0
        self.children = 0
        self.headers = 0
        #: set when the file's layout (not a child's content) is wrong; see _read_parallel
        self.structural = False
        self._cin_id = 0
        self._assessment_id = 0
        self._cpp_id = 0

    # problems -------------------------------------------------------------------------------
    def problem(self, message: str, line: object, element: str | None) -> None:
        # ``line`` is an element's ``sourceline`` (an int, or None when libxml2 lost it).
        self.problem_count += 1
        if len(self.problems) < self.max_problems:
            number = line if isinstance(line, int) and line > 0 else None
            self.problems.append(SchemaProblem(message, number, element))

    def _validate(self, element: etree._Element, la: str | None, header: bool = False) -> None:
        if self.schema is None or self.schema.validate(element):
            return
        who = "Header" if header else self._who(la, element)
        entries = cast(Iterable[Any], self.schema.error_log)
        for entry in entries:
            path = str(entry.path).lstrip("/") if entry.path else None
            self.problem(f"{who}: {clean_message(entry.message)}", entry.line, path)

    # header ---------------------------------------------------------------------------------
    def header(self, element: etree._Element) -> None:
        self.headers += 1
        if self.headers > 1:
            self.structural = True
            self.problem("a second Header: the census has exactly one", element.sourceline, None)
            return
        self._validate(element, None, header=True)
        buffer = self.buffers["Header"]
        row: list[object] | None = None
        for tag in ("CollectionDetails", "Source"):
            part = element.find(tag)
            if part is None:
                continue
            if row is None:
                row = buffer.add(part, ())
                continue
            for item in part:
                i = buffer.slot.get(item.tag)
                if i is not None and row[i + 1] is None:
                    row[i] = item.text
                    row[i + 1] = item.sourceline
        if row is None:
            buffer.new_row(element_line(element), ())

    # one child ------------------------------------------------------------------------------
    def child(self, element: etree._Element) -> None:
        self.children += 1
        b = self.buffers
        identifiers = b["ChildIdentifiers"]
        la: str | None = None
        row: list[object] | None = None
        slot = identifiers.slot
        for part in element:
            if part.tag == "ChildIdentifiers":
                row = identifiers.new_row(element_line(part), (None,))
                for item in part:
                    tag = item.tag
                    if tag == "LAchildID":
                        la = item.text
                        continue
                    i = slot.get(tag)
                    if i is not None:
                        row[i] = item.text
                        row[i + 1] = item.sourceline
                row[1] = la
                break
        if row is None:
            # No identifiers at all: the child still counts, so that the rules can say so.
            identifiers.new_row(element_line(element), (None,))
        self._validate(element, la)
        keys = (la,)
        last_cin: str | None = None
        for part in element:
            tag = part.tag
            if tag == "CINdetails":
                last_cin = self._cin_details(part, la)
            elif tag == "ChildCharacteristics":
                b["ChildCharacteristics"].add(part, keys)
                for wrapper in part:
                    if wrapper.tag == "Disabilities":
                        for item in wrapper:
                            if item.tag == "Disability":
                                b["Disabilities"].add_value(keys, item)
            elif tag == "ChildProtectionPlans":
                # The pre-2013 layout put plans under Child; they belong to its latest episode.
                self._plan(part, la, last_cin)
        if self.children % FLUSH_EVERY == 0:
            for buffer in b.values():
                buffer.maybe_flush()

    def _who(self, la: str | None, element: etree._Element) -> str:
        if la and la.strip():
            return f"child {la.strip()}"
        return f"the child at line {element_line(element)} (no LAchildID)"

    def _cin_details(self, element: etree._Element, la: str | None) -> str:
        self._cin_id += 1
        cin = str(self._cin_id)
        b = self.buffers
        b["CINdetails"].add(element, (la, cin))
        for part in element:
            tag = part.tag
            if tag == "Assessments":
                self._assessment_id += 1
                keys = (la, cin, str(self._assessment_id))
                b["Assessments"].add(part, keys)
                for wrapper in part:
                    if wrapper.tag == "FactorsIdentifiedAtAssessment":
                        for item in wrapper:
                            if item.tag == "AssessmentFactors":
                                b["AssessmentFactorsList"].add_value(keys, item)
            elif tag == "CINPlanDates":
                b["CINplanDates"].add(part, (la, cin))
            elif tag == "Section47":
                b["Section47"].add(part, (la, cin))
            elif tag == "ChildProtectionPlans":
                self._plan(part, la, cin)
            elif tag == "PreProceedingsandFGDM":
                b["PreProceedings"].add(part, (la, cin))
        return cin

    def _plan(self, element: etree._Element, la: str | None, cin: str | None) -> None:
        self._cpp_id += 1
        keys = (la, cin, str(self._cpp_id))
        b = self.buffers
        b["ChildProtectionPlans"].add(element, keys)
        for wrapper in element:
            if wrapper.tag != "Reviews":
                continue
            dates = 0
            for item in wrapper:
                if item.tag == "CPPreviewDate":
                    dates += 1
                    b["Reviews"].add_value(keys, item)
            if not dates:
                # A review record with no date at all still counts (rule 8842Q reports it).
                b["Reviews"].new_row(element_line(wrapper), keys)

    def tables(self) -> dict[str, pl.DataFrame]:
        return {spec.name: self.buffers[spec.name].frame() for spec in tables_for(self.year)}


def _all_tables() -> tuple[CinTable, ...]:
    return tuple(BY_NAME.values())


# ---------------------------------------------------------------------------------------------
# Checks before reading


def check_size(path: Path, max_bytes: int) -> int:
    """Refuse a file over ``max_bytes`` without opening it; return its size."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise CensusReadError(path, "no such file") from None
    except OSError as exc:
        raise CensusReadError(path, f"cannot be read ({exc.strerror})") from None
    if not path.is_file():
        raise CensusReadError(path, "is not a file")
    if size > max_bytes:
        raise CensusReadError(
            path,
            f"the file is {size:,} bytes, over the limit of {max_bytes:,} bytes; it was not "
            "read (raise the limit if this really is a census)",
        )
    if not os.access(path, os.R_OK):
        raise CensusReadError(path, "cannot be read (permission denied)")
    return size


def check_root(path: Path) -> None:
    """Parse only up to the root element and refuse what a census can never be."""
    try:
        for _event, root in etree.iterparse(str(path), events=("start",), **SAFE_PARSER_OPTIONS):
            docinfo = root.getroottree().docinfo
            if docinfo.internalDTD is not None or docinfo.doctype or docinfo.system_url:
                raise CensusReadError(
                    path,
                    "the file has a DOCTYPE declaration; a CIN census never has one, and entity "
                    "declarations (entity expansion, external entities) are refused for safety",
                )
            qname = etree.QName(root)
            if qname.namespace:
                raise CensusReadError(
                    path,
                    f"the file uses the namespace {qname.namespace!r} on its root element; the "
                    "CIN census has no namespace (remove the xmlns declaration)",
                    root.sourceline,
                )
            if qname.localname != "Message":
                raise CensusReadError(
                    path,
                    f"the root element is <{qname.localname}>; a CIN census file's root element "
                    "is <Message>",
                    root.sourceline,
                )
            return
    except etree.XMLSyntaxError as exc:
        if exc.lineno == 0 or "no element found" in str(exc.msg) or "Document is empty" in exc.msg:
            raise CensusReadError(path, "is not an XML file: it is empty") from None
        raise CensusReadError(
            path, f"is not an XML file (line {exc.lineno}: {_plain(exc.msg)})"
        ) from None
    raise CensusReadError(path, "is not an XML file: it has no root element")


def _plain(message: str) -> str:
    """libxml2's message without its trailing ', line N, column M'."""
    text = message.strip()
    cut = text.rfind(", line ")
    return text[:cut] if cut > 0 else text


def _line_count(path: Path) -> int:
    lines = 1
    with path.open("rb") as handle:
        while chunk := handle.read(1 << 20):
            lines += chunk.count(b"\n")
    return lines


def _syntax_error(path: Path, exc: etree.XMLSyntaxError) -> CensusReadError:
    line = exc.lineno or None
    last = _line_count(path)
    truncated = "Premature end of data" in exc.msg or (line is not None and line >= last)
    if truncated:
        return CensusReadError(
            path,
            f"the file ends early, at line {last}: it looks truncated ({_plain(exc.msg)}); "
            "nothing was validated",
            last,
        )
    if "XML_PARSE_HUGE" in exc.msg or "Excessive depth" in exc.msg:
        return CensusReadError(
            path,
            "goes beyond the reader's safety limits (elements nested more than 256 deep, or one "
            "value longer than 10 MB), which no census needs; it was refused and nothing was "
            f"validated ({_plain(exc.msg).split(',')[0]})",
            line,
        )
    return CensusReadError(
        path, f"is not well-formed XML ({_plain(exc.msg)}); nothing was validated", line
    )


# ---------------------------------------------------------------------------------------------
# Entry point


def _events(source: str | IO[bytes]) -> Iterator[tuple[str, etree._Element]]:
    yield from etree.iterparse(
        source,
        events=("end",),
        tag=("Header", "Child", "Children", "Message"),
        **SAFE_PARSER_OPTIONS,
    )


def read_census(
    path: Path | str,
    year: int,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    validate: bool = True,
    max_problems: int = DEFAULT_MAX_PROBLEMS,
    workers: int | None = None,
) -> CensusRead:
    """Read a census file of collection ``year`` (the year it ends) into its tables.

    ``workers`` is how many processes read the file: None reads a file of at least
    :data:`PARALLEL_MIN_BYTES` with one process per CPU (up to :data:`MAX_WORKERS`) and a smaller
    one in this process; 1 always reads in this process. The result is the same either way.

    Raises :class:`CensusReadError` when the file cannot be read as a census at all, and
    :class:`~safehold.returns.cin_census.schema.NoSchema` for a year with no schema when
    ``validate`` is true.
    """
    path = Path(path)
    size = check_size(path, max_bytes)
    if validate:
        part_schema(year)  # NoSchema before any reading
    check_root(path)
    if workers is None:
        workers = min(MAX_WORKERS, os.cpu_count() or 1) if size >= PARALLEL_MIN_BYTES else 1
    if workers > 1:
        parallel = _read_parallel(path, year, size, workers, validate, max_problems)
        if parallel is not None:
            return parallel
    reader = _Reader(year, validate=validate, max_problems=max_problems)
    # Every row is a small list that lives until its chunk is flushed; the cyclic garbage
    # collector would walk them all again and again (it doubled the time of a read), and
    # nothing made here forms a cycle, so it is paused for the read.
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read_into(reader, path)
        tables = reader.tables()
    finally:
        if collecting:
            gc.enable()
    if reader.children == 0:
        reader.problem("the census holds no Child: Children needs at least one", None, "Children")
    return _result(year, tables, reader.problems, reader.problem_count, reader.children)


def _result(
    year: int,
    tables: dict[str, pl.DataFrame],
    listed: list[SchemaProblem],
    count: int,
    children: int,
) -> CensusRead:
    problems = list(listed)
    if count > len(problems):
        problems.append(
            SchemaProblem(
                f"... and {count - len(problems):,} more schema problems not listed", None, None
            )
        )
    return CensusRead(
        year=year, tables=tables, problems=problems, children=children, problem_count=count
    )


def _read_into(reader: _Reader, path: Path, source: IO[bytes] | None = None) -> None:
    """Read every child of ``path`` (or of ``source``, a segment of it) into ``reader``."""
    try:
        for _event, element in _events(str(path) if source is None else source):
            tag = element.tag
            parent = element.getparent()
            if tag == "Child":
                reader.child(element)
                element.clear()
                if parent is not None and parent.tag == "Children":
                    _drop_before(reader, parent, element)
            elif tag == "Header" and parent is not None and parent.getparent() is None:
                reader.structural |= reader.segment > 0
                reader.header(element)
            elif tag == "Children" and parent is not None and parent.getparent() is None:
                _drop_before(reader, element, None)
            elif tag == "Message" and parent is None:
                if reader.segment == 0:
                    _check_message(reader, element)
                elif [p.tag for p in element if isinstance(p.tag, str)] != ["Children"]:
                    reader.structural = True  # something after </Children>: read it whole
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from None


def _drop_before(reader: _Reader, parent: etree._Element, upto: etree._Element | None) -> None:
    """Free what precedes ``upto`` in ``parent`` (all of it when None), noting stray elements."""
    while len(parent):
        first = parent[0]
        if first is upto:
            return
        if isinstance(first.tag, str) and first.tag != "Child":
            reader.structural = True
            reader.problem(
                f"unexpected element <{first.tag}> in Children: only Child elements belong here",
                first.sourceline,
                f"Children/{first.tag}",
            )
        del parent[0]


def _check_message(reader: _Reader, root: etree._Element) -> None:
    tags = [part.tag for part in root if isinstance(part.tag, str)]
    if tags != ["Header", "Children"]:
        reader.structural = True
        found = ", ".join(f"<{t}>" for t in tags) or "nothing"
        reader.problem(
            f"Message must hold <Header> then <Children>; it holds {found}",
            root.sourceline,
            "Message",
        )


__all__ = [
    "DEFAULT_MAX_BYTES",
    "SAFE_PARSER_OPTIONS",
    "CensusRead",
    "CensusReadError",
    "NoSchema",
    "SchemaProblem",
    "check_root",
    "check_size",
    "clean_message",
    "header_year",
    "read_census",
]


# ---------------------------------------------------------------------------------------------
# Reading in parallel
#
# The file is cut at ``<Child>`` start tags into one segment per process. Each segment is parsed
# as a little document of its own: a synthetic ``<Message><Children>`` (and enough newlines that
# every element keeps its real line number), the segment's bytes, and synthetic closing tags. Ids
# are counted per segment and shifted afterwards. Anything unusual (a parse error, a stray element,
# a header out of place, an encoding other than UTF-8) makes the whole file be read again in one
# process, which gives the authoritative answer; a parallel read only ever returns what the
# single-process read would.

#: Files at least this large are read by several processes when the machine has several CPUs.
PARALLEL_MIN_BYTES = 64 * 1024**2
#: Most processes a read uses.
MAX_WORKERS = 4
_CHILD_TAG = b"<Child>"
_OPEN = b"<Message><Children>"
_CLOSE = b"</Children></Message>"


class _Segment(io.RawIOBase):
    """A byte range of the census, wrapped so that it parses as a document on its own."""

    def __init__(self, path: Path, start: int, end: int, prefix: bytes, suffix: bytes) -> None:
        self._file = path.open("rb")
        self._file.seek(start)
        self._left = end - start
        self._parts = [prefix] if prefix else []  # an empty read would mean the end
        self._suffix = suffix

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        view = memoryview(buffer)
        if self._parts:
            part = self._parts[0]
            n = min(len(view), len(part))
            view[:n] = part[:n]
            if n == len(part):
                self._parts.pop(0)
            else:
                self._parts[0] = part[n:]
            return n
        if self._left > 0:
            data = self._file.read(min(len(view), self._left))
            if not data:
                self._left = 0
            else:
                self._left -= len(data)
                view[: len(data)] = data
                return len(data)
        if self._suffix:
            self._parts.append(self._suffix)
            self._suffix = b""
            return self.readinto(buffer)
        return 0

    def close(self) -> None:
        self._file.close()
        super().close()


@dataclass
class _SegmentRead:
    tables: dict[str, pl.DataFrame]
    problems: list[SchemaProblem]
    problem_count: int
    children: int
    ids: tuple[int, int, int]
    #: None when the segment could not be read the quick way
    failed: str | None = None


def _utf8(path: Path) -> bool:
    with path.open("rb") as handle:
        head = handle.read(256)
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        return False
    match = re.match(rb"\s*<\?xml[^>]*encoding=[\"']([^\"']+)", head.lstrip(b"\xef\xbb\xbf"))
    return match is None or match.group(1).lower() in (b"utf-8", b"utf8", b"us-ascii")


def _cuts(path: Path, size: int, parts: int) -> list[tuple[int, int, int]] | None:
    """``(start, end, line)`` of each segment, cut just before a ``<Child>``; None if it cannot."""
    starts = [0]
    with path.open("rb") as handle:
        for k in range(1, parts):
            target = max(size * k // parts, starts[-1] + 1)
            handle.seek(target)
            window = handle.read(1 << 20)
            found = window.find(_CHILD_TAG)
            if found < 0:
                return None
            starts.append(target + found)
        lines = [1]
        handle.seek(0)
        position, newlines = 0, 0
        for start in starts[1:]:
            while position < start:
                chunk = handle.read(min(1 << 22, start - position))
                if not chunk:
                    return None
                newlines += chunk.count(b"\n")
                position += len(chunk)
            lines.append(newlines + 1)
    ends = [*starts[1:], size]
    return list(zip(starts, ends, lines, strict=True))


def _read_segment(
    path: Path,
    year: int,
    validate: bool,
    max_problems: int,
    index: int,
    start: int,
    end: int,
    line: int,
    last: bool,
) -> _SegmentRead:
    """Read one segment (in a worker process, or in this one for the first)."""
    prefix = b"" if index == 0 else _OPEN + b"\n" * (line - 1)
    suffix = b"" if last else _CLOSE
    reader = _Reader(year, validate=validate, max_problems=max_problems, segment=index)
    stream = _Segment(path, start, end, prefix, suffix)
    collecting = gc.isenabled()
    gc.disable()
    try:
        _read_into(reader, path, cast(IO[bytes], stream))
        tables = reader.tables()
    except CensusReadError as exc:
        return _SegmentRead({}, [], 0, 0, (0, 0, 0), failed=str(exc))
    finally:
        stream.close()
        if collecting:
            gc.enable()
    ids = (reader._cin_id, reader._assessment_id, reader._cpp_id)
    failed = "the layout needs a whole-file read" if reader.structural else None
    return _SegmentRead(tables, reader.problems, reader.problem_count, reader.children, ids, failed)


_ID_COLUMNS = ("CINdetailsID", "AssessmentID", "CPPID")


def _shift(frame: pl.DataFrame, offsets: tuple[int, int, int]) -> pl.DataFrame:
    shifts = [
        (pl.col(c).cast(pl.Int64) + o).cast(pl.String).alias(c)
        for c, o in zip(_ID_COLUMNS, offsets, strict=True)
        if c in frame.columns and o
    ]
    return frame.with_columns(shifts) if shifts else frame


def _read_parallel(
    path: Path, year: int, size: int, workers: int, validate: bool, max_problems: int
) -> CensusRead | None:
    """Read ``path`` in ``workers`` processes; None when it must be read in one instead."""
    if not _utf8(path):
        return None
    cuts = _cuts(path, size, workers)
    if cuts is None:
        return None
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor

    args = [(path, year, validate, max_problems, i, s, e, line, i == len(cuts) - 1)
            for i, (s, e, line) in enumerate(cuts)]  # fmt: skip
    try:
        context = multiprocessing.get_context("spawn")
        with ProcessPoolExecutor(max_workers=len(cuts) - 1, mp_context=context) as pool:
            futures = [pool.submit(_read_segment, *a) for a in args[1:]]
            segments = [_read_segment(*args[0])]
            segments += [f.result() for f in futures]
    except Exception:  # a worker that died, or could not start: read the file whole
        return None
    if any(seg.failed for seg in segments):
        return None
    tables: dict[str, pl.DataFrame] = {}
    offsets = (0, 0, 0)
    shifted: list[dict[str, pl.DataFrame]] = []
    for seg in segments:
        shifted.append({name: _shift(frame, offsets) for name, frame in seg.tables.items()})
        offsets = cast(
            tuple[int, int, int], tuple(a + b for a, b in zip(offsets, seg.ids, strict=True))
        )
    for name in segments[0].tables:
        tables[name] = pl.concat([part[name] for part in shifted], how="vertical", rechunk=True)
    listed = [p for seg in segments for p in seg.problems][:max_problems]
    count = sum(seg.problem_count for seg in segments)
    return _result(year, tables, listed, count, sum(seg.children for seg in segments))


def header_year(path: Path | str, *, max_bytes: int = DEFAULT_MAX_BYTES) -> int | None:
    """The collection year the file's header gives (``Year``), read without reading the rest.

    The same checks as :func:`read_census` come first (size, not XML, DOCTYPE, root); None when
    the header has no usable Year.
    """
    path = Path(path)
    check_size(path, max_bytes)
    check_root(path)
    try:
        for _event, element in etree.iterparse(
            str(path), events=("end",), tag=("Year", "Children"), **SAFE_PARSER_OPTIONS
        ):
            if element.tag == "Children":
                return None
            text = (element.text or "").strip()
            return int(text) if text.isdigit() and len(text) == 4 else None
    except etree.XMLSyntaxError as exc:
        raise _syntax_error(path, exc) from None
    return None
