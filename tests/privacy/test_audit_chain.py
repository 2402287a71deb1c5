"""The audit trail's hash chain: intact when untouched; any edited, deleted or reordered event is
named (Hypothesis picks which); the newest events' deletion shows; concurrent appends stay in
one unbroken chain."""

from __future__ import annotations

import threading
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import given, settings
from hypothesis import strategies as st

from safehold.privacy.audit import (
    GENESIS,
    Event,
    ProblemKind,
    append,
    events_for_person,
    head,
    verify_chain,
)
from safehold.privacy.audit.chain import EVENTS, HEAD, PEOPLE, canonical, event_hash

N = 8
EDITABLE = ["occurred_at", "username", "role", "purpose", "action", "outcome", "fields",
            "people_count", "withheld", "detail", "prev_hash", "hash"]  # fmt: skip


def _event(i: int) -> Event:
    return Event(
        username=f"user{i % 3}",
        role="social_worker",
        purpose="care_and_protection",
        action=["read", "update", "create"][i % 3],
        outcome="allowed",
        fields=("person.forename", "referral.referral_date") if i % 2 else ("person.id",),
        people=tuple(f"C{j}" for j in range(i % 4)),
        detail=f"event {i}",
    )


def _build(engine: sa.Engine, n: int = N) -> None:
    for i in range(n):
        with engine.begin() as connection:
            append(connection, _event(i))


def _changed(column: str, value: Any) -> Any:
    if isinstance(value, int):
        return value + 1
    if column == "fields":
        return '["person.surname"]'
    if column in ("hash", "prev_hash"):
        return ("f" if value[0] != "f" else "e") + value[1:]
    return f"{value}x"


def test_an_untouched_trail_is_intact(engine: sa.Engine) -> None:
    _build(engine)
    with engine.connect() as connection:
        result = verify_chain(connection)
        assert result.intact and result.events == N
        assert head(connection)[0] == N
        seq, digest = head(connection)
        assert verify_chain(connection, anchor=(seq, digest)).intact
        assert [e.seq for e in events_for_person(connection, "C2")] == [4, 8]


def test_an_empty_trail_is_intact(engine: sa.Engine) -> None:
    with engine.connect() as connection:
        result = verify_chain(connection)
    assert result.intact and result.events == 0 and result.head_hash == GENESIS


def test_the_hash_covers_every_field_and_the_link() -> None:
    event = _event(3)
    digest = event_hash(1, "2026-01-01T00:00:00.000000Z", event, 3, GENESIS)
    assert b'"people":["C0","C1","C2"]' in canonical(1, "t", event, 3, GENESIS)
    for other in (
        event_hash(2, "2026-01-01T00:00:00.000000Z", event, 3, GENESIS),
        event_hash(1, "2026-01-01T00:00:00.000001Z", event, 3, GENESIS),
        event_hash(1, "2026-01-01T00:00:00.000000Z", event, 3, "1" * 64),
        event_hash(1, "2026-01-01T00:00:00.000000Z", Event(**{**event.__dict__, "people": ("C0",)}), 3, GENESIS),
    ):  # fmt: skip
        assert other != digest


def _tampered(engine: sa.Engine, tamper: Any) -> list[tuple[ProblemKind, int]]:
    with engine.connect() as connection:
        transaction = connection.begin()
        try:
            tamper(connection)
            result = verify_chain(connection)
        finally:
            transaction.rollback()
    return [(p.kind, p.seq) for p in result.problems]


def test_any_edit_is_named(engine: sa.Engine) -> None:
    _build(engine)

    @settings(max_examples=40, deadline=None)
    @given(seq=st.integers(1, N), column=st.sampled_from(EDITABLE))
    def check(seq: int, column: str) -> None:
        def tamper(connection: sa.Connection) -> None:
            old = connection.execute(
                sa.select(EVENTS.c[column]).where(EVENTS.c.seq == seq)
            ).scalar_one()
            connection.execute(
                sa.update(EVENTS).where(EVENTS.c.seq == seq).values({column: _changed(column, old)})
            )

        problems = _tampered(engine, tamper)
        assert (ProblemKind.EDITED, seq) in problems, (seq, column, problems)
        assert {s for _, s in problems} == {seq}, (seq, column, problems)

    check()


def test_edits_to_the_people_of_an_event_are_named(engine: sa.Engine) -> None:
    _build(engine)

    @settings(max_examples=25, deadline=None)
    @given(seq=st.integers(1, N), how=st.sampled_from(["add", "remove", "change"]))
    def check(seq: int, how: str) -> None:
        people = [f"C{j}" for j in range((seq - 1) % 4)]
        if how != "add" and not people:
            how = "add"

        def tamper(connection: sa.Connection) -> None:
            where = (PEOPLE.c.event_seq == seq) & (PEOPLE.c.person_id == (people or ["-"])[0])
            if how == "add":
                connection.execute(sa.insert(PEOPLE).values(event_seq=seq, person_id="C-HIDDEN"))
            elif how == "remove":
                connection.execute(sa.delete(PEOPLE).where(where))
            else:
                connection.execute(sa.update(PEOPLE).where(where).values(person_id="C-OTHER"))

        problems = _tampered(engine, tamper)
        assert problems == [(ProblemKind.EDITED, seq)], (seq, how, problems)

    check()


def test_any_deletion_is_named(engine: sa.Engine) -> None:
    _build(engine)

    @settings(max_examples=20, deadline=None)
    @given(seq=st.integers(1, N))
    def check(seq: int) -> None:
        def tamper(connection: sa.Connection) -> None:
            connection.execute(sa.delete(PEOPLE).where(PEOPLE.c.event_seq == seq))
            connection.execute(sa.delete(EVENTS).where(EVENTS.c.seq == seq))

        problems = _tampered(engine, tamper)
        kind = ProblemKind.TRUNCATED if seq == N else ProblemKind.DELETED
        assert problems == [(kind, seq)], (seq, problems)

    check()


def test_deleting_the_newest_events_and_the_head_is_caught_by_an_anchor(engine: sa.Engine) -> None:
    _build(engine)
    with engine.connect() as connection:
        anchor = head(connection)
    with engine.connect() as connection:
        transaction = connection.begin()
        previous = connection.execute(sa.select(EVENTS.c.hash).where(EVENTS.c.seq == N - 1))
        connection.execute(sa.delete(PEOPLE).where(PEOPLE.c.event_seq == N))
        connection.execute(sa.delete(EVENTS).where(EVENTS.c.seq == N))
        connection.execute(sa.update(HEAD).values(seq=N - 1, hash=previous.scalar_one()))
        assert verify_chain(connection).intact  # the documented limit, without an anchor
        problems = verify_chain(connection, anchor=anchor).problems
        transaction.rollback()
    assert [(p.kind, p.seq) for p in problems] == [(ProblemKind.ANCHOR, N)]


def _swap(connection: sa.Connection, i: int, j: int) -> None:
    columns = [c for c in EVENTS.c if c.name != "seq"]
    rows = {
        r.seq: r._mapping
        for r in connection.execute(sa.select(EVENTS).where(EVENTS.c.seq.in_([i, j])))
    }
    people = {s: [p for (q, p) in connection.execute(sa.select(PEOPLE)) if q == s] for s in (i, j)}
    connection.execute(sa.delete(PEOPLE).where(PEOPLE.c.event_seq.in_([i, j])))
    for here, there in ((i, j), (j, i)):
        connection.execute(
            sa.update(EVENTS)
            .where(EVENTS.c.seq == here)
            .values({c.name: rows[there][c.name] for c in columns})
        )
        for person in people[there]:
            connection.execute(sa.insert(PEOPLE).values(event_seq=here, person_id=person))


def test_any_reordering_is_named(engine: sa.Engine) -> None:
    _build(engine)

    @settings(max_examples=25, deadline=None)
    @given(pair=st.lists(st.integers(1, N), min_size=2, max_size=2, unique=True))
    def check(pair: list[int]) -> None:
        i, j = sorted(pair)
        problems = _tampered(engine, lambda connection: _swap(connection, i, j))
        reordered = {s for k, s in problems if k is ProblemKind.REORDERED}
        assert reordered == {i, j}, (i, j, problems)

    check()


def test_concurrent_appends_make_one_unbroken_chain(engine: sa.Engine) -> None:
    errors: list[BaseException] = []

    def worker(w: int) -> None:
        try:
            for i in range(10):
                with engine.begin() as connection:
                    append(connection, _event(w * 100 + i))
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(w,)) for w in range(4)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with engine.connect() as connection:
        result = verify_chain(connection)
        seqs = list(connection.execute(sa.select(EVENTS.c.seq).order_by(EVENTS.c.seq)).scalars())
    assert result.intact, result.problems
    assert seqs == list(range(1, 41))


@pytest.mark.parametrize("rollback", [True, False])
def test_an_event_goes_with_its_transaction(engine: sa.Engine, rollback: bool) -> None:
    with pytest.raises(RuntimeError) if rollback else _nothing(), engine.begin() as connection:
        append(connection, _event(1))
        if rollback:
            raise RuntimeError("the work failed")
    with engine.connect() as connection:
        assert head(connection)[0] == (0 if rollback else 1)
        assert verify_chain(connection).intact


class _nothing:
    def __enter__(self) -> None:
        return None

    def __exit__(self, *args: object) -> None:
        return None
