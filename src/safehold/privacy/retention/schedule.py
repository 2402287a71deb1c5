"""When each record falls due for destruction: the register's retention classes, as Polars
expressions over every person's records at once.

A *record* here is what a retention schedule means by one: all the rows of one retention class
about one person (a child's child protection record, their looked after record). Its due date is
read from the register's :class:`~safehold.privacy.register.RetentionClass`:

* the period's trigger (date of birth, death, closure, last activity, adoption order) plus its
  years; a trigger that is not recorded (no date of birth, a record still open) gives no due
  date, and a record with no due date is never destroyed;
* the class's extensions: when a later event happens (the child became looked after, was
  adopted, died before 18), the record is kept for the extension's period *instead*; when more
  than one applies, the longest wins;
* ``not_before``: never before this, whatever the period says;
* ``follows_linked``: kept as long as the longest-kept of the person's other records, and never
  for less than its own period (identity details, case notes). If any of those other records has
  no due date, neither has this one.

Nothing here reads the store: :mod:`safehold.privacy.retention.facts` builds the two input frames.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence

import polars as pl

from safehold.privacy.register import Register, RetentionClass, Trigger
from safehold.privacy.register.schema import Period, RetentionEvent

#: One row per person and retention class.
RECORD_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.String(),
    "retention_class": pl.String(),
    "last_activity": pl.Date(),
    "closure": pl.Date(),
}
#: One row per person.
PEOPLE_SCHEMA: dict[str, pl.DataType] = {
    "person_id": pl.String(),
    "date_of_birth": pl.Date(),
    "death_date": pl.Date(),
    "adoption_order": pl.Date(),
    "looked_after": pl.Boolean(),
}

_TRIGGER_COLUMN: dict[Trigger, str] = {
    Trigger.DATE_OF_BIRTH: "date_of_birth",
    Trigger.DATE_OF_DEATH: "death_date",
    Trigger.CLOSURE: "closure",
    Trigger.LAST_ACTIVITY: "last_activity",
    Trigger.ADOPTION_ORDER: "adoption_order",
    # The person a LADO record is about is the alleged perpetrator: their own date of birth.
    Trigger.PERPETRATOR_DATE_OF_BIRTH: "date_of_birth",
    # Approval and employment end when the record closes; an event is its own last activity.
    Trigger.APPROVAL_ENDED: "closure",
    Trigger.EMPLOYMENT_ENDED: "closure",
    Trigger.EVENT: "last_activity",
}

_TRIGGER_WORDS: dict[Trigger, str] = {
    Trigger.DATE_OF_BIRTH: "from the date of birth",
    Trigger.DATE_OF_DEATH: "from the date of death",
    Trigger.CLOSURE: "after closure",
    Trigger.LAST_ACTIVITY: "after the last activity",
    Trigger.ADOPTION_ORDER: "from the adoption order",
    Trigger.PERPETRATOR_DATE_OF_BIRTH: "from the alleged perpetrator's date of birth",
    Trigger.APPROVAL_ENDED: "after approval ended",
    Trigger.EMPLOYMENT_ENDED: "after employment ended",
    Trigger.EVENT: "after the event",
}

_MISSING: dict[str, str] = {
    "date_of_birth": "no date of birth is recorded",
    "death_date": "no date of death is recorded",
    "closure": "the record is still open",
    "last_activity": "the record has no dated activity",
    "adoption_order": "no adoption order date is recorded",
}


class ScheduleError(ValueError):
    """The input frames do not have the columns the schedule needs."""


def period_words(period: Period) -> str:
    unit = "year" if period.years == 1 else "years"
    return f"{period.years} {unit} {_TRIGGER_WORDS[period.trigger]}"


def _date_of(period: Period) -> pl.Expr:
    return pl.col(_TRIGGER_COLUMN[period.trigger]).dt.offset_by(f"{period.years}y")


def _latest(exprs: Sequence[pl.Expr]) -> pl.Expr:
    """The latest of the dates, or null if any is null (an unknown date may be the latest)."""
    if len(exprs) == 1:
        return exprs[0]
    any_null = pl.any_horizontal(*(e.is_null() for e in exprs))
    return pl.when(any_null).then(None).otherwise(pl.max_horizontal(*exprs))


def _event(when: RetentionEvent) -> pl.Expr:
    dob, death = pl.col("date_of_birth"), pl.col("death_date")
    return {
        RetentionEvent.BECOMES_LOOKED_AFTER: pl.col("looked_after").fill_null(False),
        RetentionEvent.ADOPTED: pl.col("adoption_order").is_not_null(),
        RetentionEvent.DIES_BEFORE_18: death.is_not_null()
        & dob.is_not_null()
        & (death < dob.dt.offset_by("18y")),
        RetentionEvent.DIES: death.is_not_null(),
        RetentionEvent.NO_ADOPTION_ORDER: pl.col("adoption_order").is_null(),
    }[when]


def _missing(periods: Sequence[Period]) -> pl.Expr:
    """Why no due date: the first trigger among ``periods`` that is not recorded."""
    out: pl.Expr = pl.lit(None, dtype=pl.String())
    for period in reversed(periods):
        column = _TRIGGER_COLUMN[period.trigger]
        out = pl.when(pl.col(column).is_null()).then(pl.lit(_MISSING[column])).otherwise(out)
    return out


def _class_exprs(rc: RetentionClass) -> tuple[pl.Expr, pl.Expr, pl.Expr, pl.Expr]:
    """(due, rule, authority, why no due date) for records of class ``rc``."""
    base_rule = period_words(rc.period)
    due: pl.Expr = _date_of(rc.period)
    rule: pl.Expr = pl.lit(base_rule)
    authority: pl.Expr = pl.lit(rc.authority)
    periods: list[Period] = [rc.period]
    why: pl.Expr = _missing(periods)
    # Extensions, weakest first: each one that applies replaces what came before, unless an
    # earlier applying one keeps the record longer (the longest wins).
    applied: pl.Expr = pl.lit(False)
    for ext in rc.extensions:
        happens = _event(ext.when)
        ext_due = _date_of(ext.period)
        ext_rule = pl.lit(f"{period_words(ext.period)} ({ext.when.plain})")
        replaces = happens & (~applied | (ext_due > due) | due.is_null())
        due = pl.when(replaces).then(ext_due).otherwise(due)
        rule = pl.when(replaces).then(ext_rule).otherwise(rule)
        authority = pl.when(replaces).then(pl.lit(ext.authority)).otherwise(authority)
        why = pl.when(replaces).then(_missing([ext.period])).otherwise(why)
        applied = applied | happens
    if rc.not_before is not None:
        floor = _date_of(rc.not_before)
        rule = (
            pl.when(floor > due)
            .then(pl.lit(f"{period_words(rc.not_before)} (never before)"))
            .otherwise(rule)
        )
        why = (
            pl.when(due.is_not_null() & floor.is_null())
            .then(_missing([rc.not_before]))
            .otherwise(why)
        )
        due = _latest([due, floor])
    why = pl.when(due.is_null()).then(why).otherwise(None)
    return due, rule, authority, why


def _check(frame: pl.DataFrame, schema: dict[str, pl.DataType], name: str) -> pl.DataFrame:
    missing = [c for c in schema if c not in frame.columns]
    if missing:
        raise ScheduleError(f"the {name} frame has no column {', '.join(missing)}")
    return frame.select(pl.col(c).cast(t) for c, t in schema.items())


def due_dates(records: pl.DataFrame, people: pl.DataFrame, register: Register) -> pl.DataFrame:
    """Each record's due date, rule and authority.

    ``records``: one row per person and retention class (:data:`RECORD_SCHEMA`); ``people``: one
    row per person (:data:`PEOPLE_SCHEMA`). Returns the records with ``due`` (null: never, as
    things stand), ``rule`` (the period that decided it, in words), ``authority`` (the statute or
    policy), ``basis`` (statute or local_policy) and ``no_due_date`` (why there is none).
    A class the register does not know is an error naming it.
    """
    records = _check(records, RECORD_SCHEMA, "records")
    people = _check(people, PEOPLE_SCHEMA, "people").unique("person_id", keep="first")
    known = {rc.id: rc for rc in register.retention_classes}
    unknown = sorted(set(records["retention_class"].unique().drop_nulls()) - set(known))
    if unknown:
        raise ScheduleError(
            f"no retention class {', '.join(unknown)} in the register: expected one of "
            f"{', '.join(sorted(known))}"
        )
    frame = records.join(people, on="person_id", how="left")
    # each class's expressions run over its own records only
    parts = []
    for cls, part in frame.partition_by("retention_class", as_dict=True).items():
        rc = known[str(cls[0])]
        c_due, c_rule, c_authority, c_why = _class_exprs(rc)
        parts.append(
            part.with_columns(
                c_due.alias("due"),
                c_rule.alias("rule"),
                c_authority.alias("authority"),
                pl.lit(rc.basis).alias("basis"),
                c_why.alias("no_due_date"),
            )
        )
    frame = (
        pl.concat(parts, how="vertical_relaxed")
        if parts
        else frame.with_columns(
            pl.lit(None, dtype=pl.Date()).alias("due"),
            *(
                pl.lit(None, dtype=pl.String()).alias(c)
                for c in ("rule", "authority", "basis", "no_due_date")
            ),
        )
    )
    return _follow_linked(frame, [rc.id for rc in known.values() if rc.follows_linked])


def _follow_linked(frame: pl.DataFrame, following: list[str]) -> pl.DataFrame:
    """A following record is kept until the latest due date of any of the person's records (its
    own included). It has no due date while any of the person's other, non-following records
    has none (an open plan, no date of birth); a following record with no dated activity of its
    own simply lives as long as the others."""
    follows = pl.col("retention_class").is_in(following)
    anchors = frame.group_by("person_id").agg(
        pl.col("due").max().alias("_linked_due"),
        (~follows & pl.col("due").is_null()).any().alias("_linked_unknown"),
    )
    frame = frame.join(anchors, on="person_id", how="left")
    longer = (
        follows
        & pl.col("_linked_due").is_not_null()
        & (pl.col("due").is_null() | (pl.col("_linked_due") > pl.col("due")))
    )
    unknown = follows & pl.col("_linked_unknown").fill_null(False)
    return frame.with_columns(
        pl.when(unknown)
        .then(None)
        .when(longer)
        .then(pl.col("_linked_due"))
        .otherwise(pl.col("due"))
        .alias("due"),
        pl.when(longer | unknown)
        .then(pl.col("rule") + pl.lit(", and kept as long as the person's other records"))
        .otherwise(pl.col("rule"))
        .alias("rule"),
        pl.when(unknown)
        .then(pl.lit("another record about the person has no due date"))
        .when(longer)
        .then(None)
        .otherwise(pl.col("no_due_date"))
        .alias("no_due_date"),
    ).drop("_linked_due", "_linked_unknown")


def due_by(frame: pl.DataFrame, before: dt.date) -> pl.DataFrame:
    """The records of a :func:`due_dates` frame due on or before ``before``."""
    return frame.filter(pl.col("due").is_not_null() & (pl.col("due") <= before))
