"""The Article 15 information a subject access pack must give besides the data itself, from the
register: why we use it, what kinds of information, who gets it, how long we keep it, where it
came from, the person's rights and how to complain to the ICO. Purposes, categories and retention
are narrowed to what the record actually holds about this person."""

from __future__ import annotations

from typing import Any

from safehold.access import Gate
from safehold.privacy.register import Register
from safehold.privacy.rights.pack.holdings import Holdings
from safehold.privacy.sharing.log import disclosures_about
from safehold.record import metadata

__all__ = ["NO_DISCLOSURES", "article15", "disclosures"]

#: What the pack says when the sharing log holds nothing about the person.
NO_DISCLOSURES = (
    "No disclosures recorded: the sharing log holds no record of your information being sent to "
    "anyone outside the council. The kinds of organisation we may share it with are listed under "
    "'Who we share it with'."
)


def disclosures(gate: Gate, subject: str, register: Register) -> list[dict[str, Any]]:
    """Disclosures made about ``subject``, oldest first, from the sharing log (read through the
    gate): when, to whom, what, why and under which law. Empty when the log holds none (the pack
    then prints :data:`NO_DISCLOSURES`)."""
    names = {r.id: r.plain_wording for r in register.recipients}
    purposes = {p.id: p.plain_wording for p in register.purposes}
    return [
        {
            "when": d.disclosed_at.date().isoformat(),
            "to": names.get(d.recipient, d.recipient),
            "what": d.what,
            "why": purposes.get(d.purpose, d.purpose),
            "under": d.gateway,
        }
        for d in disclosures_about(gate, subject)
    ]


def _categories_held(holdings: Holdings) -> set[str]:
    held: set[str] = set()
    for name, frame in holdings.frames.items():
        table = metadata.tables[name]
        for column in frame.columns:
            category = table.c[column].info.get("category")
            if category and frame.get_column(column).null_count() < frame.height:
                held.add(str(category))
    return held


def article15(register: Register, holdings: Holdings) -> dict[str, Any]:
    held = _categories_held(holdings)
    kinds = {str(metadata.tables[n].info.get("record_kind")) for n in holdings.frames}
    sources_used: set[str] = set()
    for frame in holdings.frames.values():
        if "source" in frame.columns:
            sources_used.update(str(s) for s in frame.get_column("source").drop_nulls().unique())
    contacts = register.contacts
    return {
        "purposes": [
            {
                "why": p.plain_wording,
                "lawful_basis": [b.label for b in p.lawful_bases],
                "automated_decisions": p.automated_decision_note,
            }
            for p in register.purposes
            if set(p.categories) & held
        ],
        "categories": [
            {"id": c.id, "what": c.plain_wording, "special": c.special}
            for c in register.categories
            if c.id in held
        ],
        "recipients": [
            {"who": r.plain_wording, "categories": [c for c in r.categories if c in held]}
            for r in register.recipients
            if r.in_notice and set(r.categories) & held
        ],
        "retention": [
            {
                "records": rc.name,
                "kept_for": f"{rc.period.years} years {rc.period.trigger.plain}",
                "authority": rc.authority,
            }
            for rc in register.retention_classes
            if rc.id in kinds
        ],
        "sources": [
            {"where": s.plain_wording} for s in register.sources if set(s.categories) & held
        ],
        "sources_of_your_records": sorted(s.replace("_", " ") for s in sources_used),
        "rights": [
            {"right": r.notice_wording, "what": r.plain_wording, "article": r.article}
            for r in register.rights
            if r.in_notice
        ],
        "complaint": {
            "first": register.notice.complaints[0],
            "ico": contacts.ico.name,
            "ico_address": list(contacts.ico.address),
            "ico_phone": contacts.ico.phone,
            "ico_website": str(contacts.ico.website) if contacts.ico.website else None,
        },
        "controller": contacts.controller.name,
        "dpo": {"name": contacts.dpo.name, "email": contacts.dpo.email},
    }
