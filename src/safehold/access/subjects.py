"""What the gate needs to know about a table: each column's category, and whose data a row is.

A column's category is its ``info["access"]`` if set (the audit trail's columns are guarded as
``audit_trail``), else its register ``category``; a column marked ``personal: False`` has none.
A column that says neither is treated as :data:`UNCATEGORISED`, which no role is granted: the
gate fails closed.

A row's subjects are the people it is about: the person's own id for ``person``, the columns
that refer to ``person.id`` (or are marked ``info["subject"]``), or, for a table that reaches a person only through another row
(an EHCP request through its SEND record), that row's subjects, by a correlated subquery.
"""

from __future__ import annotations

from functools import cache

import sqlalchemy as sa

from safehold.record import metadata

UNCATEGORISED = "uncategorised"


def table_named(name: str) -> sa.Table:
    try:
        return metadata.tables[name]
    except KeyError:
        raise KeyError(f"no such table in the record: {name}") from None


def category(column: sa.Column[object] | sa.ColumnElement[object]) -> str | None:
    """The category the gate checks for ``column`` (None: holds no personal data)."""
    info = getattr(column, "info", {})
    if info.get("access"):
        return str(info["access"])
    if info.get("category"):
        return str(info["category"])
    if info.get("personal") is False:
        return None
    return UNCATEGORISED


def _person_fks(table: sa.Table) -> list[sa.Column[object]]:
    """Columns that refer to ``person.id`` (or are marked ``info["subject"]``), or hold a person's id without a foreign key (marked
    ``info["subject"]``, as a restriction is)."""
    return [
        c
        for c in table.columns
        if c.info.get("subject")
        or any(fk.column.table.name == "person" and fk.column.name == "id" for fk in c.foreign_keys)
    ]


@cache
def _parent_link(table_name: str) -> tuple[str, str, str] | None:
    """(fk column, parent table, parent key) for a table whose rows reach a person only
    through another row, or None."""
    table = metadata.tables[table_name]
    for column in table.columns:
        for fk in column.foreign_keys:
            parent = fk.column.table
            if parent.name in ("person", "data_import") or parent is table:
                continue
            if parent.name == "person" or _person_fks(parent) or _parent_link(parent.name):
                return column.name, parent.name, fk.column.name
    return None


def subjects(table: sa.Table) -> list[sa.ColumnElement[str]]:
    """SQL expressions (over ``table``) giving the ids of the people each row is about."""
    if table.name == "person":
        return [table.c.id]
    direct = _person_fks(table)
    if direct:
        return list(direct)  # type: ignore[arg-type]
    link = _parent_link(table.name)
    if link is None:
        return []
    fk_column, parent_name, parent_key = link
    parent = metadata.tables[parent_name].alias(f"{parent_name}_of_{table.name}")
    out: list[sa.ColumnElement[str]] = []
    for expression in subjects(metadata.tables[parent_name]):
        adapted = sa.sql.util.ClauseAdapter(parent).traverse(expression)
        out.append(
            sa.select(adapted)
            .where(parent.c[parent_key] == table.c[fk_column])
            .correlate(table)
            .scalar_subquery()
        )
    return out


def referenced_columns(clause: sa.ColumnElement[bool]) -> list[sa.Column[object]]:
    """The table columns a WHERE clause mentions (so reading by a value counts as reading it)."""
    return [
        element
        for element in sa.sql.visitors.iterate(clause)
        if isinstance(element, sa.Column) and element.table is not None
    ]
