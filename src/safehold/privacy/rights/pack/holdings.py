"""Everything the record holds about one person, read through the gate, and the other people it
links to them (whom a pack must not disclose without review).

The tables are found by walking the metadata, not listed by hand, so a table added to the record
is in every pack from the day it is added: each table whose rows the gate can attribute to a
person (a foreign key to ``person``, or a chain of foreign keys to a row that has one) is read
for the subject; rows those reference in tables about no one (the professionals and teams who
worked with them) are read too. The audit trail's and the rights process's own tables are not
"the record" and are reported separately (who accessed the record) or not at all.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import polars as pl
import sqlalchemy as sa

from safehold.access import FrameRequest, Gate
from safehold.access.subjects import subjects
from safehold.privacy.rights.pack.scan import KnownPerson
from safehold.record import metadata

__all__ = ["Holdings", "collect", "free_text_columns", "record_tables"]

NOT_THE_RECORD = frozenset({"audit_event", "rights_request"})
BOOKKEEPING = frozenset({"data_import", "user_account", "audit_head", "person"})


def record_tables() -> list[sa.Table]:
    """The record's tables that hold rows about a person, in dependency order (``person``
    first)."""
    tables = [metadata.tables["person"]]
    for table in metadata.sorted_tables:
        if table.name in BOOKKEEPING or table.info.get("record_kind") in NOT_THE_RECORD:
            continue
        if subjects(table):
            tables.append(table)
    return tables


def _person_columns(table: sa.Table) -> list[str]:
    return [
        c.name
        for c in table.columns
        if any(fk.column.table.name == "person" for fk in c.foreign_keys)
    ]


def free_text_columns(table: sa.Table) -> list[str]:
    """Columns of free text (unbounded text, or JSON such as an outcome's text) that may name
    other people. A person's own address lines are their data, not a third party's."""
    if table.name == "address":
        return []
    out = []
    for column in table.columns:
        unbounded = isinstance(column.type, sa.Text) or (
            isinstance(column.type, sa.String) and column.type.length is None
        )
        if (unbounded or isinstance(column.type, sa.JSON)) and column.info.get("personal", True):
            out.append(column.name)
    return out


@dataclass
class Holdings:
    """What the record holds about ``subject``: a frame per table (only tables with rows), the
    professionals and teams those rows name, and the other people the record links to them."""

    subject: str
    frames: dict[str, pl.DataFrame]
    linked: dict[str, pl.DataFrame] = field(default_factory=dict)
    third_parties: list[KnownPerson] = field(default_factory=list)

    @property
    def person(self) -> dict[str, object] | None:
        frame = self.frames.get("person")
        return None if frame is None or frame.is_empty() else frame.row(0, named=True)

    @property
    def row_count(self) -> int:
        return sum(f.height for f in self.frames.values())


def _order(table: sa.Table) -> list[str]:
    return [c.name for c in table.primary_key.columns]


def collect(gate: Gate, subject: str) -> Holdings:
    """Read every table of the record for ``subject``, then the rows they reference and the
    other people they link to.

    Tables that name the person are read in one audited read; tables that reach a person only
    through another row (an EHCP assessment through its request and SEND record) are then read
    level by level by their foreign keys to the rows already found. That gives the same rows as
    asking the gate for the person's rows in those tables, without a correlated subquery over
    every row of each (which dominated a pack's time in a large store)."""
    tables = record_tables()
    direct = [t for t in tables if t.name == "person" or _person_columns(t)]
    frames = gate.read_frames(
        [FrameRequest(t.name, people=[subject], order_by=_order(t)) for t in direct],
        detail=f"subject access pack for {subject}",
    )
    pending = [t for t in tables if t not in direct]
    while pending:
        level = []
        for table in pending:
            links = [
                column.in_(_keys(frames[fk.column.table.name], fk.column.name))
                for column in table.columns
                for fk in column.foreign_keys
                if fk.column.table.name in frames and fk.column.table is not table
            ]
            parents = {fk.column.table.name for c in table.columns for fk in c.foreign_keys}
            if links and not (parents & {t.name for t in pending if t is not table}):
                level.append(FrameRequest(table.name, where=sa.or_(*links), order_by=_order(table)))
        if not level:
            break
        frames |= gate.read_frames(level, detail=f"subject access pack for {subject}")
        done = {r.table for r in level}
        pending = [t for t in pending if t.name not in done]
    frames = {t.name: frames[t.name] for t in tables if t.name in frames}
    frames = {name: frame for name, frame in frames.items() if not frame.is_empty()}
    holdings = Holdings(subject, frames)
    holdings.linked = _referenced(gate, frames)
    holdings.third_parties = _third_parties(gate, subject, frames)
    return holdings


def _keys(frame: pl.DataFrame, column: str) -> list[str]:
    return [str(v) for v in frame.get_column(column).drop_nulls().unique().to_list()]


def _referenced(gate: Gate, frames: dict[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Rows the subject's rows point to in tables about no one (professionals, teams)."""
    wanted: dict[str, set[str]] = {}
    for name, frame in frames.items():
        for column in metadata.tables[name].columns:
            for fk in column.foreign_keys:
                target = fk.column.table
                if (
                    target.name in BOOKKEEPING
                    or subjects(target)
                    or column.name not in frame.columns
                ):
                    continue
                values = frame.get_column(column.name).drop_nulls().unique().to_list()
                wanted.setdefault(target.name, set()).update(str(v) for v in values)
    out: dict[str, pl.DataFrame] = {}
    for name, ids in sorted(wanted.items()):
        if not ids:
            continue
        table = metadata.tables[name]
        (key,) = table.primary_key.columns
        out[name] = gate.read_frame(name, where=key.in_(sorted(ids)), order_by=_order(table))
    return out


def _third_parties(gate: Gate, subject: str, frames: dict[str, pl.DataFrame]) -> list[KnownPerson]:
    relation: dict[str, str] = {}
    for name, frame in frames.items():
        for column in _person_columns(metadata.tables[name]):
            for value in frame.get_column(column).drop_nulls().unique().to_list():
                if str(value) != subject:
                    relation.setdefault(str(value), name.replace("_", " "))
    rel = frames.get("relationship")
    if rel is not None:
        for row in rel.iter_rows(named=True):
            other = row["related_person_id"] if row["child_id"] == subject else row["child_id"]
            relation[str(other)] = str(row["relationship"]).replace("_", " ")
    family = frames.get("family")
    if family is not None:
        families = family.get_column("family_id").unique().to_list()
        table = metadata.tables["family"]
        members = gate.read_frame("family", ["person_id"], where=table.c.family_id.in_(families))
        for pid in members.get_column("person_id").to_list():
            if pid != subject:
                relation.setdefault(str(pid), "family member")
    if not relation:
        return []
    ids = sorted(relation)
    people = gate.read_frame("person", ["id", "forename", "surname"], people=ids)
    addresses = gate.read_frame("address", ["person_id", "lines", "postcode"], people=ids)
    lines: dict[str, list[str]] = {}
    postcodes: dict[str, list[str]] = {}
    for row in addresses.iter_rows(named=True):
        pid = str(row["person_id"])
        if row["postcode"]:
            postcodes.setdefault(pid, []).append(str(row["postcode"]))
        if row["lines"]:
            parsed = json.loads(row["lines"])
            items = parsed if isinstance(parsed, list) else list(parsed.values())
            first = next((str(v) for v in items if v), None)
            if first:
                lines.setdefault(pid, []).append(first)
    return [
        KnownPerson(
            person_id=str(row["id"]),
            relation=relation[str(row["id"])],
            forename=row["forename"],
            surname=row["surname"],
            address_lines=tuple(lines.get(str(row["id"]), ())),
            postcodes=tuple(postcodes.get(str(row["id"]), ())),
        )
        for row in people.iter_rows(named=True)
    ]
