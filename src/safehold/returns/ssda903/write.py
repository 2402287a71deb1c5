"""Writing SSDA903 tables as the DfE's files: one CSV file per table, or the XML form.

Tables are raw text frames (as :mod:`safehold.returns.ssda903.read` gives them, or as a return is
built); date columns may instead be ``pl.Date`` and are then written ``DD/MM/YYYY``. Columns are
written in the DfE's order with its exact names; ``_row``/``_line`` and other extras are ignored.

The XML form holds each child once: the child's date of birth is written once (in ``<HEADER>``),
so every table's ``DOB`` is the Header's, and every child must have a Header row. Social worker
episodes and DoLo have no place in the XML form and are refused rather than dropped.
"""

from __future__ import annotations

from collections.abc import Mapping
from pathlib import Path

import polars as pl
from lxml import etree

from safehold.returns.ssda903.read_xml import (
    AD1_FIELDS,
    HEADER_GROUPS,
    OC3_FIELDS,
    ROOT,
    UNAVAILABLE,
)
from safehold.returns.ssda903.schema import BY_NAME, DATE_FORMAT, TABLES

#: The file each table is written to.
FILE_NAMES: dict[str, str] = {
    "Header": "header.csv",
    "Episodes": "episodes.csv",
    "Reviews": "reviews.csv",
    "UASC": "uasc.csv",
    "OC2": "oc2.csv",
    "OC3": "oc3.csv",
    "AD1": "ad1.csv",
    "PlacedAdoption": "placed_for_adoption.csv",
    "PrevPerm": "previous_permanence.csv",
    "Missing": "missing.csv",
    "SWEpisodes": "sw_episodes.csv",
    "DoLo": "dolo.csv",
}
#: XML tag of a column, where it differs from the column name.
XML_TAGS = {"CHILD": "CHILDID", "PLACE": "PL"}


def as_text(name: str, frame: pl.DataFrame) -> pl.DataFrame:
    """A table's columns, in the DfE's order, as text (dates as ``DD/MM/YYYY``)."""
    spec = BY_NAME[name]
    missing = [c for c in spec.columns if c not in frame.columns]
    if missing:
        raise ValueError(f"the {name} table has no column(s) {', '.join(missing)}")
    exprs = []
    for column in spec.columns:
        dtype = frame.schema[column]
        if dtype == pl.Date:
            exprs.append(pl.col(column).dt.strftime(DATE_FORMAT))
        elif dtype == pl.Datetime:
            exprs.append(pl.col(column).dt.date().dt.strftime(DATE_FORMAT))
        else:
            exprs.append(pl.col(column).cast(pl.String))
    return frame.select(exprs)


def write_csv_files(tables: Mapping[str, pl.DataFrame], directory: Path) -> list[Path]:
    """Write each table to its file in ``directory`` (created if need be); the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    written: list[Path] = []
    for spec in TABLES:
        if spec.name not in tables:
            continue
        path = directory / FILE_NAMES[spec.name]
        as_text(spec.name, tables[spec.name]).write_csv(
            path, null_value="", quote_style="necessary", line_terminator="\n"
        )
        written.append(path)
    return written


def _by_child(
    name: str, tables: Mapping[str, pl.DataFrame]
) -> dict[str, list[dict[str, str | None]]]:
    out: dict[str, list[dict[str, str | None]]] = {}
    if name not in tables:
        return out
    for row in as_text(name, tables[name]).iter_rows(named=True):
        out.setdefault(str(row["CHILD"]), []).append(row)
    return out


def _field(parent: etree._Element, column: str, value: str | None) -> None:
    element = etree.SubElement(parent, XML_TAGS.get(column, column))
    if value is not None:
        element.text = value


def to_xml(tables: Mapping[str, pl.DataFrame]) -> etree._Element:
    """The ``<EXPSSDA903>`` document for the tables (children in Header order)."""
    for name in UNAVAILABLE:
        if name in tables and tables[name].height:
            raise ValueError(f"the SSDA903 XML form cannot carry the {name} table; write CSV files")
    header = as_text("Header", tables["Header"]) if "Header" in tables else None
    if header is None:
        raise ValueError("the XML form needs the Header table: every child is written from it")
    children = header["CHILD"].to_list()
    if None in children or len(set(children)) != len(children):
        raise ValueError("every Header row needs a CHILD, once: the XML form has one per child")
    known = set(children)
    grouped = {name: _by_child(name, tables) for name in BY_NAME if name not in UNAVAILABLE}
    for name, rows in grouped.items():
        strays = sorted(set(rows) - known)
        if strays:
            raise ValueError(
                f"the {name} table has rows for child(ren) {', '.join(strays[:5])} who have no "
                "Header row; the XML form can only hold children who have one"
            )
        if BY_NAME[name].one_per_child and any(len(r) > 1 for r in rows.values()):
            raise ValueError(f"the {name} table has more than one row for a child")
    root = etree.Element(ROOT)
    for row in header.iter_rows(named=True):
        child_id = str(row["CHILD"])
        child = etree.SubElement(root, "CHILD")
        head = etree.SubElement(child, "HEADER")
        uasc = grouped["UASC"].get(child_id, [])
        values = dict(row)
        values["UASC"] = "1" if uasc else "0"
        values["DUC"] = uasc[0]["DUC"] if uasc else None
        for column in ("CHILD", "UPN", "SEX", "DOB", "ETHNIC", "UASC", "DUC", "MOTHER", "MC_DOB"):
            _field(head, column, values[column])
        for table, fields in (("OC3", OC3_FIELDS), ("AD1", AD1_FIELDS)):
            for record in grouped[table].get(child_id, []):
                for column in fields:
                    if record[column] is not None:
                        _field(head, column, record[column])
        for tag, table in HEADER_GROUPS.items():
            columns = [c for c in BY_NAME[table].columns if c not in ("CHILD", "DOB")]
            for record in grouped[table].get(child_id, []):
                group = etree.SubElement(head, tag)
                for column in columns:
                    _field(group, column, record[column])
        episode_columns = [c for c in BY_NAME["Episodes"].columns if c != "CHILD"]
        for record in grouped["Episodes"].get(child_id, []):
            episode = etree.SubElement(child, "EPISODE")
            for column in episode_columns:
                _field(episode, column, record[column])
    return root


def write_xml(tables: Mapping[str, pl.DataFrame], path: Path) -> Path:
    """Write the tables as one SSDA903 XML file."""
    document = etree.tostring(
        to_xml(tables), xml_declaration=True, encoding="UTF-8", pretty_print=True
    )
    path.write_bytes(document)
    return path
