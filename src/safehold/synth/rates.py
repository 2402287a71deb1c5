"""Rates per 10,000 children, the way the DfE publishes them, from a generated authority."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from safehold.synth.generate import Authority

#: England's published rates per 10,000 children (rounded; the targets the generator is tuned to)
ENGLAND = {
    "referrals": 510.0,
    "children_in_need": 330.0,
    "child_protection": 40.0,
    "looked_after": 70.0,
}


@dataclass(frozen=True)
class Rates:
    referrals: float
    children_in_need: float
    child_protection: float
    looked_after: float

    def as_dict(self) -> dict[str, float]:
        return {
            "referrals": self.referrals,
            "children_in_need": self.children_in_need,
            "child_protection": self.child_protection,
            "looked_after": self.looked_after,
        }


def _open_on(rows: list[dict[str, Any]], day: dt.date, start: str, end: str) -> set[str]:
    return {
        r["person_id"]
        for r in rows
        if r[start] is not None and r[start] <= day and (r.get(end) is None or r[end] > day)
    }


def rates(authority: Authority, census_day: dt.date | None = None) -> Rates:
    """Referrals in the year to ``census_day`` and children open on it, per 10,000 children."""
    day = census_day or authority.today
    year_ago = dt.date(day.year - 1, day.month, day.day)
    rows = authority.rows
    referrals = sum(1 for r in rows.get("referral", []) if year_ago < r["referral_date"] <= day)
    per = 10_000 / authority.population
    return Rates(
        referrals=referrals * per,
        children_in_need=len(_open_on(rows.get("referral", []), day, "referral_date", "close_date"))
        * per,
        child_protection=len(_open_on(rows.get("cp_plan", []), day, "start_date", "end_date"))
        * per,
        looked_after=len(_open_on(rows.get("cla_episode", []), day, "start_date", "end_date"))
        * per,
    )
