"""The store: engines, sessions and migrations. SQLite by default, PostgreSQL by URL."""

from safehold.store.engine import (
    DEFAULT_URL,
    StoreError,
    database_url,
    make_engine,
    session_factory,
    transaction,
)
from safehold.store.migrate import current_revision, head_revision, upgrade

__all__ = [
    "DEFAULT_URL",
    "StoreError",
    "current_revision",
    "database_url",
    "head_revision",
    "make_engine",
    "session_factory",
    "transaction",
    "upgrade",
]
