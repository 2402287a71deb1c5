"""The checks and audit events of :meth:`Gate.session`, hooked into the ORM session's events.

* before a SELECT runs (``do_orm_execute``): the role must be able to read every column of every
  mapped table in it; bulk ORM UPDATE/DELETE and statements on no mapped table are refused,
  because they would change or read rows the gate cannot see one by one;
* as each record loads (``loaded_as_persistent``): a restricted person's record is refused
  unless the purpose allows it; the people read are remembered for the read event;
* before each flush: every new, changed or deleted record's changed columns must be changeable,
  and its people not restricted; one event per action (create, update, delete) is appended in
  the flush's transaction;
* at the end (:meth:`SessionGuard.finish`): one read event for everything loaded.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

import sqlalchemy as sa
from sqlalchemy.orm import ORMExecuteState, Session, UOWTransaction

from safehold.access.policy import Mode
from safehold.access.subjects import subjects
from safehold.privacy.audit.chain import Outcome, append

if TYPE_CHECKING:
    from safehold.access.gate import AccessRefused, Gate


class SessionGuard:
    def __init__(self, gate: Gate, session: Session, refusals: list[AccessRefused]) -> None:
        self.gate = gate
        self.session = session
        self.refusals = refusals
        self.read_fields: set[str] = set()
        self.read_people: set[str] = set()
        self.restricted: set[str] = set()
        sa.event.listen(session, "do_orm_execute", self._before_execute)
        sa.event.listen(session, "loaded_as_persistent", self._loaded)
        sa.event.listen(session, "before_flush", self._before_flush)

    def start(self) -> None:
        if not self.gate.restriction_exempt:
            connection = self.session.connection()
            self.restricted = {
                str(p) for p in connection.execute(self.gate.restricted_people()).scalars()
            }

    def _refuse(self, refused: AccessRefused) -> AccessRefused:
        self.refusals.append(refused)
        return refused

    def _check(self, action: str, mode: Mode, columns: list[sa.Column[Any]]) -> list[str]:
        from safehold.access.gate import AccessRefused

        try:
            return self.gate.check(action, mode, columns)
        except AccessRefused as refused:
            raise self._refuse(refused) from None

    def _before_execute(self, state: ORMExecuteState) -> None:
        if state.is_select:
            tables = [m.local_table for m in state.all_mappers]
            if not tables:
                raise self._refuse(
                    self.gate.refusal(
                        "read", "the gate's session runs ORM queries only; use read_frame"
                    )
                )
            columns: list[sa.Column[Any]] = [c for t in tables for c in t.columns]  # type: ignore[misc]
            self.read_fields.update(self._check("read", Mode.READ, columns))
        elif state.is_update or state.is_delete or state.is_insert:
            raise self._refuse(
                self.gate.refusal(
                    "change",
                    "bulk statements bypass the per-record checks; change records one by one, "
                    "or load them with load_rows",
                )
            )
        else:
            raise self._refuse(
                self.gate.refusal(
                    "read", "the gate's session runs ORM queries only; use read_frame"
                )
            )

    def _people(self, instance: object) -> set[str]:
        mapper = sa.inspect(instance).mapper
        table = mapper.local_table
        found: set[str] = set()
        for expression in subjects(table):
            if isinstance(expression, sa.Column) and expression.table is table:
                value = getattr(instance, mapper.get_property_by_column(expression).key)
                if value is not None:
                    found.add(str(value))
            else:
                key = sa.inspect(instance).identity
                if key is None:
                    continue
                primary = list(table.primary_key.columns)
                with self.session.no_autoflush:
                    query = sa.select(expression).where(
                        *(c == v for c, v in zip(primary, key, strict=True))
                    )
                    value = self.session.connection().execute(query).scalar()
                if value is not None:
                    found.add(str(value))
        return found

    def _loaded(self, session: Session, instance: object) -> None:
        people = self._people(instance)
        blocked = sorted(people & self.restricted)
        if blocked:
            table = sa.inspect(instance).mapper.local_table
            raise self._refuse(
                self.gate.refusal(
                    "read",
                    "processing of this person's data is restricted",
                    table=table.name,
                    people=blocked,
                )
            )
        self.read_people |= people

    def _before_flush(self, session: Session, context: UOWTransaction, instances: object) -> None:
        changes: dict[str, tuple[set[str], set[str]]] = {}
        work = [
            *(("create", o) for o in session.new),
            *(("update", o) for o in session.dirty if session.is_modified(o)),
            *(("delete", o) for o in session.deleted),
        ]
        for action, instance in work:
            state = sa.inspect(instance)
            mapper = state.mapper
            table = mapper.local_table
            if action == "create" and "recorded_by" in table.c and instance.recorded_by is None:
                instance.recorded_by = self.gate.user.username
            columns = []
            for column in table.columns:
                key = mapper.get_property_by_column(column).key
                if action == "delete":
                    columns.append(column)
                elif action == "create":
                    if getattr(instance, key) is not None:
                        columns.append(column)
                elif state.attrs[key].history.has_changes():
                    columns.append(column)
            fields = self._check(action, Mode.CHANGE, columns)
            people = self._people(instance)
            if action == "update":
                # the people it was about before the change count as touched too
                for column in columns:
                    for old in state.attrs[
                        mapper.get_property_by_column(column).key
                    ].history.deleted:
                        if old is not None and any(column is s for s in subjects(table)):
                            people.add(str(old))
            blocked = sorted(people & self.restricted)
            if blocked:
                raise self._refuse(
                    self.gate.refusal(
                        action,
                        "processing of this person's data is restricted",
                        table=table.name,
                        people=blocked,
                    )
                )
            touched_fields, touched_people = changes.setdefault(action, (set(), set()))
            touched_fields.update(fields)
            touched_people.update(people)
        connection = session.connection()
        for action, (fields_, people_) in sorted(changes.items()):
            append(
                connection,
                self.gate.event(action, Outcome.ALLOWED, fields_, people_, detail="session"),
            )

    def finish(self) -> None:
        if self.read_fields or self.read_people:
            append(
                self.session.connection(),
                self.gate.event(
                    "read",
                    Outcome.ALLOWED,
                    self.read_fields,
                    self.read_people,
                    detail="session",
                ),
            )
