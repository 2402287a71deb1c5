"""Proposed redactions for a subject access pack, their review, and exemptions relied on.

Scanning proposes; a person decides. Each finding becomes a ``redaction`` row (pending) naming
where it is (table, row, column, character span), what kind of text it is and why; a reviewer
accepts (withhold it) or rejects (disclose it). Proposing again after the record changed adds
only new findings: decisions already made are kept.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass

import sqlalchemy as sa

from safehold.access import Gate
from safehold.privacy.register import load_register
from safehold.privacy.rights.models import ExemptionApplied, Redaction, RightsRequest
from safehold.privacy.rights.pack.holdings import Holdings, free_text_columns
from safehold.privacy.rights.pack.scan import Finding, Scanner
from safehold.privacy.rights.requests import RequestError
from safehold.record import metadata
from safehold.record.base import utcnow

__all__ = [
    "ExemptionView",
    "RedactionView",
    "decide",
    "exemptions_for",
    "findings",
    "list_redactions",
    "propose",
    "record_exemption",
    "scanner_for",
]


@dataclass(frozen=True)
class RedactionView:
    id: int
    table: str
    row_id: str
    column: str
    start: int
    end: int
    kind: str
    third_party_id: str | None
    reason: str
    exemption_id: str
    decision: str
    reviewed_by: str | None

    @property
    def withheld(self) -> bool:
        """Pending redactions are withheld until a reviewer decides (see docs/dpo-requests.md)."""
        return self.decision != "rejected"


@dataclass(frozen=True)
class ExemptionView:
    id: int
    exemption_id: str
    scope: str
    reason: str
    decided_by: str
    decided_at: dt.datetime


def _view(row: Redaction) -> RedactionView:
    return RedactionView(
        row.id, row.table_name, row.row_id, row.column_name, row.span_start, row.span_end,
        row.text_kind, row.third_party_id, row.reason, row.exemption_id, row.decision,
        row.reviewed_by,
    )  # fmt: skip


def scanner_for(holdings: Holdings, *, withhold_professionals: bool = False) -> Scanner:
    """A scanner for this subject's third parties. The subject's own name is never proposed,
    and professionals' names are not unless policy says to withhold them."""
    allowed: list[str] = []
    person = holdings.person
    if person and person.get("forename") and person.get("surname"):
        allowed.append(f"{person['forename']} {person['surname']}")
    known = list(holdings.third_parties)
    staff = holdings.linked.get("professional")
    if staff is not None and not withhold_professionals:
        allowed += [str(n) for n in staff.get_column("name").drop_nulls().to_list()]
    return Scanner(known, allowed)


def findings(holdings: Holdings, scanner: Scanner) -> list[tuple[str, str, str, Finding]]:
    """(table, row id, column, finding) for every finding in the subject's free text."""
    out: list[tuple[str, str, str, Finding]] = []
    for name, frame in holdings.frames.items():
        table = metadata.tables[name]
        columns = [c for c in free_text_columns(table) if c in frame.columns]
        if not columns:
            continue
        (key,) = [c.name for c in table.primary_key.columns]
        for row in frame.select([key, *columns]).iter_rows(named=True):
            for column in columns:
                text = row[column]
                if text:
                    out += [(name, str(row[key]), column, f) for f in scanner.scan(str(text))]
    return out


def _request(session: sa.orm.Session, request_id: int) -> RightsRequest:
    row = session.get(RightsRequest, request_id)
    if row is None:
        raise RequestError(f"there is no request {request_id}")
    return row


def propose(gate: Gate, request_id: int, found: Iterable[tuple[str, str, str, Finding]]) -> int:
    """Store each new finding as a pending redaction; return how many were new."""
    with gate.session() as session:
        _request(session, request_id)
        existing = {
            (r.table_name, r.row_id, r.column_name, r.span_start, r.span_end)
            for r in session.scalars(sa.select(Redaction).where(Redaction.request_id == request_id))
        }
        new = 0
        for table, row_id, column, f in found:
            key = (table, row_id, column, f.start, f.end)
            if key in existing:
                continue
            existing.add(key)
            session.add(
                Redaction(
                    request_id=request_id, table_name=table, row_id=row_id, column_name=column,
                    span_start=f.start, span_end=f.end, text_kind=f.kind,
                    third_party_id=f.person_id, reason=f.reason, exemption_id="third_party",
                    decision="pending",
                )
            )  # fmt: skip
            new += 1
        return new


def list_redactions(gate: Gate, request_id: int) -> list[RedactionView]:
    with gate.session() as session:
        _request(session, request_id)
        rows = session.scalars(
            sa.select(Redaction).where(Redaction.request_id == request_id).order_by(Redaction.id)
        ).all()
        return [_view(r) for r in rows]


def decide(gate: Gate, request_id: int, redaction_id: int, *, accept: bool) -> RedactionView:
    """A reviewer's decision: accept (withhold the text) or reject (disclose it)."""
    with gate.session() as session:
        row = session.get(Redaction, redaction_id)
        if row is None or row.request_id != request_id:
            raise RequestError(f"request {request_id} has no proposed redaction {redaction_id}")
        row.decision = "accepted" if accept else "rejected"
        row.reviewed_by = gate.user.username
        row.reviewed_at = utcnow()
        session.flush()
        return _view(row)


def record_exemption(
    gate: Gate, request_id: int, exemption_id: str, scope: str, reason: str
) -> ExemptionView:
    """Record that an exemption in the register was relied on, for what and why."""
    exemptions = {e.id: e for e in load_register().exemptions}
    exemption = exemptions.get(exemption_id)
    if exemption is None:
        raise RequestError(
            f"exemption {exemption_id!r} is not in the register: expected one of "
            + ", ".join(sorted(exemptions))
        )
    if not scope.strip() or not reason.strip():
        raise RequestError("an exemption needs its scope (what it covers) and the reason")
    with gate.session() as session:
        request = _request(session, request_id)
        right = {"access": "access", "rectification": "rectification",
                 "restriction": "restrict"}.get(request.type)  # fmt: skip
        if right is None or right not in exemption.rights:
            raise RequestError(
                f"the exemption {exemption_id} ({exemption.reference}) does not apply to "
                f"{request.type} requests: it covers {', '.join(exemption.rights)}"
            )
        row = ExemptionApplied(
            request_id=request_id, exemption_id=exemption_id, scope=scope.strip(),
            reason=reason.strip(), decided_by=gate.user.username,
        )  # fmt: skip
        session.add(row)
        session.flush()
        return ExemptionView(row.id, row.exemption_id, row.scope, row.reason, row.decided_by,
                             row.decided_at)  # fmt: skip


def exemptions_for(gate: Gate, request_id: int) -> list[ExemptionView]:
    with gate.session() as session:
        rows = session.scalars(
            sa.select(ExemptionApplied)
            .where(ExemptionApplied.request_id == request_id)
            .order_by(ExemptionApplied.id)
        ).all()
        return [ExemptionView(r.id, r.exemption_id, r.scope, r.reason, r.decided_by,
                              r.decided_at) for r in rows]  # fmt: skip
