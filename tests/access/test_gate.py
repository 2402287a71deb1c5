"""The gate's ways in: frames (columns, people, where, order, types), the bulk loader (all or
nothing, its event in its transaction), ORM sessions (create, update, delete, refused bulk and
raw statements), and events that hold names and ids, never values."""

from __future__ import annotations

import datetime as dt

import polars as pl
import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from safehold.access import AccessRefused, FrameRequest, Gate, User
from safehold.privacy.audit import RecordedEvent, read_events, verify_chain
from safehold.record import Person, metadata
from tests.access.support import CHILD, OTHER, newest, seed_people

SYSTEM = User("job", "system")
ANALYST = User("ann", "performance_analyst")
WORKER = User("sam", "social_worker")
SECRET = "Xanthippe-Quorn"


def _load_case(engine: sa.Engine) -> None:
    Gate(engine, SYSTEM, "storage").load_rows(
        {
            "person": [
                {"id": CHILD, "kind": "child", "forename": "Amy", "date_of_birth": dt.date(2015, 3, 1)},
                {"id": OTHER, "kind": "child", "forename": "Ben"},
            ],
            "assessment": [{"id": "AS1", "person_id": CHILD, "start_date": dt.date(2024, 1, 2)}],
            "assessment_factors": [{"id": "AF1", "assessment_id": "AS1", "factors": ["2B", "3A"]}],
        },
        kind="test",
        origin="tests",
    )  # fmt: skip


def test_frames_carry_columns_people_filters_order_and_types(engine: sa.Engine) -> None:
    _load_case(engine)
    analyst = Gate(engine, ANALYST, "statutory_duties")
    frame = analyst.read_frame("person", ["id", "date_of_birth", "recorded_at"], order_by=["id"])
    assert frame["id"].to_list() == [CHILD, OTHER]
    assert frame.schema["date_of_birth"] == pl.Date
    assert frame.schema["recorded_at"] == pl.Datetime("us", "UTC")
    assert frame["date_of_birth"][0] == dt.date(2015, 3, 1)
    person = metadata.tables["person"]
    only = analyst.read_frame("person", ["id"], where=person.c.forename == "BEN".title())
    assert only["id"].to_list() == [OTHER]
    assert "person.forename" in newest(engine).event.fields  # filtering by it is reading it
    assert analyst.read_frame("person", ["id"], people=[CHILD])["id"].to_list() == [CHILD]
    factors = analyst.read_frame("assessment_factors", ["id", "factors"])
    assert factors["factors"].to_list() == ['["2B","3A"]']
    assert newest(engine).event.people == (CHILD,)  # reached through the assessment


def test_several_frames_are_one_event(engine: sa.Engine) -> None:
    _load_case(engine)
    before = newest(engine).seq
    frames = Gate(engine, ANALYST, "statutory_duties").read_frames(
        [FrameRequest("person", ["id"]), FrameRequest("assessment", ["id", "person_id"])]
    )
    assert frames["assessment"]["person_id"].to_list() == [CHILD]
    event = newest(engine)
    assert event.seq == before + 1 and event.event.people == (CHILD, OTHER)
    assert "2 rows of person" in event.event.detail


def test_bad_requests_are_clear(engine: sa.Engine) -> None:
    analyst = Gate(engine, ANALYST, "statutory_duties")
    with pytest.raises(KeyError, match="no such table in the record: nope"):
        analyst.read_frame("nope")
    with pytest.raises(KeyError, match="person has no column shoe_size"):
        analyst.read_frame("person", ["shoe_size"])
    with pytest.raises(ValueError, match=r"only its own columns, not referral\.person_id"):
        analyst.read_frame("person", where=metadata.tables["referral"].c.person_id == "x")
    with pytest.raises(ValueError, match="professional holds no person's data"):
        analyst.read_frame("professional", ["id"], people=[CHILD])


def test_a_where_clause_on_a_forbidden_column_is_refused(engine: sa.Engine) -> None:
    medical = metadata.tables["medical_information"]
    analyst = Gate(engine, ANALYST, "statutory_duties")
    with pytest.raises(AccessRefused) as info:
        analyst.read_frame("medical_information", ["id"], where=medical.c.condition == "X")
    assert info.value.category == "medical" and info.value.column == "condition"
    refused = newest(engine).event
    assert refused.outcome == "refused" and "medical_information.condition" in refused.fields


@pytest.mark.parametrize(
    ("user", "purpose", "reason"),
    [
        (User("x", "astronaut"), "statutory_duties", "no such role 'astronaut'"),
        (ANALYST, "curiosity", "'curiosity' is not a declared purpose"),
        (ANALYST, "care_and_protection", "may act only for service_quality, statutory_duties"),
    ],
)
def test_unknown_roles_purposes_and_purposes_not_granted_are_refused_and_recorded(
    engine: sa.Engine, user: User, purpose: str, reason: str
) -> None:
    with pytest.raises(AccessRefused, match=reason):
        Gate(engine, user, purpose).read_frame("person", ["id"])
    event = newest(engine).event
    assert (event.username, event.purpose, event.outcome) == (user.username, purpose, "refused")


def test_a_failed_load_leaves_neither_rows_nor_event(engine: sa.Engine) -> None:
    gate = Gate(engine, SYSTEM, "storage")
    before = newest(engine).seq if _events(engine) else 0
    with pytest.raises(IntegrityError):
        gate.load_rows(
            {"person": [{"id": CHILD, "kind": "child"}],
             "referral": [{"id": "R1", "person_id": "NOBODY", "referral_date": dt.date(2025, 1, 1)}]},
            kind="test", origin="t",
        )  # fmt: skip
    assert gate.read_frame("person").height == 0
    assert [e.event.action for e in _events(engine)][before:] == ["read"]


def _events(engine: sa.Engine) -> list[RecordedEvent]:
    with engine.connect() as connection:
        return list(read_events(connection))


def test_a_load_the_role_may_not_make_is_refused_and_recorded(engine: sa.Engine) -> None:
    analyst = Gate(engine, ANALYST, "statutory_duties")
    with pytest.raises(AccessRefused, match="may not change"):
        analyst.load_rows({"person": [{"id": CHILD, "kind": "child"}]}, kind="t", origin="t")
    event = newest(engine).event
    assert (event.action, event.outcome) == ("load", "refused")
    assert Gate(engine, SYSTEM, "storage").read_frame("person").height == 0


def test_session_changes_are_recorded_with_fields_and_people(engine: sa.Engine) -> None:
    seed_people(engine)
    worker = Gate(engine, WORKER, "care_and_protection")
    with worker.session() as session:
        child = session.get(Person, CHILD)
        assert child is not None
        child.forename = SECRET
        session.add(Person(id="C-NEW", kind="child", surname="New"))
    with engine.connect() as connection:
        events = read_events(connection)[-3:]
    by_action = {e.event.action: e.event for e in events}
    assert by_action["update"].fields == ("person.forename",)
    assert by_action["update"].people == (CHILD,)
    assert "person.surname" in by_action["create"].fields
    assert by_action["create"].people == ("C-NEW",)
    assert by_action["read"].people == (CHILD,)
    with worker.session() as session:
        created = session.get(Person, "C-NEW")
        assert created is not None and created.recorded_by == "sam"
        session.delete(created)
    assert newest(engine).event.action in ("delete", "read")
    # The trail holds names and ids, never values.
    with engine.connect() as connection:
        dump = " ".join(str(v) for table in ("audit_event", "audit_event_person")
                        for row in connection.execute(sa.select(metadata.tables[table]))
                        for v in row)  # fmt: skip
        assert SECRET not in dump
        assert verify_chain(connection).intact


def test_a_refused_change_in_a_session_writes_nothing_and_is_recorded(engine: sa.Engine) -> None:
    seed_people(engine)
    # a team manager may read the whole record for legal claims, but change nothing
    manager = Gate(engine, User("tom", "team_manager"), "legal_claims")
    with pytest.raises(AccessRefused, match=r"may not update person\.forename"):  # noqa: SIM117
        with manager.session() as session:
            child = session.get(Person, CHILD)
            assert child is not None
            child.forename = "Nope"
    event = newest(engine).event
    assert (event.action, event.outcome, event.fields) == (
        "update",
        "refused",
        ("person.forename",),
    )
    frame = Gate(engine, SYSTEM, "storage").read_frame("person", ["forename"], people=[CHILD])
    assert frame["forename"].to_list() == ["Name0"]


@pytest.mark.parametrize(
    "statement",
    [
        lambda: sa.update(Person).values(forename="All"),
        lambda: sa.delete(Person),
        lambda: sa.text("SELECT forename FROM person"),
    ],
    ids=["bulk-update", "bulk-delete", "raw-sql"],
)
def test_statements_the_gate_cannot_check_are_refused(engine: sa.Engine, statement: object) -> None:
    seed_people(engine)
    gate = Gate(engine, User("dee", "data_protection_officer"), "data_protection")
    with pytest.raises(AccessRefused), gate.session() as session:
        session.execute(statement())  # type: ignore[operator]
    assert newest(engine).event.outcome == "refused"
