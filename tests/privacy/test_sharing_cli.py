"""``safehold sharing log``: the log as a table or JSON, all of it or about one child; refused
for a role that may not act for data protection."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from safehold.access import Gate, User, add_user
from safehold.cli import app
from safehold.privacy.sharing.log import record_return_disclosure

runner = CliRunner()


@pytest.fixture
def store(sqlite_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    from safehold.cli.app import console, err_console

    monkeypatch.setattr(console, "width", 250)
    monkeypatch.setattr(err_console, "width", 250)
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SAFEHOLD_DATABASE_URL", url)
    founder = User("alex", "administrator")
    add_user(sqlite_engine, founder, "alex", "administrator")
    add_user(sqlite_engine, founder, "dee", "data_protection_officer")
    add_user(sqlite_engine, founder, "sam", "social_worker")
    system = Gate(sqlite_engine, User("job", "system"), "statutory_duties")
    record_return_disclosure(system, "ssda903", 2026, ["C1", "C2"])
    record_return_disclosure(system, "cin", 2026, ["C2"])
    return sqlite_engine


def _run(monkeypatch: pytest.MonkeyPatch, user: str, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SAFEHOLD_USER", user)
    result = runner.invoke(app, ["sharing", "log", *args])
    return result.exit_code, result.output


def test_the_log_as_json_about_one_child(store: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _run(monkeypatch, "dee", "--child", "C1", "--format", "json")
    assert code == 0, out
    (entry,) = json.loads(out)
    assert entry["what"] == "SSDA903 return 2025/26" and entry["recipient"] == "dfe"
    assert entry["by"] == "job" and entry["people"] == 1
    code, out = _run(monkeypatch, "dee", "--format", "json")
    assert [(e["what"], e["people"]) for e in json.loads(out)] == [
        ("SSDA903 return 2025/26", 2),
        ("CIN census 2025/26", 1),
    ]


def test_the_log_as_a_table(store: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _run(monkeypatch, "dee", "--child", "C2")
    assert code == 0, out
    assert "SSDA903 return 2025/26" in out and "CIN census 2025/26" in out
    code, out = _run(monkeypatch, "dee", "--child", "C9")
    assert code == 0 and "No disclosures recorded about C9." in out


def test_a_role_without_data_protection_is_refused(
    store: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = _run(monkeypatch, "sam")
    assert code == 2
    assert "refused" in out and "data_protection" in out
    assert "Traceback" not in out
