"""Objection: against public task purposes only, decided upheld or refused on an Article 21(1)
ground."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.privacy.rights.objection import (
    ObjectionError,
    RefusalGround,
    decide_objection,
    objections_for,
    record_objection,
)
from safehold.privacy.rights.requests import new_request

D = dt.date
DPO = User("dpo", "data_protection_officer")


@pytest.fixture
def dpo(sqlite_engine: sa.Engine) -> Gate:
    return Gate(sqlite_engine, DPO, "data_protection")


def objection_request(dpo: Gate, kind: str = "objection") -> int:
    return new_request(dpo, type=kind, subject="C1", received=D(2026, 1, 5)).id


def test_an_objection_to_a_legal_obligation_is_refused_at_once(dpo: Gate) -> None:
    request = objection_request(dpo)
    with pytest.raises(ObjectionError, match="'statutory_duties' rests only on legal obligation"):
        record_objection(dpo, request, ["statutory_duties"])
    with pytest.raises(ObjectionError, match="not a purpose of the register"):
        record_objection(dpo, request, ["marketing"])
    assert objections_for(dpo, request) == []


def test_refused_on_compelling_grounds(dpo: Gate) -> None:
    request = objection_request(dpo)
    objection = record_objection(dpo, request, ["service_quality", "care_and_protection"])
    assert objection.decision == "pending"
    assert objection.continues_by_law == ("care_and_protection",)
    decided = decide_objection(
        dpo, objection.id, upheld=False, refused_because=RefusalGround.COMPELLING_GROUNDS,
        grounds="The child is on a child protection plan.", on=D(2026, 1, 20),
    )  # fmt: skip
    assert decided.decision == "refused" and decided.decided_by == "dpo"
    assert decided.grounds is not None
    assert decided.grounds.startswith("Refused on compelling legitimate grounds")
    assert "child protection plan" in decided.grounds
    assert "continues for care_and_protection" in decided.grounds
    with pytest.raises(ObjectionError, match="already refused"):
        decide_objection(dpo, objection.id, upheld=True, grounds="x", on=D(2026, 1, 21))


def test_upheld_and_legal_claims(dpo: Gate) -> None:
    request = objection_request(dpo)
    first = record_objection(dpo, request, ["policy_evaluation"])
    upheld = decide_objection(dpo, first.id, upheld=True, grounds="Left out of evaluations.",
                              on=D(2026, 1, 20))  # fmt: skip
    assert upheld.decision == "upheld" and upheld.continues_by_law == ()
    second = record_objection(dpo, request, ["support_and_monitor"])
    refused = decide_objection(
        dpo, second.id, upheld=False, refused_because=RefusalGround.LEGAL_CLAIMS,
        grounds="Needed for the defence of a claim.", on=D(2026, 1, 20),
    )  # fmt: skip
    assert refused.grounds is not None and "legal claims" in refused.grounds
    assert [o.decision for o in objections_for(dpo, request)] == ["upheld", "refused"]


def test_a_decision_needs_its_ground(dpo: Gate) -> None:
    objection = record_objection(dpo, objection_request(dpo), ["service_quality"])
    with pytest.raises(ObjectionError, match="must rest on compelling"):
        decide_objection(dpo, objection.id, upheld=False, grounds="no", on=D(2026, 1, 20))
    with pytest.raises(ObjectionError, match="needs its grounds"):
        decide_objection(dpo, objection.id, upheld=True, grounds=" ", on=D(2026, 1, 20))


def test_only_under_an_objection_request(dpo: Gate) -> None:
    with pytest.raises(ObjectionError, match="is a access request"):
        record_objection(dpo, objection_request(dpo, "access"), ["service_quality"])
    with pytest.raises(ObjectionError, match="there is no request 99"):
        record_objection(dpo, 99, ["service_quality"])
