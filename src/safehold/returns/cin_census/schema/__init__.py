"""Safehold's XML Schemas for the CIN census, one per collection year, and their loader.

``message_schema(year)`` validates a whole census file. ``part_schema(year)`` declares ``Header``
and ``Child`` as global elements too, so that a streaming reader can validate each child as it
is read, with memory bounded by one child, instead of building the whole tree first.
"""

from __future__ import annotations

from functools import cache
from importlib import resources

from lxml import etree

from safehold.codes import year_label
from safehold.returns.cin_census.schema.generate import SCHEMA_YEARS, XS, schema_text

__all__ = [
    "SCHEMA_YEARS",
    "NoSchema",
    "message_schema",
    "part_schema",
    "schema_file_name",
    "shipped_text",
]


class NoSchema(ValueError):
    """A collection year Safehold has no CIN census schema for."""

    def __init__(self, year: int) -> None:
        years = ", ".join(str(y) for y in SCHEMA_YEARS)
        super().__init__(
            f"there is no CIN census schema for {year} ({year_label(year)}): expected one of "
            f"{years} (the year the census ends)"
        )
        self.year = year


def schema_file_name(year: int) -> str:
    return f"cin_census_{year}.xsd"


def shipped_text(year: int) -> str:
    """The text of the shipped schema file for a year."""
    if year not in SCHEMA_YEARS:
        raise NoSchema(year)
    return resources.files(__package__).joinpath(schema_file_name(year)).read_text("utf-8")


def _schema_doc(year: int) -> etree._Element:
    parser = etree.XMLParser(resolve_entities=False, no_network=True, load_dtd=False)
    return etree.fromstring(shipped_text(year).encode("utf-8"), parser)


@cache
def message_schema(year: int) -> etree.XMLSchema:
    """The schema a whole census file of ``year`` must satisfy."""
    return etree.XMLSchema(_schema_doc(year))


@cache
def part_schema(year: int) -> etree.XMLSchema:
    """The year's schema with ``Header`` and ``Child`` also declared as global elements."""
    doc = _schema_doc(year)
    first_type = doc.find(f"{{{XS}}}complexType")
    assert first_type is not None
    for name, type_name in (("Header", "HeaderType"), ("Child", "ChildType")):
        element = etree.Element(f"{{{XS}}}element", name=name, type=type_name)
        first_type.addprevious(element)
    return etree.XMLSchema(doc)


def regenerate(directory: str | None = None) -> list[str]:
    """Write every year's schema file from the code sets; return the names that changed."""
    from pathlib import Path

    target = Path(directory) if directory else Path(__file__).parent
    changed: list[str] = []
    for year in SCHEMA_YEARS:
        path = target / schema_file_name(year)
        text = schema_text(year)
        if not path.exists() or path.read_text("utf-8") != text:
            path.write_text(text, encoding="utf-8")
            changed.append(path.name)
    return changed
