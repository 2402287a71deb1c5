"""Inserting many rows of one table fast, inside the caller's transaction.

SQLAlchemy Core's ``executemany`` spends most of a bulk load building and processing a parameter
dictionary per row, and the :class:`~safehold.record.columns.DfECode` type checks every code
value by value. Here each table's rows become tuples once; every code column is checked as a
whole column (one set difference against its code set) before anything is sent, and the rows
then go through the column types' own bind processors (dates, JSON, booleans) but the code
columns' plain string type. PostgreSQL receives them through ``COPY`` (psycopg 3); other
databases (SQLite) through the driver's ``executemany`` on one compiled ``INSERT``.

The code check is the same as the type's (a code valid in any supported year); the type still
guards every other write (ORM sessions, single-row inserts). An unknown code raises
:class:`sqlalchemy.exc.StatementError` wrapping :class:`~safehold.codes.InvalidCode`, as the
type's check does, so callers see one kind of refusal whichever path wrote the rows.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any

import sqlalchemy as sa
from sqlalchemy.sql.schema import CallableColumnDefault, ScalarElementColumnDefault

from safehold.codes import InvalidCode
from safehold.record.columns import DfECode

BATCH = 5000
Processor = Callable[[Any], Any]


def _processor(column: sa.Column[Any], dialect: sa.Dialect) -> Processor | None:
    type_: sa.types.TypeEngine[Any] = column.type
    if isinstance(type_, DfECode):
        type_ = type_.impl_instance
    processor: Processor | None = type_.dialect_impl(dialect).bind_processor(dialect)
    return processor


def check_codes(table: sa.Table, keys: Sequence[str], rows: Sequence[Sequence[Any]]) -> None:
    """Check every code column of the rows (tuples in ``keys`` order) against its code set."""
    for i, key in enumerate(keys):
        type_ = table.c[key].type
        if isinstance(type_, DfECode):
            try:
                type_.check_all([row[i] for row in rows])
            except InvalidCode as exc:
                raise sa.exc.StatementError(
                    f"{table.name}.{key}: {exc}", f"INSERT INTO {table.name}", None, exc
                ) from None


def _processed(
    table: sa.Table,
    keys: Sequence[str],
    rows: Sequence[Sequence[Any]],
    dialect: sa.Dialect,
    order: Sequence[str],
) -> list[tuple[Any, ...]]:
    """The rows' values through their columns' bind processors, column by column, as tuples in
    the order the statement takes them."""
    position = {key: i for i, key in enumerate(keys)}
    columns = []
    for key in order:
        i = position[key]
        processor = _processor(table.c[key], dialect)
        column = [row[i] for row in rows]
        columns.append(column if processor is None else [processor(v) for v in column])
    return list(zip(*columns, strict=True))


def insert_rows(
    connection: sa.Connection,
    table: sa.Table,
    keys: Sequence[str],
    rows: Sequence[Sequence[Any]],
    progress: Callable[[int], None] | None = None,
) -> None:
    """Insert rows (tuples of values in ``keys`` order) into the table, in the connection's
    transaction; codes are checked first, so a bad code writes nothing of this table."""
    if not rows:
        return
    check_codes(table, keys, rows)
    defaults = _defaults(table, keys)
    if defaults is None:
        _through_sqlalchemy(connection, table, keys, rows, progress)
        return
    if defaults:
        keys = [*keys, *defaults]
        extra = tuple(defaults.values())
        rows = [(*row, *extra) for row in rows]
    dialect = connection.dialect
    compiled = sa.insert(table).compile(dialect=dialect, column_keys=list(keys))
    positional = compiled.positiontup
    copy = dialect.name == "postgresql" and dialect.driver == "psycopg"
    if not copy and (positional is None or sorted(positional) != sorted(keys)):
        # a named paramstyle, or parameters the compiler renamed: through SQLAlchemy as usual
        _through_sqlalchemy(connection, table, keys, rows, progress)
        return
    values = _processed(table, keys, rows, dialect, keys if copy else positional or keys)
    if copy:
        _copy(connection, table, keys, values, progress)
        return
    statement = str(compiled)
    for start in range(0, len(values), BATCH):
        batch = values[start : start + BATCH]
        connection.exec_driver_sql(statement, batch)
        if progress is not None:
            progress(len(batch))


def _defaults(table: sa.Table, keys: Sequence[str]) -> dict[str, Any] | None:
    """The values of the Python-side defaults of the columns not given (one value for the whole
    load: a load's rows are recorded at one moment), or None if one cannot be had without
    SQLAlchemy's execution context (a SQL expression, a sequence)."""
    given = set(keys)
    values: dict[str, Any] = {}
    for column in table.columns:
        default = column.default
        if column.name in given or default is None:
            continue
        if isinstance(default, ScalarElementColumnDefault):
            values[column.name] = default.arg
        elif isinstance(default, CallableColumnDefault):
            try:
                values[column.name] = default.arg(None)  # type: ignore[arg-type]
            except Exception:  # a default that needs the execution context
                return None
        else:
            return None
    return values


def _through_sqlalchemy(
    connection: sa.Connection,
    table: sa.Table,
    keys: Sequence[str],
    rows: Sequence[Sequence[Any]],
    progress: Callable[[int], None] | None,
) -> None:
    for start in range(0, len(rows), BATCH):
        batch = rows[start : start + BATCH]
        connection.execute(sa.insert(table), [dict(zip(keys, row, strict=True)) for row in batch])
        if progress is not None:
            progress(len(batch))


def _copy(
    connection: sa.Connection,
    table: sa.Table,
    keys: Sequence[str],
    values: Sequence[tuple[Any, ...]],
    progress: Callable[[int], None] | None,
) -> None:
    preparer = connection.dialect.identifier_preparer
    columns = ", ".join(preparer.quote(key) for key in keys)
    sql = f"COPY {preparer.format_table(table)} ({columns}) FROM STDIN"
    dbapi_error = connection.dialect.loaded_dbapi.Error
    cursor = connection.connection.driver_connection.cursor()  # type: ignore[union-attr]
    try:
        with cursor, cursor.copy(sql) as copy:
            for start in range(0, len(values), BATCH):
                batch = values[start : start + BATCH]
                for row in batch:
                    copy.write_row(row)
                if progress is not None:
                    progress(len(batch))
    except dbapi_error as exc:
        # the same exception classes (IntegrityError, ...) SQLAlchemy raises for an INSERT
        raise sa.exc.DBAPIError.instance(
            sql, None, exc, dbapi_error, dialect=connection.dialect
        ) from None
