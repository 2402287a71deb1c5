"""Alembic environment: the engine comes from Safehold (``config.attributes["engine"]``), or from
``$SAFEHOLD_DATABASE_URL`` when alembic is run by hand."""

from __future__ import annotations

from typing import Any, Literal

from alembic import context

from safehold.record import metadata
from safehold.record.columns import DfECode
from safehold.store.engine import make_engine


def render_item(type_: str, obj: Any, autogen_context: Any) -> str | Literal[False]:
    """Migrations store DfE codes as plain strings: the code check lives in the model."""
    if type_ == "type" and isinstance(obj, DfECode):
        length = getattr(obj.impl_instance, "length", None)
        return f"sa.String(length={length})"
    return False


config = context.config
engine = config.attributes.get("engine") or make_engine()

with engine.begin() as connection:
    context.configure(
        connection=connection,
        target_metadata=metadata,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
        render_item=render_item,
    )
    context.run_migrations()
