"""Fixtures shared by the whole suite: a migrated store on SQLite, and on PostgreSQL when one
answers (``SAFEHOLD_TEST_POSTGRES_URL``; ``SAFEHOLD_REQUIRE_POSTGRES=1`` makes its absence a
failure instead of a skip)."""

from __future__ import annotations

import os
import shutil
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from safehold.store import make_engine, upgrade

POSTGRES_URL = os.environ.get(
    "SAFEHOLD_TEST_POSTGRES_URL", "postgresql+psycopg://postgres@127.0.0.1:5432/test"
)
REQUIRE_POSTGRES = os.environ.get("SAFEHOLD_REQUIRE_POSTGRES") == "1"
_postgres_ok: bool | None = None


def postgres_available() -> bool:
    global _postgres_ok
    if _postgres_ok is None:
        try:
            probe = sa.create_engine(POSTGRES_URL, connect_args={"connect_timeout": 3})
            with probe.connect() as connection:
                connection.execute(sa.text("SELECT 1"))
            probe.dispose()
            _postgres_ok = True
        except Exception:
            _postgres_ok = False
    return _postgres_ok


# One template per test run, so that concurrent runs (CI, a developer) never collide.
TEMPLATE_DB = f"safehold_tpl_{uuid.uuid4().hex[:10]}"


def _server_url(database: str) -> str:
    return (
        sa.engine.make_url(POSTGRES_URL)
        .set(database=database)
        .render_as_string(hide_password=False)
    )


@pytest.fixture(scope="session")
def postgres_template() -> Iterator[str | None]:
    """A database migrated once per run, which each test's database is copied from."""
    if not postgres_available():
        yield None
        return
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)'))
        connection.execute(sa.text(f'CREATE DATABASE "{TEMPLATE_DB}"'))
    template = make_engine(_server_url(TEMPLATE_DB))
    upgrade(template)
    template.dispose()
    yield TEMPLATE_DB
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{TEMPLATE_DB}" WITH (FORCE)'))
    admin.dispose()


def _postgres_database(template: str | None) -> Iterator[sa.Engine]:
    if not postgres_available():
        if REQUIRE_POSTGRES:
            pytest.fail(
                f"PostgreSQL is required (SAFEHOLD_REQUIRE_POSTGRES=1) but {POSTGRES_URL} "
                "does not answer"
            )
        pytest.skip(f"PostgreSQL not reachable at {POSTGRES_URL}")
    name = f"safehold_t_{uuid.uuid4().hex[:12]}"
    admin = sa.create_engine(POSTGRES_URL, isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        clause = f' TEMPLATE "{template}"' if template else ""
        connection.execute(sa.text(f'CREATE DATABASE "{name}"{clause}'))
    engine = make_engine(_server_url(name))
    try:
        yield engine
    finally:
        engine.dispose()
        with admin.connect() as connection:
            connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


@pytest.fixture(scope="session")
def sqlite_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "safehold.db"
    engine = make_engine(f"sqlite:///{path}")
    upgrade(engine)
    with engine.connect() as connection:
        connection.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
    engine.dispose()
    return path


@pytest.fixture(params=["sqlite", "postgresql"])
def bare_engine(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[sa.Engine]:
    """An engine on an empty database, on each backend."""
    if request.param == "sqlite":
        engine = make_engine(f"sqlite:///{tmp_path / 'safehold.db'}")
        yield engine
        engine.dispose()
    else:
        yield from _postgres_database(None)


@pytest.fixture(params=["sqlite", "postgresql"])
def engine(
    request: pytest.FixtureRequest,
    tmp_path: Path,
    sqlite_template: Path,
    postgres_template: str | None,
) -> Iterator[sa.Engine]:
    """An engine on a database migrated to the latest schema, on each backend."""
    if request.param == "sqlite":
        path = tmp_path / "safehold.db"
        shutil.copyfile(sqlite_template, path)
        engine = make_engine(f"sqlite:///{path}")
        yield engine
        engine.dispose()
    else:
        yield from _postgres_database(postgres_template)


@pytest.fixture
def sqlite_engine(tmp_path: Path, sqlite_template: Path) -> Iterator[sa.Engine]:
    """A migrated SQLite store only, for tests whose subject is not the backend."""
    path = tmp_path / "sqlite-only.db"
    shutil.copyfile(sqlite_template, path)
    engine = make_engine(f"sqlite:///{path}")
    yield engine
    engine.dispose()
