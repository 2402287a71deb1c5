"""The sharing log: a disclosure is recorded only as the register allows (recipient, purpose,
categories), through the gate (audited), and is found again by person and by recipient."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st

from safehold.access import AccessRefused, Gate, User
from safehold.privacy.audit.models import AuditEvent
from safehold.privacy.conformance import check
from safehold.privacy.register import load_register
from safehold.privacy.sharing.log import (
    SharingError,
    list_disclosures,
    recipients_used,
    record_disclosure,
    record_return_disclosure,
)

REGISTER = load_register()
SYSTEM = User("returns-job", "system")
DPO = User("dpo", "data_protection_officer")


def _system(engine: sa.Engine) -> Gate:
    return Gate(engine, SYSTEM, "statutory_duties")


def test_a_return_disclosure_is_logged_audited_and_found_by_person(engine: sa.Engine) -> None:
    view = record_return_disclosure(_system(engine), "ssda903", 2026, ["C1", "C2", "C1"])
    assert view.recipient == "dfe"
    assert view.what == "SSDA903 return 2025/26"
    assert view.purpose == "statutory_duties"
    assert "Children Act 1989, Section 83" in view.gateway
    assert view.people == 2 and view.disclosed_by == "returns-job"
    assert "looked_after" in view.categories and "child_in_need" not in view.categories
    record_return_disclosure(_system(engine), "cin", 2025, ["C2"])

    dpo = Gate(engine, DPO, "data_protection")
    about_c1 = list_disclosures(dpo, "C1")
    assert [d.what for d in about_c1] == ["SSDA903 return 2025/26"]
    about_c2 = list_disclosures(dpo, "C2")
    assert [d.what for d in about_c2] == ["SSDA903 return 2025/26", "CIN census 2024/25"]
    assert [d.what for d in list_disclosures(dpo, "C3")] == []
    assert [d.people for d in list_disclosures(dpo)] == [2, 1]
    assert recipients_used(_system(engine)) == ["dfe"]

    with engine.connect() as connection:
        changes = (
            connection.execute(
                sa.select(AuditEvent.fields).where(
                    AuditEvent.username == "returns-job", AuditEvent.outcome == "allowed"
                )
            )
            .scalars()
            .all()
        )
    assert any("disclosure_person.person_id" in json.loads(f) for f in changes)


def test_a_partner_disclosure_is_logged_with_its_own_gateway(engine: sa.Engine) -> None:
    view = record_disclosure(
        _system(engine), "health", "statutory_duties", "Looked-after health assessment request",
        ["C9"], ["personal_details", "looked_after"],
    )  # fmt: skip
    assert "Section 47" in view.gateway
    assert recipients_used(_system(engine)) == ["health"]
    assert check(REGISTER, [], recipients_used(_system(engine))) == []


@pytest.mark.parametrize(
    ("recipient", "purpose", "categories", "expected"),
    [
        ("police", "care_and_protection", ["personal_details"], "not named in the register"),
        ("schools", "statutory_duties", ["personal_details"], "expected one of"),
        ("schools", "support_and_monitor", ["medical"], "does not allow sharing medical"),
        ("dfe", "statutory_duties", [], "at least one category"),
    ],
)
def test_what_the_register_does_not_allow_is_refused(
    sqlite_engine: sa.Engine, recipient: str, purpose: str, categories: list[str], expected: str
) -> None:
    gate = Gate(sqlite_engine, SYSTEM, "statutory_duties")
    with pytest.raises(SharingError, match=expected):
        record_disclosure(gate, recipient, purpose, "an extract", ["C1"], categories)
    assert recipients_used(_system(sqlite_engine)) == []


def test_an_unknown_return_is_refused(sqlite_engine: sa.Engine) -> None:
    with pytest.raises(SharingError, match="'ssda904' is not a statutory return"):
        record_return_disclosure(_system(sqlite_engine), "ssda904", 2026, ["C1"])


def test_a_role_that_may_not_write_is_refused_by_the_gate(sqlite_engine: sa.Engine) -> None:
    gate = Gate(sqlite_engine, User("analyst", "performance_analyst"), "statutory_duties")
    with pytest.raises(AccessRefused):
        record_return_disclosure(gate, "ssda903", 2026, ["C1"])
    assert recipients_used(_system(sqlite_engine)) == []


@given(
    recipient=st.sampled_from([r.id for r in REGISTER.recipients]),
    categories=st.lists(st.sampled_from([c.id for c in REGISTER.categories]), max_size=4),
)
def test_the_check_accepts_exactly_the_registers_categories(
    recipient: str, categories: list[str]
) -> None:
    """Without a store: the check alone refuses any category the register withholds from the
    recipient, and nothing else (the session fails only after the check passes)."""
    from safehold.privacy.sharing.log import _checked

    allowed = set(REGISTER.recipient(recipient).categories)
    purpose = REGISTER.recipient(recipient).purposes[0]
    if categories and set(categories) <= allowed:
        _, shared = _checked(REGISTER, recipient, purpose, categories)
        assert shared == tuple(dict.fromkeys(categories))
    else:
        with pytest.raises(SharingError):
            _checked(REGISTER, recipient, purpose, categories)
