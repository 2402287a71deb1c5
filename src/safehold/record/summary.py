"""Counts that describe the record at a glance: who is open today, and how much is held.

Read through the gate (one audited read of the few columns it needs, and the row counts), so a
summary leaves out people whose processing is restricted, as any other use of their data does.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TYPE_CHECKING

import polars as pl

if TYPE_CHECKING:  # the record is below the gate; the gate is handed in
    from safehold.access import Gate


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


def _open(start: str, end: str, on: dt.date) -> pl.Expr:
    return (pl.col(start) <= on) & (pl.col(end).is_null() | (pl.col(end) > on))


def _people(frame: pl.DataFrame, condition: pl.Expr) -> int:
    return frame.filter(condition)["person_id"].n_unique()


def summarise(gate: Gate, on: dt.date | None = None) -> Summary:
    from safehold.access import FrameRequest

    on = on or dt.date.today()
    year_ago = on - dt.timedelta(days=365)
    frames = gate.read_frames(
        [
            FrameRequest("person", ["kind"]),
            FrameRequest("referral", ["person_id", "referral_date", "close_date"]),
            FrameRequest("cp_plan", ["person_id", "start_date", "end_date"]),
            FrameRequest("cla_episode", ["person_id", "start_date", "end_date"]),
            FrameRequest("care_leaver", ["person_id", "in_touch"]),
        ],
        detail="summary of the record",
    )
    kinds = frames["person"]["kind"]
    referrals = frames["referral"]
    return Summary(
        on=on,
        children=int((kinds == "child").sum()),
        adults=int((kinds == "adult").sum()),
        open_children_in_need=_people(referrals, _open("referral_date", "close_date", on)),
        open_child_protection=_people(frames["cp_plan"], _open("start_date", "end_date", on)),
        looked_after=_people(frames["cla_episode"], _open("start_date", "end_date", on)),
        care_leavers_in_touch=_people(frames["care_leaver"], pl.col("in_touch") == "YES"),
        referrals_last_year=referrals.filter(
            (pl.col("referral_date") > year_ago) & (pl.col("referral_date") <= on)
        ).height,
        rows_by_table=gate.row_counts(),
    )
