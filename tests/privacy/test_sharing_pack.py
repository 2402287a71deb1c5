"""A disclosure in the sharing log reaches the subject access pack of the child it was about,
and no one else's."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.privacy.rights.pack import build_pack
from safehold.privacy.rights.requests import new_request
from safehold.privacy.sharing.log import record_disclosure, record_return_disclosure
from safehold.synth.generate import generate

TODAY = dt.date(2026, 3, 31)


def _pack(gate: Gate, subject: str, out: Path) -> dict[str, object]:
    request = new_request(gate, type="access", subject=subject, received=TODAY)
    result = build_pack(gate, request.id, out / subject, produced_on=TODAY)
    content: dict[str, object] = json.loads(result.json_path.read_text(encoding="utf-8"))
    return content


def test_a_disclosure_is_in_its_childs_pack_only(engine: sa.Engine, tmp_path: Path) -> None:
    authority = generate(6, 3, today=TODAY)
    Gate(engine, User("loader", "system"), "storage").load_rows(
        authority.rows, kind="synthetic", origin="tests"
    )
    children = sorted({str(r["person_id"]) for r in authority.rows["case_note"]})
    assert len(children) >= 2
    shared, other = children[0], children[1]
    system = Gate(engine, User("returns-job", "system"), "statutory_duties")
    logged = record_return_disclosure(system, "ssda903", 2026, [shared])
    record_disclosure(
        system, "health", "statutory_duties", "Initial health assessment request",
        ["SOMEONE-ELSE"], ["personal_details"],
    )  # fmt: skip

    dpo = Gate(engine, User("dpo", "data_protection_officer"), "data_protection")
    pack = _pack(dpo, shared, tmp_path)
    assert isinstance(pack["disclosures"], list)
    (entry,) = pack["disclosures"]
    assert entry["what"] == "SSDA903 return 2025/26"
    assert entry["to"].startswith("the Department for Education")
    assert entry["under"].startswith("Children Act 1989, Section 83")
    assert entry["when"] == logged.disclosed_at.date().isoformat()

    assert _pack(dpo, other, tmp_path)["disclosures"] == []
