"""The retention sweep over a store: due dates, legal holds, destruction and its certificate."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

import pytest
import sqlalchemy as sa

from safehold.access import Gate
from safehold.privacy.audit import verify_chain
from safehold.privacy.retention import (
    HoldError,
    apply,
    compute,
    lift_hold,
    list_holds,
    place_hold,
    write_certificate,
)
from safehold.record import metadata
from tests.privacy.retention.conftest import count

D = dt.date
PERSON_TABLES = [t.name for t in metadata.sorted_tables if "person_id" in t.c]


def everywhere(engine: sa.Engine, person: str) -> int:
    """Rows anywhere in the record that are about ``person``."""
    total = 0
    for table in [*PERSON_TABLES, "relationship"]:
        column = "child_id" if table == "relationship" else "person_id"
        if table in ("tombstone", "legal_hold", "audit_event_person", "processing_restriction"):
            continue
        total += count(engine, table, f"WHERE {column} = '{person}'")
    total += count(engine, "relationship", f"WHERE related_person_id = '{person}'")
    return total + count(engine, "person", f"WHERE id = '{person}'")


def test_due_dates_over_the_store(job: Gate) -> None:
    records = {
        (r["person_id"], r["retention_class"]): r
        for r in compute(job).records.iter_rows(named=True)
    }
    assert records[("C1", "child_in_need_record")]["due"] == D(2018, 1, 1)
    assert records[("C3", "child_in_need_record")]["due"] == D(2019, 6, 1)
    # C1's identity and case notes (6 years from 2010 and 2009) follow her child in need record
    assert records[("C1", "person_record")]["due"] == D(2018, 1, 1)
    assert records[("C1", "case_record")]["due"] == D(2018, 1, 1)
    # C2 was on a plan and later looked after: 75 years from birth, for both records
    assert records[("C2", "child_protection_record")]["due"] == D(2077, 5, 5)
    assert records[("C2", "looked_after_record")]["due"] == D(2077, 5, 5)
    # the mother's identity record has no dates of its own: it follows her child's
    assert records[("A1", "person_record")]["due"] == records[("C1", "person_record")]["due"]


def test_a_referral_is_kept_while_the_plan_that_points_to_it_is(job: Gate) -> None:
    rows = {(r["table"], r["row_id"]): r for r in compute(job).rows.iter_rows(named=True)}
    # C2's child in need record alone would be due at 18 (2020); its plan keeps it to 2077
    assert rows[("referral", "REF2")]["due"] == D(2077, 5, 5)
    assert rows[("person", "C2")]["due"] == D(2077, 5, 5)


def test_dry_run_changes_nothing(job: Gate, store: sa.Engine) -> None:
    before = {
        t.name: count(store, t.name) for t in metadata.sorted_tables if t.name != "audit_event"
    }
    result = apply(job, D(2025, 1, 1), dry_run=True)
    assert result.rows > 0 and result.lines == []
    after = {
        t.name: count(store, t.name) for t in metadata.sorted_tables if t.name != "audit_event"
    }
    assert {k: v for k, v in after.items() if k != "audit_event_person"} == {
        k: v for k, v in before.items() if k != "audit_event_person"
    }


def test_apply_destroys_what_is_due_everywhere_and_certifies_it(
    job: Gate, store: sa.Engine, tmp_path: Path
) -> None:
    assert everywhere(store, "C1") > 0
    result = apply(job, D(2025, 1, 1))
    # C1, her mother and C3 are gone from every table; C2 is untouched
    for gone in ("C1", "A1", "C3"):
        assert everywhere(store, gone) == 0, gone
    assert count(store, "person", "WHERE id = 'C2'") == 1
    assert count(store, "cp_plan") == 1 and count(store, "referral", "WHERE id = 'REF2'") == 1
    # a tombstone for every row destroyed, and the certificate names each of them
    destroyed = {(line.table, rid) for line in result.lines for rid in line.row_ids}
    assert ("referral", "REF1") in destroyed and ("relationship", "R1") in destroyed
    assert ("person", "A1") in destroyed and ("case_note", "N1") in destroyed
    assert count(store, "tombstone") == len(destroyed) == result.rows
    assert count(store, "destruction_record") == len(result.lines)
    line = next(x for x in result.lines if x.table == "referral" and "REF1" in x.row_ids)
    assert line.record_kind == "child_in_need_record"
    assert "Devon" in line.statute and line.destroyed_by == "retention-job"
    # the certificate holds ids and rules, never the record's content
    path = tmp_path / "certificate.json"
    write_certificate(path, result.lines, as_of="2025-01-01")
    text = path.read_text()
    for value in ("Ann", "Mary", "EX1 1AA", "Visited", "2000-01-01"):
        assert value not in text
    assert json.loads(text)["lines"][0]["row_ids"]
    # the audit trail is intact and records the deletions
    with store.connect() as connection:
        assert verify_chain(connection).problems == []
    assert count(store, "audit_event", "WHERE action = 'delete'") > 0
    # nothing more is due on the same date
    assert apply(job, D(2025, 1, 1), dry_run=True).rows == 0


def test_a_held_record_is_not_destroyed_until_the_hold_is_lifted(
    job: Gate, dpo: Gate, store: sa.Engine
) -> None:
    hold = place_hold(
        dpo, reason_kind="inquiry", reason="Independent inquiry", placed_on=D(2024, 6, 1),
        person_id="C3",
    )  # fmt: skip
    held_row = place_hold(
        dpo, reason_kind="litigation", reason="Claim 2024/17", placed_on=D(2024, 6, 1),
        table="case_note", row_id="N1",
    )  # fmt: skip
    assert len(list_holds(dpo)) == 2
    apply(job, D(2025, 1, 1))
    assert everywhere(store, "C3") > 0
    assert count(store, "case_note", "WHERE id = 'N1'") == 1
    # C1's other records go, but not her identity row while her held note is kept
    assert count(store, "referral", "WHERE id = 'REF1'") == 0
    assert count(store, "person", "WHERE id = 'C1'") == 1
    lift_hold(dpo, hold, D(2024, 12, 1))
    lift_hold(dpo, held_row, D(2024, 12, 1))
    assert len(list_holds(dpo)) == 0 and len(list_holds(dpo, active_only=False)) == 2
    apply(job, D(2025, 1, 1))
    assert everywhere(store, "C3") == 0 and everywhere(store, "C1") == 0


def test_holds_are_checked(dpo: Gate) -> None:
    with pytest.raises(HoldError, match="expected one of inquiry"):
        place_hold(dpo, reason_kind="whim", reason="x", placed_on=D(2024, 1, 1), person_id="C1")
    with pytest.raises(HoldError, match="either a person, or a table"):
        place_hold(dpo, reason_kind="inquiry", reason="x", placed_on=D(2024, 1, 1))
    with pytest.raises(HoldError, match="no such table"):
        place_hold(dpo, reason_kind="inquiry", reason="x", placed_on=D(2024, 1, 1),
                   table="nope", row_id="1")  # fmt: skip
    hold = place_hold(dpo, reason_kind="inquiry", reason="x", placed_on=D(2024, 1, 1),
                      person_id="C1")  # fmt: skip
    with pytest.raises(HoldError, match="before then"):
        lift_hold(dpo, hold, D(2023, 1, 1))
    lift_hold(dpo, hold, D(2024, 2, 1))
    with pytest.raises(HoldError, match="already lifted"):
        lift_hold(dpo, hold, D(2024, 3, 1))
