"""``safehold retention due|apply|hold`` end to end on the hand-made store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from safehold.access import User, add_user
from safehold.cli import app
from tests.privacy.retention.conftest import count

runner = CliRunner()


@pytest.fixture
def url(store: sa.Engine) -> str:
    """The store, with a system account (sweeps) and the DPO's (holds)."""
    admin = User("admin", "administrator")
    add_user(store, admin, "admin", "administrator")
    add_user(store, admin, "job", "system")
    add_user(store, admin, "dpo", "data_protection_officer")
    return store.url.render_as_string(hide_password=False)


def run(*args: str, user: str = "job") -> tuple[int, str]:
    result = runner.invoke(app, list(args), env={"SAFEHOLD_USER": user})
    return result.exit_code, result.output


def dpo(*args: str) -> tuple[int, str]:
    return run(*args, user="dpo")


def test_due_lists_records_with_rule_and_statute(url: str) -> None:
    code, out = run("retention", "due", "--before", "2025-01-01", "--format", "json", "--db", url)
    assert code == 0, out
    rows = json.loads(out[out.index("[") :])
    due = {(r["person_id"], r["retention_class"]): r for r in rows}
    assert due[("C1", "child_in_need_record")]["due"] == "2018-01-01"
    assert "Devon" in due[("C1", "child_in_need_record")]["authority"]
    assert not any(r["person_id"] == "C2" for r in rows)
    code, out = run("retention", "due", "--before", "2025-01-01", "--format", "csv", "--db", url)
    assert code == 0 and out.splitlines()[-1].count(",") >= 6
    code, out = run("retention", "due", "--before", "2000-01-01", "--db", url)
    assert code == 0 and "Nothing is due" in out


def test_holds_then_apply_with_certificate(url: str, store: sa.Engine, tmp_path: Path) -> None:
    code, out = dpo("retention", "hold", "add", "--person", "C3", "--kind", "litigation",
                    "--reason", "Claim 2024/17", "--on", "2024-06-01", "--db", url)  # fmt: skip
    assert code == 0 and "Legal hold 1 placed" in out, out
    code, out = dpo("retention", "hold", "list", "--format", "json", "--db", url)
    assert code == 0 and json.loads(out[out.index("[") :])[0]["person_id"] == "C3"
    code, out = run("retention", "apply", "--on", "2025-01-01", "--dry-run", "--db", url)
    assert code == 0 and "Nothing was changed" in out
    assert count(store, "tombstone") == 0 and count(store, "person", "WHERE id = 'C1'") == 1
    cert = tmp_path / "cert.csv"
    code, out = run("retention", "apply", "--on", "2025-01-01", "--certificate", str(cert),
                    "--db", url)  # fmt: skip
    assert code == 0, out
    assert count(store, "person", "WHERE id = 'C1'") == 0
    assert count(store, "person", "WHERE id = 'C3'") == 1  # held
    lines = list(csv.DictReader(cert.open()))
    assert {line["person_id"] for line in lines} == {"C1", "A1"}
    assert all(line["statute"] and line["rule"] for line in lines)
    code, out = dpo("retention", "hold", "lift", "1", "--on", "2024-12-01", "--db", url)
    assert code == 0 and "lifted" in out
    code, out = run("retention", "apply", "--on", "2025-01-01", "--db", url)
    assert code == 0 and count(store, "person", "WHERE id = 'C3'") == 0


def test_bad_input_is_a_clear_error(url: str) -> None:
    code, out = run("retention", "due", "--before", "someday", "--db", url)
    assert code == 2 and "is not a date: expected YYYY-MM-DD" in out
    code, out = dpo("retention", "hold", "add", "--reason", "x", "--kind", "whim", "--person",
                    "C1", "--db", url)  # fmt: skip
    assert code == 2 and "expected one of inquiry, litigation, other" in out
    code, out = dpo("retention", "hold", "lift", "99", "--db", url)
    assert code == 2 and "no legal hold 99" in out
    code, out = run("retention", "due", "--purpose", "whatever", "--db", url)
    assert code == 2 and "expected one of storage, data_protection" in out
    assert "Traceback" not in out
