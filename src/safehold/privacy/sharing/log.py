"""Recording and reading the sharing log.

A disclosure is recorded only to a recipient the register names, for one of that recipient's
purposes, and only of categories the register allows that recipient: the log can never say the
authority shared something the privacy notice does not tell people it shares. Every write goes
through the gate's session, so it is checked and audited like any change to the record.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from dataclasses import dataclass

from safehold.access import Gate
from safehold.privacy.register import Recipient, Register, load_register
from safehold.privacy.sharing.models import Disclosure, DisclosurePerson

__all__ = [
    "RETURNS",
    "DisclosureView",
    "SharingError",
    "disclosures_about",
    "gateway_text",
    "list_disclosures",
    "recipients_used",
    "record_disclosure",
    "record_return_disclosure",
]


class SharingError(ValueError):
    """A disclosure cannot be recorded as asked; the message says why."""


@dataclass(frozen=True)
class ReturnShared:
    """What a statutory return sends: its title, recipient, purpose and data categories."""

    title: str
    recipient: str
    purpose: str
    categories: tuple[str, ...]


#: The statutory returns and the categories each carries (from the record columns they read:
#: the SSDA903 return has no child-in-need data, the CIN census no care episodes).
RETURNS: dict[str, ReturnShared] = {
    "ssda903": ReturnShared(
        "SSDA903 return",
        "dfe",
        "statutory_duties",
        (
            "personal_details",
            "characteristics",
            "looked_after",
            "outcomes",
            "adoption",
            "care_leavers",
        ),
    ),
    "cin": ReturnShared(
        "CIN census",
        "dfe",
        "statutory_duties",
        ("personal_details", "characteristics", "child_in_need", "special_educational_needs"),
    ),
}


@dataclass(frozen=True)
class DisclosureView:
    id: int
    disclosed_at: dt.datetime
    recipient: str
    purpose: str
    gateway: str
    what: str
    categories: tuple[str, ...]
    disclosed_by: str
    people: int


def gateway_text(register: Register, recipient: Recipient) -> str:
    """The recipient's legal gateways in words: 'Children Act 1989, Section 83; ...'."""
    parts = []
    for gateway in recipient.gateway:
        title = register.legislation_item(gateway.legislation).title
        parts.append(f"{title}, {gateway.provision}" if gateway.provision else title)
    return "; ".join(parts)


def _checked(
    register: Register, recipient_id: str, purpose: str, categories: Iterable[str]
) -> tuple[Recipient, tuple[str, ...]]:
    known = {r.id: r for r in register.recipients}
    recipient = known.get(recipient_id)
    if recipient is None:
        raise SharingError(
            f"recipient {recipient_id!r} is not named in the register: expected one of "
            f"{', '.join(sorted(known))}"
        )
    if purpose not in recipient.purposes:
        raise SharingError(
            f"purpose {purpose!r} is not one the register gives for sharing with "
            f"{recipient.name}: expected one of {', '.join(recipient.purposes)}"
        )
    shared = tuple(dict.fromkeys(categories))
    if not shared:
        raise SharingError("name at least one category of data shared")
    refused = [c for c in shared if c not in recipient.categories]
    if refused:
        raise SharingError(
            f"the register does not allow sharing {', '.join(refused)} data with "
            f"{recipient.name}: it allows {', '.join(recipient.categories)}"
        )
    return recipient, shared


def record_disclosure(
    gate: Gate,
    recipient: str,
    purpose: str,
    what: str,
    people: Iterable[str],
    categories: Iterable[str],
    *,
    register: Register | None = None,
) -> DisclosureView:
    """Log that ``what`` (about ``people``, of ``categories``) was shared with ``recipient`` for
    ``purpose``, by the gate's user; refused unless the register allows exactly that."""
    register = register or load_register()
    named, shared = _checked(register, recipient, purpose, categories)
    if not what.strip():
        raise SharingError("say what was shared (e.g. 'SSDA903 return 2025/26')")
    ids = sorted({str(p) for p in people})
    with gate.session() as session:
        row = Disclosure(
            recipient=named.id,
            purpose=purpose,
            gateway=gateway_text(register, named),
            what=what.strip(),
            categories=json.dumps(list(shared)),
            disclosed_by=gate.user.username,
        )
        session.add(row)
        session.flush()
        session.add_all(DisclosurePerson(disclosure_id=row.id, person_id=p) for p in ids)
        session.flush()
        return _view(row, len(ids))


def record_return_disclosure(
    gate: Gate,
    return_name: str,
    year: int,
    people: Iterable[str],
    *,
    register: Register | None = None,
) -> DisclosureView:
    """Log a statutory return written for sending to the DfE: ``return_name`` is ``ssda903``
    or ``cin``, ``year`` the collection year by the year it ends (2026 = 2025/26)."""
    from safehold.codes import year_label

    shared = RETURNS.get(return_name)
    if shared is None:
        raise SharingError(
            f"{return_name!r} is not a statutory return: expected one of {', '.join(RETURNS)}"
        )
    return record_disclosure(
        gate,
        shared.recipient,
        shared.purpose,
        f"{shared.title} {year_label(year)}",
        people,
        shared.categories,
        register=register,
    )


def log_return_sent(
    gate: Gate, return_name: str, year: int, people: Iterable[str]
) -> DisclosureView:
    """Log a return written for sending, whoever wrote it.

    The sharing log, like the audit trail, is kept by the system rather than edited by its
    users: a performance analyst who may build the return may not change personal data, so the
    entry is written by the system account on the analyst's behalf, under their username.
    """
    from safehold.access.gate import User

    recorder = Gate(
        gate.engine,
        User(gate.user.username, "system", gate.user.display_name),
        RETURNS[return_name].purpose if return_name in RETURNS else gate.purpose,
    )
    return record_return_disclosure(recorder, return_name, year, people)


def _view(row: Disclosure, people: int) -> DisclosureView:
    at = row.disclosed_at
    if at.tzinfo is None:  # SQLite returns naive datetimes; the log is kept in UTC
        at = at.replace(tzinfo=dt.UTC)
    return DisclosureView(
        row.id,
        at,
        row.recipient,
        row.purpose,
        row.gateway,
        row.what,
        tuple(json.loads(row.categories)),
        row.disclosed_by,
        people,
    )


def list_disclosures(gate: Gate, person: str | None = None) -> list[DisclosureView]:
    """The log, oldest first: every disclosure, or those about ``person``. Read through the gate
    (audited, restricted people withheld as for any read)."""
    links = gate.read_frame(
        "disclosure_person",
        ["disclosure_id", "person_id"],
        people=None if person is None else [person],
    )
    counts: dict[int, int] = {}
    for disclosure_id in links.get_column("disclosure_id").to_list():
        counts[int(disclosure_id)] = counts.get(int(disclosure_id), 0) + 1
    table = Disclosure.__table__
    where = None if person is None else table.c.id.in_(sorted(counts))
    frame = gate.read_frame("disclosure", where=where, order_by=["disclosed_at", "id"])
    out = []
    for r in frame.iter_rows(named=True):
        out.append(
            DisclosureView(
                int(r["id"]),
                r["disclosed_at"],
                str(r["recipient"]),
                str(r["purpose"]),
                str(r["gateway"]),
                str(r["what"]),
                tuple(json.loads(r["categories"])),
                str(r["disclosed_by"]),
                counts.get(int(r["id"]), 0),
            )
        )
    return out


def disclosures_about(gate: Gate, person: str) -> list[DisclosureView]:
    """The disclosures about ``person``, oldest first."""
    return list_disclosures(gate, person)


def recipients_used(gate: Gate) -> list[str]:
    """The distinct recipients the log says data was sent to, for the conformance check. Read
    through the gate like everything else (the column holds no personal data, so any role
    acting for a declared purpose may read it); the read is audited."""
    frame = gate.read_frame("disclosure", ["recipient"])
    return sorted({str(r) for r in frame.get_column("recipient").to_list()})
