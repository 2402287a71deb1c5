"""The role table: the packaged one keeps to the register and to the brief's defaults; a wrong
one is refused with every problem named by where it is."""

from __future__ import annotations

from typing import Any

import pytest
import yaml

from safehold.access import Mode, PolicyError, default_policy
from safehold.access.policy import RESTRICTION_EXEMPT, build_policy
from safehold.privacy.register import load_register

REGISTER = load_register()
POLICY = default_policy()
CASE = {c.id for c in REGISTER.categories} - {"workforce"}


def test_the_roles_the_authority_needs_are_there() -> None:
    assert set(POLICY.roles) == {"social_worker", "team_manager", "performance_analyst",
                                 "data_protection_officer", "administrator", "auditor", "system"}  # fmt: skip
    assert POLICY.purposes >= RESTRICTION_EXEMPT
    assert {p.id for p in REGISTER.purposes} <= POLICY.purposes


def test_sensible_defaults() -> None:
    analyst = POLICY.role("performance_analyst")
    assert set(analyst.grants) == {"statutory_duties", "service_quality"}
    assert all(not g[Mode.CHANGE] for g in analyst.grants.values())
    worker = POLICY.role("social_worker")
    assert set(worker.grants) == {"support_and_monitor", "care_and_protection"}
    assert worker.may("care_and_protection", Mode.CHANGE, "looked_after")
    dpo = POLICY.role("data_protection_officer")
    assert dpo.grants["data_protection"][Mode.READ] == POLICY.categories
    auditor = POLICY.role("auditor")
    assert {p: g[Mode.READ] for p, g in auditor.grants.items()} == {
        "data_protection": {"audit_trail"}
    }
    admin = POLICY.role("administrator")
    assert admin.manages_users and not any(g[Mode.READ] & CASE for g in admin.grants.values())
    assert [r.id for r in POLICY.roles.values() if r.manages_users] == ["administrator"]


def test_no_role_reads_for_a_notice_purpose_what_the_register_does_not_declare() -> None:
    outside = {c.id for c in REGISTER.categories if not c.in_notice}
    for role in POLICY.roles.values():
        for purpose, grant in role.grants.items():
            if purpose in POLICY.register_purposes:
                declared = set(REGISTER.purpose(purpose).categories) | outside
                assert grant[Mode.READ] <= declared, (role.id, purpose)


def _table(**roles: Any) -> dict[str, Any]:
    return {"gate_purposes": {"storage": "keeping"}, "gate_categories": {"audit_trail": "x"},
            "roles": roles}  # fmt: skip


@pytest.mark.parametrize(
    ("table", "message"),
    [
        (_table(r={"name": "R", "purposes": {"gossip": {"read": ["medical"]}}}),
         "roles.r.purposes.gossip: 'gossip' is not a purpose"),
        (_table(r={"name": "R", "purposes": {"storage": {"read": ["shoe_sizes"]}}}),
         "roles.r.purposes.storage.read: 'shoe_sizes' is not a category"),
        (_table(r={"name": "R", "purposes": {"storage": {"read": [], "change": ["medical"]}}}),
         "roles.r.purposes.storage.change: medical may be changed but not read"),
        (_table(r={"name": "R", "purposes": {"service_quality": {"read": ["medical"]}}}),
         "the register does not declare medical for 'service_quality'"),
        (_table(r={"name": "R", "purposes": {"storage": {"read": ["register"]}}}),
         "'register' stands for a register purpose's categories"),
        (_table(r={"name": "R", "purposes": {}, "colour": "blue"}), "roles.r.colour"),
        ({"roles": {}}, "gate_purposes"),
    ],
    ids=["purpose", "category", "change-not-read", "beyond-register", "register-token",
         "extra-key", "missing"],
)  # fmt: skip
def test_a_wrong_table_is_refused_naming_where(table: dict[str, Any], message: str) -> None:
    with pytest.raises(PolicyError) as info:
        build_policy(table, REGISTER, "my-roles.yaml")
    assert "my-roles.yaml is not a valid role table" in str(info.value)
    assert message in str(info.value)


def test_every_problem_is_listed_at_once() -> None:
    table = _table(a={"name": "A", "purposes": {"gossip": {}}},
                   b={"name": "B", "purposes": {"storage": {"read": ["nope"]}}})  # fmt: skip
    with pytest.raises(PolicyError) as info:
        build_policy(table, REGISTER)
    assert "roles.a.purposes.gossip" in str(info.value)
    assert "roles.b.purposes.storage.read" in str(info.value)


def test_the_packaged_table_round_trips_through_yaml() -> None:
    from importlib.resources import files

    text = files("safehold.access").joinpath("roles.yaml").read_text(encoding="utf-8")
    again = build_policy(yaml.safe_load(text), REGISTER)
    assert again == POLICY
