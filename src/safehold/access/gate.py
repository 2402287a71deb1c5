"""The gate: every read or write of a person's data in the library passes through here.

``Gate(engine, user, purpose)`` checks, before it touches anything, that the user's role may act
for the purpose and may read (or change) the category of every column involved; it leaves out,
or refuses, people whose processing is restricted unless the purpose is one a restriction
allows; and it appends an audit event, allowed or refused. A write's event is appended in the
write's own transaction, so there is never a change without its event. A refusal is recorded
after the refused work has rolled back (so that it survives the rollback).

Three ways in:

* :meth:`Gate.read_frame`: a Polars frame of one table (columns, people, a WHERE clause), fetched
  in bulk from one SQLAlchemy Core select: what returns and validation work on;
* :meth:`Gate.load_rows`: the bulk loader, all or nothing, with provenance on every row;
* :meth:`Gate.session`: a transactional ORM session for reading and changing single records;
  every flush is checked and audited (see :mod:`safehold.access.session_guard`).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa
from sqlalchemy.orm import Session

from safehold.access.bulk_insert import insert_rows
from safehold.access.models import ProcessingRestriction
from safehold.access.policy import RESTRICTION_EXEMPT, Mode, Policy, PolicyError, default_policy
from safehold.access.subjects import category, referenced_columns, subjects, table_named
from safehold.privacy.audit.chain import Event, Outcome, append, lock_head
from safehold.record import DataImport, metadata
from safehold.record.base import utcnow

ProgressFn = Callable[[str, int], None]
RESTRICTIONS: sa.Table = ProcessingRestriction.__table__  # type: ignore[assignment]


@dataclass(frozen=True)
class User:
    """Who is acting: a username and the one role they act in."""

    username: str
    role: str
    display_name: str = ""


@dataclass(frozen=True)
class FrameRequest:
    """One table to read: its columns (all by default), people, WHERE clause and order."""

    table: str
    columns: Sequence[str] | None = None
    people: Iterable[str] | None = None
    where: sa.ColumnElement[bool] | None = None
    order_by: Sequence[str] | None = None


class AccessRefused(PermissionError):
    """The gate refused: names the user, role, purpose and what was refused."""

    def __init__(
        self,
        user: User,
        purpose: str,
        action: str,
        reason: str,
        *,
        table: str | None = None,
        column: str | None = None,
        category: str | None = None,
        people: Iterable[str] = (),
    ) -> None:
        self.user, self.purpose, self.action, self.reason = user, purpose, action, reason
        self.table, self.column, self.category = table, column, category
        self.people = tuple(people)
        target = ""
        if table is not None:
            target = f" {table}.{column}" if column else f" {table}"
            if category:
                target += f" ({category} data)"
        super().__init__(
            f"{user.username} (role {user.role}) may not {action}{target} for the purpose "
            f"{purpose}: {reason}"
        )

    @property
    def field(self) -> str | None:
        return f"{self.table}.{self.column}" if self.table and self.column else None


def _frame_dtype(column: sa.Column[Any]) -> pl.DataType | None:
    type_ = column.type
    if isinstance(type_, sa.Boolean):
        return pl.Boolean()
    if isinstance(type_, sa.Integer):
        return pl.Int64()
    if isinstance(type_, sa.Float):
        return pl.Float64()
    if isinstance(type_, sa.DateTime):
        return pl.Datetime("us", "UTC")
    if isinstance(type_, sa.Date):
        return pl.Date()
    if isinstance(type_, sa.JSON | sa.String | sa.Text):
        return pl.String()
    return None


def _to_frame(columns: Sequence[sa.Column[Any]], rows: Sequence[Sequence[Any]]) -> pl.DataFrame:
    values = list(zip(*rows, strict=True)) if rows else [() for _ in columns]
    series = []
    for column, data in zip(columns, values, strict=True):
        if isinstance(column.type, sa.JSON):
            # JSON (address lines, factor lists) travels as its JSON text: a frame column has
            # one type, and these values' shapes vary.
            data = tuple(None if v is None else json.dumps(v, separators=(",", ":")) for v in data)
        series.append(pl.Series(column.name, list(data), dtype=_frame_dtype(column)))
    return pl.DataFrame(series)


def _table_progress(progress: ProgressFn | None, table: str) -> Callable[[int], None] | None:
    if progress is None:
        return None
    report = progress
    return lambda rows: report(table, rows)


class Gate:
    """Reads and writes personal data for ``user``, acting for ``purpose``; see the module."""

    def __init__(
        self, engine: sa.Engine, user: User, purpose: str, *, policy: Policy | None = None
    ) -> None:
        self.engine = engine
        self.user = user
        self.purpose = purpose
        self.policy = policy or default_policy()

    # -- checks and the trail --------------------------------------------------------------------

    @property
    def restriction_exempt(self) -> bool:
        return self.purpose in RESTRICTION_EXEMPT

    def refusal(self, action: str, reason: str, **kw: Any) -> AccessRefused:
        return AccessRefused(self.user, self.purpose, action, reason, **kw)

    def check_purpose(self, action: str) -> None:
        """Refuse (without recording) unless the role exists and may act for the purpose."""
        try:
            role = self.policy.role(self.user.role)
        except PolicyError as exc:
            raise self.refusal(action, str(exc)) from None
        if self.purpose not in self.policy.purposes:
            raise self.refusal(
                action,
                f"{self.purpose!r} is not a declared purpose (expected one of "
                f"{', '.join(sorted(self.policy.purposes))})",
            )
        if not role.may_act_for(self.purpose):
            acts_for = ", ".join(sorted(role.grants)) or "no purpose"
            raise self.refusal(action, f"the role {role.id} may act only for {acts_for}")

    def check(self, action: str, mode: Mode, columns: Iterable[sa.Column[Any]]) -> list[str]:
        """Refuse (without recording) unless every column may be read or changed; return the
        ``table.column`` names touched."""
        self.check_purpose(action)
        role = self.policy.role(self.user.role)
        fields: list[str] = []
        for column in columns:
            table = column.table.name if column.table is not None else "?"
            fields.append(f"{table}.{column.name}")
            needed = category(column)
            if needed is not None and not role.may(self.purpose, mode, needed):
                raise self.refusal(
                    action,
                    f"the role {role.id} may not {mode.value} {needed} data for this purpose",
                    table=table,
                    column=column.name,
                    category=needed,
                )
        return sorted(set(fields))

    def event(
        self,
        action: str,
        outcome: Outcome,
        fields: Iterable[str] = (),
        people: Iterable[str] = (),
        withheld: int = 0,
        detail: str = "",
    ) -> Event:
        return Event(
            username=self.user.username,
            role=self.user.role,
            purpose=self.purpose,
            action=action,
            outcome=outcome.value,
            fields=tuple(fields),
            people=tuple(str(p) for p in people),
            withheld=withheld,
            detail=detail,
        )

    def record(self, event: Event) -> None:
        """Append ``event`` in a transaction of its own."""
        with self.engine.begin() as connection:
            append(connection, event)

    def record_refusal(
        self, refused: AccessRefused, fields: Iterable[str] = (), people: Iterable[str] = ()
    ) -> None:
        named = [refused.field] if refused.field else []
        self.record(
            self.event(
                refused.action,
                Outcome.REFUSED,
                fields=[*fields, *named],
                people=[*people, *refused.people],
                detail=refused.reason,
            )
        )

    @contextmanager
    def refusals_recorded(self, fields: Iterable[str] = ()) -> Iterator[None]:
        try:
            yield
        except AccessRefused as refused:
            self.record_refusal(refused, fields)
            raise

    def begin_write(self, connection: sa.Connection) -> None:
        """First statement of a writing transaction. On SQLite, taking the write lock before
        any read keeps a concurrent writer from invalidating this transaction's snapshot."""
        if connection.dialect.name == "sqlite":
            lock_head(connection)

    def restricted_people(self) -> sa.Select[tuple[str]]:
        """People this gate must leave out: those whose processing is restricted, and those
        whose objection to this purpose was upheld (:meth:`objecting_people`)."""
        restricted = sa.select(RESTRICTIONS.c.person_id).where(RESTRICTIONS.c.lifted_at.is_(None))
        objecting = self.objecting_people()
        if objecting is None:
            return restricted
        both = sa.union(restricted, objecting).subquery("withheld_people")
        return sa.select(both.c.person_id)

    def objecting_people(self) -> sa.Select[tuple[str]] | None:
        """People with an upheld objection (Article 21) naming this purpose, or None when an
        objection cannot stop this purpose. A purpose the register bases (even partly) on legal
        obligation is never stopped: the objection decision says that the processing the law
        requires continues (care and protection, the statutory returns), and the gate cannot
        tell that part from the rest. Purposes the register does not hold (the gate's own:
        storage, legal claims, data protection) are not open to objection either."""
        from safehold.privacy.register import LawfulBasis, load_register

        purposes = {p.id: p for p in load_register().purposes}
        purpose = purposes.get(self.purpose)
        if purpose is None or LawfulBasis.LEGAL_OBLIGATION in purpose.lawful_bases:
            return None
        objection, request = table_named("objection"), table_named("rights_request")
        return (
            sa.select(request.c.subject_person_id.label("person_id"))
            .join(objection, objection.c.request_id == request.c.id)
            .where(
                objection.c.decision == "upheld",
                # purposes is a JSON list of ids: match the quoted id exactly
                objection.c.purposes.contains(f'"{self.purpose}"', autoescape=True),
            )
        )

    # -- reading ---------------------------------------------------------------------------------

    def read_frame(
        self,
        table: str | sa.Table,
        columns: Sequence[str] | None = None,
        *,
        people: Iterable[str] | None = None,
        where: sa.ColumnElement[bool] | None = None,
        order_by: Sequence[str] | None = None,
    ) -> pl.DataFrame:
        """Rows of ``table`` as a Polars frame: the ``columns`` named (all by default), of the
        ``people`` given (all by default), matching ``where`` (a clause over the table's
        columns), in ``order_by`` order. People whose processing is restricted are left out
        unless the purpose allows it; the audit event says how many were."""
        name = table if isinstance(table, str) else table.name
        request = FrameRequest(name, columns, people=people, where=where, order_by=order_by)
        return self.read_frames([request])[name]

    def read_frames(
        self, requests: Sequence[FrameRequest], *, action: str = "read", detail: str = ""
    ) -> dict[str, pl.DataFrame]:
        """Several tables at once (one frame per request, keyed by table name), recorded as one
        audit event: what a return or an export that needs many tables uses."""
        plans = []
        fields: list[str] = []
        with self.refusals_recorded():
            for request in requests:
                t = table_named(request.table)
                chosen = self._columns(t, request.columns)
                touched = list(chosen)
                if request.where is not None:
                    mentioned = referenced_columns(request.where)
                    strangers = sorted({str(c) for c in mentioned if c.table is not t})
                    if strangers:
                        raise ValueError(
                            f"a where clause for {t.name} may mention only its own columns, "
                            f"not {', '.join(strangers)}"
                        )
                    touched += [c for c in mentioned if c not in touched]
                fields += self.check(action, Mode.READ, touched)
                plans.append((t, chosen, *self._select(t, chosen, request)))
        frames: dict[str, pl.DataFrame] = {}
        touched_people: set[str] = set()
        withheld: set[str] = set()
        counts: list[str] = []
        with self.engine.connect() as connection:
            for t, chosen, query, withheld_query in plans:
                rows = connection.execute(query).all()
                if withheld_query is not None:
                    withheld.update(str(p) for p in connection.execute(withheld_query).scalars())
                width = len(chosen)
                touched_people.update(str(v) for row in rows for v in row[width:] if v is not None)
                frames[t.name] = _to_frame(chosen, [row[:width] for row in rows])
                counts.append(f"{len(rows)} rows of {t.name}")
        self.record(
            self.event(
                action,
                Outcome.ALLOWED,
                fields,
                touched_people,
                len(withheld),
                detail="; ".join(filter(None, [detail, ", ".join(counts)])),
            )
        )
        return frames

    def _select(
        self, t: sa.Table, chosen: Sequence[sa.Column[Any]], request: FrameRequest
    ) -> tuple[sa.Select[Any], sa.CompoundSelect[Any] | None]:
        who = subjects(t)
        labelled = [s.label(f"__subject_{i}") for i, s in enumerate(who)]
        query = sa.select(*chosen, *labelled)
        base: list[sa.ColumnElement[bool]] = []
        if request.where is not None:
            base.append(request.where)
        if request.people is not None:
            wanted = sorted({str(p) for p in request.people})
            if not who:
                raise ValueError(f"{t.name} holds no person's data: it cannot be read by person")
            base.append(sa.or_(*(s.in_(wanted) for s in who)))
        withheld_query = None
        if who and not self.restriction_exempt:
            restricted = self.restricted_people()
            withheld_query = sa.union(
                *(sa.select(s.label("p")).where(*base, s.in_(restricted)) for s in who)
            )
            query = query.where(*(sa.or_(s.is_(None), s.not_in(restricted)) for s in who))
        query = query.where(*base)
        if request.order_by:
            query = query.order_by(*(t.c[name] for name in request.order_by))
        return query, withheld_query

    def _columns(self, table: sa.Table, names: Sequence[str] | None) -> list[sa.Column[Any]]:
        if names is None:
            return list(table.columns)
        unknown = [n for n in names if n not in table.c]
        if unknown:
            raise KeyError(
                f"{table.name} has no column {', '.join(unknown)}: expected one of "
                f"{', '.join(table.c.keys())}"
            )
        return [table.c[n] for n in names]

    def row_counts(self) -> dict[str, int]:
        """How many rows each table of the record holds: counts only, no values, so any role
        that may act for the purpose may see them (the event records the count)."""
        with self.refusals_recorded():
            self.check_purpose("count")
        with self.engine.connect() as connection:
            counts = {
                table.name: int(
                    connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
                )
                for table in metadata.sorted_tables
            }
        self.record(self.event("count", Outcome.ALLOWED, detail="rows per table"))
        return counts

    # -- loading ---------------------------------------------------------------------------------

    def load_rows(
        self,
        rows: Mapping[str, Sequence[Mapping[str, Any]]],
        *,
        kind: str,
        origin: str,
        progress: ProgressFn | None = None,
    ) -> str:
        """Insert rows (table name → column dicts) in dependency order; return the import id.

        Every row gets the import's id, ``recorded_by`` (the user) and ``recorded_at``; a row's
        own ``source`` is kept (defaulting to the case-management record). Keys that are not
        columns are ignored. One transaction, with its audit event: if any row is refused,
        nothing is written. A load touching a person whose processing is restricted is refused
        unless the purpose allows it.
        """
        unknown = sorted(set(rows) - set(metadata.tables))
        if unknown:
            raise KeyError(f"no such table in the record: {', '.join(unknown)}")
        touched: list[sa.Column[Any]] = []
        for name, table_rows in rows.items():
            table = metadata.tables[name]
            keys = set().union(*(r.keys() for r in table_rows)) if table_rows else set()
            touched += [c for c in table.columns if c.name in keys]
        with self.refusals_recorded():
            fields = self.check("load", Mode.CHANGE, touched)
        import_id = f"IMP-{uuid.uuid4().hex[:12]}"
        total = sum(len(v) for v in rows.values())
        refused: AccessRefused | None = None
        try:
            with self.engine.begin() as connection:
                self.begin_write(connection)
                self._insert(connection, rows, import_id, kind, origin, total, progress)
                people = self._loaded_people(connection, rows, import_id)
                if not self.restriction_exempt and people:
                    restricted = self._restricted_among(connection, people)
                    if restricted:
                        refused = self.refusal(
                            "load",
                            f"the load includes {len(restricted)} people whose processing is "
                            "restricted; nothing was written",
                            people=restricted,
                        )
                        raise refused
                append(
                    connection,
                    self.event(
                        "load",
                        Outcome.ALLOWED,
                        fields,
                        people,
                        detail=f"import {import_id}: {kind} from {origin}, {total} rows",
                    ),
                )
        except AccessRefused as exc:
            if exc is refused:
                self.record_refusal(exc, fields)
            raise
        return import_id

    def _insert(
        self,
        connection: sa.Connection,
        rows: Mapping[str, Sequence[Mapping[str, Any]]],
        import_id: str,
        kind: str,
        origin: str,
        total: int,
        progress: ProgressFn | None,
    ) -> None:
        now = utcnow()
        by = self.user.username
        connection.execute(
            sa.insert(DataImport),
            {"id": import_id, "kind": kind, "origin": origin, "started_by": by,
             "started_at": now, "rows": total},
        )  # fmt: skip
        provenance = {"import_id": import_id, "recorded_by": by, "recorded_at": now}
        for table in metadata.sorted_tables:
            table_rows = rows.get(table.name)
            if not table_rows:
                continue
            given = set().union(*(r.keys() for r in table_rows)) & set(table.c.keys())
            keys = sorted(given | set(provenance) | {"source"})
            # each row as a tuple in ``keys`` order: provenance on every row, a row's own
            # source kept (the case-management record when it has none)
            fixed = [(i, provenance[k]) for i, k in enumerate(keys) if k in provenance]
            source = keys.index("source")
            own = [k if k in given else None for k in keys]
            prepared: list[list[Any]] = []
            for row in table_rows:
                values = [row.get(k) if k is not None else None for k in own]
                for i, value in fixed:
                    values[i] = value
                if not values[source]:
                    values[source] = "case_management"
                prepared.append(values)
            insert_rows(connection, table, keys, prepared, _table_progress(progress, table.name))

    def _loaded_people(
        self,
        connection: sa.Connection,
        rows: Mapping[str, Sequence[Mapping[str, Any]]],
        import_id: str,
    ) -> set[str]:
        people: set[str] = set()
        for name, table_rows in rows.items():
            table = metadata.tables[name]
            if not table_rows or "import_id" not in table.c:
                continue
            for expression in subjects(table):
                people.update(
                    str(p)
                    for p in connection.execute(
                        sa.select(expression).where(table.c.import_id == import_id).distinct()
                    ).scalars()
                    if p is not None
                )
        return people

    def _restricted_among(self, connection: sa.Connection, people: set[str]) -> list[str]:
        restricted = set(connection.execute(self.restricted_people()).scalars())
        return sorted(people & {str(p) for p in restricted})

    # -- single records --------------------------------------------------------------------------

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A transactional ORM session: everything commits together at the end (with its audit
        events), or nothing does. Reads and changes are checked as they happen; refusals raise
        :class:`AccessRefused` and are recorded after the rollback.

        On SQLite the session holds the write lock from its first statement (see
        :meth:`begin_write`), so do not call this gate's other methods inside it: their own
        audit transactions would wait for the lock. Read frames before or after the session."""
        from safehold.access.session_guard import SessionGuard

        with self.refusals_recorded():
            self.check_purpose("open a session")
        refusals: list[AccessRefused] = []
        try:
            with Session(self.engine, expire_on_commit=False) as session:
                guard = SessionGuard(self, session, refusals)
                with session.begin():
                    self.begin_write(session.connection())
                    guard.start()
                    yield session
                    guard.finish()
        finally:
            for refused in refusals:
                self.record_refusal(refused)
