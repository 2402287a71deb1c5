"""Bulk loading rows into the record: through the gate (:meth:`safehold.access.Gate.load_rows`),
in one transaction, with provenance on every row and an audit event."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from safehold.access import Gate, ProgressFn, User

#: Loads are for keeping the data (the gate's ``storage`` purpose): nothing is used by loading.
LOAD_PURPOSE = "storage"
#: The role of a service identity that a library caller names with ``by`` (see :func:`as_gate`).
SERVICE_ROLE = "system"

__all__ = ["LOAD_PURPOSE", "SERVICE_ROLE", "ProgressFn", "as_gate", "load_rows"]


def as_gate(target: Gate | sa.Engine, by: str | None, purpose: str) -> Gate:
    """``target`` if it is a gate; for an engine, a gate acting as the service identity ``by``
    in the ``system`` role (for code that runs unattended: tests, generators, jobs). A person
    acting comes through a door, which builds the gate for their account."""
    if isinstance(target, Gate):
        return target
    return Gate(target, User(by or "safehold", SERVICE_ROLE), purpose)


def load_rows(
    target: Gate | sa.Engine,
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    kind: str,
    origin: str,
    by: str | None = None,
    progress: ProgressFn | None = None,
) -> str:
    """Insert rows (table name → list of column dicts) in dependency order; return the import id.

    Every row gets the import's id, ``recorded_by`` and ``recorded_at``; a row's own ``source``
    is kept (defaulting to the case-management record). Keys that are not columns are ignored.
    Everything is written in one transaction: if any row is refused, nothing is written.
    """
    gate = as_gate(target, by, LOAD_PURPOSE)
    return gate.load_rows(rows, kind=kind, origin=origin, progress=progress)
