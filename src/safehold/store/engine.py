"""Creating engines and sessions.

SQLite is the embedded default: a file, in WAL mode, with foreign keys enforced. PostgreSQL
(psycopg 3) is used when ``SAFEHOLD_DATABASE_URL`` or ``--db`` names it.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

DEFAULT_URL = "sqlite:///safehold.db"
ENV_VAR = "SAFEHOLD_DATABASE_URL"


class StoreError(RuntimeError):
    """The store cannot be used as asked (a bad URL, an unsupported database, not migrated)."""


def database_url(url: str | None = None) -> str:
    """The URL to use: the one given, else ``$SAFEHOLD_DATABASE_URL``, else ``./safehold.db``."""
    chosen = url or os.environ.get(ENV_VAR) or DEFAULT_URL
    try:
        parsed = make_url(chosen)
    except ArgumentError:
        raise StoreError(
            f"{chosen!r} is not a database URL: expected e.g. sqlite:///safehold.db or "
            "postgresql+psycopg://user@host:5432/dbname"
        ) from None
    if parsed.get_backend_name() == "postgresql" and parsed.drivername == "postgresql":
        # Plain postgresql:// would pick psycopg2, which Safehold does not install.
        chosen = parsed.set(drivername="postgresql+psycopg").render_as_string(hide_password=False)
    elif parsed.get_backend_name() not in ("sqlite", "postgresql"):
        raise StoreError(
            f"unsupported database {parsed.get_backend_name()!r} in {parsed.render_as_string()}: "
            "Safehold runs on SQLite or PostgreSQL"
        )
    return chosen


def _sqlite_pragmas(dbapi_connection: Any, _record: Any) -> None:
    cursor = dbapi_connection.cursor()
    cursor.execute("PRAGMA foreign_keys=ON")
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.execute("PRAGMA busy_timeout=10000")
    cursor.close()


def make_engine(url: str | None = None, **kwargs: Any) -> sa.Engine:
    """An engine for the URL (see :func:`database_url`), configured for Safehold."""
    chosen = database_url(url)
    parsed = make_url(chosen)
    if parsed.get_backend_name() == "sqlite":
        engine = sa.create_engine(chosen, **kwargs)
        sa.event.listen(engine, "connect", _sqlite_pragmas)
        return engine
    return sa.create_engine(chosen, pool_pre_ping=True, **kwargs)


def session_factory(engine: sa.Engine) -> sessionmaker[Session]:
    return sessionmaker(engine, expire_on_commit=False)


@contextmanager
def transaction(engine: sa.Engine) -> Iterator[Session]:
    """A session whose work commits together at the end, or not at all if anything raises."""
    with session_factory(engine)() as session, session.begin():
        yield session
