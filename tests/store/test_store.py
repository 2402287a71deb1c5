"""The store: migrations match the model on both backends, SQLite is configured as promised,
and the model's constraints hold."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from sqlalchemy.exc import IntegrityError, StatementError

from safehold.codes import InvalidCode
from safehold.record import ClaEpisode, Disability, Person, Referral, metadata
from safehold.store import (
    StoreError,
    current_revision,
    database_url,
    head_revision,
    transaction,
    upgrade,
)


def test_migrations_build_exactly_the_model(bare_engine: sa.Engine) -> None:
    upgrade(bare_engine)
    engine = bare_engine
    assert current_revision(engine) == head_revision()
    with engine.connect() as connection:
        diffs = compare_metadata(MigrationContext.configure(connection), metadata)
    # DfE codes are plain strings in the database; the check lives in the model's type.
    real = [d for d in diffs if not (isinstance(d, list) and d and d[0][0] == "modify_type")]
    assert real == []


def test_sqlite_uses_wal_and_enforces_foreign_keys(sqlite_engine: sa.Engine) -> None:
    with sqlite_engine.connect() as connection:
        assert connection.exec_driver_sql("PRAGMA journal_mode").scalar() == "wal"
        assert connection.exec_driver_sql("PRAGMA foreign_keys").scalar() == 1


def _child(pid: str = "C1", **kw: object) -> Person:
    base: dict[str, object] = {"id": pid, "kind": "child", "recorded_by": "test"}
    base.update(kw)
    return Person(**base)


def test_provenance_is_filled_in(engine: sa.Engine) -> None:
    with transaction(engine) as session:
        session.add(_child(sex="F", date_of_birth=dt.date(2015, 1, 2)))
    with transaction(engine) as session:
        person = session.get(Person, "C1")
        assert person is not None
        assert person.source == "case_management"
        assert person.recorded_by == "test"
        assert person.recorded_at is not None


def test_codes_are_checked_on_write(engine: sa.Engine) -> None:
    with pytest.raises(StatementError) as info, transaction(engine) as session:
        session.add(_child(ethnicity="XXXX"))
    assert isinstance(info.value.orig, InvalidCode)
    assert "'XXXX' is not a valid ethnicity code" in str(info.value)
    with transaction(engine) as session:
        assert session.scalar(sa.select(sa.func.count()).select_from(Person)) == 0


def test_code_valid_in_any_supported_year_is_accepted(engine: sa.Engine) -> None:
    with transaction(engine) as session:
        session.add(_child())
        session.flush()
        session.add(
            ClaEpisode(
                id="E1",
                person_id="C1",
                start_date=dt.date(2022, 5, 1),
                placement_type="H5",
                recorded_by="test",
            )
        )
        session.add(
            ClaEpisode(
                id="E2",
                person_id="C1",
                start_date=dt.date(2025, 5, 1),
                placement_type="Z11",
                recorded_by="test",
            )
        )


@pytest.mark.parametrize(
    "row",
    [
        lambda: _child(date_of_birth=dt.date(2015, 1, 2), death_date=dt.date(2014, 1, 1)),
        lambda: _child(kind="dog"),
        lambda: Referral(
            id="R1",
            person_id="C1",
            referral_date=dt.date(2025, 5, 1),
            close_date=dt.date(2025, 4, 1),
            recorded_by="t",
        ),
        lambda: Referral(
            id="R1",
            person_id="C1",
            referral_date=dt.date(2025, 5, 1),
            close_reason="RC7",
            recorded_by="t",
        ),
        lambda: Referral(
            id="R1", person_id="NOBODY", referral_date=dt.date(2025, 5, 1), recorded_by="t"
        ),
        lambda: _child(source="rumour"),
    ],
    ids=[
        "death-before-birth",
        "kind",
        "closed-before-referral",
        "reason-without-date",
        "unknown-person",
        "source",
    ],
)
def test_constraints_refuse_impossible_rows(engine: sa.Engine, row: object) -> None:
    with transaction(engine) as session:
        if "unknown" not in str(row):
            session.add(_child("C0"))
    with pytest.raises(IntegrityError), transaction(engine) as session:
        if not isinstance(row(), Person):  # type: ignore[operator]
            session.add(_child())
            session.flush()
        session.add(row())  # type: ignore[operator]


def test_duplicate_disability_code_refused(engine: sa.Engine) -> None:
    with pytest.raises(IntegrityError), transaction(engine) as session:
        session.add(_child())
        session.flush()
        session.add(Disability(id="D1", person_id="C1", code="AUT", recorded_by="t"))
        session.add(Disability(id="D2", person_id="C1", code="AUT", recorded_by="t"))


def test_database_url_choices(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("SAFEHOLD_DATABASE_URL", raising=False)
    assert database_url() == "sqlite:///safehold.db"
    monkeypatch.setenv("SAFEHOLD_DATABASE_URL", "postgresql://u@h/db")
    assert database_url() == "postgresql+psycopg://u@h/db"
    assert database_url("sqlite:///x.db") == "sqlite:///x.db"
    with pytest.raises(StoreError, match="unsupported database 'mysql'"):
        database_url("mysql://u@h/db")
    with pytest.raises(StoreError, match="not a database URL"):
        database_url("not a url")
