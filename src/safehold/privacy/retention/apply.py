"""The retention sweep and its application: what is due, and destroying it.

:func:`compute` reads the store through the gate (one bulk read), takes the legal holds in force
and returns the :class:`~safehold.privacy.retention.sweep.Sweep`. :func:`apply` destroys the
rows due on a date and not held, one transaction per person, and returns the certificate.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from safehold.access import Gate
from safehold.privacy.register import Register, load_register
from safehold.privacy.retention.destroy import CertificateLine, Doomed, destroy_person
from safehold.privacy.retention.facts import read_facts
from safehold.privacy.retention.holds import active_holds
from safehold.privacy.retention.sweep import Sweep, sweep


def compute(gate: Gate, register: Register | None = None) -> Sweep:
    """Every record's due date, over the whole store, with the holds in force."""
    register = register or load_register()
    return sweep(read_facts(gate, register=register), register, active_holds(gate))


@dataclass(frozen=True)
class Applied:
    """What an application destroyed (or, in a dry run, would destroy)."""

    as_of: dt.date
    dry_run: bool
    people: int
    rows: int
    lines: list[CertificateLine]
    due: pl.DataFrame


def doomed_by_person(due_rows: pl.DataFrame) -> dict[str, list[Doomed]]:
    """The due rows, grouped into one transaction per person: the rows each person owns (is
    the first person of), and, with a person's own identity row, every other due row about
    them still left (deleting the person would otherwise take those rows without a trace)."""

    def doomed(row: dict[str, object], person_id: str) -> Doomed:
        return Doomed(
            table=str(row["table"]),
            row_id=str(row["row_id"]),
            person_id=person_id,
            record_kind=str(row["retention_class"]),
            rule=str(row["rule"]),
            statute=str(row["authority"]),
        )

    rows = list(due_rows.sort("owner", "table", "row_id").iter_rows(named=True))
    about: dict[str, list[dict[str, object]]] = {}
    for row in rows:
        for person in row["people"] or [row["owner"]]:
            about.setdefault(person, []).append(row)
    dying = {row["row_id"] for row in rows if row["table"] == "person"}
    done: set[tuple[str, str]] = set()
    out: dict[str, list[Doomed]] = {}
    for owner in sorted({str(row["owner"]) for row in rows}):
        mine = [r for r in about.get(owner, []) if r["owner"] == owner or owner in dying]
        for row in mine:
            key = (str(row["table"]), str(row["row_id"]))
            if key not in done:
                done.add(key)
                out.setdefault(owner, []).append(doomed(row, owner))
    return out


def apply(
    gate: Gate, as_of: dt.date, *, dry_run: bool = False, register: Register | None = None
) -> Applied:
    """Destroy every row due on or before ``as_of`` and not held (nothing, if ``dry_run``)."""
    swept = compute(gate, register)
    due = swept.due_rows(as_of)
    by_person = doomed_by_person(due)
    lines: list[CertificateLine] = []
    if not dry_run:
        for person_id, rows in by_person.items():
            lines += destroy_person(gate, person_id, rows)
    return Applied(as_of, dry_run, len(by_person), due.height, lines, swept.due_records(as_of))
