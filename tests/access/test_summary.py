"""The record's summary, read through the gate: the same counts as the database holds, one audited
read, and restricted people left out."""

from __future__ import annotations

import datetime as dt

import sqlalchemy as sa

from safehold.access import Gate, ProcessingRestriction, User
from safehold.record.summary import summarise
from safehold.synth.generate import generate
from tests.access.support import newest

TODAY = dt.date(2025, 6, 1)


def test_summary_counts_match_the_store_and_leave_out_the_restricted(
    sqlite_engine: sa.Engine,
) -> None:
    engine = sqlite_engine
    Gate(engine, User("job", "system"), "storage").load_rows(
        generate(40, 3, today=TODAY).rows, kind="synthetic", origin="t"
    )
    gate = Gate(engine, User("ann", "performance_analyst"), "service_quality")
    summary = summarise(gate, TODAY)
    with engine.connect() as connection:
        children = connection.execute(
            sa.text("SELECT count(*) FROM person WHERE kind = 'child'")
        ).scalar_one()
        looked_after = connection.execute(
            sa.text("SELECT count(DISTINCT person_id) FROM cla_episode WHERE start_date <= :d "
                    "AND (end_date IS NULL OR end_date > :d)"), {"d": TODAY}
        ).scalar_one()  # fmt: skip
        first_child = (
            connection.execute(sa.text("SELECT id FROM person WHERE kind = 'child' ORDER BY id"))
            .scalars()
            .first()
        )
    assert summary.children == children == 40
    assert summary.looked_after == looked_after
    assert summary.rows_by_table["person"] >= 40
    assert newest(engine).event.action == "count"
    with Gate(engine, User("dee", "data_protection_officer"), "data_protection").session() as s:
        s.add(ProcessingRestriction(person_id=first_child, reason="objection"))
    assert summarise(gate, TODAY).children == 39
