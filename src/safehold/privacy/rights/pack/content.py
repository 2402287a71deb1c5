"""The pack's content as one plain structure (what the JSON file holds and the PDF prints), with
withheld spans replaced. Pending redactions are withheld until a reviewer decides: a pack made
before review is complete is marked as a draft and lists how many decisions are outstanding."""

from __future__ import annotations

import contextlib
import datetime as dt
import json
from collections import defaultdict
from collections.abc import Sequence
from typing import Any

import sqlalchemy as sa

from safehold.privacy.register import Register
from safehold.privacy.rights.pack.article15 import NO_DISCLOSURES, article15
from safehold.privacy.rights.pack.holdings import Holdings
from safehold.privacy.rights.pack.redactions import ExemptionView, RedactionView
from safehold.privacy.rights.requests import RequestView
from safehold.record import metadata

__all__ = ["WITHHELD", "pack_content", "redact_text", "table_title"]

WITHHELD = "[withheld: third party]"
_WORDS = {"cla": "care", "cin": "child in need", "cp": "child protection", "sdq": "SDQ",
          "ehcp": "EHC plan", "send": "SEND", "sen": "SEN"}  # fmt: skip
_TITLES = {
    "person": "About you",
    "address": "Your addresses",
    "case_note": "Case notes",
    "relationship": "People in your life",
    "involvement": "Social workers and others who worked with you",
}


def table_title(name: str) -> str:
    if name in _TITLES:
        return _TITLES[name]
    words = [_WORDS.get(w, w) for w in name.split("_")]
    text = " ".join(words)
    return text[0].upper() + text[1:]


def redact_text(text: str, spans: Sequence[tuple[int, int]]) -> str:
    """``text`` with each span replaced by :data:`WITHHELD` (spans beyond the text, left by a
    record that changed since they were proposed, are ignored)."""
    out = text
    for start, end in sorted(set(spans), reverse=True):
        if 0 <= start < end <= len(out):
            out = out[:start] + WITHHELD + out[end:]
    return out


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    return value


def _rows(
    name: str, frame_rows: list[dict[str, Any]], withheld: dict[tuple[str, str], list[Any]]
) -> list[dict[str, Any]]:
    table = metadata.tables[name]
    keys = [c.name for c in table.primary_key.columns]
    json_columns = {c.name for c in table.columns if isinstance(c.type, sa.JSON)}
    out = []
    for row in frame_rows:
        row_id = str(row[keys[0]]) if len(keys) == 1 else "/".join(str(row[k]) for k in keys)
        clean: dict[str, Any] = {}
        for column, value in row.items():
            spans = withheld.get((row_id, column))
            if spans and isinstance(value, str):
                value = redact_text(value, spans)
            if column in json_columns and isinstance(value, str):
                with contextlib.suppress(ValueError):
                    value = json.loads(value)
            clean[column] = _plain(value)
        out.append(clean)
    return out


def pack_content(
    *,
    request: RequestView,
    register: Register,
    holdings: Holdings,
    redactions: Sequence[RedactionView],
    exemptions: Sequence[ExemptionView],
    trail: Sequence[dict[str, Any]],
    produced_on: dt.date,
    disclosures: Sequence[dict[str, Any]] = (),
) -> dict[str, Any]:
    by_table: dict[str, dict[tuple[str, str], list[tuple[int, int]]]] = defaultdict(
        lambda: defaultdict(list)
    )
    for r in redactions:
        if r.withheld:
            by_table[r.table][(r.row_id, r.column)].append((r.start, r.end))
    pending = sum(r.decision == "pending" for r in redactions)
    exemption_names = {e.id: e for e in register.exemptions}
    return {
        "pack": {
            "request": request.id,
            "subject": holdings.subject,
            "received": request.received_on.isoformat(),
            "due": request.due_on.isoformat() if request.due_on else None,
            "produced_on": produced_on.isoformat(),
            "status": "draft" if pending else "final",
            "redactions_awaiting_review": pending,
            "note": (
                f"Draft: {pending} proposed redactions await review; they are withheld here "
                "until a reviewer decides."
                if pending
                else "Every proposed redaction has been reviewed."
            ),
        },
        "your_record": [
            {
                "table": name,
                "title": table_title(name),
                "rows": _rows(name, frame.to_dicts(), by_table.get(name, {})),
            }
            for name, frame in holdings.frames.items()
        ],
        "people_who_worked_with_you": [
            {"table": name, "title": table_title(name), "rows": _rows(name, frame.to_dicts(), {})}
            for name, frame in holdings.linked.items()
        ],
        "about_this_information": article15(register, holdings),
        "disclosures": list(disclosures),
        "disclosures_note": NO_DISCLOSURES,
        "who_has_looked_at_your_record": [
            {
                "when": e["occurred_at"],
                "who": e["username"],
                "role": e["role"],
                "purpose": e["purpose"],
                "action": e["action"],
                "outcome": e["outcome"],
            }
            for e in trail
        ],
        "withheld": [_withheld(r, exemption_names) for r in redactions if r.withheld],
        "exemptions_relied_on": [
            {
                "exemption": exemption_names[e.exemption_id].name
                if e.exemption_id in exemption_names
                else e.exemption_id,
                "reference": exemption_names[e.exemption_id].reference
                if e.exemption_id in exemption_names
                else None,
                "scope": e.scope,
            }
            for e in exemptions
        ],
    }


def _withheld(r: RedactionView, exemptions: dict[str, Any]) -> dict[str, Any]:
    """Where text was withheld and under which exemption; never whose it was."""
    exemption = exemptions.get(r.exemption_id)
    return {
        "table": r.table,
        "row": r.row_id,
        "column": r.column,
        "kind": r.kind,
        "exemption": exemption.reference if exemption is not None else r.exemption_id,
        "decision": r.decision,
    }
