"""Rectification: proposed, approved by a role that may change the category, applied with its
history kept, and flagged for resubmission when a DfE return carried the old value."""

from __future__ import annotations

import datetime as dt

import pytest
import sqlalchemy as sa
from hypothesis import given
from hypothesis import strategies as st
from tests.privacy.retention.conftest import count, people_rows

from safehold.access import AccessRefused, Gate, User
from safehold.ingest.load import load_rows
from safehold.privacy.rights.rectify import (
    CorrectionError,
    approve_correction,
    closed_years,
    collection_year,
    get_correction,
    propose_correction,
    returns_fed,
)
from safehold.record import metadata

D = dt.date
DPO = User("dpo", "data_protection_officer")
SECOND = User("dpo2", "data_protection_officer")
MANAGER = User("tm", "team_manager")
TODAY = D(2026, 11, 26)


@pytest.fixture
def store(sqlite_engine: sa.Engine) -> sa.Engine:
    load_rows(sqlite_engine, people_rows(), kind="test", origin="rectification tests", by="loader")
    return sqlite_engine


def value(engine: sa.Engine, sql: str) -> object:
    with engine.connect() as connection:
        return connection.execute(sa.text(sql)).scalar_one()


def test_an_approved_correction_changes_the_value_and_keeps_the_old_one(store: sa.Engine) -> None:
    worker = Gate(store, DPO, "data_protection")
    manager = Gate(store, SECOND, "data_protection")
    proposed = propose_correction(worker, "person", "C1", "date_of_birth", "2000-02-01")
    assert proposed.old_value == "2000-01-01" and not proposed.applied
    assert value(store, "SELECT date_of_birth FROM person WHERE id = 'C1'") == "2000-01-01"
    applied = approve_correction(manager, proposed.id, today=TODAY)
    assert applied.applied and applied.approved_by == "dpo2"
    assert value(store, "SELECT date_of_birth FROM person WHERE id = 'C1'") == "2000-02-01"
    kept = get_correction(manager, proposed.id)
    assert (kept.old_value, kept.new_value) == ("2000-01-01", "2000-02-01")
    # the date of birth went to the CIN census for the years C1 was a child in need (2008/09
    # and 2009/10), both closed: resubmit the latest
    # (she was never looked after, so no SSDA903 return carried it)
    assert applied.resubmit and applied.resubmit_returns == ("cin_census",)
    assert applied.resubmit_year == 2010 and applied.years == (2009, 2010)
    assert "CIN CENSUS return for 2009/10" in applied.resubmission_note()
    assert (
        count(store, "audit_event",
              "WHERE action = 'update' AND username = 'dpo2' AND fields LIKE '%person.date_of_birth%'")
        == 1
    )  # fmt: skip


def test_an_unapproved_correction_changes_nothing(store: sa.Engine) -> None:
    worker = Gate(store, DPO, "data_protection")
    propose_correction(worker, "referral", "REF1", "primary_need", "N2")
    assert value(store, "SELECT primary_need FROM referral WHERE id = 'REF1'") is None
    assert count(store, "correction", "WHERE applied_at IS NULL") == 1


def test_a_role_that_may_not_change_the_category_is_refused_and_audited(store: sa.Engine) -> None:
    worker = Gate(store, DPO, "data_protection")
    proposed = propose_correction(worker, "referral", "REF1", "primary_need", "N2")
    # a team manager acting for legal claims may read everything but change nothing
    manager = Gate(store, MANAGER, "legal_claims")
    with pytest.raises(AccessRefused, match="may not change child_in_need data"):
        approve_correction(manager, proposed.id, today=TODAY)
    assert value(store, "SELECT primary_need FROM referral WHERE id = 'REF1'") is None
    assert count(store, "correction", "WHERE approved_by IS NULL") == 1
    assert count(store, "audit_event", "WHERE outcome = 'refused' AND username = 'tm'") >= 1


def test_a_local_only_field_needs_no_resubmission(store: sa.Engine) -> None:
    worker = Gate(store, DPO, "data_protection")
    manager = Gate(store, SECOND, "data_protection")
    proposed = propose_correction(worker, "person", "C1", "forename", "Anne")
    applied = approve_correction(manager, proposed.id, today=TODAY)
    assert value(store, "SELECT forename FROM person WHERE id = 'C1'") == "Anne"
    assert not applied.resubmit and applied.resubmit_year is None
    assert "nothing to resubmit" in applied.resubmission_note()


def test_a_dfe_item_of_a_looked_after_episode_names_the_ssda903_year(store: sa.Engine) -> None:
    worker = Gate(store, DPO, "data_protection")
    manager = Gate(store, SECOND, "data_protection")
    column = metadata.tables["cla_episode"].c.end_date
    assert returns_fed(column) == ("ssda903",)
    proposed = propose_correction(worker, "cla_episode", "E1", "end_date", "2012-02-01")
    applied = approve_correction(manager, proposed.id, today=TODAY)
    # episode 2011-01-01 to 2012-01-01: collection years 2011 and 2012
    assert applied.resubmit_returns == ("ssda903",) and applied.resubmit_year == 2012


def test_bad_corrections_are_clear(store: sa.Engine) -> None:
    worker = Gate(store, DPO, "data_protection")
    with pytest.raises(CorrectionError, match="is not a date value"):
        propose_correction(worker, "person", "C1", "date_of_birth", "1st May")
    with pytest.raises(CorrectionError, match="has no column nope"):
        propose_correction(worker, "person", "C1", "nope", "x")
    with pytest.raises(CorrectionError, match="can be corrected"):
        propose_correction(worker, "person", "C1", "recorded_by", "x")
    with pytest.raises(CorrectionError, match="has no row 'C9'"):
        propose_correction(worker, "person", "C9", "forename", "x")
    proposed = propose_correction(worker, "person", "C1", "forename", "Anne")
    with pytest.raises(CorrectionError, match="someone else must approve"):
        approve_correction(worker, proposed.id, today=TODAY)
    with pytest.raises(CorrectionError, match="'ZZ' is not a primary_need code: expected one of"):
        propose_correction(worker, "referral", "REF1", "primary_need", "ZZ")
    # a value that became impossible after it was proposed is refused at approval
    dob = propose_correction(worker, "person", "C1", "death_date", "1990-01-01")
    with pytest.raises(CorrectionError, match="cannot be '1990-01-01'"):
        approve_correction(Gate(store, SECOND, "data_protection"), dob.id, today=TODAY)


@given(st.dates(min_value=D(2000, 1, 1), max_value=D(2030, 12, 31)))
def test_collection_years_end_on_31_march(day: dt.date) -> None:
    year = collection_year(day)
    assert D(year - 1, 4, 1) <= day <= D(year, 3, 31)
    # a year is closed once it has ended
    assert closed_years([(day, day)], D(year, 4, 1)) == (year,)
    assert closed_years([(day, day)], D(year, 3, 31)) == ()
