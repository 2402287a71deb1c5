"""Erasure: a decision per record, refused with its Article 17(3) ground under the default
register, and carried out end to end where the basis (or the retention date) allows it."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from tests.privacy.conftest import default_register_data, dump
from tests.privacy.retention.conftest import count, people_rows

from safehold.access import Gate, User
from safehold.ingest.load import load_rows
from safehold.privacy.audit import events_for_person, verify_chain
from safehold.privacy.register import Register, load_register, load_register_text
from safehold.privacy.retention import place_hold
from safehold.privacy.rights.erasure import Ground, erase
from safehold.record import metadata

D = dt.date
DPO = User("dpo", "data_protection_officer")
RECORD_TABLES = [
    t.name
    for t in metadata.sorted_tables
    if t.info.get("record_kind") not in (None, "audit_event", "rights_request", "workforce_record")
]


@pytest.fixture
def store(engine: sa.Engine) -> sa.Engine:
    """The hand-made store, on SQLite and on PostgreSQL."""
    load_rows(engine, people_rows(), kind="test", origin="erasure tests", by="loader")
    return engine


@pytest.fixture
def dpo(store: sa.Engine) -> Gate:
    return Gate(store, DPO, "data_protection")


def consent_register() -> Register:
    """The default register edited so that every purpose relies on consent."""
    data = default_register_data()
    for purpose in data["purposes"]:
        purpose["lawful_bases"] = ["consent"]
    return load_register_text(dump(data), "consent register (test)")


def rows_about(engine: sa.Engine, person: str) -> int:
    total = 0
    for table in RECORD_TABLES:
        columns = metadata.tables[table].c
        for name in ("person_id", "child_id", "related_person_id", "mother_id"):
            if name in columns:
                total += count(engine, table, f"WHERE {name} = '{person}'")
    return total + count(engine, "person", f"WHERE id = '{person}'")


def test_under_the_default_register_a_current_record_is_refused_with_reasons(
    dpo: Gate, store: sa.Engine
) -> None:
    before = rows_about(store, "C2")
    result = erase(dpo, "C2", today=D(2024, 1, 1))
    assert result.decisions and not result.erased
    grounds = {d.record: d.ground for d in result.refused}
    assert grounds["child_protection_record"] is Ground.LEGAL_OBLIGATION_OR_PUBLIC_TASK
    assert grounds["looked_after_record"] is Ground.LEGAL_OBLIGATION_OR_PUBLIC_TASK
    cp = next(d for d in result.refused if d.record == "child_protection_record")
    assert "Article 17(3)(b)" in cp.explanation and "05 May 2077" in cp.explanation
    assert "keep you safe" in cp.explanation  # the purpose as the young people's notice says it
    assert any(basis == ("legal_obligation", "public_task") for _, basis in cp.purposes)
    assert "We cannot erase your child protection records" in result.letter()
    assert rows_about(store, "C2") == before and count(store, "tombstone") == 0


def test_a_record_past_its_retention_date_is_erased_everywhere(dpo: Gate, store: sa.Engine) -> None:
    result = erase(dpo, "C1", today=D(2025, 1, 1), register=load_register())
    assert result.decisions and not result.refused
    assert {d.ground for d in result.erased} == {Ground.NO_LONGER_NEEDED}
    assert rows_about(store, "C1") == 0
    # the relationship to her mother went with her; the mother herself is another person
    assert count(store, "relationship") == 0 and count(store, "person", "WHERE id = 'A1'") == 1
    destroyed = {(line.table, rid) for line in result.lines for rid in line.row_ids}
    assert {("person", "C1"), ("referral", "REF1"), ("relationship", "R1")} <= destroyed
    assert count(store, "tombstone", "WHERE person_id = 'C1'") == len(destroyed)


def test_erasure_end_to_end_where_the_basis_permits_it(dpo: Gate, store: sa.Engine) -> None:
    with store.connect() as connection:
        seen_before = len(events_for_person(connection, "C2"))
    assert seen_before > 0
    result = erase(dpo, "C2", today=D(2024, 1, 1), request_id=None, register=consent_register())
    assert result.decisions and not result.refused
    assert {d.ground for d in result.erased} == {Ground.BASIS_ALLOWS}
    # gone from every table
    assert rows_about(store, "C2") == 0
    for table in ("referral", "section47_enquiry", "cp_plan", "cla_episode"):
        assert count(store, table, "WHERE person_id = 'C2'") == 0, table
    # the tombstones and the certificate exist
    destroyed = {(line.table, rid) for line in result.lines for rid in line.row_ids}
    assert {("person", "C2"), ("cp_plan", "CP1"), ("cla_episode", "E1")} <= destroyed
    assert count(store, "tombstone", "WHERE person_id = 'C2'") == len(destroyed)
    assert count(store, "destruction_record", "WHERE statute = 'UK GDPR Article 17(1)'") == len(
        result.lines
    )
    # the audit trail is kept, still verifies, and records the deletion
    with store.connect() as connection:
        assert verify_chain(connection).problems == []
        events = events_for_person(connection, "C2")
    assert len(events) > seen_before
    assert any(e.event.action == "delete" for e in events)
    # the others are untouched
    assert rows_about(store, "C1") > 0 and rows_about(store, "C3") > 0


def test_a_litigation_hold_refuses_erasure_under_legal_claims(dpo: Gate, store: sa.Engine) -> None:
    place_hold(dpo, reason_kind="litigation", reason="Claim 2024/17", placed_on=D(2024, 6, 1),
               person_id="C1")  # fmt: skip
    result = erase(dpo, "C1", today=D(2025, 1, 1))
    assert not result.erased
    assert {d.ground for d in result.refused} == {Ground.LEGAL_CLAIMS}
    assert "legal claim" in result.letter()
    assert rows_about(store, "C1") > 0


def test_an_inquiry_hold_refuses_erasure_under_legal_obligation(
    dpo: Gate, store: sa.Engine
) -> None:
    place_hold(dpo, reason_kind="inquiry", reason="Independent inquiry", placed_on=D(2024, 6, 1),
               table="referral", row_id="REF1")  # fmt: skip
    result = erase(dpo, "C1", today=D(2025, 1, 1))
    refused = {d.record: d for d in result.refused}
    assert refused["child_in_need_record"].ground is Ground.LEGAL_OBLIGATION_OR_PUBLIC_TASK
    assert "Inquiries Act 2005" in refused["child_in_need_record"].explanation
    # identity details are kept with the record they find
    assert "person_record" in refused
    assert count(store, "referral", "WHERE id = 'REF1'") == 1
    assert count(store, "person", "WHERE id = 'C1'") == 1


def test_nothing_held_means_nothing_to_erase(dpo: Gate) -> None:
    result = erase(dpo, "NOBODY", today=D(2025, 1, 1))
    assert result.decisions == [] and "hold no records" in result.letter()
