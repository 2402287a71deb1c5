"""The record frames the SSDA903 return is built from: which columns of which tables, and how
plain rows (a generated authority, a return being imported) become frames of the right types.

The builder is a pure function over these frames; :mod:`safehold.returns.ssda903.from_store`
reads them through the gate, so the list below is also what the return's audit event names.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

import polars as pl
import sqlalchemy as sa

from safehold.record import metadata

#: Record table → the columns the SSDA903 builder reads from it.
READS: dict[str, tuple[str, ...]] = {
    "person": ("id", "kind", "sex", "ethnicity", "date_of_birth", "upn", "upn_unknown",
               "is_mother"),
    "cla_episode": ("id", "person_id", "start_date", "reason_new_episode", "legal_status",
                    "category_of_need", "placement_type", "placement_provider", "end_date",
                    "end_reason", "reason_place_change", "home_postcode", "placement_postcode",
                    "urn", "period_id"),
    "cla_review": ("id", "person_id", "review_date", "participation", "cancelled"),
    "immigration_status": ("id", "person_id", "status", "start_date", "end_date"),
    "mother_child": ("id", "mother_id", "child_date_of_birth"),
    "health_check": ("id", "person_id", "check_type", "check_date", "status"),
    "immunisation": ("id", "person_id", "up_to_date", "status_date"),
    "sdq_score": ("id", "person_id", "completed_date", "score", "reason"),
    "substance_misuse": ("id", "person_id", "identified_date", "intervention_received",
                         "intervention_offered"),
    "conviction": ("id", "person_id", "offence_date"),
    "care_leaver": ("id", "person_id", "in_touch", "latest_contact_date", "activity",
                    "accommodation"),
    "permanence": ("id", "person_id", "period_id", "decision_date", "matched_date",
                   "adopted_by_carer", "number_of_adopters", "adopter_sex",
                   "adopter_legal_status", "decision_reversed_date", "decision_reversed_reason",
                   "order_date"),
    "previous_permanence": ("id", "person_id", "option", "arranged_by_la", "order_date"),
    "missing_episode": ("id", "person_id", "missing_type", "start_date", "end_date"),
    "involvement": ("id", "person_id", "professional_id", "start_date", "end_date",
                    "change_reason"),
    "professional": ("id", "registration_number"),
    "deprivation_of_liberty": ("id", "person_id", "start_date", "end_date"),
}  # fmt: skip


def dtype_of(column: sa.Column[Any]) -> pl.DataType:
    """The Polars type a record column is held in (as the gate reads it)."""
    type_ = column.type
    if isinstance(type_, sa.Boolean):
        return pl.Boolean()
    if isinstance(type_, sa.Integer):
        return pl.Int64()
    if isinstance(type_, sa.Float):
        return pl.Float64()
    if isinstance(type_, sa.Date):
        return pl.Date()
    return pl.String()


def schema_of(table: str, columns: Sequence[str] | None = None) -> dict[str, pl.DataType]:
    t = metadata.tables[table]
    names = columns if columns is not None else READS.get(table, tuple(t.c.keys()))
    return {name: dtype_of(t.c[name]) for name in names}


def frames_from_rows(rows: Mapping[str, Sequence[Mapping[str, Any]]]) -> dict[str, pl.DataFrame]:
    """Frames of the columns the builder reads, from rows keyed by record column name (missing
    keys are null): a generated authority's rows, or an import's, without a database."""
    out: dict[str, pl.DataFrame] = {}
    for table in READS:
        schema = schema_of(table)
        table_rows = rows.get(table, ())
        data = {name: [r.get(name) for r in table_rows] for name in schema}
        out[table] = pl.DataFrame(data, schema=schema)
    return out


def conform(frames: Mapping[str, pl.DataFrame]) -> dict[str, pl.DataFrame]:
    """Every table the builder reads, with its columns in the record's types (missing tables
    empty; missing columns null), whatever the frames were given as."""
    out: dict[str, pl.DataFrame] = {}
    for table in READS:
        schema = schema_of(table)
        given = frames.get(table)
        if given is None:
            out[table] = pl.DataFrame(schema=schema)
            continue
        out[table] = given.select(
            [
                pl.col(n).cast(d) if n in given.columns else pl.lit(None, d).alias(n)
                for n, d in schema.items()
            ]
        )
    return out
