"""From records' due dates to the rows that may be destroyed, with legal holds and links.

A row is due when every record it belongs to is due (a relationship row belongs to the child's
record and the adult's). Two things keep a due row:

* a legal hold on the row or on any person it is about (an inquiry, litigation): held rows have
  no due date until the hold is lifted;
* a row that deleting it would delete with it (``ON DELETE CASCADE``: a child protection plan
  that points to its referral, every row that points to its person) and that is not due: the
  parent is kept as long as its longest-kept child. This is applied until nothing changes, so a
  person's identity row is never destroyed while anything about them is kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

import polars as pl

from safehold.privacy.register import Register
from safehold.privacy.retention.facts import StoreFacts
from safehold.privacy.retention.schedule import due_dates

HOLD_SCHEMA = {
    "hold_id": pl.Int64(),
    "scope": pl.String(),
    "person_id": pl.String(),
    "table_name": pl.String(),
    "row_id": pl.String(),
}
HELD = "a legal hold is in force"
LINKED = "kept while a linked record is kept"


@dataclass(frozen=True)
class Sweep:
    """``records``: per person and retention class (what ``retention due`` lists); ``rows``:
    per row, with its owner (the first person it is about), everyone it is about (``people``),
    due date, rule and authority."""

    records: pl.DataFrame
    rows: pl.DataFrame

    def due_records(self, before: dt.date) -> pl.DataFrame:
        return self.records.filter(pl.col("due").is_not_null() & (pl.col("due") <= before))

    def due_rows(self, before: dt.date) -> pl.DataFrame:
        return self.rows.filter(pl.col("due").is_not_null() & (pl.col("due") <= before))


def _held_rows(rows: pl.DataFrame, holds: pl.DataFrame) -> pl.DataFrame:
    """``rid`` of the rows a hold covers."""
    people = holds.filter(pl.col("scope") == "person").select("person_id").unique()
    by_person = rows.join(people, on="person_id", how="semi").select("rid")
    by_record = (
        holds.filter(pl.col("scope") == "record")
        .select(pl.col("table_name").alias("table"), "row_id")
        .join(rows.select("table", "row_id", "rid"), on=["table", "row_id"], how="inner")
        .select("rid")
    )
    return pl.concat([by_person, by_record]).unique()


def sweep(facts: StoreFacts, register: Register, holds: pl.DataFrame | None = None) -> Sweep:
    """Every record's and every row's due date (see the module)."""
    holds = pl.DataFrame(schema=HOLD_SCHEMA) if holds is None else holds
    records = due_dates(facts.records, facts.people, register)
    members = facts.rows.join(
        records.select("person_id", "retention_class", "due", "rule", "authority", "no_due_date"),
        on=["person_id", "retention_class"],
        how="left",
    )
    rows = members.group_by("rid", maintain_order=True).agg(
        pl.col("table").first(),
        pl.col("row_id").first(),
        # the owner is the first person the row is about, in the table's column order
        pl.col("person_id").first().alias("owner"),
        pl.col("person_id").alias("people"),
        pl.col("retention_class").first(),
        pl.when(pl.col("due").is_null().any()).then(None).otherwise(pl.col("due").max())
        .alias("due"),
        pl.col("rule").sort_by("due", descending=True, nulls_last=True).first(),
        pl.col("authority").sort_by("due", descending=True, nulls_last=True).first(),
        pl.col("no_due_date").drop_nulls().first(),
    )  # fmt: skip
    held = _held_rows(facts.rows, holds).with_columns(pl.lit(True).alias("held"))
    rows = rows.join(held, on="rid", how="left").with_columns(pl.col("held").fill_null(False))
    rows = rows.with_columns(
        pl.when(pl.col("held")).then(None).otherwise(pl.col("due")).alias("due"),
        pl.when(pl.col("held")).then(pl.lit(HELD)).otherwise(pl.col("no_due_date"))
        .alias("no_due_date"),
    )  # fmt: skip
    rows = _propagate(rows, facts.links)
    summary = rows.group_by("owner", "retention_class").agg(
        pl.when(pl.col("due").is_null().any()).then(None).otherwise(pl.col("due").max())
        .alias("due"),
        pl.len().alias("rows"),
        pl.col("table").unique().sort().str.join(", ").alias("tables"),
        pl.col("held").any(),
        pl.col("no_due_date").drop_nulls().first(),
    )  # fmt: skip
    summary = summary.rename({"owner": "person_id"}).join(
        records.select("person_id", "retention_class", "rule", "authority", "basis"),
        on=["person_id", "retention_class"],
        how="left",
    )
    return Sweep(summary.sort("due", "person_id", "retention_class", nulls_last=True), rows)


def _propagate(rows: pl.DataFrame, links: pl.DataFrame) -> pl.DataFrame:
    """Keep each parent row at least as long as every row that deleting it would delete."""
    for _ in range(20):
        by_parent = (
            links.join(rows.select("rid", "due"), on="rid", how="inner")
            .group_by("parent_rid")
            .agg(
                pl.col("due").is_null().any().alias("_blocked"),
                pl.col("due").max().alias("_child_due"),
            )
            .rename({"parent_rid": "rid"})
        )
        joined = rows.join(by_parent, on="rid", how="left")
        blocked = pl.col("_blocked").fill_null(False)
        later = pl.col("due").is_not_null() & (
            blocked | (pl.col("_child_due").is_not_null() & (pl.col("_child_due") > pl.col("due")))
        )
        changed = joined.select(later.sum()).item()
        if not changed:
            break
        rows = joined.with_columns(
            pl.when(blocked).then(None).when(later).then(pl.col("_child_due"))
            .otherwise(pl.col("due")).alias("due"),
            pl.when(later & blocked).then(pl.lit(LINKED)).otherwise(pl.col("no_due_date"))
            .alias("no_due_date"),
            pl.when(later).then(pl.lit(LINKED)).otherwise(pl.col("rule")).alias("rule"),
        ).drop("_blocked", "_child_due")  # fmt: skip
    return rows
