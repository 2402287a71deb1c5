"""A small store of hand-made records whose due dates are known."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import sqlalchemy as sa

from safehold.access import Gate, User
from safehold.ingest.load import load_rows

D = dt.date
SYSTEM = User("retention-job", "system")
DPO = User("dpo", "data_protection_officer")


def people_rows() -> dict[str, list[dict[str, Any]]]:
    """Three children and a mother:

    * C1: a child in need (born 2000, last seen 2010): due 2018-01-01 (18th birthday);
      with her mother A1 (relationship, address) and case notes;
    * C2: a child protection record closed in 2010 who later became looked after: kept until
      75 years from birth (2077);
    * C3: a child in need born 2001, last activity 2012: due 2019-06-01.
    """
    return {
        "person": [
            {"id": "C1", "kind": "child", "date_of_birth": D(2000, 1, 1), "forename": "Ann"},
            {"id": "A1", "kind": "adult", "forename": "Mary"},
            {"id": "C2", "kind": "child", "date_of_birth": D(2002, 5, 5)},
            {"id": "C3", "kind": "child", "date_of_birth": D(2001, 6, 1)},
        ],
        "relationship": [
            {"id": "R1", "child_id": "C1", "related_person_id": "A1", "relationship": "mother"}
        ],
        "address": [
            {
                "id": "AD1",
                "person_id": "C1",
                "postcode": "EX1 1AA",
                "start_date": D(2005, 1, 1),
                "end_date": D(2010, 1, 1),
            },
            {"id": "AD2", "person_id": "A1", "postcode": "EX1 1AA"},
        ],
        "referral": [
            {
                "id": "REF1",
                "person_id": "C1",
                "referral_date": D(2009, 1, 1),
                "close_date": D(2010, 1, 1),
            },
            {
                "id": "REF2",
                "person_id": "C2",
                "referral_date": D(2008, 1, 1),
                "close_date": D(2010, 3, 1),
            },
            {
                "id": "REF3",
                "person_id": "C3",
                "referral_date": D(2011, 1, 1),
                "close_date": D(2012, 1, 1),
            },
        ],
        "case_note": [
            {"id": "N1", "person_id": "C1", "note_date": D(2009, 6, 1), "body": "Visited."},
        ],
        "section47_enquiry": [
            {
                "id": "S1",
                "person_id": "C2",
                "referral_id": "REF2",
                "start_date": D(2008, 2, 1),
                "end_date": D(2008, 3, 1),
            },
        ],
        "cp_plan": [
            {
                "id": "CP1",
                "person_id": "C2",
                "referral_id": "REF2",
                "start_date": D(2008, 3, 1),
                "end_date": D(2010, 3, 1),
            },
        ],
        "cla_episode": [
            {"id": "E1", "person_id": "C2", "start_date": D(2011, 1, 1), "end_date": D(2012, 1, 1)}
        ],
    }


@pytest.fixture
def store(engine: sa.Engine) -> sa.Engine:
    """The hand-made store, on SQLite and on PostgreSQL."""
    load_rows(engine, people_rows(), kind="test", origin="retention tests", by="loader")
    return engine


@pytest.fixture
def job(store: sa.Engine) -> Gate:
    return Gate(store, SYSTEM, "storage")


@pytest.fixture
def dpo(store: sa.Engine) -> Gate:
    return Gate(store, DPO, "data_protection")


def count(engine: sa.Engine, table: str, where: str = "") -> int:
    with engine.connect() as connection:
        return int(
            connection.execute(sa.text(f"SELECT count(*) FROM {table} {where}")).scalar_one()
        )
