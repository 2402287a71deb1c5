"""What the retention schedule needs from the store, read through the gate in bulk.

For every table of the children's record (each table's ``info["record_kind"]`` names its
retention class) one frame of ids, the people each row is about, the links that would cascade a
deletion, and its dates; from them:

* ``rows``: one line per row and person it is about (``table``, ``row_id``, ``person_id``,
  ``retention_class``, ``activity``: the row's latest date, ``open``: the row has an end date
  column and it is empty);
* ``links``: the row links along which deleting one row deletes another (``ON DELETE CASCADE``
  foreign keys, and every row to its person), as (``rid``, ``parent_rid``): every row is
  numbered (``rid``) across all tables;
* ``records``: one line per person and retention class, with ``last_activity`` (the latest
  date in it; for an identity record with no dates, such as a parent's, the latest date in the
  identity records of the people it is linked to) and
  ``closure`` (the latest date, once no row of it is open);
* ``people``: date of birth, death, adoption order, and whether the child was ever looked after.

Staff, the audit trail and the rights tables are not the children's record and are not read.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import polars as pl
import sqlalchemy as sa

from safehold.access import FrameRequest, Gate
from safehold.privacy.register import Register, RetentionClass, Trigger, load_register
from safehold.record import metadata

#: Retention classes that are not the children's record: kept under their own schedules.
NOT_CHILDRENS_RECORD = frozenset({"workforce_record", "audit_event", "rights_request"})
#: Columns whose emptiness means the row (an episode, a plan) is still open.
END_COLUMNS = ("end_date", "close_date", "ceased_date")
#: The person's own dates are facts about them, not activity on a record.
PERSON_FACTS = ("date_of_birth", "expected_date_of_birth", "death_date")
IDENTITY_CLASS = "person_record"
EXTRA_COLUMNS = {
    "person": ("date_of_birth", "death_date"),
    "permanence": ("order_date", "order_type"),
}


@dataclass(frozen=True)
class TablePlan:
    """How one table is read: its id, person columns, cascade parents and dates."""

    name: str
    retention_class: str
    key: str
    people: tuple[str, ...]
    #: (column, parent table) for cascading foreign keys to another record table
    parents: tuple[tuple[str, str], ...]
    #: (column, parent table) through which the row reaches its person, if it has no person
    #: column of its own
    via: tuple[str, str] | None
    dates: tuple[str, ...]
    end: str | None
    #: read for the people's facts, not counted as activity
    extra: tuple[str, ...] = ()

    def columns(self) -> list[str]:
        wanted = [self.key, *self.people, *(c for c, _ in self.parents), *self.dates]
        wanted += [*([self.end] if self.end else []), *self.extra]
        return list(dict.fromkeys(wanted))


def _is_person_fk(column: sa.Column[Any]) -> bool:
    return any(fk.column.table.name == "person" for fk in column.foreign_keys)


#: Triggers that need each row's dates (the others are the person's own dates).
DATED_TRIGGERS = frozenset(
    {Trigger.CLOSURE, Trigger.LAST_ACTIVITY, Trigger.EVENT, Trigger.APPROVAL_ENDED,
     Trigger.EMPLOYMENT_ENDED}
)  # fmt: skip


def needs_dates(rc: RetentionClass | None) -> bool:
    """Whether a class's clock reads its rows' dates (an unknown class: assume so)."""
    if rc is None:
        return True
    periods = [rc.period, *(e.period for e in rc.extensions)]
    if rc.not_before is not None:
        periods.append(rc.not_before)
    return rc.follows_linked or any(p.trigger in DATED_TRIGGERS for p in periods)


def table_plans(register: Register | None = None) -> list[TablePlan]:
    """The children's record tables in dependency order (parents before children). Date
    columns are read only for tables whose retention class counts from their rows' dates (a
    looked after record counts from the date of birth), which keeps the bulk read small."""
    classes = {rc.id: rc for rc in (register or load_register()).retention_classes}
    plans: list[TablePlan] = []
    in_scope: set[str] = set()
    for table in metadata.sorted_tables:
        kind = table.info.get("record_kind")
        if kind is None or kind in NOT_CHILDRENS_RECORD:
            continue
        key = next(iter(table.primary_key.columns)).name
        people = tuple(c.name for c in table.columns if _is_person_fk(c))
        parents = tuple(
            (c.name, fk.column.table.name)
            for c in table.columns
            for fk in c.foreign_keys
            if fk.ondelete == "CASCADE" and fk.column.table.name in in_scope - {"person"}
        )
        via = None
        if table.name != "person" and not people:
            if not parents:
                continue  # reaches no person: not part of anyone's record
            via = parents[0]
        dates = tuple(
            c.name
            for c in table.columns
            if isinstance(c.type, sa.Date)
            and not (table.name == "person" and c.name in PERSON_FACTS)
        )
        end = next((c for c in END_COLUMNS if c in table.c), None)
        if not needs_dates(classes.get(str(kind))):
            dates, end = (), None
        extra = EXTRA_COLUMNS.get(table.name, ())
        plans.append(TablePlan(table.name, str(kind), key, people, parents, via, dates, end, extra))
        in_scope.add(table.name)
    return plans


@dataclass(frozen=True)
class StoreFacts:
    rows: pl.DataFrame
    links: pl.DataFrame
    records: pl.DataFrame
    people: pl.DataFrame


ROW_SCHEMA = {
    "table": pl.String(),
    "row_id": pl.String(),
    "rid": pl.Int64(),
    "person_id": pl.String(),
    "retention_class": pl.String(),
    "activity": pl.Date(),
    "open": pl.Boolean(),
}
LINK_SCHEMA = {"rid": pl.Int64(), "parent_rid": pl.Int64()}


def read_facts(
    gate: Gate, people: list[str] | None = None, register: Register | None = None
) -> StoreFacts:
    """Read the children's record through ``gate`` (one audited bulk read) and derive the
    schedule's inputs. ``people``: only these people's records (all by default)."""
    plans = table_plans(register)
    frames = gate.read_frames(
        [FrameRequest(p.name, p.columns(), people=people) for p in plans],
        action="read",
        detail="retention schedule",
    )
    return facts_from_frames(plans, frames)


def facts_from_frames(plans: list[TablePlan], frames: dict[str, pl.DataFrame]) -> StoreFacts:
    """Derive the schedule's inputs from one frame per table (as :func:`read_facts` reads).

    Every row gets a number (``rid``) unique across tables; links and the sweep join on it
    rather than on (table, row id) strings."""
    row_parts: list[pl.DataFrame] = []
    link_parts: list[pl.DataFrame] = []
    owners: dict[str, pl.DataFrame] = {}  # table → (row_id, rid, person_id)
    numbered: dict[str, pl.DataFrame] = {}  # table → (row_id, rid)
    offset = 0
    for plan in plans:
        frame = (
            frames[plan.name]
            .with_row_index("rid", offset=offset)
            .with_columns(pl.col("rid").cast(pl.Int64))
        )
        offset += frame.height
        ids = pl.col(plan.key).cast(pl.String).alias("row_id")
        numbered[plan.name] = frame.select(ids, "rid")
        activity = (
            pl.max_horizontal(*(pl.col(d) for d in plan.dates)) if plan.dates else pl.lit(None)
        ).cast(pl.Date)
        is_open = pl.col(plan.end).is_null() if plan.end else pl.lit(False)
        base = frame.select("rid", activity.alias("activity"), is_open.alias("open"))
        if plan.name == "person":
            who = frame.select(ids, "rid", pl.col(plan.key).cast(pl.String).alias("person_id"))
        elif plan.people:
            who = pl.concat(
                [
                    frame.select(ids, "rid", pl.col(c).cast(pl.String).alias("person_id"))
                    for c in plan.people
                ]
            ).drop_nulls("person_id")
        else:
            assert plan.via is not None
            column, parent = plan.via
            who = (
                frame.select(ids, "rid", pl.col(column).cast(pl.String).alias("_parent"))
                .join(
                    owners[parent].select(pl.col("row_id").alias("_parent"), "person_id"),
                    on="_parent",
                    how="inner",
                )
                .drop("_parent")
            )
        who = who.unique(maintain_order=True)
        owners[plan.name] = who
        row_parts.append(
            who.join(base, on="rid", how="left").with_columns(
                pl.lit(plan.name).alias("table"),
                pl.lit(plan.retention_class).alias("retention_class"),
            )
        )
        for column, parent in plan.parents:
            link_parts.append(
                frame.select("rid", pl.col(column).cast(pl.String).alias("row_id"))
                .drop_nulls("row_id")
                .join(numbered[parent].rename({"rid": "parent_rid"}), on="row_id", how="inner")
                .select("rid", "parent_rid")
            )
    if "person" in numbered:
        # deleting the person deletes every row about them
        person_ids = numbered["person"].rename({"row_id": "person_id", "rid": "parent_rid"})
        for part in row_parts:
            if part.height and part["table"][0] != "person":
                link_parts.append(
                    part.select("rid", "person_id")
                    .join(person_ids, on="person_id", how="inner")
                    .select("rid", "parent_rid")
                )
    rows = (
        pl.concat([p.select(list(ROW_SCHEMA)) for p in row_parts]).cast(ROW_SCHEMA)  # type: ignore[arg-type]
        if row_parts
        else pl.DataFrame(schema=ROW_SCHEMA)
    )
    links = pl.concat(link_parts).unique() if link_parts else pl.DataFrame(schema=LINK_SCHEMA)
    return StoreFacts(rows, links, records_from_rows(rows), people_facts(frames))


def records_from_rows(rows: pl.DataFrame) -> pl.DataFrame:
    """One line per person and retention class, with its last activity and closure."""
    records = rows.group_by("person_id", "retention_class").agg(
        pl.col("activity").max().alias("last_activity"),
        pl.col("open").any().alias("_open"),
    )
    identity = rows.filter(pl.col("retention_class") == IDENTITY_CLASS)
    own = identity.group_by("person_id").agg(pl.col("activity").max().alias("_own"))
    # A parent's or carer's identity rows often carry no dates: their identity record is then
    # in use while the identity records of the children they are linked to (a relationship
    # row, a mother and child row) are, so it falls due with them, in the same sweep.
    pairs = (
        identity.select("rid", "person_id")
        .join(identity.select("rid", pl.col("person_id").alias("other")), on="rid")
        .filter(pl.col("person_id") != pl.col("other"))
        .select("person_id", "other")
        .unique()
    )  # fmt: skip
    linked = (
        pairs.join(own.rename({"person_id": "other", "_own": "_linked"}), on="other")
        .group_by("person_id")
        .agg(pl.col("_linked").max())
    )
    everything = own.join(linked, on="person_id", how="left").select(
        "person_id", pl.coalesce("_own", "_linked").alias("_any_activity")
    )
    records = records.join(everything, on="person_id", how="left")
    return records.select(
        "person_id",
        "retention_class",
        pl.when(pl.col("retention_class") == IDENTITY_CLASS)
        .then(pl.col("_any_activity"))
        .otherwise(pl.col("last_activity"))
        .alias("last_activity"),
        pl.when(pl.col("_open")).then(None).otherwise(pl.col("last_activity")).alias("closure"),
    )


def people_facts(frames: dict[str, pl.DataFrame]) -> pl.DataFrame:
    person = frames["person"].select(
        pl.col("id").cast(pl.String).alias("person_id"), "date_of_birth", "death_date"
    )
    looked_after = (
        frames["cla_episode"].select(pl.col("person_id").cast(pl.String)).unique()
        .with_columns(pl.lit(True).alias("looked_after"))
    )  # fmt: skip
    permanence = frames["permanence"]
    # An adoption order: a permanence order whose type is an adoption order (or not recorded:
    # the permanence table holds adoption records).
    order_type = (
        pl.col("order_type").str.to_lowercase().str.contains("adopt")
        if "order_type" in permanence.columns
        else pl.lit(True)
    )
    adopted = (
        permanence.filter(pl.col("order_date").is_not_null() & order_type.fill_null(True))
        .group_by(pl.col("person_id").cast(pl.String))
        .agg(pl.col("order_date").max().alias("adoption_order"))
    )
    return (
        person.join(looked_after, on="person_id", how="left")
        .join(adopted, on="person_id", how="left")
        .with_columns(pl.col("looked_after").fill_null(False))
    )
