"""Bulk loading rows into the record, in one transaction, with provenance on every row."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any

import sqlalchemy as sa

from safehold.record import DataImport, metadata
from safehold.record.base import utcnow

BATCH = 5000
ProgressFn = Callable[[str, int], None]


def load_rows(
    engine: sa.Engine,
    rows: Mapping[str, Sequence[Mapping[str, Any]]],
    *,
    kind: str,
    origin: str,
    by: str,
    progress: ProgressFn | None = None,
) -> str:
    """Insert rows (table name → list of column dicts) in dependency order; return the import id.

    Every row gets the import's id, ``recorded_by`` and ``recorded_at``; a row's own ``source``
    is kept (defaulting to the case-management record). Keys that are not columns are ignored.
    Everything is written in one transaction: if any row is refused, nothing is written.
    """
    import_id = f"IMP-{uuid.uuid4().hex[:12]}"
    now = utcnow()
    unknown = sorted(set(rows) - set(metadata.tables))
    if unknown:
        raise KeyError(f"no such table in the record: {', '.join(unknown)}")
    total = sum(len(v) for v in rows.values())
    with engine.begin() as connection:
        connection.execute(
            sa.insert(DataImport),
            {
                "id": import_id,
                "kind": kind,
                "origin": origin,
                "started_by": by,
                "started_at": now,
                "rows": total,
            },
        )
        for table in metadata.sorted_tables:
            table_rows = rows.get(table.name)
            if not table_rows:
                continue
            columns = set(table.c.keys())
            prepared = [
                {k: v for k, v in row.items() if k in columns}
                | {"import_id": import_id, "recorded_by": by, "recorded_at": now}
                | ({} if row.get("source") else {"source": "case_management"})
                for row in table_rows
            ]
            # executemany needs the same keys in every row of a batch
            keys = sorted(set().union(*(r.keys() for r in prepared)))
            for start in range(0, len(prepared), BATCH):
                batch = [{k: r.get(k) for k in keys} for r in prepared[start : start + BATCH]]
                connection.execute(sa.insert(table), batch)
                if progress is not None:
                    progress(table.name, len(batch))
    return import_id
