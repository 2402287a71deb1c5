"""Reading the SSDA903 XML form (``<EXPSSDA903>``) into the same tables as the CSV files.

The parser is hardened: no DTDs (refused outright, so no entity expansion), no network, no huge
trees. Each row keeps ``_line``, the line of the element it came from. An XML return carries no
social worker episodes (SWEpisodes) or deprivation of liberty orders (DoLo); those tables are
marked unavailable so that their rules are reported as skipped, with the reason.
"""

from __future__ import annotations

import codecs
from collections.abc import Mapping
from pathlib import Path

import polars as pl
from lxml import etree

from safehold.returns.ssda903.files import DEFAULT_MAX_BYTES, ReturnFileError, read_limited
from safehold.returns.ssda903.read import ReturnFiles
from safehold.returns.ssda903.schema import BY_NAME
from safehold.validate.frames import LINE

ROOT = "EXPSSDA903"
#: XML tag → table column, where they differ.
RENAMES = {"CHILDID": "CHILD", "PL": "PLACE"}
HEADER_FIELDS = ("CHILDID", "UPN", "SEX", "DOB", "ETHNIC", "UASC", "DUC", "MOTHER", "MC_DOB")
OC3_FIELDS = ("IN_TOUCH", "ACTIV", "ACCOM")
AD1_FIELDS = ("DATE_INT", "DATE_MATCH", "FOSTER_CARE", "NB_ADOPTR", "SEX_ADOPTR", "LS_ADOPTR")
#: repeatable or single groups inside <HEADER>: element → table
HEADER_GROUPS = {
    "AREVIEW": "Reviews",
    "AMISSING": "Missing",
    "OC2": "OC2",
    "PERMANENCE": "PrevPerm",
    "AD_PLACED": "PlacedAdoption",
}
#: Columns the XML form carries beyond the CSV tables': the child's own UASC flag (rule 105).
EXTRA_COLUMNS: dict[str, tuple[str, ...]] = {"Header": ("UASC",)}
UNAVAILABLE = {
    "SWEpisodes": "an SSDA903 XML file carries no social worker episodes (SWEpisodes)",
    "DoLo": "an SSDA903 XML file carries no deprivation of liberty orders (DoLo)",
}


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=True,
        remove_pis=True,
    )


def _check_bytes(path: Path, data: bytes) -> None:
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)) or data[:2].count(0):
        raise ReturnFileError(path, "is encoded as UTF-16; save it as UTF-8")
    if not data.strip(codecs.BOM_UTF8 + b" \t\r\n"):
        raise ReturnFileError(path, f"is empty; expected an <{ROOT}> XML document")
    if b"\x00" in data:
        raise ReturnFileError(path, "is a binary file, not XML")
    if b"<!DOCTYPE" in data or b"<!ENTITY" in data:
        line = data.count(b"\n", 0, max(data.find(b"<!DOCTYPE"), data.find(b"<!ENTITY"))) + 1
        raise ReturnFileError(
            path,
            f"line {line}: has a document type declaration (DTD); an SSDA903 XML file has none, "
            "and DTDs are refused because entities can hide attacks",
        )


def _name(element: etree._Element) -> str:
    return etree.QName(element).localname


def _line(element: etree._Element) -> int | None:
    line = element.sourceline
    return line if isinstance(line, int) else None


def _text(element: etree._Element) -> str | None:
    text = element.text
    return text if text is not None and text != "" else None


class _Tables:
    """Rows accumulated per table while walking the document."""

    def __init__(self) -> None:
        self.rows: dict[str, list[dict[str, str | None]]] = {}
        self.lines: dict[str, list[int | None]] = {}

    def add(self, table: str, values: Mapping[str, str | None], line: int | None) -> None:
        columns = BY_NAME[table].columns + EXTRA_COLUMNS.get(table, ())
        self.rows.setdefault(table, []).append({c: values.get(c) for c in columns})
        self.lines.setdefault(table, []).append(line)

    def frames(self) -> dict[str, pl.DataFrame]:
        out: dict[str, pl.DataFrame] = {}
        for name, spec in BY_NAME.items():
            if name in UNAVAILABLE:
                continue
            rows = self.rows.get(name, [])
            data: dict[str, pl.Series] = {
                LINE: pl.Series(LINE, self.lines.get(name, []), dtype=pl.UInt32)
            }
            for column in spec.columns + EXTRA_COLUMNS.get(name, ()):
                data[column] = pl.Series(column, [r[column] for r in rows], dtype=pl.String)
            out[name] = pl.DataFrame(data)
        return out


def _leaves(element: etree._Element) -> dict[str, str | None]:
    return {RENAMES.get(_name(e), _name(e)): _text(e) for e in element if len(e) == 0}


def read_xml_bytes(path: Path, data: bytes) -> ReturnFiles:
    """The tables of one SSDA903 XML document."""
    _check_bytes(path, data)
    try:
        root = etree.fromstring(data, _parser())
    except etree.XMLSyntaxError as exc:
        line = exc.lineno if exc.lineno else "?"
        raise ReturnFileError(path, f"line {line}: not well-formed XML ({exc.msg})") from None
    if getattr(root.getroottree().docinfo, "doctype", ""):
        raise ReturnFileError(path, "has a document type declaration (DTD), which is refused")
    if _name(root) != ROOT:
        raise ReturnFileError(
            path, f"line {_line(root)}: the root element is <{_name(root)}>, expected <{ROOT}>"
        )
    tables = _Tables()
    notes: list[tuple[str, int | None, str]] = []
    source = str(path)
    for child in root:
        if _name(child) != "CHILD":
            notes.append((source, _line(child), f"unexpected element <{_name(child)}> ignored"))
            continue
        header = next((e for e in child if _name(e) == "HEADER"), None)
        if header is None:
            raise ReturnFileError(path, f"line {_line(child)}: <CHILD> has no <HEADER>")
        fields = _leaves(header)
        for tag in fields:
            known = tag in RENAMES.values() or tag in HEADER_FIELDS + OC3_FIELDS + AD1_FIELDS
            if not known:
                notes.append((source, _line(header), f"unexpected element <{tag}> ignored"))
        header_line = _line(header)
        tables.add("Header", fields, header_line)
        uasc = (fields.get("UASC") or "").strip()
        if uasc not in ("", "0") or fields.get("DUC") is not None:
            tables.add("UASC", fields, header_line)
        if any(fields.get(f) is not None for f in OC3_FIELDS):
            tables.add("OC3", fields, header_line)
        if any(fields.get(f) is not None for f in AD1_FIELDS):
            tables.add("AD1", fields, header_line)
        keys = {"CHILD": fields.get("CHILD"), "DOB": fields.get("DOB")}
        for group in header:
            if len(group) == 0:
                continue
            table = HEADER_GROUPS.get(_name(group))
            if table is None:
                notes.append((source, _line(group), f"unexpected element <{_name(group)}> ignored"))
                continue
            tables.add(table, {**_leaves(group), **keys}, _line(group))
        for episode in child:
            name = _name(episode)
            if name == "EPISODE":
                tables.add("Episodes", {**_leaves(episode), "CHILD": keys["CHILD"]}, _line(episode))
            elif name != "HEADER":
                notes.append((source, _line(episode), f"unexpected element <{name}> ignored"))
    frames = tables.frames()
    return ReturnFiles(
        format="xml",
        tables=frames,
        sources=dict.fromkeys(frames, source),
        unavailable=dict(UNAVAILABLE),
        notes=notes,
    )


def read_xml_file(path: Path, *, max_bytes: int = DEFAULT_MAX_BYTES) -> ReturnFiles:
    """Read one SSDA903 XML file (size-checked before reading)."""
    return read_xml_bytes(path, read_limited(path, max_bytes))
