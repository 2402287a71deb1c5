"""Every role × purpose × category, from the role table itself: the gate allows exactly what
the table grants, and writes an audit event with the right outcome either way."""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from safehold.access import AccessRefused, Gate, Mode, User, default_policy
from safehold.access.subjects import category
from safehold.record import metadata
from tests.access.support import CHILD, newest, probes, seed_people

POLICY = default_policy()
ROLES = sorted(POLICY.roles)
PURPOSES = sorted(POLICY.purposes)


def _read_probes() -> dict[str, tuple[str, str]]:
    found: dict[str, tuple[str, str]] = {}
    for table in metadata.sorted_tables:
        for column in table.columns:
            cat = category(column)
            if cat is not None:
                found.setdefault(cat, (table.name, column.name))
    return found


READ_PROBES = _read_probes()
WRITE_PROBES = probes()


def test_every_category_has_probes() -> None:
    assert set(READ_PROBES) == set(POLICY.categories)
    assert set(WRITE_PROBES) == set(POLICY.categories) - {"audit_trail"}


@pytest.mark.parametrize("role", ROLES)
def test_reads_allowed_and_refused_as_declared(engine: sa.Engine, role: str) -> None:
    seed_people(engine)
    user = User(f"u-{role}", role)
    for purpose in PURPOSES:
        gate = Gate(engine, user, purpose)
        for cat, (table, column) in sorted(READ_PROBES.items()):
            allowed = POLICY.role(role).may(purpose, Mode.READ, cat)
            before = newest(engine).seq
            if allowed:
                gate.read_frame(table, [column])
            else:
                with pytest.raises(AccessRefused) as info:
                    gate.read_frame(table, [column])
                assert info.value.purpose == purpose and info.value.user == user
                assert f"{role}" in str(info.value)
            event = newest(engine)
            assert event.seq == before + 1, (purpose, cat)
            assert (event.event.username, event.event.role, event.event.purpose) == (
                user.username, role, purpose)  # fmt: skip
            assert event.event.action == "read"
            assert event.event.outcome == ("allowed" if allowed else "refused"), (purpose, cat)
            if allowed:
                assert f"{table}.{column}" in event.event.fields


@pytest.mark.parametrize("role", ROLES)
def test_changes_allowed_and_refused_as_declared(engine: sa.Engine, role: str) -> None:
    seed_people(engine)
    user = User(f"u-{role}", role)
    grants = POLICY.role(role)
    for purpose in PURPOSES:
        gate = Gate(engine, user, purpose)
        for cat, probe in sorted(WRITE_PROBES.items()):
            touched = probe.touched_categories()
            assert cat in touched
            allowed = all(grants.may(purpose, Mode.CHANGE, c) for c in touched)
            before = newest(engine).seq
            if allowed:
                with gate.session() as session:
                    session.add(probe.new_object(CHILD))
            else:
                with pytest.raises(AccessRefused), gate.session() as session:
                    session.add(probe.new_object(CHILD))
            event = newest(engine)
            assert event.seq == before + 1, (purpose, cat)
            assert event.event.purpose == purpose and event.event.role == role
            assert event.event.outcome == ("allowed" if allowed else "refused"), (purpose, cat)
            if allowed:
                assert event.event.action == "create"
                assert f"{probe.table}.{probe.column}" in event.event.fields
                if "person_id" in metadata.tables[probe.table].c:
                    assert event.event.people == (CHILD,)
        with engine.connect() as connection:
            written = {
                p.table: connection.execute(
                    sa.select(sa.func.count()).select_from(metadata.tables[p.table])
                ).scalar_one()
                for p in WRITE_PROBES.values()
                if p.table != "person"
            }
        # nothing refused was written: every row present was allowed
        for cat, probe in WRITE_PROBES.items():
            if probe.table != "person" and not any(
                all(grants.may(p, Mode.CHANGE, c) for c in probe.touched_categories())
                for p in PURPOSES
            ):
                assert written[probe.table] == 0, cat


def test_nobody_may_change_the_audit_trail() -> None:
    for role in POLICY.roles.values():
        for purpose in role.grants:
            assert not role.may(purpose, Mode.CHANGE, "audit_trail")
