"""Counts that describe the record at a glance: who is open today, and how much is held."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

import sqlalchemy as sa

from safehold.record import (
    CareLeaver,
    ClaEpisode,
    CpPlan,
    Person,
    Referral,
    metadata,
)


@dataclass(frozen=True)
class Summary:
    on: dt.date
    children: int
    adults: int
    open_children_in_need: int
    open_child_protection: int
    looked_after: int
    care_leavers_in_touch: int
    referrals_last_year: int
    rows_by_table: dict[str, int]


def _open(column_start: Any, column_end: Any, on: dt.date) -> sa.ColumnElement[bool]:  # fmt: skip
    return sa.and_(column_start <= on, sa.or_(column_end.is_(None), column_end > on))


def summarise(engine: sa.Engine, on: dt.date | None = None) -> Summary:
    on = on or dt.date.today()
    year_ago = on - dt.timedelta(days=365)

    def distinct_people(table: type, condition: sa.ColumnElement[bool]) -> sa.ScalarSelect[int]:
        person = table.person_id  # type: ignore[attr-defined]
        return sa.select(sa.func.count(sa.distinct(person))).where(condition).scalar_subquery()

    with engine.connect() as connection:
        row = connection.execute(
            sa.select(
                sa.select(sa.func.count()).where(Person.kind == "child").scalar_subquery(),
                sa.select(sa.func.count()).where(Person.kind == "adult").scalar_subquery(),
                distinct_people(Referral, _open(Referral.referral_date, Referral.close_date, on)),
                distinct_people(CpPlan, _open(CpPlan.start_date, CpPlan.end_date, on)),
                distinct_people(ClaEpisode, _open(ClaEpisode.start_date, ClaEpisode.end_date, on)),
                distinct_people(CareLeaver, CareLeaver.in_touch == "YES"),
                sa.select(sa.func.count())
                .where(Referral.referral_date > year_ago, Referral.referral_date <= on)
                .scalar_subquery(),
            )
        ).one()
        counts = {
            table.name: int(
                connection.execute(sa.select(sa.func.count()).select_from(table)).scalar_one()
            )
            for table in metadata.sorted_tables
        }
    values = [int(v) for v in row]
    return Summary(
        on=on,
        children=values[0],
        adults=values[1],
        open_children_in_need=values[2],
        open_child_protection=values[3],
        looked_after=values[4],
        care_leavers_in_touch=values[5],
        referrals_last_year=values[6],
        rows_by_table=counts,
    )
