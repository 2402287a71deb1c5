"""Helpers for the gate's tests: a person to hang rows on, a column of each category, the newest
audit event."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.access.subjects import category
from safehold.privacy.audit import RecordedEvent, head, read_events
from safehold.record import Base, metadata

CHILD = "C-TEST-1"
OTHER = "C-TEST-2"


def seed_people(engine: sa.Engine, *ids: str) -> None:
    gate = Gate(engine, User("seeder", "system"), "storage")
    gate.load_rows(
        {"person": [{"id": i, "kind": "child", "forename": f"Name{n}"} for n, i in
                    enumerate(ids or (CHILD, OTHER))]},
        kind="test",
        origin="tests",
    )  # fmt: skip


def newest(engine: sa.Engine) -> RecordedEvent:
    with engine.connect() as connection:
        seq, _ = head(connection)
        (event,) = read_events(connection, [seq])
    return event


@dataclass(frozen=True)
class Probe:
    """A column of one category, in a table whose other required columns are the person link."""

    category: str
    table: str
    column: str

    def model(self) -> type[Any]:
        for mapper in Base.registry.mappers:
            if mapper.local_table is metadata.tables[self.table]:
                return mapper.class_
        raise LookupError(self.table)

    def touched_categories(self) -> set[str]:
        table = metadata.tables[self.table]
        names = {self.column} | {c.name for c in table.columns if c.name == "person_id"}
        return {c for c in (category(table.c[n]) for n in names) if c is not None}

    def new_object(self, person_id: str) -> Any:
        table = metadata.tables[self.table]
        column = table.c[self.column]
        values: dict[str, Any] = {"id": f"T-{uuid.uuid4().hex[:10]}"}
        if "person_id" in table.c:
            values["person_id"] = person_id
        values[self.column] = _value(column)
        return self.model()(**values)


def _value(column: sa.Column[Any]) -> Any:
    if column.table is not None and (column.table.name, column.name) == ("person", "kind"):
        return "child"  # the one constrained probe
    type_ = column.type
    if isinstance(type_, sa.Boolean):
        return True
    if isinstance(type_, sa.Integer):
        return 1
    if isinstance(type_, sa.Float):
        return 1.5
    if isinstance(type_, sa.Date):
        return dt.date(2024, 5, 1)
    if isinstance(type_, sa.JSON):
        return ["x"]
    return "X"


def probes() -> dict[str, Probe]:
    """For each category of the record, one column that can be written on its own."""
    found: dict[str, Probe] = {}
    for table in metadata.sorted_tables:
        required = {c.name for c in table.columns
                    if not c.nullable and c.default is None and not c.primary_key
                    and c.name != "recorded_by"}  # fmt: skip
        for column in table.columns:
            cat = category(column)
            if (cat is None or column.info.get("code_set") or column.primary_key
                    or column.foreign_keys or cat in found):  # fmt: skip
                continue
            if (required <= {"person_id", column.name} and "id" in table.c
                    and isinstance(table.c.id.type, sa.String)):  # fmt: skip
                found[cat] = Probe(cat, table.name, column.name)
    return found
