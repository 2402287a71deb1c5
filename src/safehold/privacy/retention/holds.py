"""Legal holds: an inquiry or litigation stops the destruction of a person's record, or of one
record, until the hold is lifted. Placed, lifted and listed through the gate (audited)."""

from __future__ import annotations

import datetime as dt

import polars as pl
import sqlalchemy as sa

from safehold.access import Gate
from safehold.privacy.retention.sweep import HOLD_SCHEMA
from safehold.privacy.rights.models import LegalHold
from safehold.record import metadata

REASON_KINDS = ("inquiry", "litigation", "other")
HOLDS: sa.Table = LegalHold.__table__  # type: ignore[assignment]


class HoldError(ValueError):
    """A hold cannot be placed or lifted as asked; the message says why."""


def place_hold(
    gate: Gate,
    *,
    reason_kind: str,
    reason: str,
    placed_on: dt.date,
    person_id: str | None = None,
    table: str | None = None,
    row_id: str | None = None,
) -> int:
    """Place a hold on a person's whole record (``person_id``) or on one row (``table`` and
    ``row_id``); return its id."""
    if reason_kind not in REASON_KINDS:
        raise HoldError(f"reason kind {reason_kind!r}: expected one of {', '.join(REASON_KINDS)}")
    if not reason.strip():
        raise HoldError("a hold needs a reason (the inquiry or the claim it is for)")
    if (person_id is None) == (table is None):
        raise HoldError("name either a person, or a table and a row id, to hold")
    if table is not None:
        if table not in metadata.tables:
            raise HoldError(f"no such table in the record: {table}")
        if not row_id:
            raise HoldError(f"a hold on a row of {table} needs the row id")
    hold = LegalHold(
        scope="person" if person_id is not None else "record",
        person_id=person_id,
        table_name=table,
        row_id=row_id,
        reason_kind=reason_kind,
        reason=reason.strip(),
        placed_on=placed_on,
        placed_by=gate.user.username,
    )
    with gate.session() as session:
        session.add(hold)
        session.flush()
        return int(hold.id)


def lift_hold(gate: Gate, hold_id: int, lifted_on: dt.date) -> None:
    """Lift a hold: destruction of what it held may resume when the schedule says so."""
    with gate.session() as session:
        hold = session.get(LegalHold, hold_id)
        if hold is None:
            raise HoldError(f"no legal hold {hold_id}")
        if hold.lifted_on is not None:
            raise HoldError(f"legal hold {hold_id} was already lifted on {hold.lifted_on}")
        if lifted_on < hold.placed_on:
            raise HoldError(
                f"legal hold {hold_id} was placed on {hold.placed_on}: it cannot be lifted on "
                f"{lifted_on}, before then"
            )
        hold.lifted_on = lifted_on
        hold.lifted_by = gate.user.username


def list_holds(gate: Gate, *, active_only: bool = True) -> pl.DataFrame:
    """The holds (those in force, by default), oldest first."""
    where = HOLDS.c.lifted_on.is_(None) if active_only else None
    return gate.read_frame(HOLDS, where=where, order_by=["placed_on", "id"])


def active_holds(gate: Gate) -> pl.DataFrame:
    """The holds in force, in the shape :func:`safehold.privacy.retention.sweep.sweep` takes."""
    frame = gate.read_frame(
        HOLDS,
        ["id", "scope", "person_id", "table_name", "row_id"],
        where=HOLDS.c.lifted_on.is_(None),
    )
    return frame.rename({"id": "hold_id"}).cast(HOLD_SCHEMA)  # type: ignore[arg-type]
