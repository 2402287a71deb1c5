"""Destroying rows of the record: one transaction per person, through the gate, leaving a
tombstone for every row and a destruction certificate line for every table and rule.

Used by the retention schedule (``safehold retention apply``) and by erasure. Rows are deleted
one by one through the gate's ORM session (each deletion checked and audited), children before
their parents, so nothing goes by a database cascade the certificate does not list. The
certificate holds ids, record kinds, dates, rules, statutes and usernames: no personal data
beyond the ids.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import sqlalchemy as sa

from safehold.access import Gate
from safehold.privacy.rights.models import DestructionRecord, Tombstone
from safehold.record import Base, metadata
from safehold.record.base import utcnow


@dataclass(frozen=True)
class Doomed:
    """A row to destroy, and why."""

    table: str
    row_id: str
    person_id: str
    record_kind: str
    rule: str
    statute: str


@dataclass(frozen=True)
class CertificateLine:
    """One line of a destruction certificate."""

    destroyed_at: str
    person_id: str
    record_kind: str
    table: str
    row_ids: tuple[str, ...]
    rule: str
    statute: str
    destroyed_by: str
    request_id: int | None = None

    def as_dict(self) -> dict[str, Any]:
        out = asdict(self)
        out["row_ids"] = list(self.row_ids)
        return out


@cache
def mapped_classes() -> dict[str, type[Any]]:
    """The ORM class of each table of the record."""
    out: dict[str, type[Any]] = {}
    for mapper in Base.registry.mappers:
        if isinstance(mapper.local_table, sa.Table):
            out[mapper.local_table.name] = mapper.class_
    return out


_ORDER = {t.name: i for i, t in enumerate(metadata.sorted_tables)}


def destroy_person(
    gate: Gate,
    person_id: str,
    rows: Sequence[Doomed],
    *,
    request_id: int | None = None,
    when: dt.datetime | None = None,
) -> list[CertificateLine]:
    """Destroy ``rows`` (all of them about ``person_id``) in one transaction; return the
    certificate lines written. A row already gone is skipped (and not certified)."""
    moment = when or utcnow()
    by_table: dict[str, list[Doomed]] = defaultdict(list)
    for row in rows:
        by_table[row.table].append(row)
    lines: list[CertificateLine] = []
    trace: list[Any] = []  # tombstones and certificate lines, written after the deletions
    with gate.session() as session:
        for table in sorted(by_table, key=lambda t: _ORDER[t], reverse=True):
            cls = mapped_classes()[table]
            key = next(iter(metadata.tables[table].primary_key.columns))
            wanted = {r.row_id: r for r in by_table[table]}
            found = session.scalars(
                sa.select(cls).where(getattr(cls, key.key).in_(sorted(wanted)))
            ).all()
            gone: dict[tuple[str, str, str], list[str]] = defaultdict(list)
            for instance in found:
                row_id = str(getattr(instance, key.key))
                doomed = wanted[row_id]
                session.delete(instance)
                trace.append(
                    Tombstone(
                        table_name=table,
                        row_id=row_id,
                        person_id=person_id,
                        erased_at=moment,
                        request_id=request_id,
                        rule=_short(f"{doomed.record_kind}: {doomed.rule}"),
                    )
                )
                gone[(doomed.record_kind, doomed.rule, doomed.statute)].append(row_id)
            session.flush()
            for (kind, rule, statute), ids in sorted(gone.items()):
                ids.sort()
                trace.append(
                    DestructionRecord(
                        record_kind=kind,
                        table_name=table,
                        row_ids=json.dumps(ids),
                        destroyed_at=moment,
                        rule=_short(rule),
                        statute=statute,
                        destroyed_by=gate.user.username,
                        request_id=request_id,
                    )
                )
                lines.append(
                    CertificateLine(
                        destroyed_at=moment.isoformat(),
                        person_id=person_id,
                        record_kind=kind,
                        table=table,
                        row_ids=tuple(ids),
                        rule=rule,
                        statute=statute,
                        destroyed_by=gate.user.username,
                        request_id=request_id,
                    )
                )
        session.add_all(trace)
    return lines


def _short(text: str, limit: int = 100) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def certificate_json(lines: Iterable[CertificateLine], **header: Any) -> str:
    body = {**header, "lines": [line.as_dict() for line in lines]}
    return json.dumps(body, indent=2, default=str)


def certificate_csv(lines: Iterable[CertificateLine]) -> str:
    out = io.StringIO()
    fields = list(CertificateLine.__dataclass_fields__)
    writer = csv.DictWriter(out, fieldnames=fields, lineterminator="\n")
    writer.writeheader()
    for line in lines:
        row = line.as_dict()
        row["row_ids"] = " ".join(line.row_ids)
        writer.writerow(row)
    return out.getvalue()


def write_certificate(path: Path, lines: Sequence[CertificateLine], **header: Any) -> None:
    """Write the certificate as CSV (``.csv``) or JSON (anything else)."""
    if path.suffix.lower() == ".csv":
        path.write_text(certificate_csv(lines), encoding="utf-8")
    else:
        path.write_text(certificate_json(lines, **header), encoding="utf-8")
