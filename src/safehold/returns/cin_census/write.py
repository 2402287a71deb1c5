"""Writing CIN census tables as the census XML, checked against the year's schema first.

The input is the tables the reader produces (or the store builds): ``Header`` with one row, a
``ChildIdentifiers`` row per child, and the repeating tables joined by ``LAchildID``,
``CINdetailsID``, ``AssessmentID`` and ``CPPID``. Element order comes from the schema layout in
:mod:`safehold.returns.cin_census.schema.generate`, so the writer and the schemas cannot drift.

The file is streamed a child at a time to a temporary file beside the destination; each child
(and the header) is validated against the year's schema before it is written, and the
destination is replaced only when every part was valid, so an invalid census is never left
where a valid one is expected.
"""

from __future__ import annotations

import os
from collections import defaultdict
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path
from typing import Any, cast

import polars as pl
from lxml import etree

from safehold.codes import year_label
from safehold.returns.cin_census.read import clean_message
from safehold.returns.cin_census.schema import NoSchema, part_schema
from safehold.returns.cin_census.schema.generate import COMPLEX_TYPES, SCHEMA_YEARS
from safehold.returns.cin_census.tables import BY_NAME

Row = dict[str, Any]
#: Problems listed in a :class:`CensusWriteError` before the rest are only counted.
MAX_LISTED = 50


class CensusWriteError(ValueError):
    """The tables do not make a census that matches the year's schema; nothing was written."""

    def __init__(self, year: int, problems: list[str], total: int | None = None) -> None:
        total = len(problems) if total is None else total
        listed = "\n".join(f"  {p}" for p in problems[:MAX_LISTED])
        more = f"\n  ... and {total - MAX_LISTED:,} more" if total > MAX_LISTED else ""
        super().__init__(
            f"the census does not match the {year_label(year)} schema ({total:,} problems); "
            f"nothing was written:\n{listed}{more}"
        )
        self.year = year
        self.problems = problems
        self.total = total


def _rows(tables: Mapping[str, pl.DataFrame], name: str) -> list[Row]:
    frame = tables.get(name)
    if frame is None or frame.is_empty():
        return []
    wanted = [c for c in BY_NAME[name].columns if c in frame.columns]
    return frame.select(pl.col(c).cast(pl.String) for c in wanted).to_dicts()


def _group(rows: Iterable[Row], key: str) -> dict[str | None, list[Row]]:
    out: dict[str | None, list[Row]] = defaultdict(list)
    for row in rows:
        out[row.get(key)].append(row)
    return out


def _items(type_name: str, year: int) -> list[str]:
    return [i.name for i in COMPLEX_TYPES[type_name] if i.since <= year]


class _Builder:
    """Turns grouped rows into elements, in the order the year's schema lays them out."""

    def __init__(self, tables: Mapping[str, pl.DataFrame], year: int) -> None:
        self.year = year
        self.characteristics = _group(_rows(tables, "ChildCharacteristics"), "LAchildID")
        self.disabilities = _group(_rows(tables, "Disabilities"), "LAchildID")
        self.episodes = _group(_rows(tables, "CINdetails"), "LAchildID")
        self.assessments = _group(_rows(tables, "Assessments"), "CINdetailsID")
        self.factors = _group(_rows(tables, "AssessmentFactorsList"), "AssessmentID")
        self.plan_dates = _group(_rows(tables, "CINplanDates"), "CINdetailsID")
        self.section47 = _group(_rows(tables, "Section47"), "CINdetailsID")
        self.plans = _group(_rows(tables, "ChildProtectionPlans"), "CINdetailsID")
        self.reviews = _group(_rows(tables, "Reviews"), "CPPID")
        self.pre_proceedings = (
            _group(_rows(tables, "PreProceedings"), "CINdetailsID") if year >= 2027 else {}
        )

    def _fill(
        self,
        element: etree._Element,
        type_name: str,
        row: Row,
        nested: Mapping[str, Callable[[etree._Element], None]] | None = None,
    ) -> etree._Element:
        for name in _items(type_name, self.year):
            if nested is not None and name in nested:
                nested[name](element)
                continue
            value = row.get(name)
            if value is not None and value != "":
                etree.SubElement(element, name).text = value
        return element

    def _list(
        self, parent: etree._Element, tag: str, values: Iterable[str | None], wrapper: str
    ) -> None:
        present = [v for v in values if v is not None and v != ""]
        if present:
            holder = etree.SubElement(parent, wrapper)
            for value in present:
                etree.SubElement(holder, tag).text = value

    def header(self, row: Row) -> etree._Element:
        header = etree.Element("Header")
        self._fill(etree.SubElement(header, "CollectionDetails"), "CollectionDetailsType", row)
        self._fill(etree.SubElement(header, "Source"), "SourceType", row)
        return header

    def child(self, identifiers: Row) -> etree._Element:
        la = identifiers.get("LAchildID")
        child = etree.Element("Child")
        self._fill(etree.SubElement(child, "ChildIdentifiers"), "ChildIdentifiersType", identifiers)
        traits = self.characteristics.get(la, [{}])[0]
        self._fill(
            etree.SubElement(child, "ChildCharacteristics"),
            "ChildCharacteristicsType",
            traits,
            {
                "Disabilities": lambda el: self._list(
                    el,
                    "Disability",
                    (r.get("Disability") for r in self.disabilities.get(la, [])),
                    "Disabilities",
                )
            },
        )
        for episode in self.episodes.get(la, []):
            self._episode(child, episode)
        return child

    def _episode(self, child: etree._Element, row: Row) -> None:
        cin = row.get("CINdetailsID")

        def repeat(tag: str, type_name: str, rows: list[Row], nested: Any = None) -> Any:
            def add(parent: etree._Element) -> None:
                for item in rows:
                    self._fill(
                        etree.SubElement(parent, tag),
                        type_name,
                        item,
                        nested(item) if nested else None,
                    )

            return add

        def factors(assessment: Row) -> dict[str, Callable[[etree._Element], None]]:
            rows = self.factors.get(assessment.get("AssessmentID"), [])
            return {
                "FactorsIdentifiedAtAssessment": lambda el: self._list(
                    el,
                    "AssessmentFactors",
                    (r.get("AssessmentFactors") for r in rows),
                    "FactorsIdentifiedAtAssessment",
                )
            }

        def reviews(plan: Row) -> dict[str, Callable[[etree._Element], None]]:
            rows = self.reviews.get(plan.get("CPPID"), [])
            return {
                "Reviews": lambda el: self._list(
                    el, "CPPreviewDate", (r.get("CPPreviewDate") for r in rows), "Reviews"
                )
            }

        self._fill(
            etree.SubElement(child, "CINdetails"),
            "CINdetailsType",
            row,
            {
                "Assessments": repeat(
                    "Assessments", "AssessmentsType", self.assessments.get(cin, []), factors
                ),
                "CINPlanDates": repeat(
                    "CINPlanDates", "CINPlanDatesType", self.plan_dates.get(cin, [])
                ),
                "Section47": repeat("Section47", "Section47Type", self.section47.get(cin, [])),
                "ChildProtectionPlans": repeat(
                    "ChildProtectionPlans",
                    "ChildProtectionPlansType",
                    self.plans.get(cin, []),
                    reviews,
                ),
                "PreProceedingsandFGDM": repeat(
                    "PreProceedingsandFGDM",
                    "PreProceedingsType",
                    self.pre_proceedings.get(cin, []),
                ),
            },
        )


def _orphans(builder: _Builder, children: set[str | None]) -> list[str]:
    """Rows whose parent row is missing: they could not be placed, and must not be lost."""
    episodes = {r.get("CINdetailsID") for rows in builder.episodes.values() for r in rows}
    assessments = {r.get("AssessmentID") for rows in builder.assessments.values() for r in rows}
    plans = {r.get("CPPID") for rows in builder.plans.values() for r in rows}
    checks: list[tuple[str, str, dict[str | None, list[Row]], set[str | None]]] = [
        ("ChildCharacteristics", "LAchildID", builder.characteristics, children),
        ("Disabilities", "LAchildID", builder.disabilities, children),
        ("CINdetails", "LAchildID", builder.episodes, children),
        ("Assessments", "CINdetailsID", builder.assessments, episodes),
        ("AssessmentFactorsList", "AssessmentID", builder.factors, assessments),
        ("CINplanDates", "CINdetailsID", builder.plan_dates, episodes),
        ("Section47", "CINdetailsID", builder.section47, episodes),
        ("ChildProtectionPlans", "CINdetailsID", builder.plans, episodes),
        ("Reviews", "CPPID", builder.reviews, plans),
        ("PreProceedings", "CINdetailsID", builder.pre_proceedings, episodes),
    ]
    problems: list[str] = []
    for table, key, groups, parents in checks:
        lost = {k: len(rows) for k, rows in groups.items() if k not in parents}
        if lost:
            sample = ", ".join(repr(k) for k in sorted(lost, key=str)[:5])
            problems.append(
                f"{table}: {sum(lost.values()):,} rows name a {key} with no parent row "
                f"({sample}); they would be left out of the census"
            )
    return problems


def _errors(schema: etree.XMLSchema, element: etree._Element, who: str) -> list[str]:
    if schema.validate(element):
        return []
    entries = cast(Iterable[Any], schema.error_log)
    return [f"{who}: {clean_message(entry.message)}" for entry in entries]


def write_census(tables: Mapping[str, pl.DataFrame], destination: Path | str, *, year: int) -> int:
    """Write the census XML for collection ``year``; return the number of children written.

    Raises :class:`CensusWriteError` (listing what is wrong, by child) when the tables do not
    make a census that matches the year's schema; the destination is then left untouched.
    """
    if year not in SCHEMA_YEARS:
        raise NoSchema(year)
    destination = Path(destination)
    schema = part_schema(year)
    children = _rows(tables, "ChildIdentifiers")
    header_rows = _rows(tables, "Header")
    problems: list[str] = []
    total = 0
    if len(header_rows) != 1:
        problems.append(f"Header: needs exactly one row, has {len(header_rows)}")
    if not children:
        problems.append("ChildIdentifiers: a census needs at least one child")
    seen: set[str | None] = set()
    for row in children:
        la = row.get("LAchildID")
        if la in seen:
            problems.append(f"child {la}: LAchildID appears twice; each child must be unique")
        seen.add(la)
    if problems:
        raise CensusWriteError(year, problems)
    builder = _Builder(tables, year)
    problems = _orphans(builder, seen)
    late = tables.get("PreProceedings")
    if year < 2027 and late is not None and not late.is_empty():
        problems.append(
            f"PreProceedings: {late.height:,} rows, but the census has no pre-proceedings "
            f"before 2026/27 (this is {year_label(year)})"
        )
    if problems:
        raise CensusWriteError(year, problems)
    temporary = destination.with_name(destination.name + ".part")
    try:
        with etree.xmlfile(str(temporary), encoding="UTF-8") as out:
            out.write_declaration()
            with out.element("Message"):
                out.write("\n")
                header = builder.header(header_rows[0])
                found = _errors(schema, header, "Header")
                total += len(found)
                problems.extend(found)
                out.write(header, pretty_print=True)
                with out.element("Children"):
                    out.write("\n")
                    for row in children:
                        child = builder.child(row)
                        found = _errors(schema, child, f"child {row.get('LAchildID')}")
                        if found:
                            total += len(found)
                            if len(problems) < MAX_LISTED:
                                problems.extend(found)
                            continue
                        if not problems:
                            out.write(child, pretty_print=True)
                out.write("\n")
        if problems:
            raise CensusWriteError(year, problems, total)
        os.replace(temporary, destination)
    finally:
        temporary.unlink(missing_ok=True)
    return len(children)
