"""The gate's bulk path (``COPY`` on PostgreSQL, the driver's ``executemany`` on SQLite) stores
exactly what the ORM would, and checks codes as the ``DfECode`` type does."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy.exc import StatementError

from safehold.access import Gate, User
from safehold.codes import InvalidCode, known_codes
from safehold.record import metadata

SYSTEM = User("loader", "system")
PERSON = metadata.tables["person"]
ADDRESS = metadata.tables["address"]

dates = st.none() | st.dates(dt.date(1990, 1, 1), dt.date(2030, 12, 31))
person_rows = st.fixed_dictionaries(
    {
        "kind": st.sampled_from(["child", "adult"]),
        "forename": st.none() | st.text("abcdefgh 'é-", min_size=1, max_size=20),
        "sex": st.none() | st.sampled_from(sorted(known_codes("sex"))),
        "ethnicity": st.none() | st.sampled_from(sorted(known_codes("ethnicity"))),
        "date_of_birth": dates,
        "is_mother": st.none() | st.booleans(),
        "source": st.none() | st.sampled_from(["case_management", "school", "health"]),
    }
)
lines = st.none() | st.lists(st.text('abc 12\\\t"', max_size=8), max_size=3)


def _wipe(engine: sa.Engine) -> None:
    with engine.begin() as connection:
        connection.execute(ADDRESS.delete())
        connection.execute(PERSON.delete())


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(people=st.lists(person_rows, min_size=1, max_size=12), address_lines=lines)
def test_bulk_load_stores_every_value_as_given(
    engine: sa.Engine, people: list[dict[str, Any]], address_lines: list[str] | None
) -> None:
    _wipe(engine)
    rows = [{"id": f"P{i}"} | person for i, person in enumerate(people)]
    address = {"id": "A1", "person_id": "P0", "lines": address_lines, "postcode": "AB1 2CD"}
    import_id = Gate(engine, SYSTEM, "storage").load_rows(
        {"person": rows, "address": [address]}, kind="test", origin="t"
    )
    with engine.connect() as connection:
        stored = {r.id: r for r in connection.execute(sa.select(PERSON))}
        stored_address = connection.execute(sa.select(ADDRESS)).one()
    assert set(stored) == {r["id"] for r in rows}
    for row in rows:
        got = stored[row["id"]]
        for key in ("kind", "forename", "sex", "ethnicity", "date_of_birth", "is_mother"):
            assert getattr(got, key) == row[key], key
        assert got.source == (row["source"] or "case_management")
        assert (got.import_id, got.recorded_by) == (import_id, "loader")
        assert isinstance(got.recorded_at, dt.datetime)
    assert stored_address.lines == address_lines
    assert stored_address.import_id == import_id


def test_an_unknown_code_in_a_bulk_load_is_refused_and_nothing_is_written(
    engine: sa.Engine,
) -> None:
    _wipe(engine)
    good = [{"id": f"P{i}", "kind": "child", "ethnicity": "WBRI"} for i in range(3)]
    bad = {"id": "PX", "kind": "child", "ethnicity": "NOPE"}
    with pytest.raises(StatementError) as info:
        Gate(engine, SYSTEM, "storage").load_rows({"person": [*good, bad]}, kind="test", origin="t")
    assert isinstance(info.value.orig, InvalidCode)
    assert "NOPE" in str(info.value) and "person.ethnicity" in str(info.value)
    with engine.connect() as connection:
        assert connection.execute(sa.select(sa.func.count()).select_from(PERSON)).scalar() == 0
