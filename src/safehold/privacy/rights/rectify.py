"""The right to rectification (UK GDPR Article 16): propose a correction, approve it, apply it
with its history kept, and say which statutory return must be resubmitted.

* **Propose**: one value of one row (table, row id, column) and its new value; the current value
  is captured, read through the gate. Nothing in the record changes.
* **Approve**: someone other than the proposer, whose role may *change* that column's category
  for the purpose they act for; a role that may not is refused and the refusal is in the audit
  trail. The record's row is updated through the gate's ORM session, audited with the
  correction in the same transaction.

Corrections are rights-request work: proposing and approving write the ``correction`` table
(which names staff), so both act for the Data Protection Officer's ``data_protection`` purpose
in the default role table; a role granted less is refused by the gate.
* **Resubmission**: if the column feeds a DfE return (its ``info["dfe"]`` names CIN census or
  SSDA903 items) and the record falls in a collection year that has closed, the return already
  sent carried the old value. Safehold keeps no record of what was sent yet, so every closed
  collection year the record falls in is treated as submitted: the correction names the returns
  and the latest such year (collection years run 1 April to 31 March and are named by the year
  they end). A local-only field never needs resubmission.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa

from safehold.access import AccessRefused, Gate, Mode
from safehold.codes import InvalidCode, known_codes
from safehold.privacy.retention.destroy import mapped_classes
from safehold.privacy.rights.models import Correction
from safehold.record import metadata
from safehold.record.columns import DfECode

#: Columns that are not the record's content: never corrected this way.
NOT_CORRECTABLE = frozenset({"source", "import_id", "recorded_by", "recorded_at"})
RETURNS = {"CIN": "cin_census", "SSDA903": "ssda903"}
#: Where a row has no dates of its own (a person's details), the dates of the records that
#: feed each return say which collection years it fell in.
RETURN_DATES = {
    "cin_census": ("referral", ("referral_date", "close_date")),
    "ssda903": ("cla_episode", ("start_date", "end_date")),
}


class CorrectionError(ValueError):
    """A correction cannot be proposed or approved as asked; the message says why."""


@dataclass(frozen=True)
class CorrectionView:
    id: int
    table: str
    row_id: str
    column: str
    old_value: str | None
    new_value: str | None
    proposed_by: str
    approved_by: str | None
    applied: bool
    resubmit: bool
    resubmit_returns: tuple[str, ...]
    resubmit_year: int | None
    #: every closed collection year the record falls in (all treated as submitted)
    years: tuple[int, ...] = ()

    def resubmission_note(self) -> str:
        if not self.resubmit:
            return "No statutory return carried this value: nothing to resubmit."
        returns = " and ".join(r.replace("_", " ").upper() for r in self.resubmit_returns)
        return (
            f"Resubmit the {returns} return for {self.resubmit_year - 1}/"
            f"{self.resubmit_year % 100:02d}: it carried the old value. (No record of returns "
            "sent is kept, so every closed collection year the record falls in is treated as "
            f"submitted: {', '.join(str(y) for y in self.years)}.)"
            if self.resubmit_year is not None
            else "Resubmission needed."
        )


def _column(table: str, column: str) -> sa.Column[Any]:
    if table not in metadata.tables:
        raise CorrectionError(f"no such table in the record: {table}")
    t = metadata.tables[table]
    if column not in t.c:
        raise CorrectionError(
            f"{table} has no column {column}: expected one of {', '.join(t.c.keys())}"
        )
    c = t.c[column]
    if c.primary_key or column in NOT_CORRECTABLE or not c.info.get("personal"):
        raise CorrectionError(
            f"{table}.{column} is not a value of the record that can be corrected (it is a key "
            "or the row's provenance)"
        )
    return c


def _key(table: str) -> sa.Column[Any]:
    return next(iter(metadata.tables[table].primary_key.columns))


def _text(value: object) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value.isoformat()
    return str(value)


def _typed(column: sa.Column[Any], text: str | None) -> object:
    """The new value, read from its text as the column's type."""
    if text is None or text == "":
        if not column.nullable:
            raise CorrectionError(f"{column.table.name}.{column.name} cannot be empty")
        return None
    where = f"{column.table.name}.{column.name}"
    type_ = column.type
    try:
        if isinstance(type_, sa.Date):
            return dt.date.fromisoformat(text)
        if isinstance(type_, sa.Boolean):
            lowered = text.strip().lower()
            if lowered not in ("true", "false", "yes", "no", "1", "0"):
                raise ValueError(text)
            return lowered in ("true", "yes", "1")
        if isinstance(type_, sa.Integer):
            return int(text)
        if isinstance(type_, sa.Float):
            return float(text)
        if isinstance(type_, sa.JSON):
            return json.loads(text)
    except (ValueError, json.JSONDecodeError):
        raise CorrectionError(
            f"{where}: {text!r} is not a {type(type_).__name__.lower()} value"
            + (" (expected YYYY-MM-DD)" if isinstance(type_, sa.Date) else "")
        ) from None
    if isinstance(type_, DfECode) and text not in known_codes(type_.code_set):
        raise CorrectionError(
            f"{where}: {text!r} is not a {type_.code_set} code: expected one of "
            f"{', '.join(sorted(known_codes(type_.code_set)))}"
        )
    length = getattr(type_, "length", None)
    if length is not None and len(text) > length:
        raise CorrectionError(f"{where}: {text!r} is longer than {length} characters")
    return text


def propose_correction(
    gate: Gate,
    table: str,
    row_id: str,
    column: str,
    new_value: str | None,
    *,
    request_id: int | None = None,
) -> CorrectionView:
    """Propose that ``table.column`` of row ``row_id`` become ``new_value`` (text, read as the
    column's type when approved); the current value is captured now."""
    c = _column(table, column)
    _typed(c, new_value)  # a value the column cannot hold is refused now, not at approval
    key = _key(table)
    frame = gate.read_frame(table, [key.name, column], where=key == row_id)
    if frame.is_empty():
        raise CorrectionError(f"{table} has no row {row_id!r} (or it is not visible to you)")
    old = frame[column][0]
    old_text = _text(old)
    if old_text == (new_value if new_value != "" else None):
        raise CorrectionError(f"{table}.{column} of {row_id} is already {old_text!r}")
    with gate.session() as session:
        row = Correction(
            request_id=request_id,
            table_name=table,
            row_id=row_id,
            column_name=column,
            old_value=old_text,
            new_value=new_value if new_value != "" else None,
            proposed_by=gate.user.username,
        )
        session.add(row)
        session.flush()
        return _view(row)


def _view(row: Correction, years: tuple[int, ...] = ()) -> CorrectionView:
    returns = tuple(r for r in (row.resubmit_return or "").split(",") if r)
    return CorrectionView(
        id=row.id,
        table=row.table_name,
        row_id=row.row_id,
        column=row.column_name,
        old_value=row.old_value,
        new_value=row.new_value,
        proposed_by=row.proposed_by,
        approved_by=row.approved_by,
        applied=row.applied_at is not None,
        resubmit=bool(row.resubmit),
        resubmit_returns=returns,
        resubmit_year=row.resubmit_year,
        years=years,
    )


def returns_fed(column: sa.Column[Any]) -> tuple[str, ...]:
    """The DfE returns a column feeds, from its ``info["dfe"]`` (e.g. 'CIN UPN; SSDA903 UPN')."""
    dfe = str(column.info.get("dfe") or "")
    found = []
    for part in dfe.split(";"):
        word = part.strip().split(" ", 1)[0]
        if word in RETURNS and RETURNS[word] not in found:
            found.append(RETURNS[word])
    return tuple(found)


def collection_year(day: dt.date) -> int:
    """The collection year a date falls in, named by the year it ends (1 April to 31 March)."""
    return day.year + 1 if day.month >= 4 else day.year


def closed_years(spans: list[tuple[dt.date, dt.date]], today: dt.date) -> tuple[int, ...]:
    """Collection years, ended before ``today``, that any of the spans falls in."""
    current = collection_year(today)
    years: set[int] = set()
    for start, end in spans:
        years.update(range(collection_year(start), collection_year(end) + 1))
    return tuple(sorted(y for y in years if y < current))


def _spans(gate: Gate, table: str, row_id: str, returns: tuple[str, ...], today: dt.date
           ) -> list[tuple[dt.date, dt.date]]:  # fmt: skip
    t = metadata.tables[table]
    key = _key(table)
    dates = [c.name for c in t.columns if isinstance(c.type, sa.Date)]
    if table != "person" and dates:
        frame = gate.read_frame(table, dates, where=key == row_id)
        values = [v for v in frame.row(0) if v is not None] if frame.height else []
        if values:
            return [(min(values), max(values) if len(values) > 1 else today)]
    # a person's details (or an undated row): the years of the person's records for each return
    person = row_id if table == "person" else None
    if person is None:
        from safehold.access.subjects import subjects

        who = subjects(t)
        if who:
            frame = gate.read_frame(
                table, [c.name for c in t.columns if c in who], where=key == row_id
            )
            person = str(frame.row(0)[0]) if frame.height else None
    spans: list[tuple[dt.date, dt.date]] = []
    if person is None:
        return spans
    for name in returns:
        source, (start, end) = RETURN_DATES[name]
        frame = gate.read_frame(source, [start, end], people=[person])
        for first, last in frame.iter_rows():
            if first is not None:
                spans.append((first, last or today))
    return spans


def approve_correction(
    gate: Gate, correction_id: int, *, today: dt.date | None = None
) -> CorrectionView:
    """Approve and apply a correction: the record's value changes (through the gate, which
    refuses and records a role that may not change its category), the correction keeps the old
    value, and the resubmission a return needs is decided."""
    today = today or dt.date.today()
    with gate.session() as session:
        correction = session.get(Correction, correction_id)
        if correction is None:
            raise CorrectionError(f"there is no correction {correction_id}")
        if correction.applied_at is not None:
            raise CorrectionError(
                f"correction {correction_id} was already approved by {correction.approved_by}"
            )
        if correction.proposed_by == gate.user.username:
            raise CorrectionError(
                f"correction {correction_id} was proposed by {gate.user.username}: someone else "
                "must approve it"
            )
        table, column = correction.table_name, correction.column_name
    c = _column(table, column)
    try:
        gate.check("approve a correction", Mode.CHANGE, [c])
    except AccessRefused as refused:
        gate.record_refusal(refused, people=[correction.row_id] if table == "person" else [])
        raise
    value = _typed(c, correction.new_value)
    by_return = {
        name: closed_years(_spans(gate, table, correction.row_id, (name,), today), today)
        for name in returns_fed(c)
    }
    returns = tuple(name for name, found in by_return.items() if found)
    years = tuple(sorted({y for found in by_return.values() for y in found}))
    cls = mapped_classes()[table]
    try:
        with gate.session() as session:
            record = session.get(cls, correction.row_id)
            if record is None:
                raise CorrectionError(f"{table} has no row {correction.row_id!r} any more")
            attribute = cls.__mapper__.get_property_by_column(c).key
            current = _text(getattr(record, attribute))
            if current != correction.old_value:
                raise CorrectionError(
                    f"{table}.{column} of {correction.row_id} changed since the correction was "
                    f"proposed (it was {correction.old_value!r}, it is now {current!r}): "
                    "propose it again"
                )
            setattr(record, attribute, value)
            session.flush()
            row = session.get(Correction, correction_id)
            assert row is not None
            row.approved_by = gate.user.username
            now = dt.datetime.now(dt.UTC)
            row.approved_at = now
            row.applied_at = now
            row.resubmit = bool(years)
            row.resubmit_return = ",".join(returns) if years else None
            row.resubmit_year = max(years) if years else None
            session.flush()
            return _view(row, years)
    except (InvalidCode, sa.exc.IntegrityError, sa.exc.StatementError) as exc:
        message = str(getattr(exc, "orig", exc))
        raise CorrectionError(
            f"{table}.{column} of {correction.row_id} cannot be {correction.new_value!r}: {message}"
        ) from None


def get_correction(gate: Gate, correction_id: int) -> CorrectionView:
    with gate.session() as session:
        row = session.get(Correction, correction_id)
        if row is None:
            raise CorrectionError(f"there is no correction {correction_id}")
        return _view(row)


def corrections_frame(gate: Gate) -> pl.DataFrame:
    """Every correction (what the DPO lists)."""
    return gate.read_frame(Correction.__table__, order_by=["id"])  # type: ignore[arg-type]
