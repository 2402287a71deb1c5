"""An upheld objection stops the gate using the person for the purposes it names, and only
those: not for other purposes, not while pending or once refused, and never for a purpose the
law requires (care and protection continues)."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.privacy.rights.objection import RefusalGround, decide_objection, record_objection
from safehold.privacy.rights.requests import new_request
from safehold.synth.generate import generate

TODAY = dt.date(2026, 3, 31)


def _ids(gate: Gate) -> set[str]:
    return {str(p) for p in gate.read_frame("person", ["id"]).get_column("id").to_list()}


def test_an_upheld_objection_withholds_the_person_for_its_purpose_only(
    engine: sa.Engine,
) -> None:
    authority = generate(4, 5, today=TODAY)
    Gate(engine, User("loader", "system"), "storage").load_rows(
        authority.rows, kind="synthetic", origin="tests"
    )
    dpo = Gate(engine, User("dpo", "data_protection_officer"), "data_protection")
    everyone = _ids(dpo)
    objector, refused_one = sorted(everyone)[:2]

    def object_to(person: str, purposes: list[str]) -> int:
        request = new_request(dpo, type="objection", subject=person, received=TODAY)
        return record_objection(dpo, request.id, purposes).id

    upheld = object_to(objector, ["service_quality", "care_and_protection"])
    refused = object_to(refused_one, ["service_quality"])
    quality = Gate(engine, User("pa", "performance_analyst"), "service_quality")
    protection = Gate(engine, User("tm", "team_manager"), "care_and_protection")
    support = Gate(engine, User("sw", "social_worker"), "support_and_monitor")
    assert _ids(quality) == everyone  # pending: nothing stops yet

    decide_objection(dpo, upheld, upheld=True, grounds="no overriding need", on=TODAY)
    decide_objection(dpo, refused, upheld=False, grounds="needed for inspection", on=TODAY,
                     refused_because=RefusalGround.COMPELLING_GROUNDS)  # fmt: skip

    assert _ids(quality) == everyone - {objector}
    assert _ids(support) == everyone  # a purpose the objection does not name
    assert _ids(protection) == everyone  # the law requires it: continues
    assert _ids(dpo) == everyone  # the DPO's own work is not stopped
