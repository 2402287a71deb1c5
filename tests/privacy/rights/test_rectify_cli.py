"""``safehold request correct|approve-correction`` end to end, as two DPO accounts.

The store fixture here is shared by the erasure, restriction and objection CLI tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
import sqlalchemy as sa
from tests.privacy.retention.conftest import people_rows
from typer.testing import CliRunner

from safehold.access import User, add_user
from safehold.cli import app
from safehold.ingest.load import load_rows
from safehold.store import make_engine, upgrade

runner = CliRunner()


def make_store(tmp_path: Path) -> str:
    url = f"sqlite:///{tmp_path / 'actions.db'}"
    engine: sa.Engine = make_engine(url)
    upgrade(engine)
    load_rows(engine, people_rows(), kind="test", origin="request action tests", by="loader")
    admin = User("admin", "administrator")
    add_user(engine, admin, "admin", "administrator")
    add_user(engine, admin, "dpo", "data_protection_officer")
    add_user(engine, admin, "dpo2", "data_protection_officer")
    engine.dispose()
    return url


@pytest.fixture
def db(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    url = make_store(tmp_path)
    monkeypatch.setenv("SAFEHOLD_DATABASE_URL", url)
    return url


def run(*args: str, user: str = "dpo") -> tuple[int, str]:
    result = runner.invoke(app, ["request", *args], env={"SAFEHOLD_USER": user})
    return result.exit_code, result.output


def new(kind: str, subject: str = "C1") -> int:
    code, out = run("new", "--type", kind, "--subject", subject, "--received", "2026-11-02",
                    "--format", "json")  # fmt: skip
    assert code == 0, out
    return int(json.loads(out)["id"])


def scalar(url: str, sql: str) -> object:
    engine = make_engine(url)
    with engine.connect() as connection:
        value = connection.execute(sa.text(sql)).scalar_one()
    engine.dispose()
    return value


def test_correct_then_approve(db: str) -> None:
    request = new("rectification")
    code, out = run("correct", str(request), "--table", "person", "--row", "C1",
                    "--column", "date_of_birth", "--value", "2000-02-01", "--format", "json")  # fmt: skip
    assert code == 0, out
    proposed = json.loads(out)
    assert proposed["old_value"] == "2000-01-01" and not proposed["applied"]
    assert scalar(db, "SELECT date_of_birth FROM person WHERE id = 'C1'") == "2000-01-01"
    code, out = run("approve-correction", str(proposed["correction"]), user="dpo")
    assert code == 2 and "someone else must approve" in out
    code, out = run("approve-correction", str(proposed["correction"]), "--today", "2026-11-26",
                    user="dpo2")  # fmt: skip
    assert code == 0, out
    assert "Resubmit the CIN CENSUS return for 2009/10" in out
    assert scalar(db, "SELECT date_of_birth FROM person WHERE id = 'C1'") == "2000-02-01"


def test_correct_needs_a_rectification_request_and_a_real_value(db: str) -> None:
    access = new("access")
    code, out = run("correct", str(access), "--table", "person", "--row", "C1",
                    "--column", "forename", "--value", "Anne")  # fmt: skip
    assert code == 2 and "is a access request, not rectification" in out
    request = new("rectification")
    code, out = run("correct", str(request), "--table", "person", "--row", "C1",
                    "--column", "date_of_birth", "--value", "soon")  # fmt: skip
    assert code == 2 and "is not a date value" in out and "Traceback" not in out
