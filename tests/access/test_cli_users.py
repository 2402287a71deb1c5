"""``safehold user add|list|deactivate|roles``: the first account on a new store, then only
administrators manage accounts; unknown and deactivated users are turned away clearly."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from safehold.cli import app

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as they need, so that assertions see whole words."""
    from safehold.cli.app import console, err_console

    monkeypatch.setattr(console, "width", 250)
    monkeypatch.setattr(err_console, "width", 250)


@pytest.fixture
def db(sqlite_engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> str:
    url = sqlite_engine.url.render_as_string(hide_password=False)
    monkeypatch.setenv("SAFEHOLD_DATABASE_URL", url)
    return url


def _as(monkeypatch: pytest.MonkeyPatch, username: str, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SAFEHOLD_USER", username)
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_accounts_from_the_first_to_deactivation(db: str, monkeypatch: pytest.MonkeyPatch) -> None:
    code, out = _as(monkeypatch, "alex", "user", "add", "alex", "--role", "administrator",
                    "--name", "Alex Admin")  # fmt: skip
    assert code == 0, out
    assert "Created the account alex (Administrator)" in out
    code, out = _as(monkeypatch, "alex", "user", "add", "dee", "--role", "data_protection_officer")
    assert code == 0, out
    code, out = _as(monkeypatch, "dee", "user", "add", "eve", "--role", "administrator")
    assert code == 2 and "refused" in out and "may act only for" in out
    code, out = _as(monkeypatch, "mallory", "user", "list")
    assert code == 2 and "'mallory' has no Safehold account" in out
    code, out = _as(monkeypatch, "alex", "user", "add", "dee", "--role", "auditor")
    assert code == 2 and "already exists" in out
    code, out = _as(monkeypatch, "alex", "user", "add", "x", "--role", "wizard")
    assert code == 2 and "'wizard' is not a role" in out
    code, out = _as(monkeypatch, "alex", "user", "list")
    assert code == 0, out
    assert "Alex Admin" in out and "data_protection_officer" in out
    code, out = _as(monkeypatch, "alex", "user", "deactivate", "dee")
    assert code == 0, out
    code, out = _as(monkeypatch, "dee", "audit", "verify")
    assert code == 2 and "deactivated" in out


def test_a_new_store_acts_in_the_system_role_and_says_so(
    db: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = _as(monkeypatch, "first", "synth", "--children", "3", "--seed", "2")
    assert code == 0, out
    assert "no user accounts yet" in out and "system role" in out


def test_the_role_table_is_shown() -> None:
    result = runner.invoke(app, ["user", "roles"])
    assert result.exit_code == 0
    for name in ("Social worker", "Performance analyst", "Data Protection Officer", "Auditor"):
        assert name in result.output
