"""Restriction: while in force only storage, legal claims and the DPO reach the person's data;
lifting records when and how they were told."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from tests.privacy.retention.conftest import count, people_rows

from safehold.access import AccessRefused, Gate, User
from safehold.ingest.load import load_rows
from safehold.privacy.rights.restrict import (
    RestrictionError,
    lift_restriction,
    restrict,
    restrictions,
)
from safehold.record import Referral

D = dt.date
DPO = User("dpo", "data_protection_officer")
WORKER = User("sw", "social_worker")
MANAGER = User("tm", "team_manager")


@pytest.fixture
def store(sqlite_engine: sa.Engine) -> sa.Engine:
    load_rows(sqlite_engine, people_rows(), kind="test", origin="restriction tests", by="loader")
    return sqlite_engine


def referral_people(gate: Gate) -> set[str]:
    return set(gate.read_frame("referral", ["id", "person_id"])["person_id"].to_list())


def test_restriction_limits_use_to_storage_legal_claims_and_the_dpo(store: sa.Engine) -> None:
    dpo = Gate(store, DPO, "data_protection")
    worker = Gate(store, WORKER, "care_and_protection")
    assert "C1" in referral_people(worker)
    placed = restrict(dpo, "C1", "accuracy contested", request_id=None)
    assert placed.lifted_at is None
    # the social worker no longer sees C1, and may not change her record
    assert referral_people(worker) == {"C2", "C3"}
    with pytest.raises(AccessRefused, match="restricted"), worker.session() as session:
        session.get(Referral, "REF1")
    # storage, legal claims and the DPO still reach it
    assert "C1" in referral_people(Gate(store, User("job", "system"), "storage"))
    assert "C1" in referral_people(Gate(store, MANAGER, "legal_claims"))
    assert "C1" in referral_people(dpo)
    # the refusal is in the audit trail
    assert count(store, "audit_event", "WHERE outcome = 'refused' AND username = 'sw'") == 1
    with pytest.raises(RestrictionError, match="already restricted"):
        restrict(dpo, "C1", "again")


def test_lifting_records_that_the_person_was_told(store: sa.Engine) -> None:
    dpo = Gate(store, DPO, "data_protection")
    worker = Gate(store, WORKER, "care_and_protection")
    today = dt.date.today()
    restrict(dpo, "C1", "objection being considered")
    with pytest.raises(RestrictionError, match=r"told before the restriction is lifted"):
        lift_restriction(dpo, "C1", lifted_on=today, told_on=today + dt.timedelta(days=1),
                         told_method="letter")  # fmt: skip
    with pytest.raises(RestrictionError, match="expected one of letter"):
        lift_restriction(dpo, "C1", lifted_on=today, told_on=today, told_method="pigeon")
    lifted = lift_restriction(dpo, "C1", lifted_on=today, told_on=today, told_method="letter")
    assert lifted.lifted_at is not None
    assert "C1" in referral_people(worker)
    with store.connect() as connection:
        told = connection.execute(
            sa.text("SELECT told_on, told_method, lifted_by FROM restriction_lift")
        ).one()
    assert (str(told[0]), told[1], told[2]) == (today.isoformat(), "letter", "dpo")
    assert [r.lifted_at is not None for r in restrictions(dpo, "C1")] == [True]
    with pytest.raises(RestrictionError, match="not restricted"):
        lift_restriction(dpo, "C1", lifted_on=today, told_on=today, told_method="email")


def test_only_the_dpo_restricts(store: sa.Engine) -> None:
    with pytest.raises(RestrictionError, match="Data Protection Officer's work"):
        restrict(Gate(store, WORKER, "care_and_protection"), "C1", "because")
    with pytest.raises(AccessRefused):  # a social worker may not act for data_protection
        restrict(Gate(store, WORKER, "data_protection"), "C1", "because")
    assert count(store, "processing_restriction") == 0
