"""Restriction of processing: while a person's processing is restricted, only storage, legal
claims and the DPO's own work reach their data; reads of many people leave them out and say so."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from safehold.access import (
    RESTRICTION_EXEMPT,
    AccessRefused,
    Gate,
    Mode,
    ProcessingRestriction,
    User,
    default_policy,
)
from safehold.record import Person
from tests.access.support import CHILD, OTHER, newest, seed_people

POLICY = default_policy()
DPO = User("dee", "data_protection_officer")
READERS = [
    (role.id, purpose)
    for role in POLICY.roles.values()
    for purpose in sorted(role.grants)
    if role.may(purpose, Mode.READ, "personal_details")
]


def _restrict(engine: sa.Engine, person: str = CHILD) -> None:
    with Gate(engine, DPO, "data_protection").session() as session:
        session.add(ProcessingRestriction(person_id=person, reason="accuracy contested",
                                          request_reference="RR-1"))  # fmt: skip


def test_only_storage_legal_claims_and_the_dpo_pass(engine: sa.Engine) -> None:
    seed_people(engine)
    _restrict(engine)
    assert {p for _, p in READERS} >= RESTRICTION_EXEMPT
    for role, purpose in READERS:
        gate = Gate(engine, User(f"u-{role}", role), purpose)
        ids = set(gate.read_frame("person", ["id"])["id"])
        event = newest(engine)
        if purpose in RESTRICTION_EXEMPT:
            assert ids == {CHILD, OTHER}, (role, purpose)
            assert event.event.withheld == 0 and CHILD in event.event.people
        else:
            assert ids == {OTHER}, (role, purpose)
            assert event.event.withheld == 1, (role, purpose)
            assert CHILD not in event.event.people


def test_a_restricted_record_is_refused_one_by_one(engine: sa.Engine) -> None:
    seed_people(engine)
    _restrict(engine)
    worker = Gate(engine, User("sam", "social_worker"), "care_and_protection")
    with pytest.raises(AccessRefused, match="restricted"), worker.session() as session:
        session.get(Person, CHILD)
    refused = newest(engine)
    assert (refused.event.outcome, refused.event.people) == ("refused", (CHILD,))
    with worker.session() as session:
        other = session.get(Person, OTHER)
        assert other is not None
        other.forename = "Changed"
    with Gate(engine, DPO, "data_protection").session() as session:
        child = session.get(Person, CHILD)
        assert child is not None
        child.forename = "Corrected"
    assert newest(engine).event.action == "update"


def test_a_load_touching_a_restricted_person_is_refused_whole(engine: sa.Engine) -> None:
    seed_people(engine)
    _restrict(engine)
    rows = {"disability": [{"id": "D1", "person_id": OTHER, "code": "AUT"},
                           {"id": "D2", "person_id": CHILD, "code": "HAND"}]}  # fmt: skip
    duties = Gate(engine, User("job", "system"), "statutory_duties")
    with pytest.raises(AccessRefused, match="1 people whose processing is restricted"):
        duties.load_rows(rows, kind="test", origin="t")
    refused = newest(engine)
    assert refused.event.outcome == "refused" and refused.event.people == (CHILD,)
    storage = Gate(engine, User("job", "system"), "storage")
    assert storage.read_frame("disability").height == 0  # nothing was written
    storage.load_rows(rows, kind="test", origin="t")
    assert storage.read_frame("disability").height == 2


def test_lifting_a_restriction_restores_processing(engine: sa.Engine) -> None:
    seed_people(engine)
    _restrict(engine)
    analyst = Gate(engine, User("ann", "performance_analyst"), "statutory_duties")
    assert set(analyst.read_frame("person", ["id"])["id"]) == {OTHER}
    with Gate(engine, DPO, "data_protection").session() as session:
        restriction = session.scalars(sa.select(ProcessingRestriction)).one()
        restriction.lifted_at = dt.datetime.now(dt.UTC)
    assert set(analyst.read_frame("person", ["id"])["id"]) == {CHILD, OTHER}
