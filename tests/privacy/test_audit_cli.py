"""``safehold audit verify`` and ``safehold audit log``: exit 0 on an intact trail, 1 naming the
tampered event; who saw or changed a child's record, as a table or JSON; only the roles that may
read the trail may use them."""

from __future__ import annotations

import json

import pytest
import sqlalchemy as sa
from typer.testing import CliRunner

from safehold.access import User, add_user
from safehold.cli import app
from safehold.privacy.audit.chain import EVENTS

runner = CliRunner()


@pytest.fixture(autouse=True)
def _wide(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables as wide as they need, so that assertions see whole words."""
    from safehold.cli.app import console, err_console

    monkeypatch.setattr(console, "width", 250)
    monkeypatch.setattr(err_console, "width", 250)


@pytest.fixture
def store(engine: sa.Engine, monkeypatch: pytest.MonkeyPatch) -> sa.Engine:
    monkeypatch.setenv("SAFEHOLD_DATABASE_URL", engine.url.render_as_string(hide_password=False))
    founder = User("alex", "administrator")
    add_user(engine, founder, "alex", "administrator")
    for name, role in (("dee", "data_protection_officer"), ("aud", "auditor"),
                       ("job", "system"), ("ann", "performance_analyst")):  # fmt: skip
        add_user(engine, founder, name, role)
    monkeypatch.setenv("SAFEHOLD_USER", "job")
    result = runner.invoke(
        app, ["synth", "--children", "3", "--seed", "4", "--today", "2025-06-01"]
    )
    assert result.exit_code == 0, result.output
    return engine


def _run(monkeypatch: pytest.MonkeyPatch, user: str, *args: str) -> tuple[int, str]:
    monkeypatch.setenv("SAFEHOLD_USER", user)
    result = runner.invoke(app, list(args))
    return result.exit_code, result.output


def test_verify_passes_then_names_the_edited_event(
    store: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = _run(monkeypatch, "aud", "audit", "verify")
    assert code == 0, out
    assert "The audit trail is intact" in out
    anchor = next(line.split()[1] for line in out.splitlines() if line.startswith("Head:"))
    with store.begin() as connection:
        connection.execute(sa.update(EVENTS).where(EVENTS.c.seq == 3).values(username="nobody"))
    code, out = _run(monkeypatch, "aud", "audit", "verify", "--anchor", anchor)
    assert code == 1
    assert "event 3 was edited" in out
    code, out = _run(monkeypatch, "aud", "audit", "verify", "--anchor", "12:abc")
    assert code == 2 and "is not an anchor" in out


def test_only_the_trail_s_readers_may_verify(
    store: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    code, out = _run(monkeypatch, "ann", "audit", "verify")
    assert code == 2 and "refused" in out and "performance_analyst" in out
    code, out = _run(monkeypatch, "aud", "audit", "log", "--child", "C0000001")
    assert code == 0, out


def test_the_log_says_who_saw_or_changed_a_child_when_and_why(
    store: sa.Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    with store.connect() as connection:
        child = (
            connection.execute(sa.text("SELECT id FROM person WHERE kind = 'child' ORDER BY id"))
            .scalars()
            .first()
        )
    assert child is not None
    code, out = _run(monkeypatch, "ann", "export", "ssd", str(store.url.database) + "-x")
    assert code == 2  # the analyst may not export everything (medical data) — refused
    code, out = _run(monkeypatch, "dee", "audit", "log", "--child", child, "--format", "json")
    assert code == 0, out
    events = json.loads(out)
    actions = [(e["who"], e["purpose"], e["action"], e["outcome"]) for e in events]
    assert ("job", "storage", "load", "allowed") in actions
    assert all(set(e) >= {"event", "when", "who", "role", "purpose", "fields"} for e in events)
    code, out = _run(monkeypatch, "dee", "audit", "log", "--child", child)
    assert code == 0 and "Who has seen or changed the record of" in out
    code, out = _run(monkeypatch, "dee", "audit", "log", "--child", "NOBODY")
    assert code == 0 and "No one has seen or changed the record of NOBODY" in out
    # looking at the trail is itself in the trail
    code, out = _run(monkeypatch, "dee", "audit", "log", "--child", child, "--format", "json")
    assert json.loads(out)[-1]["action"] == "read" and json.loads(out)[-1]["who"] == "dee"
