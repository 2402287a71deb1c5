"""Assemble a subject access pack for an access request and write it as JSON and PDF."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path

from safehold.access import Gate
from safehold.privacy.register import Register, load_register
from safehold.privacy.rights.pack.access_log import access_log
from safehold.privacy.rights.pack.article15 import disclosures
from safehold.privacy.rights.pack.content import pack_content
from safehold.privacy.rights.pack.holdings import Holdings, collect
from safehold.privacy.rights.pack.pdf import write_pdf
from safehold.privacy.rights.pack.redactions import (
    RedactionView,
    exemptions_for,
    findings,
    list_redactions,
    propose,
    scanner_for,
)
from safehold.privacy.rights.requests import RequestError, get_request
from safehold.record import metadata

__all__ = ["PackResult", "build_pack", "prepare", "review_snippets"]


@dataclass(frozen=True)
class PackResult:
    request_id: int
    json_path: Path
    pdf_path: Path
    rows: int
    proposed: int
    pending: int
    accepted: int
    rejected: int

    @property
    def final(self) -> bool:
        return self.pending == 0


def prepare(
    gate: Gate, request_id: int, *, withhold_professionals: bool = False
) -> tuple[Holdings, int]:
    """Read the subject's record and propose redactions for anything new in it."""
    request = get_request(gate, request_id)
    if request.type != "access":
        raise RequestError(
            f"request {request_id} is a {request.type} request; packs answer access requests"
        )
    holdings = collect(gate, request.subject_person_id)
    scanner = scanner_for(holdings, withhold_professionals=withhold_professionals)
    return holdings, propose(gate, request_id, findings(holdings, scanner))


def build_pack(
    gate: Gate,
    request_id: int,
    out_dir: Path,
    *,
    register: Register | None = None,
    withhold_professionals: bool = False,
    produced_on: dt.date | None = None,
) -> PackResult:
    """Write ``request-<id>.json`` and ``request-<id>.pdf`` into ``out_dir``."""
    holdings, proposed = prepare(gate, request_id, withhold_professionals=withhold_professionals)
    request = get_request(gate, request_id)
    redactions = list_redactions(gate, request_id)
    register = register or load_register()
    content = pack_content(
        request=request,
        register=register,
        holdings=holdings,
        redactions=redactions,
        exemptions=exemptions_for(gate, request_id),
        trail=access_log(gate, holdings.subject),
        produced_on=produced_on or dt.date.today(),
        disclosures=disclosures(gate, holdings.subject, register),
    )
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        json_path = out_dir / f"request-{request_id}.json"
        pdf_path = out_dir / f"request-{request_id}.pdf"
        json_path.write_text(json.dumps(content, indent=2, ensure_ascii=False), encoding="utf-8")
        write_pdf(content, pdf_path)
    except OSError as exc:
        raise RequestError(f"cannot write the pack into {out_dir}: {exc.strerror}") from None
    return PackResult(
        request_id, json_path, pdf_path, holdings.row_count, proposed,
        sum(r.decision == "pending" for r in redactions),
        sum(r.decision == "accepted" for r in redactions),
        sum(r.decision == "rejected" for r in redactions),
    )  # fmt: skip


def review_snippets(
    holdings: Holdings, redactions: list[RedactionView], context: int = 30
) -> dict[int, str]:
    """For each redaction, the text it covers with some context either side, for the reviewer
    (the span itself between » and «)."""
    out: dict[int, str] = {}
    for r in redactions:
        frame = holdings.frames.get(r.table)
        if frame is None or r.column not in frame.columns:
            continue
        (key,) = [c.name for c in metadata.tables[r.table].primary_key.columns]
        match = frame.filter(frame.get_column(key) == r.row_id)
        if match.is_empty():
            continue
        text = str(match.get_column(r.column)[0] or "")
        a, b = max(0, r.start - context), min(len(text), r.end + context)
        out[r.id] = f"{text[a : r.start]}»{text[r.start : r.end]}«{text[r.end : b]}"
    return out
