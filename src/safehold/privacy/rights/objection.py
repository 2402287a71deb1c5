"""The right to object (UK GDPR Article 21): recorded against the purposes it concerns, decided
with its grounds.

The right applies to processing for a public task (Article 6(1)(e)) or legitimate interests
(6(1)(f)), never to processing the law requires (6(1)(c)): an objection to a purpose the
register bases only on legal obligation is refused at once, naming the purpose. A purpose with
both bases (care and protection) can be objected to for its public task part; the decision says
that the legal obligation part continues.

The decision is ``upheld`` (the authority stops processing for those purposes), or ``refused``
on one of the two grounds Article 21(1) allows: compelling legitimate grounds that override the
person's interests, or the establishment, exercise or defence of legal claims.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from enum import StrEnum

import sqlalchemy as sa

from safehold.access import Gate
from safehold.privacy.register import LawfulBasis, Register, load_register
from safehold.privacy.rights.models import Objection, RightsRequest

#: The bases under which a person may object.
OBJECTABLE = frozenset({LawfulBasis.PUBLIC_TASK, LawfulBasis.LEGITIMATE_INTERESTS})
PURPOSE = "data_protection"


class RefusalGround(StrEnum):
    COMPELLING_GROUNDS = "compelling_grounds"
    LEGAL_CLAIMS = "legal_claims"

    @property
    def words(self) -> str:
        return {
            RefusalGround.COMPELLING_GROUNDS: "compelling legitimate grounds for the processing "
            "which override the person's interests, rights and freedoms (Article 21(1))",
            RefusalGround.LEGAL_CLAIMS: "the establishment, exercise or defence of legal claims "
            "(Article 21(1))",
        }[self]


class ObjectionError(ValueError):
    """An objection cannot be recorded or decided as asked; the message says why."""


@dataclass(frozen=True)
class ObjectionView:
    id: int
    request_id: int
    purposes: tuple[str, ...]
    decision: str
    grounds: str | None
    decided_by: str | None
    decided_on: dt.date | None
    #: purposes whose legal obligation part continues whatever the decision
    continues_by_law: tuple[str, ...]


def _continues(register: Register, purposes: tuple[str, ...]) -> tuple[str, ...]:
    return tuple(
        p for p in purposes if LawfulBasis.LEGAL_OBLIGATION in register.purpose(p).lawful_bases
    )


def _view(row: Objection, register: Register) -> ObjectionView:
    purposes = tuple(json.loads(row.purposes))
    return ObjectionView(
        row.id,
        row.request_id,
        purposes,
        row.decision,
        row.grounds,
        row.decided_by,
        row.decided_on,
        _continues(register, purposes),
    )


def check_purposes(register: Register, purposes: list[str]) -> tuple[str, ...]:
    """The purposes, checked: each exists and rests (at least partly) on a basis the right to
    object applies to."""
    if not purposes:
        raise ObjectionError("name at least one purpose the objection concerns")
    known = {p.id: p for p in register.purposes}
    problems = []
    for purpose in purposes:
        if purpose not in known:
            problems.append(
                f"{purpose!r} is not a purpose of the register: expected one of "
                f"{', '.join(sorted(known))}"
            )
        elif not OBJECTABLE & set(known[purpose].lawful_bases):
            bases = ", ".join(b.label for b in known[purpose].lawful_bases)
            problems.append(
                f"{purpose!r} rests only on {bases}: there is no right to object to processing "
                "the law requires (Article 21 applies to public task and legitimate interests)"
            )
    if problems:
        raise ObjectionError("; ".join(problems))
    return tuple(dict.fromkeys(purposes))


def record_objection(
    gate: Gate, request_id: int, purposes: list[str], *, register: Register | None = None
) -> ObjectionView:
    """Record an objection under request ``request_id`` (an objection request) against
    ``purposes``; it is pending until decided."""
    register = register or load_register()
    checked = check_purposes(register, purposes)
    with gate.session() as session:
        request = session.get(RightsRequest, request_id)
        if request is None:
            raise ObjectionError(f"there is no request {request_id}")
        if request.type != "objection":
            raise ObjectionError(
                f"request {request_id} is a {request.type} request: an objection is recorded "
                "under an objection request"
            )
        row = Objection(request_id=request_id, purposes=json.dumps(list(checked)))
        session.add(row)
        session.flush()
        return _view(row, register)


def decide_objection(
    gate: Gate,
    objection_id: int,
    *,
    upheld: bool,
    grounds: str,
    on: dt.date,
    refused_because: RefusalGround | None = None,
    register: Register | None = None,
) -> ObjectionView:
    """Uphold or refuse an objection. A refusal names its Article 21(1) ground and explains it;
    an upholding says what stops."""
    register = register or load_register()
    if not grounds.strip():
        raise ObjectionError("a decision needs its grounds, in words the person can read")
    if upheld and refused_because is not None:
        raise ObjectionError("an upheld objection has no refusal ground")
    if not upheld and refused_because is None:
        raise ObjectionError(
            "a refusal must rest on compelling legitimate grounds or on legal claims "
            f"(expected one of {', '.join(g.value for g in RefusalGround)})"
        )
    with gate.session() as session:
        row = session.get(Objection, objection_id)
        if row is None:
            raise ObjectionError(f"there is no objection {objection_id}")
        if row.decision != "pending":
            raise ObjectionError(
                f"objection {objection_id} was already {row.decision} on {row.decided_on}"
            )
        text = grounds.strip()
        if refused_because is not None:
            text = f"Refused on {refused_because.words}: {text}"
        else:
            text = f"Upheld: {text}"
        continues = _continues(register, tuple(json.loads(row.purposes)))
        if continues:
            text += (
                f" Processing the law requires continues for {', '.join(continues)} "
                "(no right to object to a legal obligation)."
            )
        row.decision = "upheld" if upheld else "refused"
        row.grounds = text
        row.decided_by = gate.user.username
        row.decided_on = on
        session.flush()
        return _view(row, register)


def objections_for(gate: Gate, request_id: int) -> list[ObjectionView]:
    register = load_register()
    with gate.session() as session:
        rows = session.scalars(
            sa.select(Objection).where(Objection.request_id == request_id).order_by(Objection.id)
        ).all()
        return [_view(r, register) for r in rows]
